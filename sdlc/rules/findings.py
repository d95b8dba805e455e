"""Findings and reports: what the checks return. Data only; nothing here prints."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import Location
from .catalogue import RULES, Severity

if TYPE_CHECKING:
    from ..model.record import Record


@dataclass(frozen=True, slots=True)
class Finding:
    """One deviation: which rule, where, what happened and how to fix it."""

    rule: str
    severity: Severity
    message: str
    hint: str
    record: str | None = None
    event: int | None = None
    """1-based number of the event in the record (#1 is the first), when the finding is
    about one; messages use the same number."""
    stage: str | None = None
    actor: str | None = None
    location: Location | None = None
    waived: str | None = None
    """Set when an approved waiver accepts this finding: the waiver's id and reason
    (see :mod:`sdlc.evolution.waivers`). A waived finding never makes a record non-compliant."""

    @property
    def code(self) -> str:
        return RULES[self.rule].code

    @property
    def failing(self) -> bool:
        """Whether the finding makes its record non-compliant: an error, not waived."""
        return self.severity is Severity.ERROR and self.waived is None

    def as_dict(self) -> dict[str, object]:
        """The JSON form: rule, code, severity, message, event, stage, hint; ``waived``
        (the waiver's id and reason) only when a waiver accepts the finding."""
        data: dict[str, object] = {
            "rule": self.rule,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "event": self.event,
            "stage": self.stage,
            "actor": self.actor,
            "hint": self.hint,
            "location": None if self.location is None else str(self.location),
        }
        if self.waived is not None:
            data["waived"] = self.waived
        return data


@dataclass(frozen=True, slots=True)
class RepairStep:
    """One event to add to, or remove from, a record to make it compliant."""

    action: str
    """``add`` or ``remove`` an event, or ``amend`` a field of the record or an event."""
    stage: str
    text: str
    """The step in the process's own words."""
    event: int | None = None
    """1-based event number. Removals: the event removed. Additions: the event the new
    one goes before (``None``: at the end)."""
    subject: str | None = None
    """Additions: the subject the new event is about."""
    actor: str | None = None
    """Additions: someone in the roster who could perform it, when one is known."""
    covers: tuple[str, ...] = ()
    """Additions to test stages: the providers the new tests must cover."""
    produces: tuple[str, ...] = ()
    """Additions to build stages: the artifact the build must produce."""
    value: str | None = None
    """Amendments of the declared risk: the level to declare."""

    def as_dict(self) -> dict[str, object]:
        return {
            "action": self.action,
            "stage": self.stage,
            "event": self.event,
            "subject": self.subject,
            "actor": self.actor,
            "text": self.text,
        }


@dataclass(slots=True)
class Report:
    """The result of checking one record (or of failing to read it)."""

    record: str
    path: str | None = None
    risk: str | None = None
    findings: list[Finding] = field(default_factory=list)
    repair: list[RepairStep] = field(default_factory=list)
    error: str | None = None
    """Set when the record could not be read; the message a person sees."""
    event_lines: tuple[int, ...] = ()
    """Line of each event in its file, for reporters that point at lines."""
    line: int | None = None
    """Line the record starts at in its file."""

    @property
    def compliant(self) -> bool:
        return self.error is None and not any(f.failing for f in self.findings)

    @property
    def repair_note(self) -> str | None:
        """Why the repair is not proven to be a smallest one, when it is not (see
        :mod:`sdlc.checking.repair_pending`)."""
        note = getattr(self.repair, "note", None)
        return note if isinstance(note, str) else None

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.record,
            "path": self.path,
            "compliant": self.compliant,
            "risk": self.risk,
            "error": self.error,
            "findings": [f.as_dict() for f in self.findings],
            "repair": [step.as_dict() for step in self.repair],
            **({"repair_note": self.repair_note} if self.repair_note else {}),
        }


def about(
    record: Record,
    rule: str,
    severity: Severity,
    message: str,
    hint: str,
    *,
    event: int | None = None,
    stage: str | None = None,
    actor: str | None = None,
) -> Finding:
    """A finding whose message starts by naming the record, and the event (its number,
    stage and actor) or the stage it is about."""
    where = f"record {record.id}"
    if event is not None:
        ev = record.events[event - 1]
        where += f", event #{event} '{ev.stage}' by {ev.actor}"
        stage = ev.stage if stage is None else stage
        actor = ev.actor if actor is None else actor
    elif stage is not None:
        where += f", stage '{stage}'"
    return Finding(
        rule,
        severity,
        f"{where}: {message}",
        hint,
        record=record.id,
        event=event,
        stage=stage,
        actor=actor,
    )


def resolve_severity(
    slug: str, overrides: Mapping[str, Severity] | None, *, strict: bool = False
) -> Severity:
    """The severity a rule has under per-rule ``overrides``; ``strict`` makes warn an error."""
    severity = (overrides or {}).get(slug, RULES[slug].severity)
    if strict and severity is Severity.WARN:
        return Severity.ERROR
    return severity
