"""The smallest repair: the fewest events to add or remove to make a record compliant.

The repair follows from what the checker learned (:class:`~sdlc.check.Trace`):

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

from .findings import Finding, RepairStep
from .model import Process, StageKind
from .record import Event, EvidenceRef, Outcome, Record
from .rules import Severity

if TYPE_CHECKING:
    from .check import Checker, Completion, Trace

_REASONS = {
    "unknown-stage": "not a stage of the process",
    "unknown-actor": "its actor is not in the roster",
    "actor-lacks-role": "its actor did not hold a permitted role",
    "segregation-of-duties": "its actor may not check their own work",
}


def propose(checker: Checker, trace: Trace, findings: list[Finding]) -> list[RepairStep]:
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
    amends = _amendments(trace, errors)
    steps: list[RepairStep] = []
    for _ in range(_MAX_ROUNDS):
        keep = [n for n in range(1, len(record.events) + 1) if n not in removals]
        reduced, reduced_errors = _recheck(checker, record, keep)
        removes = [_removal(record, n, why) for n, why in sorted(removals.items())]
        steps = [*removes, *amends, *_additions(checker, reduced, reduced_errors, keep)]
        repaired, origin = _apply(checker.process, record, steps)
        from .check import _Run

        run = _Run(checker, repaired)
        run.findings()
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
    return _redo(checker, trace, removals, amends) or steps


def _redo(
    checker: Checker, trace: Trace, removals: dict[int, str], amends: list[RepairStep]
) -> list[RepairStep]:
    """The fallback when local fixes do not hold together: redo the change's work for
    one subject, in dependency order, right before its deployment (or at the end).

    Larger than the local repair, but a compliant path wherever the roster has
    people for every stage.
    """
    from .check import _Run

    record = trace.record
    view = trace.view
    process = checker.process
    bound = checker.graph.subject_bound
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
        commit = _origin_commit(trace, target)
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
    run = _Run(checker, reduced)
    run.findings()
    steps = [_removal(record, n, why) for n, why in sorted(drop.items())]
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
        added = _add(
            checker,
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
                replace(s, text=f"{s.text}, producing {_short(target)}", produces=(target,))
                for s in added
            ]
        steps += added
    tail = keep.index(anchor) + 1 if anchor is not None else len(keep)
    steps += _after(checker, run.trace, deploy_stage, target, tail, steps, keep)
    return steps


def _origin_commit(trace: Trace, deployed: str) -> str:
    """The commit a deployed artifact was built from, as far as the record tells."""
    for ev in trace.record.events:
        if deployed in ev.produces:
            return ev.subject
    return trace.record.subject.commit or deployed


_MAX_ROUNDS = 4
_AMENDED_BY_PEOPLE = frozenset({"time-order", "missing-evidence"})
"""Findings a repair can only ask people to amend: clocks and evidence cannot be made up."""


def _removal(
    record: Record, number: int, why: str, numbering: list[int] | None = None
) -> RepairStep:
    """Remove event ``number`` of ``record`` (named by its original number)."""
    ev = record.events[number - 1]
    original = numbering[number - 1] if numbering is not None else number
    return RepairStep(
        "remove",
        ev.stage,
        f"remove event #{original} '{ev.stage}' by {ev.actor} ({why})",
        event=original,
    )


def _amendments(trace: Trace, errors: list[Finding]) -> list[RepairStep]:
    """Fixes that change a field rather than add or remove an event."""
    record = trace.record
    steps = []
    for finding in errors:
        if finding.rule == "risk-underdeclared":
            risk = trace.view.scenario.risk
            steps.append(
                RepairStep(
                    "amend",
                    "",
                    f"declare the risk as {risk} (not {record.declared_risk})",
                    value=risk,
                )
            )
        elif finding.rule == "missing-evidence" and finding.event is not None:
            steps.append(
                RepairStep(
                    "amend",
                    finding.stage or "",
                    f"attach the missing evidence to event #{finding.event}",
                    event=finding.event,
                )
            )
        elif finding.rule == "time-order" and finding.event is not None:
            steps.append(
                RepairStep(
                    "amend",
                    finding.stage or "",
                    f"correct the timestamp of event #{finding.event}",
                    event=finding.event,
                )
            )
    return steps


def _recheck(checker: Checker, record: Record, keep: list[int]) -> tuple[Trace, list[Finding]]:
    """Check the record as it stands with only the events ``keep`` (1-based)."""
    from .check import _Run

    reduced = record.model_copy(update={"events": tuple(record.events[n - 1] for n in keep)})
    run = _Run(checker, reduced)
    errors = [f for f in run.findings() if f.severity is Severity.ERROR]
    return run.trace, errors


def _additions(
    checker: Checker, trace: Trace, errors: list[Finding], numbering: list[int]
) -> list[RepairStep]:
    """What the (reduced) record lacks; ``numbering`` maps its events to the original's."""
    removed: set[int] = set()
    view = trace.view
    record = trace.record
    events = record.events
    deployments = [n for n in trace.deployed if n not in removed]
    steps: list[RepairStep] = []
    if not deployments:
        if any(f.rule == "incomplete" for f in errors) and view.deployments:
            deploy = view.deployments[0]
            subject = _latest_subject(checker, trace) or record.subject.artifact or "?"
            needed = _lacking(checker, trace, deploy, subject, trace.done, removed)
            # what should have followed a deployment cannot stand without one
            downstream = view.downstream.get(deploy, frozenset())
            for n, ev in enumerate(events, 1):
                if ev.stage in downstream:
                    steps.append(_removal(record, n, "it came before any deployment", numbering))
            end = len(events) + 1
            epoch = _epoch_start(checker, trace, subject, end)
            for stage, count, covers, counted in needed:
                start = 0 if stage not in checker.graph.subject_bound else epoch
                before = (
                    None if stage == deploy else _insertion_point(trace, stage, start, end, removed)
                )
                at_subject = _subject_for(trace, stage, subject)
                steps.extend(
                    _add(
                        checker,
                        trace,
                        stage,
                        at_subject,
                        before,
                        count,
                        covers,
                        steps,
                        numbering,
                        counted,
                    )
                )
            after = len(events)
            steps.extend(_after(checker, trace, deploy, subject, after, steps, numbering))
        return steps
    deploy_number = deployments[-1]
    deploy_event = events[deploy_number - 1]
    subject = deploy_event.subject
    steps.extend(
        _after(checker, trace, deploy_event.stage, subject, deploy_number, steps, numbering)
    )
    needed = _lacking(checker, trace, deploy_event.stage, subject, trace.at_deploy, removed)
    epoch = _epoch_start(checker, trace, subject, deploy_number)
    for stage, count, covers, counted in needed:
        start = 0 if stage not in checker.graph.subject_bound else epoch
        before = _insertion_point(trace, stage, start, deploy_number, removed)
        at_subject = _subject_for(trace, stage, subject)
        added = _add(
            checker, trace, stage, at_subject, before, count, covers, steps, numbering, counted
        )
        if checker.process.stage(stage).kind is StageKind.BUILD and at_subject != subject:
            added = [
                replace(step, text=f"{step.text}, producing {_short(subject)}", produces=(subject,))
                for step in added
            ]
        steps.extend(added)
    return steps


