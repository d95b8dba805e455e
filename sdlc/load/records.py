"""Change records streamed from files, directories and JSON Lines: each comes with
the line its events start on, or the error that stopped it, and one bad file or
line does not stop the rest (which files are records is :mod:`.folders`' to say).
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..errors import InputError, Location
from ..model.record import Record
from .folders import RECORD_SUFFIXES, find_records, is_json_lines
from .json_lines import events_column, iter_json_line_bytes, locate_json_line, parse_json_line
from .loaders import too_many_events, validate_record
from .source import load_file

__all__ = [
    "RECORD_SUFFIXES",
    "LoadedRecord",
    "json_line_records",
    "load_records",
    "record_files",
]


@dataclass(frozen=True, slots=True)
class LoadedRecord:
    """A record read from a file (or the error that stopped it), with event lines."""

    path: str
    record: Record | None
    error: InputError | None
    line: int
    event_lines: tuple[int, ...]

    @property
    def label(self) -> str:
        """The record's id, or where an unreadable one starts (``line 3``)."""
        return self.record.id if self.record is not None else f"line {self.line}"


def record_files(paths: typing.Iterable[Path | str]) -> Iterator[Path]:
    """Expand directories (recursively, sorted) into record files; a path that cannot be
    read (a link that leads outside its folder, a folder that cannot be listed) is given
    as it is, for :func:`load_records` to report."""
    for found in find_records(paths):
        yield found.path


def load_records(paths: typing.Iterable[Path | str]) -> Iterator[LoadedRecord]:
    """Stream records from files and directories; one bad file does not stop the rest."""
    for found in find_records(paths):
        path = found.path
        name = str(path)
        if found.error is not None:
            yield LoadedRecord(name, None, found.error, 1, ())
            continue
        if is_json_lines(path):
            yield from _json_lines(path)
            continue
        try:
            doc = load_file(path)
            record = validate_record(doc)
        except InputError as exc:
            line = exc.location.line if exc.location and exc.location.line else 1
            yield LoadedRecord(name, None, exc, line, ())
            continue
        lines = tuple(doc.locate(("events", i)).line or 1 for i in range(len(record.events)))
        yield LoadedRecord(name, record, None, 1, lines)


def _json_lines(path: Path) -> Iterator[LoadedRecord]:
    name = str(path)
    try:
        yield from json_line_records(name, iter_json_line_bytes(path))
    except InputError as exc:  # the file itself cannot be opened
        yield LoadedRecord(name, None, exc, 1, ())


def json_line_records(
    name: str, lines: typing.Iterable[tuple[int, bytes | InputError]]
) -> Iterator[LoadedRecord]:
    """Records from lines of the JSON Lines file ``name`` (see
    :func:`~sdlc.load.json_lines.iter_json_line_bytes`): the whole file, or a slice of it
    handed to another process."""
    for number, raw in lines:
        if isinstance(raw, InputError):
            yield LoadedRecord(name, None, raw, number, ())
            continue
        text, data = parse_json_line(raw, name, number)
        if isinstance(data, InputError):
            yield LoadedRecord(name, None, data, number, ())
            continue
        too_many = too_many_events(data)
        if too_many is not None:  # refused before a single event is validated
            where = Location(name, number, events_column(text))
            error = InputError(too_many, location=where, context=["At key: events"])
            yield LoadedRecord(name, None, error, number, ())
            continue
        try:
            record = Record.model_validate(data)
        except ValidationError as exc:
            from .translation import translate  # the wording of errors, loaded for one

            doc = locate_json_line(text, name, number)
            if doc.data is None:
                doc.data = data
            yield LoadedRecord(name, None, translate(exc, doc, Record), number, ())
            continue
        yield LoadedRecord(name, record, None, number, (number,) * len(record.events))
