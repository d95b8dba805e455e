"""How much of an input a message may quote: a part of the offending line, never
more. A value is cut at its first line break and at 60 characters, so that no
message carries the rest of a file (see docs/limits.md, "Links, files and
evidence").
"""

from __future__ import annotations

_MOST = 60


def cut(text: str) -> str:
    """``text`` up to its first line break and at most 60 characters, with ``...``
    where something was left out."""
    first = text.split("\n", 1)[0].split("\r", 1)[0]
    if len(first) > _MOST:
        return first[: _MOST - 3] + "..."
    return first if first == text else first + "..."


def shown(value: str) -> str:
    """A value from an input, quoted and cut short (see :func:`cut`) for a message."""
    return repr(cut(value))
