"""The local repair: each finding's own fix, derived from what the checker learned.

The repair the exact search (:mod:`sdlc.checking.repair_search`) starts from and
falls back to beyond its limit, built from the :class:`~sdlc.checking.trace.Trace`:

* events that cannot count (unknown stage, unknown actor, a role the actor did
  not hold, segregation of duties broken) are removed;
* every stage a deployment needed but lacked for the deployed subject (missing,
  stale, too few people, too low an approver, too little coverage) gets exactly
  the events it lacks, placed before the first event that depends on it, so that
  nothing already done is invalidated;
* a record without a deployment gets one (unless it is in flight).

When those local fixes do not hold together, the change's work is redone for the
deployed subject (see docs/design.md, "The smallest repair").
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..model.record import Record
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
from .repair_apply import applied

if TYPE_CHECKING:
    from .context import Context
    from .trace import Trace

_REASONS = {
    "unknown-stage": "not a stage of the process",
    "unknown-actor": "its actor is not in the roster",
    "actor-lacks-role": "its actor did not hold a permitted role",
    "segregation-of-duties": "its actor may not check their own work",
}


def local_repair(context: Context, trace: Trace, findings: list[Finding]) -> list[RepairStep]:
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
        repaired, origin = applied(context.process, record, steps)
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
            if all(f.rule in AMENDED_BY_PEOPLE for f in rest):
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


AMENDED_BY_PEOPLE = frozenset(
    {
        "time-order",
        "missing-evidence",
        "unverifiable",
        "false-lineage",
        "version-not-in-force",
        "diff-underdeclared",
    }
)
"""Findings a repair can only ask people to amend: clocks and evidence cannot be made up,
what was not checked must be checked, and what a change's commits touch is declared, not
removed from the record."""


def _recheck(context: Context, record: Record, keep: list[int]) -> tuple[Trace, list[Finding]]:
    """Check the record as it stands with only the events ``keep`` (1-based)."""
    reduced = record.model_copy(update={"events": tuple(record.events[n - 1] for n in keep)})
    run = RecordPass(context, reduced)
    errors = [f for f in walk(run) if f.severity is Severity.ERROR]
    return run.trace, errors
