"""The flow as practised: which stage follows which and how often (the
directly-follows graph), the paths through the process (variants), and rework.

Each event is one step, named by its stage, in the order the record lists its
events (the order they happened; ``time-order`` reports a record whose times say
otherwise). Events of every outcome count, and so do events of stages the
process lacks. A *variant* is the sequence of stages of one record.

A step ``a → b`` is **rework** when ``b`` was already done earlier in the record
and the step goes back: ``b`` is ``a`` again after an event of ``a`` that did not
complete (a rejected review, a failed test run), or ``a`` depends on ``b``,
directly or not, whatever the conditions, and the two events are about different
subjects (new code after a rejected review). A second reviewer after the first is
not rework; neither is ``b`` recorded late, after a stage that depends on it for
the same subject, nor a stage recorded before what it depends on had ever
happened: those are orderings the process forbids (see
:mod:`sdlc.practice.deviations`). Rework is counted by the stage the change went
back to, with the stages it went back from.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..graph.process_graph import ProcessGraph
from .cases import Case

TOGETHER_AT_LEAST = 5
"""Fewest times two stages must be done together before they count as always so."""


@dataclass
class Loop:
    """Rework back to one stage."""

    stage: str
    times: int = 0
    changes: int = 0
    after: Counter[str] = field(default_factory=Counter)
    """The stage of the step before, each time."""


@dataclass
class Flow:
    """The directly-follows graph, variants and rework of some changes."""

    changes: int = 0
    events: int = 0
    stage_events: Counter[str] = field(default_factory=Counter)
    follows: Counter[tuple[str, str]] = field(default_factory=Counter)
    starts: Counter[str] = field(default_factory=Counter)
    ends: Counter[str] = field(default_factory=Counter)
    variants: Counter[tuple[str, ...]] = field(default_factory=Counter)
    loops: dict[str, Loop] = field(default_factory=dict)

    def top_variants(self, n: int) -> list[tuple[tuple[str, ...], int]]:
        """The ``n`` most frequent variants, most frequent first, then in stage order."""
        return sorted(self.variants.items(), key=lambda item: (-item[1], item[0]))[:n]

    def top_follows(self, n: int | None = None) -> list[tuple[tuple[str, str], int]]:
        ranked = sorted(self.follows.items(), key=lambda item: (-item[1], item[0]))
        return ranked if n is None else ranked[:n]

    def ranked_loops(self) -> list[Loop]:
        return sorted(self.loops.values(), key=lambda loop: (-loop.changes, loop.stage))

    def together(self) -> list[tuple[str, str, int]]:
        """``(a, b, n)`` for stages always done one right after the other: every event
        of ``a`` is directly followed by one of ``b``, and every event of ``b`` directly
        follows one of ``a`` (at least :data:`TOGETHER_AT_LEAST` times)."""
        found = [
            (a, b, n)
            for (a, b), n in self.follows.items()
            if a != b and n >= TOGETHER_AT_LEAST
            if n == self.stage_events[a] == self.stage_events[b]
        ]
        return sorted(found, key=lambda item: (-item[2], item[0], item[1]))


def flow_of(cases: Iterable[Case]) -> Flow:
    """The flow of ``cases``; see the module docstring."""
    flow = Flow()
    upstream: dict[str, dict[str, frozenset[str]]] = {}
    for case in cases:
        stages = case.stages
        flow.changes += 1
        flow.events += len(stages)
        flow.variants[stages] += 1
        flow.stage_events.update(stages)
        if not stages:
            continue
        flow.starts[stages[0]] += 1
        flow.ends[stages[-1]] += 1
        flow.follows.update(itertools.pairwise(stages))
        ref = case.process.ref
        if ref not in upstream:
            upstream[ref] = _upstream(case.graph)
        _rework(flow, case, upstream[ref])
    return flow


def _upstream(graph: ProcessGraph) -> dict[str, frozenset[str]]:
    """For each stage, the stages it depends on, directly or not, whatever the
    conditions."""
    ids = [s.id for s in graph.process.stages]
    return {
        stage: frozenset(other for other in ids if other != stage and graph.leads_to(other, stage))
        for stage in ids
    }


def _rework(flow: Flow, case: Case, upstream: dict[str, frozenset[str]]) -> None:
    events = case.record.events
    seen = {events[0].stage}
    counted: set[str] = set()
    for before, event in itertools.pairwise(events):
        stage = event.stage
        if stage in seen:
            if stage == before.stage:
                back = not before.outcome.completes
            else:
                back = event.subject != before.subject and stage in upstream.get(
                    before.stage, frozenset()
                )
            if back:
                loop = flow.loops.setdefault(stage, Loop(stage))
                loop.times += 1
                loop.after[before.stage] += 1
                if stage not in counted:
                    counted.add(stage)
                    loop.changes += 1
        seen.add(stage)
