"""The process as a dependency graph, asked questions in the process's own words.

networkx stays behind this module, and is imported only by the questions lint and
the handbook ask: checking a record needs none of it, and importing networkx
would double the start-up time of ``sdlc check``. An edge ``a -> b`` means *b
depends on a*:
``b`` may happen only when ``a`` (if it applies to the change) is complete for the
same subject. A ``one_of`` dependency is satisfied by any one of its stages.

A :class:`Scenario` is one risk level together with the attributes a change has;
:meth:`ProcessGraph.view` gives the stages and dependencies that apply to it.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model.conditions import Situation, holds
from ..model.process import Process, Stage, StageKind, at_risk

if TYPE_CHECKING:
    import networkx as nx

END_KINDS = frozenset({StageKind.DEPLOYMENT, StageKind.VERIFICATION, StageKind.ROLLBACK})
"""Kinds of stage a process may end in."""

MAX_SCENARIO_ATOMS = 12
"""Most attributes enumerated in every combination; beyond that lint checks risk only."""


@dataclass(frozen=True, slots=True)
class Scenario:
    """A risk level and the attributes (``(kind, name)`` pairs) a change carries."""

    risk: str
    attributes: frozenset[tuple[str, str]] = frozenset()

    def words(self) -> str:
        """``risk high, touching component session`` for messages."""
        if not self.attributes:
            return f"risk {self.risk}"
        nouns = {
            "components": "component",
            "data_classes": "data class",
            "providers": "eID provider",
            "flags": "flag",
        }
        parts = [f"{nouns[k]} {n}" for k, n in sorted(self.attributes)]
        return f"risk {self.risk} with {', '.join(parts)}"


@dataclass(frozen=True)
class View:
    """The stages and dependencies that apply in one scenario."""

    process: Process
    scenario: Scenario
    stages: tuple[str, ...]
    """Applicable stages, in the process's reading order."""
    requires: dict[str, tuple[tuple[str, ...], ...]]
    """For each applicable stage: groups of alternatives it depends on."""

    @cached_property
    def graph(self) -> nx.DiGraph[str]:
        """The applicable stages and dependencies as a networkx graph."""
        import networkx as nx

        graph: nx.DiGraph[str] = nx.DiGraph()
        graph.add_nodes_from(self.stages)
        for stage, groups in self.requires.items():
            for group in groups:
                graph.add_edges_from((t, stage) for t in group)
        return graph

    @cached_property
    def _dependents(self) -> dict[str, frozenset[str]]:
        """For each stage, the stages that depend on it directly."""
        return _dependents(self.stages, self.requires)

    @cached_property
    def acyclic(self) -> bool:
        import networkx as nx

        return bool(nx.is_directed_acyclic_graph(self.graph))

    @cached_property
    def order(self) -> tuple[str, ...]:
        """A dependency order of the stages (dependencies first); stable: of the stages
        whose dependencies are placed, the first in reading order comes next."""
        index = {s: i for i, s in enumerate(self.stages)}
        waiting = {s: len({t for g in self.requires[s] for t in g}) for s in self.stages}
        ready = [index[s] for s, count in waiting.items() if count == 0]
        heapq.heapify(ready)
        out: list[str] = []
        while ready:
            stage = self.stages[heapq.heappop(ready)]
            out.append(stage)
            for after in self._dependents[stage]:
                waiting[after] -= 1
                if waiting[after] == 0:
                    heapq.heappush(ready, index[after])
        if len(out) < len(self.stages):  # a loop (load_process refuses those; models may not)
            import networkx as nx

            loop = [edge[0] for edge in nx.find_cycle(self.graph)]
            raise InputError(
                f"{self.process.ref}: stages depend on each other in a loop: "
                f"{' → '.join([*loop, loop[0]])}, so they have no order",
                hint="remove one of these dependencies ('sdlc lint' names every loop)",
            )
        return tuple(out)

    @cached_property
    def downstream(self) -> dict[str, frozenset[str]]:
        """For each stage, every stage that depends on it, directly or not."""
        return {s: _reachable(s, self._dependents) for s in self.stages}

    @cached_property
    def required_before(self) -> dict[str, frozenset[str]]:
        """For each stage, the stages every compliant run completes before it.

        This is dominance generalised to dependencies with alternatives: a plain
        dependency adds its own required set; a ``one_of`` adds only what all of
        its alternatives require.
        """
        required: dict[str, frozenset[str]] = {}
        for stage in self.order:
            # the sets grow with the stages, and this runs for every stage of every
            # view: each is built in one pass, never copied
            parts: list[Iterable[str]] = []
            for group in self.requires[stage]:
                if len(group) == 1:
                    parts += (required[group[0]], group)
                else:
                    parts.append(frozenset.intersection(*(required[a] | {a} for a in group)))
            required[stage] = frozenset().union(*parts)
        return required

    def route_avoiding(self, target: str, avoid: str) -> list[str] | None:
        """A shortest-by-construction set of stages reaching ``target`` without ``avoid``,
        in dependency order, or ``None`` if every run passes through ``avoid``."""
        if target == avoid or avoid in self.required_before[target]:
            return None
        chosen: set[str] = set()
        todo = [target]
        while todo:
            stage = todo.pop()
            if stage in chosen:
                continue
            chosen.add(stage)
            for group in self.requires[stage]:
                ok = [a for a in group if a != avoid and avoid not in self.required_before[a]]
                todo.append(ok[0])
        return [s for s in self.order if s in chosen]

    def applies(self, stage_id: str) -> bool:
        return stage_id in self.requires

    @cached_property
    def deployments(self) -> tuple[str, ...]:
        return tuple(s for s in self.stages if self.process.stage(s).kind is StageKind.DEPLOYMENT)

    @cached_property
    def gates(self) -> tuple[str, ...]:
        return tuple(s for s in self.stages if self.process.stage(s).is_gate)

    def actors(self, stage_id: str) -> int:
        found = self._actors.get(stage_id)
        if found is None:  # worked out once per view: asked for each stage of each record
            stage = self.process.stage(stage_id)
            found = self._actors[stage_id] = at_risk(stage.actors, self.scenario.risk, self.levels)
        return found

    def approver_level(self, stage_id: str) -> str | None:
        if stage_id not in self._approver_levels:
            value = self.process.stage(stage_id).approver_level
            self._approver_levels[stage_id] = (
                None if value is None else at_risk(value, self.scenario.risk, self.levels)
            )
        return self._approver_levels[stage_id]

    def min_share(self, stage_id: str) -> float | None:
        if stage_id not in self._min_shares:
            coverage = self.process.stage(stage_id).coverage
            self._min_shares[stage_id] = (
                None
                if coverage is None
                else at_risk(coverage.min_share, self.scenario.risk, self.levels)
            )
        return self._min_shares[stage_id]

    @cached_property
    def _actors(self) -> dict[str, int]:
        return {}

    @cached_property
    def _approver_levels(self) -> dict[str, str | None]:
        return {}

    @cached_property
    def _min_shares(self) -> dict[str, float | None]:
        return {}

    @property
    def levels(self) -> tuple[str, ...]:
        return self.process.risk.levels


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
        dependents = _dependents(ids, requires)
        bound: set[str] = set()
        for stage in self.process.stages:
            if stage.kind is StageKind.IMPLEMENTATION:
                bound.add(stage.id)
                bound |= _reachable(stage.id, dependents)
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


def _dependents(
    stages: Iterable[str], requires: Mapping[str, Iterable[Iterable[str]]]
) -> dict[str, frozenset[str]]:
    """For each stage, the stages that depend on it directly."""
    out: dict[str, set[str]] = {s: set() for s in stages}
    for stage, groups in requires.items():
        for group in groups:
            for target in group:
                out[target].add(stage)
    return {s: frozenset(after) for s, after in out.items()}


def _reachable(start: str, dependents: Mapping[str, frozenset[str]]) -> frozenset[str]:
    """Every stage that depends on ``start``, directly or not (never ``start`` itself,
    as networkx's ``descendants``)."""
    seen: set[str] = set()
    todo = list(dependents[start])
    while todo:
        stage = todo.pop()
        if stage not in seen:
            seen.add(stage)
            todo.extend(dependents[stage])
    seen.discard(start)
    return frozenset(seen)
