"""Carrying out a repair: the record with its steps applied.

The one place a list of :class:`~sdlc.rules.findings.RepairStep` becomes a record,
used by :func:`apply_repair` (for people and the tests) and by the repair search,
which judges each candidate edit by checking exactly the record this gives (see
docs/design.md, "The smallest repair").
"""

from __future__ import annotations

import datetime as dt

from ..model.process import Process
from ..model.record import Event, EvidenceRef, Outcome, Record
from ..rules.findings import RepairStep


def apply_repair(process: Process, record: Record, steps: list[RepairStep]) -> Record:
    """The record with the repair applied: removals dropped, additions inserted with
    placeholder evidence of every kind their stage requires, the risk re-declared.

    Timestamps and evidence digests cannot be invented, so amendments of those are
    left to people; everything else a repair says is carried out.
    """
    return applied(process, record, steps)[0]


def applied(
    process: Process, record: Record, steps: list[RepairStep]
) -> tuple[Record, list[int | None]]:
    """The repaired record, and for each of its events the original event number
    (``None`` for added events).

    An added event goes before the original event its step names (at the end when it
    names none), after the other additions placed there earlier in ``steps``; it is
    dated like the event before it, completed (approved, for a gate), by the step's
    actor, with evidence of every kind its stage requires.
    """
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
