"""Who performs the events a repair adds: someone who may, and breaks nothing.

Each added event gets a person from the roster who holds one of its stage's
roles on the day the event is dated, at the approver level the risk asks for a
gate, preferring people who appear nowhere in the record or elsewhere in the
repair: a new person is never the author of what they check, and always adds one
more distinct person to the stage (see docs/design.md, "The smallest repair").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..graph.view import View
from ..model.record import Record
from ..model.roster import utc_day
from ..rules.findings import RepairStep
from .context import Context


def permitted_roles(context: Context, stage_id: str, level: str | None) -> list[str]:
    """The roles that may perform ``stage_id``, at ``level`` or above when given."""
    process = context.process
    return [
        r
        for r in process.stage(stage_id).performers
        if level is None or process.org_rank(process.roles[r].level) >= process.org_rank(level)
    ]


def cast(context: Context, view: View, record: Record, steps: list[RepairStep]) -> list[RepairStep]:
    """``steps`` with an actor for each addition (left unset when nobody may)."""
    roster = context.roster
    if roster is None:
        return steps
    dated = _dates(context, record, steps)
    present = {ev.actor for ev in record.events}
    used: set[str] = set()
    out: list[RepairStep] = []
    for index, step in enumerate(steps):
        if step.action != "add":
            out.append(step)
            continue
        day = utc_day(dated[index])
        roles = set(permitted_roles(context, step.stage, view.approver_level(step.stage)))
        able = [p.id for p in roster.people if p.roles_on(day) & roles]
        fresh = [p for p in able if p not in present and p not in used]
        spare = [p for p in able if p not in used]
        chosen = next(iter(fresh or spare), None)
        if chosen is not None:
            used.add(chosen)
        out.append(replace(step, actor=chosen))
    return out


def _dates(context: Context, record: Record, steps: list[RepairStep]) -> dict[int, dt.datetime]:
    """When each addition (by its index in ``steps``) is dated once applied: like the
    event before it, as :func:`~sdlc.checking.repair_apply.applied` dates it."""
    removed = {s.event for s in steps if s.action == "remove"}
    inserts: dict[int | None, list[int]] = {}
    for index, step in enumerate(steps):
        if step.action == "add":
            inserts.setdefault(step.event, []).append(index)
    out: dict[int, dt.datetime] = {}
    last: dt.datetime | None = None
    for number, ev in enumerate(record.events, start=1):
        for index in inserts.get(number, []):
            last = out[index] = last if last is not None else ev.at
        if number not in removed:
            last = ev.at
    start = dt.datetime.combine(context.process.effective, dt.time(), dt.UTC)
    for index in inserts.get(None, []):
        last = out[index] = last if last is not None else start
    return out
