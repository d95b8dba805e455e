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
    """The repair steps for a non-compliant record, in the order to apply them."""
    record = trace.record
    errors = [f for f in findings if f.severity is Severity.ERROR]
    steps: list[RepairStep] = []
    removed: set[int] = set()
    for finding in errors:
        if finding.rule in _REASONS and finding.event is not None:
            if finding.event in removed:
                continue
            removed.add(finding.event)
            ev = record.events[finding.event - 1]
            steps.append(
                RepairStep(
                    "remove",
                    ev.stage,
                    f"remove event #{finding.event} '{ev.stage}' by {ev.actor} "
                    f"({_REASONS[finding.rule]})",
                    event=finding.event,
                )
            )
    for finding in errors:
        if finding.rule == "risk-underdeclared":
            steps.append(
                RepairStep(
                    "amend",
                    "",
                    f"declare the risk as {trace.view.scenario.risk} (not {record.declared_risk})",
                    value=trace.view.scenario.risk,
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
    for number, stage in trace.late_deps:
        if number in removed:
            continue
        removed.add(number)
        ev = record.events[number - 1]
        steps.append(
            RepairStep(
                "remove",
                ev.stage,
                f"remove event #{number} '{ev.stage}' by {ev.actor} (it came before "
                f"'{stage}' was complete)",
                event=number,
            )
        )
    steps.extend(_additions(checker, trace, removed, errors))
    return steps


def _additions(
    checker: Checker, trace: Trace, removed: set[int], errors: list[Finding]
) -> list[RepairStep]:
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
            for stage, count, covers in needed:
                steps.extend(_add(checker, trace, stage, subject, None, count, covers))
            steps.extend(_after(checker, trace, deploy, subject, None))
        return steps
    deploy_number = deployments[-1]
    deploy_event = events[deploy_number - 1]
    subject = deploy_event.subject
    steps.extend(_after(checker, trace, deploy_event.stage, subject, deploy_number))
    needed = _lacking(checker, trace, deploy_event.stage, subject, trace.at_deploy, removed)
    epoch = _epoch_start(checker, trace, subject, deploy_number)
    for stage, count, covers in needed:
        start = 0 if stage not in checker.graph.subject_bound else epoch
        before = _insertion_point(trace, stage, start, deploy_number, removed)
        at_subject = _subject_for(trace, stage, subject)
        steps.extend(_add(checker, trace, stage, at_subject, before, count, covers))
    return steps


def _after(
    checker: Checker, trace: Trace, deploy: str, subject: str, number: int | None
) -> list[RepairStep]:
    """Stages that must follow the deployment (verification) and have not."""
    view = trace.view
    later = trace.record.events[number:] if number is not None else ()
    steps = []
    for stage in view.order:
        if deploy not in view.required_before.get(stage, frozenset()):
            continue
        done = {e.actor for e in later if e.stage == stage and e.outcome.completes}
        count = view.actors(stage) - len(done)
        if count > 0:
            steps.extend(_add(checker, trace, stage, subject, None, count, ()))
    return steps


def _lacking(
    checker: Checker,
    trace: Trace,
    deploy: str,
    subject: str,
    completions: dict[str, Completion],
    removed: set[int],
) -> list[tuple[str, int, tuple[str, ...]]]:
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
            out.append((stage, count, covers))
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
) -> list[RepairStep]:
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
    where = (
        f"before event #{before} '{trace.record.events[before - 1].stage}'"
        if before is not None and before <= len(trace.record.events)
        else "at the end"
    )
    extra = f" covering {', '.join(covers)}" if covers else ""
    short = subject if len(subject) <= 14 else subject[: subject.find(":") + 8] + "…"
    about = f" for subject {short}" if stage_id in checker.graph.subject_bound else ""
    actors = _candidates(checker, trace, stage_id, roles, count)
    steps = []
    for i in range(count):
        ordinal = f" ({i + 1} of {count})" if count > 1 else ""
        steps.append(
            RepairStep(
                "add",
                stage_id,
                f"add '{stage_id}'{ordinal} by {article} {who}{extra}{about}, {where}",
                event=before,
                subject=subject,
                actor=actors[i] if i < len(actors) else None,
                covers=covers,
            )
        )
    return steps


def _candidates(
    checker: Checker, trace: Trace, stage_id: str, roles: list[str], count: int
) -> list[str]:
    """People who could perform the added events: right role, not conflicted, new."""
    roster = checker.roster
    if roster is None:
        return []
    stage = checker.process.stage(stage_id)
    conflicted = {e.actor for e in trace.record.events if e.stage in stage.differ_from}
    already = {e.actor for e in trace.record.events if e.stage == stage_id}
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
    removed = {s.event for s in steps if s.action == "remove"}
    inserts: dict[int | None, list[RepairStep]] = {}
    for step in steps:
        if step.action == "add":
            inserts.setdefault(step.event, []).append(step)
    out: list[Event] = []

    def new(step: RepairStep, near: Event) -> Event:
        stage = process.stage(step.stage)
        return Event(
            stage=step.stage,
            actor=step.actor or "unknown",
            at=near.at,
            outcome=Outcome.APPROVED if stage.is_gate else Outcome.DONE,
            subject=step.subject or near.subject,
            covers=step.covers,
            evidence=tuple(
                EvidenceRef(kind=kind, uri=f"repair:{step.stage}") for kind in stage.evidence
            ),
        )

    for number, ev in enumerate(record.events, start=1):
        for step in inserts.get(number, []):
            out.append(new(step, out[-1] if out else ev))
        if number not in removed:
            out.append(ev)
    for step in inserts.get(None, []):
        out.append(new(step, out[-1] if out else record.events[-1]))
    declared = record.declared_risk
    for step in steps:
        if step.action == "amend" and step.value is not None:
            declared = step.value
    return record.model_copy(update={"events": tuple(out), "declared_risk": declared})
