"""Who is responsible, accountable, consulted and informed for each stage (the RACI
matrix of the roles page), worked out from who performs what and the graph's paths."""

from __future__ import annotations

from ..graph.process_graph import ProcessGraph
from ..model.process import Process
from ..model.stage import Stage


def needed_by(process: Process, stage: Stage) -> tuple[str, ...]:
    """Stages that depend on ``stage`` directly, in reading order."""
    return tuple(
        s.id for s in process.stages if any(stage.id in dep.targets for dep in s.dependencies)
    )


def raci(graph: ProcessGraph, stage: Stage) -> tuple[str, ...]:
    """The RACI letters of every role (in the roles' order) for one stage.

    R: performs it; A: performs a gate on a path through it; C: performs a stage it
    depends on; I: otherwise, performs a stage that depends on it.
    """
    process = graph.process
    gates = [
        g
        for g in process.stages
        if g.is_gate
        and (g.id == stage.id or graph.leads_to(stage.id, g.id) or graph.leads_to(g.id, stage.id))
    ]
    upstream = {t for dep in stage.dependencies for t in dep.targets}
    downstream = set(needed_by(process, stage))
    letters = []
    for role_id in process.roles:
        cell = []
        if role_id in stage.performers:
            cell.append("R")
        if any(role_id in g.performers for g in gates):
            cell.append("A")
        if "R" not in cell and any(role_id in process.stage(s).performers for s in upstream):
            cell.append("C")
        if not cell and any(role_id in process.stage(s).performers for s in downstream):
            cell.append("I")
        letters.append(", ".join(cell))
    return tuple(letters)
