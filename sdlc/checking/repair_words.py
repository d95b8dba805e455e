"""The steps of a repair found by search, in the process's own words.

Each removal names the event (number, stage, actor) and why it goes; each
addition names the stage, who may perform it (the roles, at the level needed,
and who it must not be), the subject it is about ("for the change" for work
about the change as a whole, or when the record names no subject yet) and
where it goes: before an event the repair keeps, or at the end. An event that
goes and comes back elsewhere reads as a move (see docs/design.md, "The
smallest repair").
"""

from __future__ import annotations

from dataclasses import replace

from ..model.record import Record
from ..rules.findings import Finding, RepairStep
from .context import Context
from .lineage import short
from .repair_bound import INTRINSIC
from .repair_cast import permitted_roles
from .titles import a_role
from .trace import Trace

_REASONS = {
    **INTRINSIC,
    "segregation-of-duties": "its actor may not check their own work",
}


def worded(
    context: Context, trace: Trace, findings: list[Finding], steps: list[RepairStep]
) -> list[RepairStep]:
    """``steps`` (with placeholder text) with their text."""
    record = trace.record
    gone = {s.event for s in steps if s.action == "remove"}
    adds = [s for s in steps if s.action == "add"]
    late = dict(trace.late_deps)
    twins: dict[tuple[str, str | None], int] = {}
    for step in adds:
        twins[step.stage, step.subject] = twins.get((step.stage, step.subject), 0) + 1
    seen: dict[tuple[str, str | None], int] = {}
    out: list[RepairStep] = []
    for step in steps:
        if step.action == "remove" and step.event is not None:
            back = next((a for a in adds if _same(record, step.event, a)), None)
            why = _why(findings, late, step.event)
            if back is not None and why is None:
                why = f"it is added again {_where(record, gone, back.event)}, where it counts"
            ev = record.events[step.event - 1]
            text = f"remove event #{step.event} '{ev.stage}' by {ev.actor} ({why or _ELSE})"
            out.append(replace(step, text=text))
        elif step.action == "add":
            key = (step.stage, step.subject)
            seen[key] = seen.get(key, 0) + 1
            ordinal = f" ({seen[key]} of {twins[key]})" if twins[key] > 1 else ""
            text = _addition(context, trace, gone, step, steps, ordinal)
            out.append(replace(step, text=text))
        else:
            out.append(step)
    return out


_ELSE = "what else the record holds cannot count with it"


def _same(record: Record, number: int, step: RepairStep) -> bool:
    ev = record.events[number - 1]
    return ev.stage == step.stage and ev.subject == step.subject


def _why(findings: list[Finding], late: dict[int, str], number: int) -> str | None:
    for finding in findings:
        if finding.event == number and finding.rule in _REASONS:
            return _REASONS[finding.rule]
    if number in late:
        return f"it came before '{late[number]}' was complete"
    return None


def _where(record: Record, gone: set[int | None], before: int | None) -> str:
    """Before the first original event from ``before`` on that the repair keeps."""
    if before is not None:
        for number in range(before, len(record.events) + 1):
            if number not in gone:
                return f"before event #{number} '{record.events[number - 1].stage}'"
    return "at the end"


def _addition(
    context: Context,
    trace: Trace,
    gone: set[int | None],
    step: RepairStep,
    steps: list[RepairStep],
    ordinal: str,
) -> str:
    process = context.process
    view = trace.view
    record = trace.record
    stage = process.stage(step.stage)
    roles = permitted_roles(context, step.stage, view.approver_level(step.stage))
    who = a_role(process, list(roles))
    others = sorted(
        {
            e.actor
            for n, e in enumerate(record.events, 1)
            if n not in gone and e.stage in stage.differ_from
        }
        | {s.actor for s in steps if s.action == "add" and s.stage in stage.differ_from and s.actor}
    )
    unlike = f" other than {' or '.join(others)}" if others else ""
    covering = f" covering {', '.join(step.covers)}" if step.covers else ""
    if step.stage not in context.graph.subject_bound:
        about = ""
    elif step.subject:
        about = f" for subject {short(step.subject)}"
    else:
        about = " for the change"
    made = f", producing {', '.join(short(p) for p in step.produces)}" if step.produces else ""
    where = _where(record, gone, step.event)
    return f"add '{step.stage}'{ordinal} by {who}{unlike}{covering}{about}, {where}{made}"
