"""The smallest repair: the fewest events to add or remove to make a record compliant.

The repair follows from what the checker learned (:class:`~sdlc.checking.Trace`):

* events that cannot count (unknown stage, unknown actor, a role the actor did
  not hold, segregation of duties broken) are removed;
* every stage a deployment needed but lacked for the deployed subject (missing,
  stale, too few people, too low an approver, too little coverage) gets exactly
  the events it lacks, placed before the first event that depends on it, so that
  nothing already done is invalidated;
* a record without a deployment gets one (unless it is in flight).

Each step is stated in the process's own words, and :func:`apply_repair` turns the
steps into the repaired record, which the tests check again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from ..model.process import Process
from ..model.record import Event, EvidenceRef, Outcome, Record
from ..model.stage import StageKind
from ..rules.catalogue import Severity
from ..rules.findings import Finding, RepairStep
from .amendments import amendments
from .edits import additions, after_deployment, removal
from .event_rules import walk
from .lineage import short
from .new_events import add_events
from .placement import origin_commit
from .record_pass import RecordPass

if TYPE_CHECKING:
    from .context import Context
    from .trace import Trace

_REASONS = {
    "unknown-stage": "not a stage of the process",
    "unknown-actor": "its actor is not in the roster",
    "actor-lacks-role": "its actor did not hold a permitted role",
    "segregation-of-duties": "its actor may not check their own work",
}


def propose(context: Context, trace: Trace, findings: list[Finding]) -> list[RepairStep]:
    """The repair steps for a non-compliant record, in the order to apply them.

    The proposal is verified: it is applied and checked again, and events that the
    repair would leave out of order are removed too, until the repaired record
    holds together (a few rounds at most).
    """
    record = trace.record
    errors = [f for f in findings if f.severity is Severity.ERROR]
    removals: dict[int, str] = {}
    for finding in errors:
        if finding.rule in _REASONS and finding.event is not None:
            removals.setdefault(finding.event, _REASONS[finding.rule])
    for number, stage in trace.late_deps:
        removals.setdefault(number, f"it came before '{stage}' was complete")
    amends = amendments(trace, errors)
    steps: list[RepairStep] = []
    for _ in range(_MAX_ROUNDS):
        keep = [n for n in range(1, len(record.events) + 1) if n not in removals]
        reduced, reduced_errors = _recheck(context, record, keep)
        removes = [removal(record, n, why) for n, why in sorted(removals.items())]
        steps = [*removes, *amends, *additions(context, reduced, reduced_errors, keep)]
        repaired, origin = _apply(context.process, record, steps)
        run = RecordPass(context, repaired)
        walk(run)
        late = {
            origin[n - 1]: f"it came before '{stage}' was complete"
            for n, stage in run.trace.late_deps
            if origin[n - 1] is not None
        }
        fresh = {n: why for n, why in late.items() if n is not None and n not in removals}
        if not fresh:
            rest = [f for f in run.out if f.severity is Severity.ERROR]
            if all(f.rule in _AMENDED_BY_PEOPLE for f in rest):
                return steps
            break
        removals.update(fresh)
    return _redo(context, trace, removals, amends) or steps


def _redo(
    context: Context, trace: Trace, removals: dict[int, str], amends: list[RepairStep]
) -> list[RepairStep]:
    """The fallback when local fixes do not hold together: redo the change's work for
    one subject, in dependency order, right before its deployment (or at the end).

    Larger than the local repair, but a compliant path wherever the roster has
    people for every stage.
    """
    record = trace.record
    view = trace.view
    process = context.process
    bound = context.graph.subject_bound
    if not view.deployments:
        return []
    deployed = [
        n
        for n, ev in enumerate(record.events, 1)
        if process.has_stage(ev.stage)
        and process.stage(ev.stage).kind is StageKind.DEPLOYMENT
        and ev.outcome.completes
        and n not in removals
    ]
    anchor = deployed[-1] if deployed else None
    if anchor is not None:
        deploy_stage, target = record.events[anchor - 1].stage, record.events[anchor - 1].subject
        commit = origin_commit(trace, target)
    else:
        deploy_stage = view.deployments[0]
        commit = next(
            (e.subject for e in reversed(record.events) if e.stage in bound),
            record.subject.commit or "unknown",
        )
        target = commit
    last = anchor if anchor is not None else len(record.events) + 1
    after = view.downstream.get(deploy_stage, frozenset())
    redo = bound | view.required_before[deploy_stage]
    drop = dict(removals)
    for n, ev in enumerate(record.events, 1):
        if n == anchor or n in drop:
            continue
        if n < last and ev.stage in after:
            drop[n] = "it came before the deployment"
        elif n < last and ev.stage in redo:
            drop[n] = "the change's work is redone below"
        elif n > last and ev.stage not in after:
            drop[n] = "it came after the deployment"
    keep = [n for n in range(1, len(record.events) + 1) if n not in drop]
    reduced = record.model_copy(update={"events": tuple(record.events[n - 1] for n in keep)})
    run = RecordPass(context, reduced)
    walk(run)
    steps = [removal(record, n, why) for n, why in sorted(drop.items())]
    steps += amends
    position = keep.index(anchor) + 1 if anchor is not None else None
    needed = [s for s in view.order if s in view.required_before[deploy_stage]]
    if anchor is None:
        needed.append(deploy_stage)
    for stage in needed:
        done = run.trace.done.get(stage)
        counted = frozenset(
            reduced.events[i - 1].actor for i in (done.events if done and stage not in redo else ())
        )
        count = max(view.actors(stage) - len(counted), 0)
        if count == 0:
            continue
        subject = target if stage == deploy_stage else commit
        added = add_events(
            context,
            run.trace,
            stage,
            subject,
            position,
            count,
            process.providers if view.min_share(stage) is not None else (),
            steps,
            keep,
            counted,
        )
        if process.stage(stage).kind is StageKind.BUILD and target != commit:
            added = [
                replace(s, text=f"{s.text}, producing {short(target)}", produces=(target,))
                for s in added
            ]
        steps += added
    tail = keep.index(anchor) + 1 if anchor is not None else len(keep)
    steps += after_deployment(context, run.trace, deploy_stage, target, tail, steps, keep)
    return steps


_MAX_ROUNDS = 4


_AMENDED_BY_PEOPLE = frozenset(
    {"time-order", "missing-evidence", "unverifiable", "false-lineage", "version-not-in-force"}
)
"""Findings a repair can only ask people to amend: clocks and evidence cannot be made up,
and what was not checked must be checked."""


def _recheck(context: Context, record: Record, keep: list[int]) -> tuple[Trace, list[Finding]]:
    """Check the record as it stands with only the events ``keep`` (1-based)."""
    reduced = record.model_copy(update={"events": tuple(record.events[n - 1] for n in keep)})
    run = RecordPass(context, reduced)
    errors = [f for f in walk(run) if f.severity is Severity.ERROR]
    return run.trace, errors


def apply_repair(process: Process, record: Record, steps: list[RepairStep]) -> Record:
    """The record with the repair applied: removals dropped, additions inserted with
    placeholder evidence of every kind their stage requires, the risk re-declared.

    Timestamps and evidence digests cannot be invented, so amendments of those are
    left to people; everything else a repair says is carried out.
    """
    return _apply(process, record, steps)[0]


def _apply(
    process: Process, record: Record, steps: list[RepairStep]
) -> tuple[Record, list[int | None]]:
    """The repaired record, and for each of its events the original event number
    (``None`` for added events)."""
    removed = {s.event for s in steps if s.action == "remove"}
    inserts: dict[int | None, list[RepairStep]] = {}
    for step in steps:
        if step.action == "add":
            inserts.setdefault(step.event, []).append(step)
    out: list[Event] = []
    origin: list[int | None] = []

    def new(step: RepairStep, near: Event | None) -> Event:
        """An added event, timed and about what the event ``near`` it is (a record with
        no events yet has none: the day the process took effect, and its commit)."""
        stage = process.stage(step.stage)
        at = (
            near.at
            if near is not None
            else dt.datetime.combine(process.effective, dt.time(), dt.UTC)
        )
        subject = near.subject if near is not None else record.subject.commit or "unknown"
        return Event(
            stage=step.stage,
            actor=step.actor or "unknown",
            at=at,
            outcome=Outcome.APPROVED if stage.is_gate else Outcome.DONE,
            subject=step.subject if step.subject not in (None, "?") else subject,
            covers=step.covers,
            produces=step.produces,
            evidence=tuple(
                EvidenceRef(kind=kind, uri=f"repair:{step.stage}") for kind in stage.evidence
            ),
        )

    for number, ev in enumerate(record.events, start=1):
        for step in inserts.get(number, []):
            out.append(new(step, out[-1] if out else ev))
            origin.append(None)
        if number not in removed:
            out.append(ev)
            origin.append(number)
    for step in inserts.get(None, []):
        out.append(new(step, out[-1] if out else None))
        origin.append(None)
    declared = record.declared_risk
    for step in steps:
        if step.action == "amend" and step.value is not None:
            declared = step.value
    repaired = record.model_copy(update={"events": tuple(out), "declared_risk": declared})
    return repaired, origin
