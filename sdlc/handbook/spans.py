"""The spans of one paragraph or list item of a Markdown field: text, code, strong and
emphasised text, and links to ``https``, ``http`` and ``mailto`` addresses.

Like :mod:`.prose`, this only reads; :func:`sdlc.handbook.markdown.block` writes the
spans again with every character of the field escaped. Reading is linear in the
text's length but for emphasis, which nests at most eight deep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Code", "Emphasis", "Link", "Span", "Strong", "Text", "read_spans"]


@dataclass(frozen=True, slots=True)
class Text:
    """Plain text."""

    text: str


@dataclass(frozen=True, slots=True)
class Code:
    """A code span's text."""

    text: str


@dataclass(frozen=True, slots=True)
class Strong:
    """Strong text (``**…**`` or ``__…__``)."""

    children: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Emphasis:
    """Emphasised text (``*…*`` or ``_…_``)."""

    children: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Link:
    """A link to an ``https``, ``http`` or ``mailto`` address."""

    children: tuple[Span, ...]
    url: str


Span = Text | Code | Strong | Emphasis | Link


_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_LINK = re.compile(
    r"\[(?P<text>[^\[\]]{1,500})\]"
    r"\((?P<url>(?:https?://|mailto:)[A-Za-z0-9\-._~:/?#@!$&+,;=%]{1,2000})\)"
)
_BACKTICKS = re.compile(r"`+")
_NESTING = 8
"""Emphasis nests at most this deep; deeper markers are text."""


def read_spans(text: str, depth: int = 0) -> tuple[Span, ...]:
    """The spans of one paragraph or list item (its lines joined by spaces)."""
    out: list[Span] = []
    plain: list[str] = []
    unclosed: dict[str, int] = {}  # delimiter -> position from which no closer exists
    i = 0

    def flush() -> None:
        if plain:
            out.append(Text("".join(plain)))
            plain.clear()

    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text) and text[i + 1] in _PUNCTUATION:
            plain.append(text[i + 1])
            i += 2
            continue
        if c == "`":
            run = _BACKTICKS.match(text, i)
            assert run is not None
            end = _closing_backticks(text, run.end(), len(run.group()))
            if end is None:
                plain.append(run.group())
                i = run.end()
                continue
            flush()
            out.append(Code(_code_text(text[run.end() : end])))
            i = end + len(run.group())
            continue
        if c == "[" and not (i and text[i - 1] == "!"):
            link = _LINK.match(text, i)
            if link is not None:
                flush()
                out.append(Link(read_spans(link["text"], _NESTING), link["url"]))
                i = link.end()
                continue
        if c in "*_" and depth < _NESTING:
            found = _emphasis(text, i, depth, unclosed)
            if found is not None:
                flush()
                out.append(found[0])
                i = found[1]
                continue
        plain.append(c)
        i += 1
    flush()
    return tuple(out)


def _closing_backticks(text: str, start: int, width: int) -> int | None:
    for run in _BACKTICKS.finditer(text, start):
        if len(run.group()) == width:
            return run.start()
    return None


def _code_text(text: str) -> str:
    if len(text) > 2 and text[0] == " " and text[-1] == " " and text.strip():
        return text[1:-1]
    return text


def _emphasis(text: str, i: int, depth: int, unclosed: dict[str, int]) -> tuple[Span, int] | None:
    """Strong or emphasised text starting at ``i``, and where it ends; ``None`` if the
    marker there opens nothing."""
    mark = text[i]
    if mark == "_" and i and text[i - 1].isalnum():
        return None  # inside a word, as in snake_case
    for width in (2, 1):
        delimiter = mark * width
        if text[i : i + width] != delimiter or i + width >= len(text):
            continue
        if text[i + width].isspace() or (width == 1 and text[i + 1] == mark):
            continue
        if unclosed.get(delimiter, len(text) + 1) <= i:
            continue
        end = _closer(text, i + width, delimiter)
        if end is None:
            unclosed[delimiter] = i
            continue
        inner = read_spans(text[i + width : end], depth + 1)
        node: Span = Strong(inner) if width == 2 else Emphasis(inner)
        return node, end + width
    return None


def _closer(text: str, start: int, delimiter: str) -> int | None:
    """Where ``delimiter`` closes what opened before ``start``, if anywhere."""
    at = start + 1
    while True:
        at = text.find(delimiter, at)
        if at < 0:
            return None
        after = at + len(delimiter)
        doubled = len(delimiter) == 1 and (
            text[at - 1] == delimiter or (after < len(text) and text[after] == delimiter)
        )
        inword = delimiter[0] == "_" and after < len(text) and text[after].isalnum()
        if not text[at - 1].isspace() and not doubled and not inword:
            return at
        at += 1
