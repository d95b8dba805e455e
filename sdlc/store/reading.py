"""Records read from a store, as the checker and ``sdlc record verify`` take them:
each a :class:`~sdlc.load.records.LoadedRecord`, or the error that stopped it, and
one bad record does not stop the rest.

A folder store's records are read as files (:func:`sdlc.load.records.load_records`,
exactly as without ``--store``). A git store's record is named by its file name in
the store (``EID-2417.yaml``), so relative evidence paths in it are resolved against
the working folder, the CI workspace that holds the evidence, as ``sdlc record
append --store`` and ``sdlc record import --store`` recorded them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..errors import InputError, Location
from ..load.loaders import validate_record
from ..load.records import LoadedRecord, load_records
from ..load.source import parse_yaml
from ..load.text import max_file_bytes
from .folder import FolderStore
from .stored import RecordStore


def stored_records(store: RecordStore, names: Iterable[str] = ()) -> Iterator[LoadedRecord]:
    """The records ``names`` of ``store`` (all of them when none are given)."""
    wanted = list(names) or store.names()
    if isinstance(store, FolderStore):
        yield from load_records([store.path(name) for name in wanted])
        return
    for name in wanted:
        try:
            stored = store.read(name)
        except InputError as exc:
            yield LoadedRecord(name, None, exc, 1, ())
            continue
        if stored is None:
            error = InputError(
                "no such record in the store",
                location=Location(store.where(name)),
                hint="'sdlc record list --store …' lists the records it holds",
            )
            yield LoadedRecord(name, None, error, 1, ())
            continue
        yield loaded_text(stored.name, stored.text)


def loaded_text(name: str, text: str) -> LoadedRecord:
    """The record in ``text``, read as the file ``name``."""
    try:
        if len(text.encode("utf-8")) > max_file_bytes():
            raise InputError(
                f"the record is larger than {max_file_bytes():,} bytes",
                location=Location(name),
                hint="raise the limit with SDLC_MAX_FILE_BYTES if the record is genuine",
            )
        doc = parse_yaml(text, name)
        record = validate_record(doc)
    except InputError as exc:
        line = exc.location.line if exc.location and exc.location.line else 1
        return LoadedRecord(name, None, exc, line, ())
    lines = tuple(doc.locate(("events", i)).line or 1 for i in range(len(record.events)))
    return LoadedRecord(name, record, None, 1, lines)
