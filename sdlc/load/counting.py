"""Counting a JSON text's values before it is parsed, and its depth after.

:func:`json.loads` builds every value before anything can count them, so a line of
a million empty objects would cost a million objects. Instead the values are
counted by a scan of the text: outside strings, every value but the outermost is
either the first item of a list or mapping that is not empty, or follows a comma.
Only a text that could hold more values than the limit allows (one with that many
commas and brackets) is scanned, a slice at a time, in a bounded amount of memory.
"""

from __future__ import annotations

from typing import Any

from ..errors import InputError, Location
from ..limits import NODES

_SLICE = 1 << 16
"""Bytes scanned at a time for strings, so that the scan's own memory stays small."""
_PAIRS = {ord("["): ord("]"), ord("{"): ord("}")}


def count_values(raw: bytes) -> int | None:
    """How many values the JSON text ``raw`` holds, if that is more than
    :data:`~sdlc.limits.NODES` allows; ``None`` if it is within the limit.

    Keys are not values, as in YAML documents. For text that is not valid JSON the
    count is a guess, and the parser then names the syntax error."""
    limit = NODES.value()
    if len(raw) <= limit:  # every value takes at least one byte
        return None
    if raw.count(b",") + raw.count(b"[") + raw.count(b"{") + 1 <= limit:
        return None  # at most that many values, strings or no strings
    values = _values(raw)
    return values if values > limit else None


def _values(raw: bytes) -> int:
    """The exact count, outside strings: 1 + commas + lists and mappings - empty ones."""
    text = raw.replace(b"\\\\", b"").replace(b'\\"', b"")  # no quote is escaped now
    inside = False  # whether the slice starts inside a string
    commas = opened = empty = 0
    last = 0  # the last byte outside strings so far, to find '[' ']' cut by a slice
    for start in range(0, len(text), _SLICE):
        parts = text[start : start + _SLICE].split(b'"')
        # each string is left as a 0, so that [""] is not taken for an empty list
        outside = b"0".join(parts[int(inside) :: 2])
        bare = (b"0" + outside if inside else outside).translate(None, b" \t\r\n")
        inside ^= len(parts) % 2 == 0
        if not bare:
            continue
        commas += bare.count(b",")
        opened += bare.count(b"[") + bare.count(b"{")
        empty += bare.count(b"[]") + bare.count(b"{}") + (_PAIRS.get(last) == bare[0])
        last = bare[-1]
    return 1 + commas + opened - empty


def too_many_values(location: Location) -> InputError:
    """The refusal of a document of more values than :data:`~sdlc.limits.NODES` allows."""
    return InputError(
        f"the document expands to more than {NODES.value():,} values",
        location=location,
        hint="split the document, or raise the limit with SDLC_MAX_NODES",
    )


def deeper_than(data: Any, limit: int) -> bool:
    """Whether lists and mappings in ``data`` nest more than ``limit`` levels deep (the
    outermost value is at level 0, as :mod:`.builder` counts)."""
    pending: list[tuple[Any, int]] = [(data, 0)]
    while pending:
        value, depth = pending.pop()
        items = value.values() if isinstance(value, dict) else value
        if not items:
            continue
        if depth + 1 > limit:  # its items are one level deeper
            return True
        pending.extend((item, depth + 1) for item in items if isinstance(item, dict | list))
    return False
