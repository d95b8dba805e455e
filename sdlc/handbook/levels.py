"""What each risk level demands, for the handbook: a stage's row per level, and each
level's numbered path through the process."""

from __future__ import annotations

from collections.abc import Callable

from ..graph.process_graph import ProcessGraph
from ..graph.scenario import Scenario
from ..model.conditions import in_words
from ..model.stage import Stage
from .diagrams import percent
from .facts import Level, LevelRow, Step


def level_rows(graph: ProcessGraph, stage: Stage) -> tuple[LevelRow, ...]:
    """Whether ``stage`` applies at each risk level, and with how many people, what
    approver level and what coverage."""
    rows = []
    for level in graph.process.risk.levels:
        views = [graph.view(s) for s in graph.scenarios() if s.risk == level]
        hits = sum(v.applies(stage.id) for v in views)
        applies = "no" if hits == 0 else "yes" if hits == len(views) else "depending on the change"
        base = graph.view(Scenario(level))
        share = base.min_share(stage.id)
        rows.append(
            LevelRow(
                level,
                applies,
                base.actors(stage.id),
                base.approver_level(stage.id),
                None if share is None else percent(share),
            )
        )
    return tuple(rows)


def levels(graph: ProcessGraph, path_of: Callable[[str], str]) -> tuple[Level, ...]:
    """Every risk level's page, lowest first; ``path_of`` gives a level's page path."""
    process = graph.process
    out = []
    for rank, name in enumerate(process.risk.levels, 1):
        view = graph.view(Scenario(name))
        steps = tuple(
            Step(
                number,
                stage_id,
                view.actors(stage_id),
                view.approver_level(stage_id),
                None
                if view.min_share(stage_id) is None
                else percent(view.min_share(stage_id) or 0),
                view.requires[stage_id],
            )
            for number, stage_id in enumerate(view.order, 1)
        )
        extra: set[str] = set()
        for scenario in graph.scenarios():
            if scenario.risk == name:
                extra |= set(graph.view(scenario).stages) - set(view.stages)
        sometimes = tuple((s.id, in_words(s.applies_when)) for s in process.stages if s.id in extra)
        raised = tuple(r.id for r in process.risk.rules if r.level == name)
        out.append(Level(name, rank, path_of(name), view, steps, sometimes, raised))
    return tuple(out)
