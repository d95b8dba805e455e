"""Time in practice: how long each stage takes once what it depends on is done,
how long changes wait before each gate, and the lead time to deployment and to
verification.

A stage is **ready** when each of its dependency groups (in the view that applies
to the change) has a completing event: the moment of the latest completing event
of the group's stages, and of all groups the latest. So after new code the
review is ready when the new implementation event is recorded.

- **Stage time**: for each completing event of a stage with dependencies, from the
  moment it was ready to the event. Each person's event counts, so a second
  reviewer counts from the same moment as the first.
- **Gate wait**: for an approval stage, from the moment it was ready to its first
  event after that moment, whatever the decision: the wait for someone to decide.
- **Lead time**: from a record's first event to its first completed deployment,
  and to the first completed verification after that deployment.

An event recorded before its stage was ready (an ordering the process forbids),
or earlier than the moment it was ready, is not measured. Each figure is the
median and the 90th percentile (:func:`p90`) of the durations, in seconds.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..graph.view import View
from ..model.process import Process
from ..model.record import Record
from ..model.stage import StageKind
from .cases import Case


def p90(values: Sequence[float]) -> float:
    """The 90th percentile: linear interpolation between the closest ranks, at rank
    ``0.9 × (n − 1)`` of the sorted values counted from 0 (``statistics.quantiles``
    with ``method="inclusive"``, numpy's default); one value is its own percentile."""
    if len(values) == 1:
        return float(values[0])
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


@dataclass(frozen=True, slots=True)
class Spread:
    """How many durations, their median and their 90th percentile, in seconds."""

    count: int
    median: float
    p90: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread | None:
        if not values:
            return None
        return cls(len(values), float(statistics.median(values)), p90(values))

    def as_dict(self) -> dict[str, object]:
        return {"count": self.count, "median_s": self.median, "p90_s": self.p90}


@dataclass
class Times:
    """The durations of some changes, by stage and gate, and their lead times."""

    stage: dict[str, list[float]] = field(default_factory=dict)
    gate: dict[str, list[float]] = field(default_factory=dict)
    to_deployment: list[float] = field(default_factory=list)
    to_verification: list[float] = field(default_factory=list)
    changes: dict[str, int] = field(default_factory=dict)
    """Stage → changes with at least one stage time measured."""

    def stages(self) -> dict[str, Spread]:
        return _spreads(self.stage)

    def gates(self) -> dict[str, Spread]:
        return _spreads(self.gate)

    def longest(self, n: int = 3) -> list[tuple[str, Spread]]:
        """Where changes wait longest: the ``n`` stages with the longest median stage
        time (then the longest 90th percentile, then by name)."""
        ranked = sorted(self.stages().items(), key=lambda kv: (-kv[1].median, -kv[1].p90, kv[0]))
        return ranked[:n]


def _spreads(values: dict[str, list[float]]) -> dict[str, Spread]:
    out = {}
    for stage, durations in sorted(values.items()):
        spread = Spread.of(durations)
        if spread is not None:
            out[stage] = spread
    return out


def times_of(cases: Iterable[Case]) -> Times:
    """The times of ``cases``; see the module docstring."""
    times = Times()
    for case in cases:
        _measure(times, case.record, case.view)
    return times


def _ready(groups: tuple[tuple[str, ...], ...], done: dict[str, dt.datetime]) -> dt.datetime | None:
    moments = []
    for group in groups:
        found = [done[s] for s in group if s in done]
        if not found:
            return None
        moments.append(max(found))
    return max(moments)


def _measure(times: Times, record: Record, view: View) -> None:
    process = view.process
    done: dict[str, dt.datetime] = {}
    last: dict[str, dt.datetime] = {}
    measured: set[str] = set()
    for event in record.events:
        stage = event.stage
        groups = view.requires.get(stage, ())
        ready = _ready(groups, done) if groups else None
        if ready is not None and event.at >= ready:
            seconds = (event.at - ready).total_seconds()
            if event.outcome.completes:
                times.stage.setdefault(stage, []).append(seconds)
                measured.add(stage)
            if process.stage(stage).is_gate and not (stage in last and last[stage] >= ready):
                times.gate.setdefault(stage, []).append(seconds)
        last[stage] = event.at
        if event.outcome.completes:
            done[stage] = event.at
    for stage in measured:
        times.changes[stage] = times.changes.get(stage, 0) + 1
    _lead(times, record, process)


def _lead(times: Times, record: Record, process: Process) -> None:
    if not record.events:
        return
    start = record.events[0].at
    deployed: dt.datetime | None = None
    for event in record.events:
        if not event.outcome.completes or not process.has_stage(event.stage):
            continue
        kind = process.stage(event.stage).kind
        if deployed is None and kind is StageKind.DEPLOYMENT:
            deployed = event.at
            times.to_deployment.append((deployed - start).total_seconds())
        elif deployed is not None and kind is StageKind.VERIFICATION:
            times.to_verification.append((event.at - start).total_seconds())
            return
