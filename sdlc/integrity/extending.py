"""One event added to the text of a record: chained, signed and spliced in, with no
file touched. The folder writer (:mod:`sdlc.integrity.writer`) does this under the
record's lock; a store (:mod:`sdlc.store`) does it on the version it read and
writes the result with a compare-and-swap.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ..errors import InputError, Location
from ..limits import EVENTS
from ..load.document import Document
from ..load.loaders import validate
from ..load.source import parse_yaml
from ..model.record import Event, Record
from .chain import event_hash, header_hash, plain, signing_payload
from .record_text import event_data, render, splice
from .signing import SigningKey


@dataclass(frozen=True, slots=True)
class Extended:
    """The record's new text, and the event appended to it at ``number``."""

    text: str
    number: int
    event: Event


def extend(
    text: str,
    name: str,
    fmt: str,
    event: Event,
    *,
    key: SigningKey | None = None,
    chain: bool = True,
    source: str | None = None,
) -> Extended:
    """``text`` (a record in format ``fmt``, named ``name`` in messages) with ``event``
    appended, chained (unless ``chain`` is false) and signed with ``key`` when given.
    Any ``prev`` or ``signature`` on ``event`` is replaced. Errors in the text itself
    name ``source`` (default: ``name``), the file the text was read from."""
    record, count, data, doc = read_tail(text, source or name, fmt)
    limit = EVENTS.value()
    if count >= limit:
        raise InputError(
            f"the record already holds {limit:,} events, the most a record may hold",
            location=Location(name),
            hint="start a new record for further work, or raise the limit with SDLC_MAX_EVENTS",
        )
    last = record.events[-1] if record.events else None
    fields = plain(event, exclude={"prev", "signature"})
    if chain:
        if last is not None and last.prev is None:
            raise InputError(
                f"record {record.id} has {count} events without a hash chain, so a "
                "chained event cannot protect them",
                location=Location(name),
                hint="append with --no-chain to keep the record unchained, or start a new "
                "record with 'sdlc record new'",
            )
        fields["prev"] = header_hash(record) if last is None else event_hash(last)
    elif last is not None and last.prev is not None:
        raise InputError(
            f"record {record.id} is hash-chained; an unchained event would break it",
            location=Location(name),
            hint="append without --no-chain",
        )
    if key is not None:
        unsigned = Event.model_validate(fields)
        payload = signing_payload(unsigned, record, count + 1)
        fields["signature"] = {"key": key.id, "value": key.sign(payload)}
    new = Event.model_validate(fields)
    item = event_data(new)
    expected = {**data, "events": [*data.get("events", []), item]}
    spliced = splice(text, data, item, doc)
    if spliced is None or (doc is not None and not _reads_as(spliced, source or name, expected)):
        spliced = render(expected, fmt)
    return Extended(spliced, count + 1, new)


def read_tail(
    text: str, name: str, fmt: str
) -> tuple[Record, int, dict[str, Any], Document | None]:
    """The record's header and last event (as a record), how many events it holds, its
    plain data, and (for YAML) where everything is in the text.

    An append needs the header and the last event, so a large JSON record is read
    fast: it is parsed, and only those are validated (``sdlc record verify`` checks
    the rest). A YAML record is validated whole. Either raises a located
    :class:`InputError` when the record is unusable.
    """
    if fmt == "json":
        try:
            data = json.loads(text)
            events = data.get("events", []) if isinstance(data, dict) else None
            if isinstance(events, list):
                record = Record.model_validate({**data, "events": events[-1:]})
                return record, len(events), data, None
        except (ValueError, RecursionError, ValidationError):
            pass  # read it again the slow way, which says where and what is wrong
    doc = parse_yaml(text, name)
    whole = validate(Record, doc)
    assert isinstance(doc.data, dict)  # a record validates only from a mapping
    record = whole.model_copy(update={"events": whole.events[-1:]})
    return record, len(whole.events), doc.data, doc


def _reads_as(text: str, name: str, expected: dict[str, Any]) -> bool:
    """Whether the YAML ``text`` holds exactly ``expected``."""
    try:
        return bool(parse_yaml(text, name).data == expected)
    except InputError:
        return False
