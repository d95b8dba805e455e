"""Who is responsible, accountable, consulted and informed for each stage (the RACI
matrix of the roles page), worked out from who performs what and the graph's paths.

:class:`Raci` owns the process's reverse indexes, built once per process: which
stages depend on each stage directly, and which gates lie on a path through it. A
page then looks its stage up instead of searching every other stage, so rendering
every page costs in proportion to the process, not to its square.
"""

from __future__ import annotations

from functools import cached_property

from ..graph.process_graph import ProcessGraph
from ..model.stage import Stage


class Raci:
    """The RACI letters and direct dependents of every stage of one process."""

    def __init__(self, graph: ProcessGraph) -> None:
        self.graph = graph
        self.process = graph.process
        self._letters: dict[str, tuple[str, ...]] = {}

    @cached_property
    def _dependents(self) -> dict[str, tuple[str, ...]]:
        after: dict[str, list[str]] = {s.id: [] for s in self.process.stages}
        for stage in self.process.stages:  # reading order, each dependent once
            for target in dict.fromkeys(t for dep in stage.dependencies for t in dep.targets):
                if target in after:
                    after[target].append(stage.id)
        return {stage_id: tuple(ids) for stage_id, ids in after.items()}

    @cached_property
    def _gates(self) -> dict[str, tuple[Stage, ...]]:
        """Per stage, the gates (in reading order) it leads to, that lead to it, or
        that it is: whatever the conditions."""
        import networkx as nx

        full = self.graph.full
        through: dict[str, list[Stage]] = {s.id: [] for s in self.process.stages}
        for gate in self.process.stages:
            if gate.is_gate:
                for stage_id in (
                    {gate.id} | nx.ancestors(full, gate.id) | nx.descendants(full, gate.id)
                ):
                    through[stage_id].append(gate)
        return {stage_id: tuple(gates) for stage_id, gates in through.items()}

    def needed_by(self, stage: Stage) -> tuple[str, ...]:
        """Stages that depend on ``stage`` directly, in reading order."""
        return self._dependents[stage.id]

    def letters(self, stage: Stage) -> tuple[str, ...]:
        """The RACI letters of every role (in the roles' order) for one stage.

        R: performs it; A: performs a gate on a path through it; C: performs a stage it
        depends on; I: otherwise, performs a stage that depends on it.
        """
        known = self._letters.get(stage.id)
        if known is None:
            known = self._letters[stage.id] = self._work_out(stage)
        return known

    def _work_out(self, stage: Stage) -> tuple[str, ...]:
        process = self.process
        accountable = {r for g in self._gates[stage.id] for r in g.performers}
        upstream = {t for dep in stage.dependencies for t in dep.targets}
        consulted = {r for s in upstream for r in process.stage(s).performers}
        informed = {r for s in self.needed_by(stage) for r in process.stage(s).performers}
        letters = []
        for role_id in process.roles:
            cell = []
            if role_id in stage.performers:
                cell.append("R")
            if role_id in accountable:
                cell.append("A")
            if "R" not in cell and role_id in consulted:
                cell.append("C")
            if not cell and role_id in informed:
                cell.append("I")
            letters.append(", ".join(cell))
        return tuple(letters)
