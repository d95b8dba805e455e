"""Change records streamed from files, directories and JSON Lines: each comes with
the line its events start on, or the error that stopped it, and one bad file or
line does not stop the rest.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..errors import InputError
from ..model.record import Record
from .json_lines import iter_json_line_bytes, locate_json_line, parse_json_line
from .loaders import validate
from .source import load_file
from .translation import translate

RECORD_SUFFIXES = (".yaml", ".yml", ".json", ".jsonl")


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
    """Expand directories (recursively, sorted) into record files."""
    for item in paths:
        path = Path(item)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix in RECORD_SUFFIXES:
                    yield child
        else:
            yield path


def load_records(paths: typing.Iterable[Path | str]) -> Iterator[LoadedRecord]:
    """Stream records from files and directories; one bad file does not stop the rest."""
    for path in record_files(paths):
        if path.suffix == ".jsonl":
            yield from _json_lines(path)
            continue
        name = str(path)
        try:
            doc = load_file(path)
            record = validate(Record, doc)
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
        try:
            record = Record.model_validate(data)
        except ValidationError as exc:
            doc = locate_json_line(text, name, number)
            if doc.data is None:
                doc.data = data
            yield LoadedRecord(name, None, translate(exc, doc, Record), number, ())
            continue
        yield LoadedRecord(name, record, None, number, (number,) * len(record.events))
