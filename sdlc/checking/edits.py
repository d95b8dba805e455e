"""What a record lacks for its deployment, and the events that would supply it.

Used by :mod:`sdlc.checking.repair`. Every function here works on a
:class:`~sdlc.checking.trace.Trace`
of the record as the repair leaves it (``numbering`` maps its events back to the
record's own numbers, for the messages), and states each addition in the
process's own words: which stage, by whom, for which subject, and where.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..model.record import Event, Record
from ..model.stage import StageKind
from ..rules.findings import Finding, RepairStep
from .lineage import short
from .new_events import UNNAMED, add_events
from .placement import epoch_start, insertion_point, latest_subject, subject_for

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
            subject = (
                latest_subject(context, trace)
                or record.subject.artifact
                or record.subject.commit
                or UNNAMED
            )
            needed = _lacking(context, trace, deploy, subject, trace.done, removed)
            # what should have followed a deployment cannot stand without one
            downstream = view.downstream.get(deploy, frozenset())
            for n, ev in enumerate(events, 1):
                if ev.stage in downstream:
                    steps.append(removal(record, n, "it came before any deployment", numbering))
            end = len(events) + 1
            epoch = epoch_start(context, trace, subject, end)
            for stage, count, covers, counted in needed:
                start = 0 if stage not in context.graph.subject_bound else epoch
                before = (
                    None if stage == deploy else insertion_point(trace, stage, start, end, removed)
                )
                at_subject = subject_for(trace, stage, subject)
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
    epoch = epoch_start(context, trace, subject, deploy_number)
    for stage, count, covers, counted in needed:
        start = 0 if stage not in context.graph.subject_bound else epoch
        before = insertion_point(trace, stage, start, deploy_number, removed)
        at_subject = subject_for(trace, stage, subject)
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
    held = roster.by_id[ev.actor].roles_at(ev.at)
    performers = context.process.stage(ev.stage).performers
    return max(
        (context.process.org_rank(context.process.roles[r].level) for r in held if r in performers),
        default=0,
    )