def _after(
    checker: Checker,
    trace: Trace,
    deploy: str,
    subject: str,
    number: int | None,
    planned: list[RepairStep],
    numbering: list[int],
) -> list[RepairStep]:
    """Stages that must follow the deployment (verification) and have not."""
    view = trace.view
    later = trace.record.events[number:] if number is not None else ()
    steps: list[RepairStep] = []
    for stage in view.order:
        if deploy not in view.required_before.get(stage, frozenset()):
            continue
        done = {e.actor for e in later if e.stage == stage and e.outcome.completes}
        count = view.actors(stage) - len(done)
        if count > 0:
            steps.extend(
                _add(checker, trace, stage, subject, None, count, (), planned + steps, numbering)
            )
    return steps


def _lacking(
    checker: Checker,
    trace: Trace,
    deploy: str,
    subject: str,
    completions: dict[str, Completion],
    removed: set[int],
) -> list[tuple[str, int, tuple[str, ...], frozenset[str]]]:
    """For each stage the deployment needs: how many events it lacks for ``subject``.

    Only the events that made up each stage's completion when the deployment
    happened count, less those the repair removes or that cannot count.
    """
    view = trace.view
    out = []
    required = [*(s for s in view.order if s in view.required_before[deploy]), deploy]
    if trace.deployed:
        required.remove(deploy)
    level_of = checker.process.org_rank
    for stage in required:
        good: set[str] = set()
        covered: set[str] = set()
        completion = completions.get(stage)
        numbers = completion.events if completion is not None else []
        if (
            completion is not None
            and stage in checker.graph.subject_bound
            and not trace.lineage.same(completion.subject, subject)
        ):
            numbers = []
        level = view.approver_level(stage)
        for number in numbers:
            ev = trace.record.events[number - 1]
            if number in removed or number in trace.disqualified:
                continue
            if (
                level is not None
                and checker.roster is not None
                and _actor_rank(checker, ev) < level_of(level)
            ):
                continue
            good.add(ev.actor)
            covered.update(ev.covers)
        count = max(view.actors(stage) - len(good), 0)
        covers = _to_cover(checker, view.min_share(stage), covered)
        if covers:
            count = max(count, 1)
        if count:
            out.append((stage, count, covers, frozenset(good)))
    return out


