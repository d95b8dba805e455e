"""The events a repair adds: which stage, by whom, for which subject, and where.

Each addition is a :class:`~sdlc.rules.findings.RepairStep` in the process's own
words, naming people from the roster who could perform it without breaking
segregation of duties (see docs/design.md, "The smallest repair").
"""

from __future__ import annotations

import datetime as dt

from ..model.roster import utc_day
from ..rules.findings import RepairStep
from .context import Context
from .lineage import short
from .titles import a_role
from .trace import Trace

UNNAMED = "?"
"""The subject of an addition to a record that names none: the change itself."""


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
    who = a_role(process, roles)
    original = None
    where = "at the end"
    if before is not None and before <= len(trace.record.events):
        original = numbering[before - 1]
        where = f"before event #{original} '{trace.record.events[before - 1].stage}'"
    extra = f" covering {', '.join(covers)}" if covers else ""
    if stage_id not in context.graph.subject_bound:
        about = ""
    elif subject == UNNAMED:
        about = " for the change"  # a record that names no subject yet
    else:
        about = f" for subject {short(subject)}"
    actors = _candidates(context, trace, stage_id, roles, count, planned, counted)
    steps = []
    for i in range(count):
        ordinal = f" ({i + 1} of {count})" if count > 1 else ""
        steps.append(
            RepairStep(
                "add",
                stage_id,
                f"add '{stage_id}'{ordinal} by {who}{extra}{about}, {where}",
                event=original,
                subject=None if subject == UNNAMED else subject,
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
    events = trace.record.events
    day = utc_day(events[-1].at) if events else dt.datetime.now(dt.UTC).date()
    people = [
        p.id
        for p in roster.people
        if p.roles_on(day) & set(roles) and p.id not in conflicted and p.id not in already
    ]
    return people[:count]
