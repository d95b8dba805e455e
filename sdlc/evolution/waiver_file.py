"""The waiver file: what a waiver says, how it is read, and what its signature covers.

A waiver names one rule, the records it applies to, why, who approved it, and the
days it runs. Rules that no waiver may touch (the integrity rules, the waiver
rules, ``unverifiable`` and ``version-not-in-force``:
:data:`~sdlc.model.organisation.UNWAIVABLE`) are refused when the file is read,
with the waiver's line, so such a file never reaches a check. A waiver may carry
its approver's ed25519 signature over :func:`waiver_payload`, made with the same
keys as events (see docs/design.md, "Evolving the process").
"""

from __future__ import annotations

import datetime as dt
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from pydantic import Field, StrictInt, field_validator, model_validator

from ..errors import suggest
from ..integrity.canonical_json import canonical
from ..integrity.chain import plain
from ..load.loaders import validate
from ..load.source import load_file
from ..model.organisation import UNWAIVABLE
from ..model.record import Signature
from ..model.types import Model, Slug, Text
from ..rules.catalogue import RULES
from ..rules.findings import Finding

if TYPE_CHECKING:
    from ..integrity.signing import SigningKey

WAIVER_RULES = tuple(slug for slug, r in RULES.items() if r.area == "waiver")
"""The rules about waivers themselves; no waiver can waive them."""

RecordPattern = Annotated[str, Field(pattern=r"^[A-Za-z0-9*?\[][A-Za-z0-9*?\[\]!._-]{0,127}$")]
"""A record id, or a pattern over record ids (``*``, ``?`` and ``[...]`` as in fnmatch)."""

WILDCARDS = frozenset("*?[")
"""The characters that make a waiver's ``record`` a pattern rather than an id."""


class Waiver(Model):
    """One approved exception to one rule, for the records it names, until it expires."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")] = Field(
        description="Identifier of the waiver, e.g. WV-2026-004; shown with every finding "
        "it waives."
    )
    rule: Slug = Field(description="Slug of the rule waived, e.g. coverage-below-profile.")
    record: RecordPattern = Field(
        description="Id of the record waived; a pattern over record ids with * and ? "
        "(e.g. EID-24*) only where the process's waiver policy allows record_patterns."
    )
    stage: Slug | None = Field(
        None, description="Only findings about this stage are waived; any stage when absent."
    )
    event: Annotated[StrictInt, Field(ge=1)] | None = Field(
        None, description="Only findings about this event (1 is the first) are waived."
    )
    reason: Annotated[Text, Field(min_length=1)] = Field(
        description="Why the exception is accepted, and what makes up for it."
    )
    approver: Slug = Field(description="Who approved the waiver, as the roster names them.")
    approved: dt.date = Field(
        description="Day the waiver was approved (YYYY-MM-DD); it applies from that day."
    )
    expires: dt.date = Field(
        description="Last day the waiver applies (YYYY-MM-DD); from the day after, it waives "
        "nothing and is reported as waiver-expired. At most the policy's max_days after "
        "'approved'."
    )
    signature: Signature | None = Field(
        None,
        description="The approver's ed25519 signature over the waiver's canonical JSON "
        "without this field, with a key the roster lists for them.",
    )

    @field_validator("rule")
    @classmethod
    def _known_rule(cls, rule: str) -> str:
        if rule not in RULES:
            raise ValueError(
                suggest(f"unknown rule {rule!r} ('sdlc explain' lists them)", rule, RULES)
            )
        if rule in UNWAIVABLE:
            raise ValueError(f"a waiver MUST NOT waive {rule}: {UNWAIVABLE[rule]}")
        return rule

    @model_validator(mode="after")
    def _sound(self) -> Waiver:
        if self.expires < self.approved:
            raise ValueError("a waiver MUST NOT expire before it was approved")
        return self

    @property
    def is_pattern(self) -> bool:
        """Whether ``record`` is a pattern over record ids rather than one id."""
        return any(c in WILDCARDS for c in self.record)

    def matches(self, record: str, finding: Finding) -> bool:
        """Whether this waiver names ``finding`` of the record ``record``. A finding of a
        rule no waiver may waive never matches, however the waiver was made."""
        return (
            finding.rule == self.rule
            and finding.rule not in UNWAIVABLE
            and fnmatchcase(record, self.record)
            and (self.stage is None or self.stage == finding.stage)
            and (self.event is None or self.event == finding.event)
        )

    def words(self) -> str:
        """``WV-2026-004: reason`` as a waived finding shows it."""
        return f"{self.id}: {self.reason.strip()}"


class WaiverFile(Model):
    """A file of waivers, usually kept beside the records, reviewed like code."""

    waivers: tuple[Waiver, ...] = Field(description="The waivers, in any order.")

    @model_validator(mode="after")
    def _unique(self) -> WaiverFile:
        seen: set[str] = set()
        for waiver in self.waivers:
            if waiver.id in seen:
                raise ValueError(f"waiver id {waiver.id!r} is listed twice; ids MUST be unique")
            seen.add(waiver.id)
        return self


def load_waivers(path: Path | str) -> WaiverFile:
    """Load a waiver file; raise a located :class:`~sdlc.errors.InputError` if malformed
    or if a waiver names a rule that cannot be waived."""
    return validate(WaiverFile, load_file(path))


def waiver_payload(waiver: Waiver) -> bytes:
    """The bytes a waiver's signature is made over: its canonical JSON without the
    signature, fields with their default value left out, as for events (see
    :mod:`sdlc.integrity.chain`). Every field is covered: rule, records, stage,
    event, reason, approver and both days."""
    return canonical(plain(waiver, exclude={"signature"}))


def sign_waiver(waiver: Waiver, key: SigningKey) -> Waiver:
    """``waiver`` signed with ``key`` (its approver's), any earlier signature replaced."""
    unsigned = waiver.model_copy(update={"signature": None})
    value = key.sign(waiver_payload(unsigned))
    return unsigned.model_copy(update={"signature": Signature(key=key.id, value=value)})
