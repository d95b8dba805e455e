"""Counting a JSON text's values before it is parsed, and its depth after.

:func:`json.loads` builds every value before anything can count them, so a line of
a million empty objects would cost a million objects. Instead the values are
counted by a scan of the text: strings are blanked out, and then every value but
the outermost is either the first item of a list or mapping that is not empty, or
follows a comma. The scan runs at the speed of :mod:`re` and only on a text long
enough to hold more values than the limit allows.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import InputError, Location
from ..limits import NODES

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_SPACE = re.compile(rb"[ \t\r\n]+")


def count_values(raw: bytes) -> int | None:
    """How many values the JSON text ``raw`` holds, if that is more than
    :data:`~sdlc.limits.NODES` allows; ``None`` if it is within the limit.

    Keys are not values, as in YAML documents. For text that is not valid JSON the
    count is a guess, and the parser then names the syntax error."""
    limit = NODES.value()
    if len(raw) <= limit:  # every value takes at least one byte
        return None
    bare = _SPACE.sub(b"", _STRING.sub(b'""', raw))
    opened = bare.count(b"[") + bare.count(b"{")
    empty = bare.count(b"[]") + bare.count(b"{}")
    values = 1 + bare.count(b",") + opened - empty
    return values if values > limit else None


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
