"""Conditional stages in practice: a stage with ``applies_when`` that applied to
none, or to every one, of the changes studied.

Over all changes, each conditional stage is counted; and at each risk level, each
stage whose condition tests more than the risk, so that at that level it applies
to some changes and not to others (the process graph's scenarios say which).
Only counts over at least :data:`AT_LEAST` changes are reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..graph.process_graph import ProcessGraph
from ..model.conditions import in_words
from .cases import Case

AT_LEAST = 5
"""Fewest changes a stage is counted over before it is said to never or always apply."""


@dataclass(frozen=True, slots=True)
class Applicability:
    """How many of ``of`` changes (at ``risk``, or all) a conditional stage applied to."""

    stage: str
    risk: str | None
    applies: int
    of: int
    condition: str
    """The condition, in words."""

    @property
    def always(self) -> bool:
        return self.applies == self.of

    def as_dict(self) -> dict[str, object]:
        return {
            "stage": self.stage,
            "risk": self.risk,
            "applies": self.applies,
            "of": self.of,
            "condition": self.condition,
            "always": self.always,
        }


def _varies(graph: ProcessGraph, stage: str, risk: str) -> bool:
    """Whether at ``risk`` the stage applies in some scenarios and not in others."""
    seen = {graph.view(s).applies(stage) for s in graph.scenarios() if s.risk == risk}
    return len(seen) > 1


def applicability(cases: Sequence[Case]) -> list[Applicability]:
    """Conditional stages that never or always applied; see the module docstring."""
    counts: dict[tuple[str, str | None], list[int]] = {}
    words: dict[str, str] = {}
    varies: dict[tuple[str, str, str], bool] = {}
    for case in cases:
        for stage in case.process.stages:
            if stage.applies_when is None:
                continue
            words.setdefault(stage.id, in_words(stage.applies_when))
            applies = case.view.applies(stage.id)
            keys: list[tuple[str, str | None]] = [(stage.id, None)]
            known = (case.process.ref, stage.id, case.risk)
            if known not in varies:
                varies[known] = _varies(case.graph, stage.id, case.risk)
            if varies[known]:
                keys.append((stage.id, case.risk))
            for key in keys:
                tally = counts.setdefault(key, [0, 0])
                tally[0] += applies
                tally[1] += 1
    found = [
        Applicability(stage, risk, applied, of, words[stage])
        for (stage, risk), (applied, of) in counts.items()
        if of >= AT_LEAST and applied in (0, of)
    ]
    return sorted(found, key=lambda a: (a.stage, a.risk is not None, a.risk or ""))
