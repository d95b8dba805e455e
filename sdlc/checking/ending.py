"""The end of a record: what must follow its last deployment.

A record without a deployment is not finished, but the work it has done so far is
judged all the same (see :mod:`sdlc.checking.quality`). After the last deployment, every
stage that requires it (a verification, say) must have completed, and, for a
subject-bound stage, for what was deployed: a verification of another artifact,
even a sibling built from the same commit, says nothing about the deployed one
(see docs/design.md, "When each rule fires"). Called by
:mod:`sdlc.checking.event_rules` after the walk.
"""

from __future__ import annotations

from .lineage import short
from .provenance import Line
from .quality import judge
from .record_pass import RecordPass
from .routes import leading_to, required_along


def review_ending(run: RecordPass) -> None:
    """What must be true once every event has been walked."""
    trace = run.trace
    view = trace.view
    if not trace.deployed:
        _so_far(run)
        deploy = view.deployments[0] if view.deployments else None
        run.add(
            "incomplete",
            "the change has not been deployed yet" + (f" (no '{deploy}' event)" if deploy else ""),
            "if the change is still under way, check it with --in-flight; otherwise "
            "record its deployment",
            stage=deploy,
        )
        return
    last = trace.deployed[-1]
    events = run.record.events
    deploy_stage = events[last - 1].stage
    line = Line.of(view.process, events, last)
    required = required_along(view, leading_to(view, deploy_stage))
    for stage in view.order:
        if deploy_stage not in required[stage]:
            continue
        after = [
            n
            for n, e in enumerate(events[last:], start=last + 1)
            if e.stage == stage and e.outcome.completes
        ]
        if not after:
            run.add(
                "incomplete",
                f"'{stage}' has not happened after deployment #{last}",
                f"perform '{stage}' and record it",
                stage=stage,
            )
        elif stage in run.context.graph.subject_bound and not any(
            line.holds(events[n - 1].subject) for n in after
        ):
            _verified_elsewhere(run, stage, last, line, after[-1])


def _so_far(run: RecordPass) -> None:
    """Before any deployment, judge the work done so far as a deployment now would:
    who did each stage a deployment would rely on, how many, at what level, covering
    what. ``--in-flight`` makes only ``incomplete`` information, never these."""
    view = run.trace.view
    deployments = set(view.deployments)
    for stage in view.order:
        done = run.trace.done.get(stage)
        if done is not None and deployments & view.downstream[stage]:
            judge(run, stage, done, None)


def _verified_elsewhere(run: RecordPass, stage: str, last: int, line: Line, number: int) -> None:
    """A stage after the deployment was completed, but only for another subject: a
    verification of another artifact says nothing about the one deployed."""
    other = short(run.record.events[number - 1].subject)
    deployed = short(line.subject)
    run.event_finding(
        "incomplete",
        number,
        f"'{stage}' has not happened for {deployed}, deployed in event #{last}: this event "
        f"completed it for {other}, which is neither the deployed subject nor what it was "
        f"built from",
        f"perform '{stage}' for {deployed}, the subject deployment #{last} deployed, and record it",
    )
