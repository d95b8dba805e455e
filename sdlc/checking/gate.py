"""The deployment gate: may this stage happen now, for this subject, by this actor?

The gate appends the event it is asked about to the record, in memory, dated now,
and checks the result exactly as ``sdlc check --in-flight`` would: dependencies
complete for the same subject through build lineage, segregation of duties, the
k-of-n, approver levels and coverage of what a deployment relies on, integrity,
risk and process version. The event is allowed only when no error is left
against the record: not the record's lack of a deployment so far, not the people
or providers the stage asked about may still gain, and not the new event's
evidence, which comes with the event when it is recorded. A gate
that cannot decide refuses (see docs/design.md, "When each rule fires").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ..integrity.chain import head, is_chained
from ..model.record import Event, Outcome, Record
from ..rules.findings import Finding
from .context import Context
from .lineage import short
from .single import check_record

_NOT_YET = frozenset({"incomplete"})
"""What an unfinished change lacks by nature: never a reason to refuse."""
_STILL_UNDER_WAY = frozenset({"too-few-actors", "coverage-below-profile"})
"""What the stage being asked about may still gain: more people, more providers."""
_COMES_WITH_THE_EVENT = frozenset({"missing-evidence", "unsigned-event"})
"""What the event to be recorded brings with it: its evidence, and its signature when
``sdlc record append --key`` records it."""
_ABOUT_THE_ACTOR = frozenset({"unknown-actor", "actor-lacks-role", "segregation-of-duties"})
"""Rules about the new event's actor, which cannot be judged when none is named."""


@dataclass(frozen=True, slots=True)
class Decision:
    """The gate's answer: allowed or refused, why, and what would allow it."""

    allowed: bool
    record: str
    stage: str
    subject: str
    actor: str | None
    reasons: tuple[Finding, ...] = ()
    """Every finding that refuses it, with the same slugs and hints as ``sdlc check``."""
    steps: tuple[str, ...] = ()
    """What to do to make it allowed: each reason's fix, once, in the reasons' order."""

    @property
    def summary(self) -> str:
        """One line: what was asked and the answer."""
        by = f" by {self.actor}" if self.actor else ""
        asked = f"'{self.stage}' of {short(self.subject)}{by}"
        if self.allowed:
            return f"{self.record}: allowed: {asked} may happen now"
        count = len(self.reasons)
        return (
            f"{self.record}: refused: {asked} may not happen now, "
            f"{count} reason{'' if count == 1 else 's'}"
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "record": self.record,
            "stage": self.stage,
            "subject": self.subject,
            "actor": self.actor,
            "allowed": self.allowed,
            "summary": self.summary,
            "reasons": [f.as_dict() for f in self.reasons],
            "steps": list(self.steps),
        }


def decide(
    context: Context,
    record: Record,
    *,
    stage: str,
    subject: str,
    actor: str | None = None,
    now: dt.datetime | None = None,
) -> Decision:
    """Whether event ``stage`` on ``subject`` by ``actor`` may be appended to
    ``record`` at ``now`` (the context's clock, or the wall clock)."""
    at = now or context.options.now or dt.datetime.now(dt.UTC)
    known = context.process.stages_by_id.get(stage)
    outcome = Outcome.APPROVED if known is not None and known.is_gate else Outcome.DONE
    # On a hash-chained record the append links the event to the head; so does the question.
    prev = head(record) if is_chained(record) else None
    event = Event(
        stage=stage,
        actor=actor or "unnamed-actor",
        at=at,
        outcome=outcome,
        subject=subject,
        prev=prev,
    )
    asked = record.model_copy(update={"events": (*record.events, event)})
    options = replace(context.options, in_flight=True, now=at)
    report = check_record(replace(context, options=options), asked)
    number = len(asked.events)
    ignored = set(_COMES_WITH_THE_EVENT) | (set() if actor else set(_ABOUT_THE_ACTOR))
    reasons = tuple(
        f
        for f in report.findings
        if f.failing
        and f.rule not in _NOT_YET
        and not (f.event == number and f.rule in ignored)
        and not (f.stage == stage and f.rule in _STILL_UNDER_WAY)
    )
    steps = tuple(dict.fromkeys(f.hint for f in reasons))
    return Decision(not reasons, record.id, stage, subject, actor, reasons, steps)
