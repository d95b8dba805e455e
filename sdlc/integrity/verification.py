"""Integrity findings: the hash chain, signatures and evidence digests.

:func:`verify` checks what can be checked of one record on its own (``sdlc record
verify``); the checker adds the line from commit to deployed artifact
(:mod:`sdlc.checking.audit`). Both return findings and never print. See
docs/design.md, "Integrity".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..model.process import Process
from ..model.record import Record
from ..model.roster import Roster
from ..rules.catalogue import Severity
from ..rules.findings import Finding, about, resolve_severity
from .chain import anchored, first_break, is_chained, signing_payload
from .digests import DigestCache, local_path


@dataclass(frozen=True, slots=True)
class IntegrityOptions:
    """What to demand beyond what a record claims.

    ``require_chain`` reports a record without any ``prev`` as ``broken-chain`` (a
    process whose ``integrity`` says ``chained: true`` demands the same of its records
    without being asked); ``head`` is a hash noted earlier (printed by ``sdlc record
    append``) that the record must still contain, which is how removing events from
    the end shows.
    """

    severity: Mapping[str, Severity] | None = None
    strict: bool = False
    require_chain: bool = False
    head: str | None = None


@dataclass(slots=True)
class _Out:
    """Findings about one record, each message starting with where it is."""

    record: Record
    options: IntegrityOptions
    found: list[Finding] = field(default_factory=list)

    def add(self, rule: str, message: str, hint: str, event: int | None = None) -> None:
        severity = resolve_severity(rule, self.options.severity, strict=self.options.strict)
        if severity is Severity.OFF:
            return
        self.found.append(about(self.record, rule, severity, message, hint, event=event))


def verify(
    record: Record,
    *,
    roster: Roster | None = None,
    process: Process | None = None,
    folder: Path | None = None,
    options: IntegrityOptions | None = None,
    digests: DigestCache | None = None,
) -> list[Finding]:
    """The integrity findings of one record: chain, signatures (with a ``roster``),
    required signatures (with its ``process``) and local evidence digests (relative
    paths resolved against ``folder``, the record file's folder)."""
    out = _Out(record, options or IntegrityOptions())
    if not _demanded(out.options, process) and not carries_integrity(record, folder):
        return []  # no chain, signature or local file to verify, and none required
    _chain(out, process)
    _signatures(out, roster, process)
    _evidence(out, folder, digests or DigestCache())
    return sorted(out.found, key=lambda f: f.event or 0)


def carries_integrity(record: Record, folder: Path | None) -> bool:
    """Whether ``record`` carries anything of its own to verify: a ``prev``, a signature
    or the digest of a local evidence file (relative paths resolved against ``folder``)."""
    for event in record.events:
        if event.prev is not None or event.signature is not None:
            return True
        for ref in event.evidence:
            if ref.sha256 is not None and local_path(ref.uri, folder) is not None:
                return True
    return False


def _demanded(options: IntegrityOptions, process: Process | None) -> bool:
    """Whether anything is demanded of every record: a chain, a head, signed stages."""
    if options.require_chain or options.head is not None:
        return True
    return process is not None and (
        process.integrity.chained or any(s.signed for s in process.stages)
    )


def _chain(out: _Out, process: Process | None) -> None:
    record = out.record
    required = process is not None and process.integrity.chained
    if not is_chained(record):
        if (required or out.options.require_chain) and record.events:
            why = f", which {process.ref} requires" if required and process else ""
            out.add(
                "broken-chain",
                f"the record has no hash chain{why}: no event carries a 'prev'",
                "make records with 'sdlc record new' and add events with 'sdlc record "
                "append', which chains them",
            )
    else:
        broken = first_break(record)
        if broken is not None:
            out.add("broken-chain", broken.message, broken.hint, broken.event)
    head = out.options.head
    if head is not None and not anchored(record, head):
        out.add(
            "broken-chain",
            f"no event has the hash {head}, the head noted earlier: events at the end were "
            "removed, or the record was rewritten",
            "restore the record from version control or CI",
        )


def _signatures(out: _Out, roster: Roster | None, process: Process | None) -> None:
    signed = {s.id for s in process.stages if s.signed} if process is not None else set()
    for number, event in enumerate(out.record.events, start=1):
        signature = event.signature
        if signature is None:
            if process is not None and event.stage in signed:
                out.add(
                    "unsigned-event",
                    f"is not signed, but {process.ref} requires '{event.stage}' to be signed "
                    f"by its actor",
                    f"have {event.actor} append the event with 'sdlc record append --key', "
                    f"signing it with their key",
                    number,
                )
            continue
        if roster is None:
            continue
        listed = roster.keys.get(signature.key)
        if listed is None:
            out.add(
                "unknown-key",
                f"is signed with key '{signature.key}', which the roster does not list",
                f"add {event.actor}'s public key '{signature.key}' to the roster, or have "
                f"{event.actor} sign with a key it lists",
                number,
            )
            continue
        owner, key = listed
        if owner.id != event.actor:
            out.add(
                "unknown-key",
                f"is signed with key '{signature.key}', which belongs to {owner.id}, not to "
                f"{event.actor}",
                f"find out why {owner.id}'s key signed an event by {event.actor}; have "
                f"{event.actor} sign their own events",
                number,
            )
        elif not key.valid_at(event.at):
            out.add(
                "unknown-key",
                f"is signed with key '{signature.key}', valid {key.validity()}, but the event "
                f"is dated {event.at.isoformat()}",
                "sign with a key that was valid when the event happened, or correct the key's "
                "validity in the roster",
                number,
            )
        elif not _verifies(key.raw, out.record, number):
            out.add(
                "bad-signature",
                f"its signature does not verify with {event.actor}'s key '{signature.key}': "
                "the event was changed after it was signed, or it was signed for another "
                "record or another place in this one",
                "restore the event as it was signed; to correct it, append a new signed event",
                number,
            )


def _verifies(public_key: bytes, record: Record, number: int) -> bool:
    """Whether event #``number`` of ``record`` carries a valid signature by ``public_key``
    for that place in that record (see :func:`~sdlc.integrity.chain.signing_payload`)."""
    from .signing import verify as verify_signature  # loads cryptography only when needed

    event = record.events[number - 1]
    assert event.signature is not None
    payload = signing_payload(event, record, number)
    return verify_signature(public_key, payload, event.signature.value)


def _evidence(out: _Out, folder: Path | None, digests: DigestCache) -> None:
    for number, event in enumerate(out.record.events, start=1):
        for ref in event.evidence:
            if ref.sha256 is None:
                continue
            path = local_path(ref.uri, folder)
            if path is None:
                continue
            reading = digests.read(path, folder)
            if reading.problem is not None:  # what cannot be checked does not pass
                out.add(
                    "evidence-digest-mismatch",
                    f"evidence {ref.kind} '{ref.uri}' {reading.problem}, so the SHA-256 the "
                    f"event records ({ref.sha256}) cannot be checked",
                    reading.hint or "",
                    number,
                )
            elif reading.sha256 != ref.sha256:  # the file's own digest is never shown
                out.add(
                    "evidence-digest-mismatch",
                    f"evidence {ref.kind} '{ref.uri}' does not match the SHA-256 the event "
                    f"records ({ref.sha256}): the file was changed or replaced",
                    "restore the evidence the event was recorded with; if the stage was done "
                    "again, append a new event with the new file's digest",
                    number,
                )


__all__ = ["IntegrityOptions", "carries_integrity", "verify"]
