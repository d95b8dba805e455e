"""Where a repair puts an added event, and which subject the event is about.

The repair adds the events a deployment lacked right before the first event
that depends on them, so that nothing already done is invalidated, and about
the subject their dependencies were completed for (see docs/design.md, "The
smallest repair").
"""

from __future__ import annotations

from ..model.stage import StageKind
from .builds import built
from .context import Context
from .trace import Trace


def epoch_start(context: Context, trace: Trace, subject: str, upto: int) -> int:
    """Event number of the last implementation of the deployed subject (0 if none)."""
    start = 0
    for number, ev in enumerate(trace.record.events[: upto - 1], start=1):
        stage = context.process.stages_by_id.get(ev.stage)
        if (
            stage is not None
            and stage.kind is StageKind.IMPLEMENTATION
            and trace.lineage.same(ev.subject, subject)
        ):
            start = number
    return start


def insertion_point(trace: Trace, stage: str, start: int, deploy: int, removed: set[int]) -> int:
    """Before the first event after ``start`` of a stage downstream of ``stage``."""
    downstream = trace.view.downstream.get(stage, frozenset())
    for number in range(start + 1, deploy):
        if number in removed:
            continue
        if trace.record.events[number - 1].stage in downstream:
            return number
    return deploy


def subject_for(trace: Trace, stage: str, deployed: str) -> str:
    """The subject an added event is about: what its dependencies were completed for
    (the commit, for a review), as long as that is the deployed change."""
    for group in trace.view.requires.get(stage, ()):
        for dep in group:
            done = trace.done.get(dep)
            if done is not None and trace.lineage.same(done.subject, deployed):
                return done.subject
    origin = _built_from(trace, deployed)  # the commit the deployed artifact was built from
    if origin is not None:
        return origin
    record = trace.record
    if (
        stage in trace.view.requires
        and record.subject.commit
        and deployed == (record.subject.artifact or deployed)
    ):
        return record.subject.commit  # the change's own commit, as the record states it
    return deployed


def latest_subject(context: Context, trace: Trace) -> str | None:
    for ev in reversed(trace.record.events):
        if ev.stage in context.graph.subject_bound:
            products = built(context.process, ev)
            return products[0] if products else ev.subject
    return None


def origin_commit(trace: Trace, deployed: str) -> str:
    """The commit a deployed artifact was built from, as far as the record's builds tell."""
    return _built_from(trace, deployed) or trace.record.subject.commit or deployed


def _built_from(trace: Trace, artifact: str) -> str | None:
    process = trace.view.process
    for ev in trace.record.events:
        if artifact in built(process, ev):
            return ev.subject
    return None
