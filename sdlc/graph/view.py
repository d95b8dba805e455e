"""The part of a process that applies in one scenario, and what it requires.

A :class:`View` answers what the checker and lint ask (which stages apply, in
what order, which must come before which, how many actors each needs) from plain
data; only :attr:`View.graph`, :attr:`View.acyclic` and a loop's message need
networkx.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model.process import Process
from ..model.risk import at_risk
from ..model.stage import StageKind
from .reach import dependents, reachable
from .scenario import Scenario

if TYPE_CHECKING:
    import networkx as nx


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
        return dependents(self.stages, self.requires)

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
        return {s: reachable(s, self._dependents) for s in self.stages}

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

    @cached_property
    def alternatives(self) -> bool:
        """Whether any dependency here is a ``one_of`` group of alternatives."""
        return any(len(group) > 1 for groups in self.requires.values() for group in groups)

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
