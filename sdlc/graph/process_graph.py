"""The process as a dependency graph, asked questions in the process's own words.

networkx stays behind this package, and is imported only by the questions lint and
the handbook ask: checking a record needs none of it, and importing networkx
would double the start-up time of ``sdlc check``. An edge ``a -> b`` means *b
depends on a*:
``b`` may happen only when ``a`` (if it applies to the change) is complete for the
same subject. A ``one_of`` dependency is satisfied by any one of its stages (see
docs/design.md, "What an edge means").

A :class:`~sdlc.graph.scenario.Scenario` is one risk level together with the
attributes a change has; :meth:`ProcessGraph.view` gives the
:class:`~sdlc.graph.view.View` of the stages and dependencies that apply to it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING

from ..model.conditions import Situation, holds
from ..model.process import Process
from ..model.stage import Stage, StageKind
from .reach import dependents, reachable
from .scenario import Scenario
from .view import View

if TYPE_CHECKING:
    import networkx as nx

END_KINDS = frozenset({StageKind.DEPLOYMENT, StageKind.VERIFICATION, StageKind.ROLLBACK})
"""Kinds of stage a process may end in."""

MAX_SCENARIO_ATOMS = 12
"""Most attributes enumerated in every combination; beyond that lint checks risk only."""


class ProcessGraph:
    """Questions about a process's structure, for every scenario it distinguishes."""

    def __init__(self, process: Process) -> None:
        self.process = process
        self.rank = {level: i for i, level in enumerate(process.risk.levels)}
        self._views: dict[Scenario, View] = {}
        self._relevant = frozenset(self._graph_atoms())

    # -- the whole graph ---------------------------------------------------------

    @cached_property
    def full(self) -> nx.DiGraph[str]:
        """Every stage and every dependency, whatever its condition."""
        import networkx as nx

        graph: nx.DiGraph[str] = nx.DiGraph()
        graph.add_nodes_from(s.id for s in self.process.stages)
        for stage in self.process.stages:
            for dep in stage.dependencies:
                for target in dep.targets:
                    if target in graph:
                        graph.add_edge(target, stage.id)
        return graph

    def cycles(self) -> list[list[str]]:
        """Loops of dependencies, each as the stages in dependency order."""
        import networkx as nx

        loops = []
        for component in nx.strongly_connected_components(self.full):
            if len(component) > 1 or any(self.full.has_edge(s, s) for s in component):
                order = {s.id: i for i, s in enumerate(self.process.stages)}
                start = min(component, key=order.__getitem__)
                cycle = nx.find_cycle(self.full.subgraph(component), source=start)
                loops.append([edge[0] for edge in cycle])
        return sorted(loops)

    def can_reach_end(self) -> set[str]:
        """Stages from which some end stage (deployment, verification, rollback) follows."""
        ends = {s.id for s in self.process.stages if s.kind in END_KINDS}
        reach = set(ends)
        import networkx as nx

        for end in ends:
            reach |= nx.ancestors(self.full, end)
        return reach

    def leads_to(self, first: str, then: str) -> bool:
        """Whether ``then`` depends on ``first``, directly or not, whatever the
        conditions (every stage leads to itself)."""
        import networkx as nx

        return bool(nx.has_path(self.full, first, then))

    @cached_property
    def subject_bound(self) -> frozenset[str]:
        """Stages whose completion is about one subject: implementation stages and
        everything depending on them. Stages before any code (threat modelling,
        design review) are about the change as a whole."""
        ids = {s.id: None for s in self.process.stages}
        requires = {
            s.id: tuple(tuple(t for t in d.targets if t in ids) for d in s.dependencies)
            for s in self.process.stages
        }
        after = dependents(ids, requires)
        bound: set[str] = set()
        for stage in self.process.stages:
            if stage.kind is StageKind.IMPLEMENTATION:
                bound.add(stage.id)
                bound |= reachable(stage.id, after)
        return frozenset(bound)

    # -- risk ----------------------------------------------------------------------

    def classify(self, attributes: frozenset[tuple[str, str]]) -> tuple[str, tuple[str, ...]]:
        """The computed risk level of a change, and the ids of the rules that set it."""
        risk = self.process.risk
        situation = Situation(None, attributes)
        best = self.rank[risk.default]
        fired: list[str] = []
        for rule in risk.rules:
            if holds(rule.when, situation, self.rank):
                fired.append(rule.id)
                best = max(best, self.rank[rule.level])
        return risk.levels[best], tuple(fired)

    # -- scenarios -------------------------------------------------------------------

    def _graph_atoms(self) -> Iterator[tuple[str, str]]:
        for stage in self.process.stages:
            if stage.applies_when is not None:
                yield from stage.applies_when.atoms()
            for dep in stage.dependencies:
                if dep.when is not None:
                    yield from dep.when.atoms()

    def scenarios(self) -> tuple[Scenario, ...]:
        """Every feasible scenario (see :meth:`_enumerate`), computed once."""
        cached: tuple[Scenario, ...] | None = self.__dict__.get("_scenarios")
        if cached is None:
            cached = tuple(self._enumerate())
            self.__dict__["_scenarios"] = cached
        return cached

    def _enumerate(self) -> Iterator[Scenario]:
        """Every feasible risk level and combination of the attributes conditions test.

        A combination is feasible at a risk level when the risk rules would not
        classify it higher. With more than :data:`MAX_SCENARIO_ATOMS` attributes only
        the plain risk levels are enumerated.
        """
        atoms = sorted(self._relevant | set(self._rule_atoms()))
        if len(atoms) > MAX_SCENARIO_ATOMS:
            atoms = []
        seen: set[Scenario] = set()
        for level in self.process.risk.levels:
            for size in range(len(atoms) + 1):
                for combo in itertools.combinations(atoms, size):
                    present = frozenset(combo)
                    computed, _ = self.classify(present)
                    scenario = Scenario(level, present & self._relevant)
                    if self.rank[computed] <= self.rank[level] and scenario not in seen:
                        seen.add(scenario)
                        yield scenario

    def _rule_atoms(self) -> Iterator[tuple[str, str]]:
        for rule in self.process.risk.rules:
            yield from rule.when.atoms()

    def scenario_for(self, risk: str, attributes: frozenset[tuple[str, str]]) -> Scenario:
        """The scenario a change falls in (attributes no condition tests are dropped)."""
        return Scenario(risk, attributes & self._relevant)

    def view(self, scenario: Scenario) -> View:
        """The applicable part of the process for one scenario (cached)."""
        cached = self._views.get(scenario)
        if cached is not None:
            return cached
        situation = Situation(self.rank[scenario.risk], scenario.attributes)
        applicable = [s for s in self.process.stages if holds(s.applies_when, situation, self.rank)]
        ids = {s.id for s in applicable}
        requires: dict[str, tuple[tuple[str, ...], ...]] = {}
        for stage in applicable:
            groups = []
            for dep in stage.dependencies:
                if not holds(dep.when, situation, self.rank):
                    continue
                group = tuple(t for t in dep.targets if t in ids)
                if group:
                    groups.append(group)
            requires[stage.id] = tuple(groups)
        view = View(self.process, scenario, tuple(s.id for s in applicable), requires)
        self._views[scenario] = view
        return view

    def stage(self, stage_id: str) -> Stage:
        return self.process.stage(stage_id)
