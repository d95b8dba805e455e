"""Appending to a record in any store: read the version there, add the event to its
text (:func:`sdlc.integrity.extending.extend`), and write it over that version with
a compare-and-swap. A writer that lost the race reads the record again, checks that
it still holds every event it held before, with the others' events after them,
and appends the same event again, chained to the new end and signed anew: at most
``tries`` times, waiting a random, growing while between tries, then it stops with
an error that says so. An append whose number was returned is in the record,
once.
"""

from __future__ import annotations

import json
import random
import time

from pydantic import ValidationError

from ..errors import InputError, Location
from ..integrity.chain import event_hash, head
from ..integrity.extending import extend, read_tail
from ..integrity.record_text import record_data, render
from ..integrity.signing import SigningKey
from ..integrity.writer import Appended, record_format
from ..load.loaders import validate_record
from ..load.source import parse_yaml
from ..model.record import Event, Record
from .stored import Conflict, RecordStore, Stored, record_id

DEFAULT_TRIES = 60
"""How many times an append is tried before it gives up."""

_SPREAD = 8
"""After a lost race a writer waits a random while of up to 2, 4, … and at most this
many times as long as its try took, so that writers that keep meeting spread out."""


def create_in(store: RecordStore, name: str, record: Record) -> str:
    """Put the new ``record`` in ``store`` as ``name``; return its header hash (its
    head). Refused when a record of that name is there already."""
    fmt = record_format_of(name)
    if store.read(name) is not None:
        raise _exists(store, name)
    top = head(record)
    try:
        store.write(name, render(record_data(record), fmt), None, note(record.id, 0, top, ""))
    except Conflict:
        raise _exists(store, name) from None
    return top


def append_to(
    store: RecordStore,
    name: str,
    event: Event,
    *,
    key: SigningKey | None = None,
    chain: bool = True,
    tries: int = DEFAULT_TRIES,
) -> Appended:
    """Append ``event`` to the record ``name`` in ``store`` (see the module's text)."""
    before: tuple[int, str] | None = None
    for lost in range(max(1, tries)):
        started = time.monotonic()
        stored = store.read(name)
        if stored is None:
            raise InputError(
                "no such record in the store",
                location=Location(store.where(name)),
                hint="start it with 'sdlc record new --store …', or check its id with "
                "'sdlc record list --store …'",
            )
        if stored.rewritten:
            raise InputError(
                "the record's history was rewritten since this clone last read it: a "
                "version it saw is no longer in the history, so nothing is appended on top",
                location=Location(store.where(name)),
                hint="'sdlc record verify --store …' shows what changed; restore the record "
                "before appending to it",
            )
        fmt = record_format_of(stored.name)
        if before is not None:
            _still_extends(stored, fmt, before, store)
        done = extend(stored.text, store.where(name), fmt, event, key=key, chain=chain)
        new_head = event_hash(done.event)
        what = f"{event.stage} by {event.actor}"
        message = note(record_id(stored.name), done.number, new_head, what)
        try:
            store.write(stored.name, done.text, stored.version, message)
        except Conflict:
            before = (done.number - 1, done.event.prev or _end(stored, fmt))
            took = time.monotonic() - started
            time.sleep(random.uniform(0, took * min(2 << lost, _SPREAD)))
            continue
        return Appended(done.number, done.event, new_head)
    raise InputError(
        f"gave up after {tries} tries: other writers appended to the record each time "
        "between this one's read and its write",
        location=Location(store.where(name)),
        hint="try again; if it keeps happening, fewer jobs should append at once, or "
        "append with more tries",
    )


def note(rid: str, number: int, top: str, what: str) -> str:
    """The commit message of a version: what it added, and the chain's head after it
    (the ``Sdlc-Head`` trailer the history check compares with the record)."""
    subject = f"{rid}: start the record" if number == 0 else f"{rid}: event #{number} {what}"
    return f"{subject}\n\nSdlc-Head: {top}\nSdlc-Events: {number}\n"


def record_format_of(name: str) -> str:
    """``yaml`` or ``json``, from the record's name in the store."""
    from pathlib import Path

    return record_format(Path(name))


def _end(stored: Stored, fmt: str) -> str:
    """The head of the record as read: the hash of its last event (or its header)."""
    return head(read_tail(stored.text, stored.name, fmt)[0])


def _still_extends(stored: Stored, fmt: str, before: tuple[int, str], store: RecordStore) -> None:
    """Refuse to append again when the record no longer holds what it held when the
    last try read it: ``count`` events ending at the head ``top``."""
    count, top = before
    if _head_at(stored, fmt, count) != top:
        raise InputError(
            f"the record was rewritten while this append waited: it no longer holds the "
            f"{count} events it held a moment ago, ending at {top}",
            location=Location(store.where(stored.name)),
            hint="nothing was appended; 'sdlc record verify --store …' shows what changed",
        )


def _head_at(stored: Stored, fmt: str, count: int) -> str | None:
    """The head of the record's first ``count`` events (``None``: it has fewer). A JSON
    record is parsed, and only its header and event #``count`` are validated."""
    if fmt == "json":
        try:
            data = json.loads(stored.text)
            events = data["events"] if count else []
            if isinstance(events, list) and len(events) >= count:
                part = {**data, "events": events[count - 1 : count] if count else []}
                return head(Record.model_validate(part))
            return None
        except (ValueError, KeyError, TypeError, RecursionError, ValidationError):
            pass  # read the slow way, which says what is wrong
    record = validate_record(parse_yaml(stored.text, stored.name))
    if len(record.events) < count:
        return None
    return head(record.model_copy(update={"events": record.events[:count]}))


def _exists(store: RecordStore, name: str) -> InputError:
    return InputError(
        "the record already exists",
        location=Location(store.where(name)),
        hint="add events to it with 'sdlc record append', or choose another id",
    )
