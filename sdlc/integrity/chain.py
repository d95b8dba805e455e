"""The hash chain of a record: what is hashed, what is signed, and where a chain breaks.

Each event's ``prev`` holds the SHA-256 of the event before it, in canonical JSON
(:mod:`sdlc.integrity.canonical_json`); the first event's ``prev`` holds the SHA-256 of the
record header (every field but ``events``), so the header cannot change either.
An event's hash covers all of it, ``prev`` and ``signature`` included; its
signature covers all of it but the signature itself, with the record's id and
header hash and the event's number (:func:`signing_payload`).

The canonical JSON of an event or header is its data with every field that has
its default value left out (``outcome: done``, empty lists, an empty note, absent
digests) and times written as ISO 8601 with their offset (``+00:00`` for UTC).
Adding an optional field to the format later therefore changes no existing hash,
and neither does rewriting a record as JSON, reordering keys or re-quoting.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from ..model.record import Event, Record
from .canonical_json import canonical


def plain(model: BaseModel, *, exclude: set[str] | None = None) -> dict[str, Any]:
    """``model`` as JSON data with defaults left out: the form that is hashed."""
    data = model.model_dump(mode="python", by_alias=True, exclude_defaults=True, exclude=exclude)
    result = _plain(data)
    assert isinstance(result, dict)
    return result


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def header_data(record: Record) -> dict[str, Any]:
    """The record header (everything but the events), as hashed."""
    return plain(record, exclude={"events"})


def header_hash(record: Record) -> str:
    """What the first event's ``prev`` must be."""
    return hashlib.sha256(canonical(header_data(record))).hexdigest()


def event_hash(event: Event) -> str:
    """What the next event's ``prev`` must be: the hash of the whole event."""
    return hashlib.sha256(canonical(plain(event))).hexdigest()


def signing_payload(event: Event, record: Record, number: int) -> bytes:
    """The bytes an event's signature is made over, when it is event #``number`` (1 is
    the first) of ``record``: the canonical JSON of

    ``{"record": <id>, "header": <header hash>, "number": <n>, "event": <event>}``

    where ``event`` is the event without its signature (``prev`` included). The
    signature therefore holds only for this event, at this place, in this record: a
    signed event copied into another record, or moved to another place in its own,
    no longer verifies, chained or not (see docs/design.md, "Integrity")."""
    return canonical(
        {
            "record": record.id,
            "header": header_hash(record),
            "number": number,
            "event": plain(event, exclude={"signature"}),
        }
    )


def is_chained(record: Record) -> bool:
    """Whether any event carries a ``prev``: then every event must."""
    return any(e.prev is not None for e in record.events)


def head(record: Record) -> str:
    """The hash the next appended event's ``prev`` must hold."""
    if record.events:
        return event_hash(record.events[-1])
    return header_hash(record)


@dataclass(frozen=True, slots=True)
class Break:
    """The first event whose ``prev`` does not fit the chain, and why."""

    event: int
    """1-based number of the event."""
    message: str
    hint: str


_HINT = (
    "restore the record from version control or CI; to correct an event, append a new "
    "one with 'sdlc record append' rather than editing the past"
)


def first_break(record: Record) -> Break | None:
    """Where the chain of a chained record first breaks (``None``: intact or unchained)."""
    events = record.events
    if not is_chained(record):
        return None
    hashes = [event_hash(e) for e in events]
    where = {h: n for n, h in enumerate(hashes, start=1)}
    top = header_hash(record)
    expected = top
    for number, event in enumerate(events, start=1):
        if event.prev is None:
            return Break(
                number,
                "has no 'prev', but the record is hash-chained: the event was inserted, or "
                "its 'prev' was removed",
                _HINT,
            )
        if event.prev != expected:
            return Break(number, _why(number, event.prev, events, where, top), _HINT)
        expected = hashes[number - 1]
    return None


def _why(number: int, prev: str, events: tuple[Event, ...], where: dict[str, int], top: str) -> str:
    start = "the hash chain breaks here: its 'prev' "
    if number == 1:
        if prev in where:
            return (
                start + f"is the hash of event #{where[prev]}, not of the record header: "
                "events were reordered or removed"
            )
        return (
            start + "does not match the record header: the header (id, process, title, "
            "team, author, declared risk, attributes or subject) was changed, or events "
            "before this one were removed"
        )
    before = events[number - 2]
    named = f"event #{number - 1} '{before.stage}' by {before.actor}"
    if prev == top:
        return (
            start + f"is the hash of the record header, as if it came first, not of {named}: "
            "events were inserted before it"
        )
    if prev in where:
        return (
            start + f"is the hash of event #{where[prev]}, not of {named} before it: events "
            "were reordered, inserted or removed"
        )
    return (
        start + f"does not match {named} before it: that event was changed, or events "
        "between them were removed or inserted"
    )


def anchored(record: Record, known_head: str) -> bool:
    """Whether the record still holds the event (or header) whose hash is ``known_head``,
    a head noted earlier (say, by the CI job that appended it): if not, events at the
    end were removed or the record was rewritten."""
    if header_hash(record) == known_head:
        return True
    return any(event_hash(e) == known_head for e in record.events)