def _to_cover(checker: Checker, needed: float | None, covered: set[str]) -> tuple[str, ...]:
    """The fewest further providers (largest shares first) that lift coverage to ``needed``."""
    profile = checker.process.production_profile
    if needed is None or profile is None:
        return ()
    share = sum(v for p, v in profile.shares.items() if p in covered)
    extra: list[str] = []
    for provider in sorted(profile.shares, key=lambda p: (-profile.shares[p], p)):
        if share + 1e-9 >= needed:
            break
        if provider not in covered:
            extra.append(provider)
            share += profile.shares[provider]
    return tuple(extra)


def _actor_rank(checker: Checker, ev: Event) -> int:
    roster = checker.roster
    if roster is None or ev.actor not in roster.by_id:
        return 0
    held = roster.by_id[ev.actor].roles_on(ev.at.date())
    performers = checker.process.stage(ev.stage).performers
    return max(
        (checker.process.org_rank(checker.process.roles[r].level) for r in held if r in performers),
        default=0,
    )


def _epoch_start(checker: Checker, trace: Trace, subject: str, upto: int) -> int:
    """Event number of the last implementation of the deployed subject (0 if none)."""
    start = 0
    for number, ev in enumerate(trace.record.events[: upto - 1], start=1):
        stage = checker.process.stages_by_id.get(ev.stage)
        if (
            stage is not None
            and stage.kind is StageKind.IMPLEMENTATION
            and trace.lineage.same(ev.subject, subject)
        ):
            start = number
    return start


def _insertion_point(trace: Trace, stage: str, start: int, deploy: int, removed: set[int]) -> int:
    """Before the first event after ``start`` of a stage downstream of ``stage``."""
    downstream = trace.view.downstream.get(stage, frozenset())
    for number in range(start + 1, deploy):
        if number in removed:
            continue
        if trace.record.events[number - 1].stage in downstream:
            return number
    return deploy


def _short(subject: str) -> str:
    return subject if len(subject) <= 14 else subject[: subject.find(":") + 8] + "…"


def _subject_for(trace: Trace, stage: str, deployed: str) -> str:
    """The subject an added event is about: what its dependencies were completed for
    (the commit, for a review), as long as that is the deployed change."""
    for group in trace.view.requires.get(stage, ()):
        for dep in group:
            done = trace.done.get(dep)
            if done is not None and trace.lineage.same(done.subject, deployed):
                return done.subject
    for ev in trace.record.events:  # the commit the deployed artifact was built from
        if deployed in ev.produces:
            return ev.subject
    record = trace.record
    if (
        stage in trace.view.requires
        and record.subject.commit
        and deployed == (record.subject.artifact or deployed)
    ):
        return record.subject.commit  # the change's own commit, as the record states it
    return deployed


