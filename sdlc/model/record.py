"""Change records: one change's evidence trail, checked against its process."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import AwareDatetime, Field, field_validator

from ..limits import EVENTS
from .types import Model, Slug, Text

Digest = Annotated[str, Field(pattern=r"^[0-9A-Za-z:._-]{4,200}$")]
"""A commit id or artifact digest such as ``sha256:…``."""
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
RepoPath = Annotated[str, Field(max_length=4096, pattern=r"^[^/\x00-\x1f][^\x00-\x1f]*$")]
"""A file's path from the repository's root, ``/`` between folders."""
KeyId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$")]
"""The id of a signing key, as the roster lists it (e.g. ``kari-larsen-2026``)."""


class Outcome(StrEnum):
    """How an event ended. Only done and approved complete a stage."""

    DONE = "done"
    APPROVED = "approved"
    REJECTED = "rejected"
    FAILED = "failed"

    @property
    def completes(self) -> bool:
        return self in (Outcome.DONE, Outcome.APPROVED)


class Attributes(Model):
    """What a change touches; the risk rules classify the change from these."""

    components: tuple[Slug, ...] = Field(
        (), fail_fast=True, description="Components the change touches."
    )
    data_classes: tuple[Slug, ...] = Field(
        (), fail_fast=True, description="Data classes it handles."
    )
    providers: tuple[Slug, ...] = Field((), fail_fast=True, description="eID providers it affects.")
    flags: tuple[Slug, ...] = Field(
        (), fail_fast=True, description="Other flags the process defines."
    )

    def atoms(self) -> frozenset[tuple[str, str]]:
        return frozenset(
            (kind, name)
            for kind in ("components", "data_classes", "providers", "flags")
            for name in getattr(self, kind)
        )


class Subject(Model):
    """What the change is: a repository and commit, and the artifact built from it."""

    repository: Text | None = Field(None, description="Repository URL or name.")
    commit: Digest | None = Field(None, description="Commit the change ends at.")
    artifact: Digest | None = Field(None, description="Digest of the artifact deployed.")


class EvidenceRef(Model):
    """A pointer to a piece of evidence, with its digest when known."""

    kind: Slug = Field(description="Evidence kind, as the process defines it.")
    uri: Annotated[str, Field(min_length=1, max_length=2000)] = Field(
        description="Where the evidence is: a URL, a path or a file: URI."
    )
    sha256: Sha256 | None = Field(None, description="SHA-256 of the evidence, hex.")


class Signature(Model):
    """An ed25519 signature by the event's actor over the event (see docs/integrity.md)."""

    key: KeyId = Field(description="Id of the signing key, as the roster lists it.")
    value: Annotated[str, Field(pattern=r"^[A-Za-z0-9+/]{1,200}={0,2}$")] = Field(
        description="The signature, base64: 64 bytes over the event's canonical JSON "
        "without its signature field."
    )


class Event(Model):
    """One thing that happened to the change: a stage performed by someone."""

    stage: Slug = Field(description="The stage performed.")
    actor: Slug = Field(description="Who performed it, as the roster names them.")
    at: AwareDatetime = Field(description="When, with a time zone (ISO 8601).")
    outcome: Outcome = Field(Outcome.DONE, description="done, approved, rejected or failed.")
    subject: Digest = Field(description="The commit or artifact digest the event was about.")
    produces: tuple[Digest, ...] = Field(
        (),
        fail_fast=True,
        description="For build stages: digests of the artifacts built from the subject.",
    )
    covers: tuple[Slug, ...] = Field(
        (), fail_fast=True, description="For test stages: the eID providers the tests exercised."
    )
    touches: tuple[RepoPath, ...] = Field(
        (),
        fail_fast=True,
        description="For implementation stages: the files the commit changed, as paths from "
        "the repository's root ('sdlc record import git' records them); the process's "
        "risk.paths tells from them what the change touches.",
    )
    evidence: tuple[EvidenceRef, ...] = Field(
        (), fail_fast=True, description="Evidence for the event."
    )
    note: Text = Field("", description="Free text.")
    prev: Sha256 | None = Field(
        None,
        description="Hash chain: hex SHA-256 of the previous event's canonical JSON (of the "
        "record header, for the first event). Written by 'sdlc record append'.",
    )
    signature: Signature | None = Field(
        None, description="The actor's ed25519 signature over the event, when signed."
    )


RECORD_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"


class Record(Model):
    """One change's evidence trail."""

    id: Annotated[str, Field(pattern=RECORD_ID)] = Field(description="Change identifier.")
    process: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*@[0-9A-Za-z.+-]+$")] = Field(
        description="The process this change follows, as id@version."
    )
    title: Text = Field("", description="What the change is.")
    team: Slug | None = Field(None, description="Team that owns the change.")
    author: Slug | None = Field(None, description="Who wrote the change, if not evident.")
    declared_risk: Slug | None = Field(None, description="Risk level the team declared.")
    attributes: Attributes = Field(
        Attributes.model_construct(), description="What the change touches."
    )
    subject: Subject = Field(
        Subject.model_construct(), description="Repository, commit and artifact."
    )
    events: tuple[Event, ...] = Field(
        (), fail_fast=True, description="What happened, in the order it happened."
    )

    @field_validator("events")
    @classmethod
    def _limit(cls, events: tuple[Event, ...]) -> tuple[Event, ...]:
        limit = EVENTS.value()
        if len(events) > limit:
            raise ValueError(
                f"a record MUST hold at most {limit:,} events (it holds {len(events):,}); "
                "split the change, or raise the limit with SDLC_MAX_EVENTS"
            )
        return events

    @property
    def process_id(self) -> str:
        return self.process.split("@", 1)[0]

    @property
    def process_version(self) -> str:
        return self.process.split("@", 1)[1]


MAX_EVENTS = EVENTS.default
"""Most events in a record by default; ``SDLC_MAX_EVENTS`` sets the limit in force."""
