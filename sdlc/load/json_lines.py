"""JSON Lines, streamed: one record per line, each line read within the size limit,
decoded, its values counted before it is parsed, parsed with duplicate keys and
over-long numbers refused, and any error located on its line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError, Location
from ..limits import DEPTH
from .builder import too_deep
from .counting import count_values, deeper_than, too_many_values
from .document import Document
from .folders import refuse_leaving_link
from .quoting import shown
from .scalars import NUMBER_HINT, TooManyDigits, check_digits
from .source import parse_yaml
from .text import decode, max_file_bytes, open_regular


def iter_json_lines(path: Path | str) -> Iterator[tuple[int, str, Any]]:
    """Yield ``(line number, text, data)`` for each non-blank line of a JSON Lines file.

    The file is streamed, never held whole, and no line is read past the size limit.
    A line that cannot be read yields an :class:`InputError` in place of its data, so
    one bad line does not stop the rest.
    """
    name = str(path)
    for number, raw in iter_json_line_bytes(path):
        if isinstance(raw, InputError):
            yield number, "", raw
        else:
            yield number, *parse_json_line(raw, name, number)


def iter_json_line_bytes(path: Path | str) -> Iterator[tuple[int, bytes | InputError]]:
    """Yield ``(line number, bytes)`` for each non-blank line of a JSON Lines file,
    without its line ending, unparsed: :func:`parse_json_line` reads one, here or in
    another process. A line over the size limit yields an :class:`InputError`."""
    name = str(path)
    limit = max_file_bytes()
    refuse_leaving_link(Path(path))
    handle, _ = open_regular(Path(path))
    with handle:
        number = 0
        while raw := handle.readline(limit + 1):
            number += 1
            if len(raw) > limit and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):  # skip the rest, a little at a time
                    raw = handle.readline(1 << 16)
                yield (
                    number,
                    InputError(
                        f"line is more than the limit of {limit:,} bytes",
                        location=Location(name, number, 1),
                        hint="split the record, or raise the limit with SDLC_MAX_FILE_BYTES",
                    ),
                )
                continue
            raw = raw.rstrip(b"\r\n")
            if raw.strip():
                yield number, raw


def parse_json_line(raw: bytes, name: str, number: int) -> tuple[str, Any]:
    """The text of one JSON line and its data, or the :class:`InputError` it causes.

    Its values are counted before it is parsed (:mod:`.counting`), so a line of a
    million empty objects costs a scan, not a million objects."""
    try:
        text = decode(raw, name)
    except InputError as exc:
        column = exc.location.column if exc.location else None
        return "", InputError(exc.message, location=Location(name, number, column), hint=exc.hint)
    if count_values(raw) is not None:
        return text, too_many_values(Location(name, number, 1))
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_int=_whole)
    except _DuplicateKey as exc:
        return text, _duplicate(exc, text, name, number)
    except TooManyDigits as exc:
        column = _number_column(text, exc.digits)
        return text, InputError(
            exc.message(), location=Location(name, number, column), hint=NUMBER_HINT
        )
    except json.JSONDecodeError as exc:
        found = ", found the end of the line" if exc.pos >= len(text) else ""
        return text, InputError(
            f"JSON syntax error: {exc.msg[:1].lower()}{exc.msg[1:]}{found}",
            location=Location(name, number, exc.colno),
            hint="each line must hold one complete JSON object",
        )
    except RecursionError:
        return text, too_deep(Location(name, number, 1))
    if isinstance(data, dict | list) and _could_nest(raw) and deeper_than(data, DEPTH.value()):
        return text, too_deep(Location(name, number, 1))
    return text, data


def _duplicate(exc: _DuplicateKey, text: str, name: str, number: int) -> InputError:
    try:  # read as YAML, the line names the key's column and where it was first
        parse_yaml(text, name, line_offset=number - 1)
    except InputError as located:
        if located.message.startswith("duplicate key"):
            return located
    return InputError(
        f"duplicate key {shown(exc.key)}",
        location=Location(name, number, 1),
        hint="remove one of the two entries",
    )


def _could_nest(raw: bytes) -> bool:
    """Whether the line holds enough brackets to nest deeper than the limit: a line
    with fewer cannot, whatever its strings hold, and is not walked."""
    return raw.count(b"[") + raw.count(b"{") > DEPTH.value()


def _whole(text: str) -> int:
    check_digits(text.lstrip("-"))
    return int(text)


def _number_column(text: str, digits: int) -> int:
    """The column of the first number of ``digits`` digits on the line (1 if none)."""
    found = re.search(rf"(?<![0-9.eE+-])-?[0-9]{{{digits}}}(?![0-9])", text)
    return found.start() + 1 if found else 1


def events_column(text: str) -> int:
    """The column where the value of a JSON line's ``"events"`` starts (1 if not found)."""
    found = re.search(r'"events"\s*:\s*', text)
    return found.end() + 1 if found else 1


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) == len(pairs):
        return out
    seen: set[str] = set()
    for key, _ in pairs:  # pragma: no branch - some key repeats
        if key in seen:
            raise _DuplicateKey(key)
        seen.add(key)
    return out  # pragma: no cover


def locate_json_line(text: str, name: str, line: int) -> Document:
    """Re-read one JSON line as YAML to learn positions (only done for error messages)."""
    try:
        return parse_yaml(text, name, line_offset=line - 1)
    except InputError:
        return Document(name, None, line_offset=line - 1)