def _latest_subject(checker: Checker, trace: Trace) -> str | None:
    for ev in reversed(trace.record.events):
        if ev.stage in checker.graph.subject_bound:
            return ev.produces[0] if ev.produces else ev.subject
    return None


def _add(
    checker: Checker,
    trace: Trace,
    stage_id: str,
    subject: str,
    before: int | None,
    count: int,
    covers: tuple[str, ...],
    planned: list[RepairStep],
    numbering: list[int],
    counted: frozenset[str] = frozenset(),
) -> list[RepairStep]:
    """``count`` events of ``stage_id`` by people other than those ``counted`` already."""
    process = checker.process
    stage = process.stage(stage_id)
    view = trace.view
    level = view.approver_level(stage_id)
    roles = [
        r
        for r in stage.performers
        if level is None or process.org_rank(process.roles[r].level) >= process.org_rank(level)
    ]
    who = " or ".join(roles)
    article = "an" if who[:1] in "aeiou" else "a"
    original = None
    where = "at the end"
    if before is not None and before <= len(trace.record.events):
        original = numbering[before - 1]
        where = f"before event #{original} '{trace.record.events[before - 1].stage}'"
    extra = f" covering {', '.join(covers)}" if covers else ""
    short = _short(subject)
    about = f" for subject {short}" if stage_id in checker.graph.subject_bound else ""
    actors = _candidates(checker, trace, stage_id, roles, count, planned, counted)
    steps = []
    for i in range(count):
        ordinal = f" ({i + 1} of {count})" if count > 1 else ""
        steps.append(
            RepairStep(
                "add",
                stage_id,
                f"add '{stage_id}'{ordinal} by {article} {who}{extra}{about}, {where}",
                event=original,
                subject=subject,
                actor=actors[i] if i < len(actors) else None,
                covers=covers,
            )
        )
    return steps


def _candidates(
    checker: Checker,
    trace: Trace,
    stage_id: str,
    roles: list[str],
    count: int,
    planned: list[RepairStep],
    counted: frozenset[str],
) -> list[str]:
    """People who could perform the added events: the right role, new to the stage, and
    free of conflicts with what the record and the repair's earlier steps have them do."""
    roster = checker.roster
    if roster is None:
        return []
    stage = checker.process.stage(stage_id)
    # segregation works both ways: not someone whose work this checks, nor someone
    # who checks this stage's work
    checkers = {s.id for s in checker.process.stages if stage_id in s.differ_from}
    done = [(e.stage, e.actor) for e in trace.record.events]
    done += [(p.stage, p.actor) for p in planned if p.actor is not None]
    conflicted = {a for s, a in done if s in stage.differ_from or s in checkers}
    # distinct from those already counted for the stage, or planned for it
    already = set(counted)
    already |= {p.actor for p in planned if p.stage == stage_id and p.actor is not None}
    day = trace.record.events[-1].at.date() if trace.record.events else dt.date.today()
    people = [
        p.id
        for p in roster.people
        if p.roles_on(day) & set(roles) and p.id not in conflicted and p.id not in already
    ]
    return people[:count]


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

    def new(step: RepairStep, near: Event) -> Event:
        stage = process.stage(step.stage)
        return Event(
            stage=step.stage,
            actor=step.actor or "unknown",
            at=near.at,
            outcome=Outcome.APPROVED if stage.is_gate else Outcome.DONE,
            subject=step.subject or near.subject,
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
        out.append(new(step, out[-1] if out else record.events[-1]))
        origin.append(None)
    declared = record.declared_risk
    for step in steps:
        if step.action == "amend" and step.value is not None:
            declared = step.value
    repaired = record.model_copy(update={"events": tuple(out), "declared_risk": declared})
    return repaired, origin
