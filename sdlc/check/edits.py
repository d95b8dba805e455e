"""What a record lacks for its deployment, and the events that would supply it.

Used by :mod:`sdlc.check.repair`. Every function here works on a :class:`~sdlc.check.Trace`
of the record as the repair leaves it (``numbering`` maps its events back to the
record's own numbers, for the messages), and states each addition in the
process's own words: which stage, by whom, for which subject, and where.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from ..model.process import StageKind
from ..model.record import Event, Record
from ..rules.findings import Finding, RepairStep
from .lineage import short

if TYPE_CHECKING:
    from .context import Context
    from .trace import Completion, Trace


def removal(
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


def additions(
    context: Context, trace: Trace, errors: list[Finding], numbering: list[int]
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
            subject = _latest_subject(context, trace) or record.subject.artifact or "?"
            needed = _lacking(context, trace, deploy, subject, trace.done, removed)
            # what should have followed a deployment cannot stand without one
            downstream = view.downstream.get(deploy, frozenset())
            for n, ev in enumerate(events, 1):
                if ev.stage in downstream:
                    steps.append(removal(record, n, "it came before any deployment", numbering))
            end = len(events) + 1
            epoch = _epoch_start(context, trace, subject, end)
            for stage, count, covers, counted in needed:
                start = 0 if stage not in context.graph.subject_bound else epoch
                before = (
                    None if stage == deploy else _insertion_point(trace, stage, start, end, removed)
                )
                at_subject = _subject_for(trace, stage, subject)
                steps.extend(
                    add_events(
                        context,
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
            steps.extend(after_deployment(context, trace, deploy, subject, after, steps, numbering))
        return steps
    deploy_number = deployments[-1]
    deploy_event = events[deploy_number - 1]
    subject = deploy_event.subject
    steps.extend(
        after_deployment(
            context, trace, deploy_event.stage, subject, deploy_number, steps, numbering
        )
    )
    needed = _lacking(context, trace, deploy_event.stage, subject, trace.at_deploy, removed)
    epoch = _epoch_start(context, trace, subject, deploy_number)
    for stage, count, covers, counted in needed:
        start = 0 if stage not in context.graph.subject_bound else epoch
        before = _insertion_point(trace, stage, start, deploy_number, removed)
        at_subject = _subject_for(trace, stage, subject)
        added = add_events(
            context, trace, stage, at_subject, before, count, covers, steps, numbering, counted
        )
        if context.process.stage(stage).kind is StageKind.BUILD and at_subject != subject:
            added = [
                replace(step, text=f"{step.text}, producing {short(subject)}", produces=(subject,))
                for step in added
            ]
        steps.extend(added)
    return steps


def after_deployment(
    context: Context,
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
                add_events(
                    context, trace, stage, subject, None, count, (), planned + steps, numbering
                )
            )
    return steps


def _lacking(
    context: Context,
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
    level_of = context.process.org_rank
    for stage in required:
        good: set[str] = set()
        covered: set[str] = set()
        completion = completions.get(stage)
        numbers = completion.events if completion is not None else []
        if (
            completion is not None
            and stage in context.graph.subject_bound
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
                and context.roster is not None
                and _actor_rank(context, ev) < level_of(level)
            ):
                continue
            good.add(ev.actor)
            covered.update(ev.covers)
        count = max(view.actors(stage) - len(good), 0)
        covers = _to_cover(context, view.min_share(stage), covered)
        if covers:
            count = max(count, 1)
        if count:
            out.append((stage, count, covers, frozenset(good)))
    return out


def _to_cover(context: Context, needed: float | None, covered: set[str]) -> tuple[str, ...]:
    """The fewest further providers (largest shares first) that lift coverage to ``needed``."""
    profile = context.process.production_profile
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


def _actor_rank(context: Context, ev: Event) -> int:
    roster = context.roster
    if roster is None or ev.actor not in roster.by_id:
        return 0
    held = roster.by_id[ev.actor].roles_on(ev.at.date())
    performers = context.process.stage(ev.stage).performers
    return max(
        (context.process.org_rank(context.process.roles[r].level) for r in held if r in performers),
        default=0,
    )


def _epoch_start(context: Context, trace: Trace, subject: str, upto: int) -> int:
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
    record = trace.record
    if (
        stage in trace.view.requires
        and record.subject.commit
        and deployed == (record.subject.artifact or deployed)
    ):
        return record.subject.commit  # the change's own commit, as the record states it
    return deployed


def _latest_subject(context: Context, trace: Trace) -> str | None:
    for ev in reversed(trace.record.events):
        if ev.stage in context.graph.subject_bound:
            return ev.produces[0] if ev.produces else ev.subject
    return None


def add_events(
    context: Context,
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
    process = context.process
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
    quoted = short(subject)
    about = f" for subject {quoted}" if stage_id in context.graph.subject_bound else ""
    actors = _candidates(context, trace, stage_id, roles, count, planned, counted)
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
    context: Context,
    trace: Trace,
    stage_id: str,
    roles: list[str],
    count: int,
    planned: list[RepairStep],
    counted: frozenset[str],
) -> list[str]:
    """People who could perform the added events: the right role, new to the stage, and
    free of conflicts with what the record and the repair's earlier steps have them do."""
    roster = context.roster
    if roster is None:
        return []
    stage = context.process.stage(stage_id)
    # segregation works both ways: not someone whose work this checks, nor someone
    # who checks this stage's work
    checkers = {s.id for s in context.process.stages if stage_id in s.differ_from}
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


def origin_commit(trace: Trace, deployed: str) -> str:
    """The commit a deployed artifact was built from, as far as the record tells."""
    for ev in trace.record.events:
        if deployed in ev.produces:
            return ev.subject
    return trace.record.subject.commit or deployed
