"""Reading a Markdown field from YAML: the little of Markdown the handbook keeps.

Descriptions and how-to-comply texts are documented as Markdown. The handbook keeps
paragraphs, bulleted and numbered lists (nested by indentation), fenced code
blocks, code spans, strong and emphasised text, and links to ``https``, ``http``
and ``mailto`` addresses; everything else is text. This module only reads: it
turns a field into :data:`Block` values that hold the field's own characters, and
:func:`sdlc.handbook.markdown.block` writes them out again with every character
escaped. So what reaches a reader's browser never depends on this reading
agreeing with the site's Markdown parser: a construct read differently here only
looks different, it cannot become HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .spans import Span, read_spans

__all__ = ["Block", "CodeBlock", "Item", "Items", "Paragraph", "read"]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph: its lines joined by spaces."""

    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """A fenced code block's text (its fence and language dropped)."""

    text: str


@dataclass(slots=True)
class Item:
    """One list item: its text, and the lists nested in it."""

    lines: list[str] = field(default_factory=list)
    lists: list[Items] = field(default_factory=list)

    @property
    def spans(self) -> tuple[Span, ...]:
        return read_spans(" ".join(self.lines))


@dataclass(slots=True)
class Items:
    """A bulleted or numbered list."""

    ordered: bool
    start: int
    items: list[Item] = field(default_factory=list)


Block = Paragraph | CodeBlock | Items

_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<mark>`{3,}|~{3,})(?P<info>.*)$")
_ITEM = re.compile(r"^(?P<indent> *)(?P<mark>[-*+]|(?P<number>\d{1,9})[.)])(?: +(?P<text>.*))?$")
_DEPTH = 6
"""Lists nest at most this deep; deeper items join the deepest list."""


def read(text: str) -> list[Block]:
    """The blocks of a Markdown field, in order."""
    reader = _Reader()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(4).split("\n")
    for line in lines:
        reader.line(line)
    reader.end_paragraph()
    if reader.fence is not None:  # a fence left open ends with the text
        reader.blocks.append(CodeBlock("\n".join(reader.code)))
    return reader.blocks


class _Reader:
    """The blocks read so far and what is open: a paragraph, a list, a fence."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.paragraph: list[str] = []
        self.lists: list[tuple[int, Items]] = []  # open lists, outermost first
        self.blank = False
        self.fence: tuple[str, int] | None = None
        self.code: list[str] = []

    def line(self, line: str) -> None:
        if self.fence is not None:
            self._code_line(line)
            return
        if not line.strip():
            self.end_paragraph()
            self.blank = True
            return
        opened = _FENCE.match(line)
        if opened is not None and not (opened["mark"][0] == "`" and "`" in opened["info"]):
            self.end_paragraph()
            self.lists.clear()
            self.fence = (opened["mark"], len(opened["indent"]))
            self.code = []
            return
        item = _ITEM.match(line)
        if item is not None and (self.lists or not self.paragraph or item["number"] in (None, "1")):
            self._item(item)
        elif self.lists and (not self.blank or len(line) - len(line.lstrip()) >= 2):
            self.lists[-1][1].items[-1].lines.append(line.strip())
        else:
            if self.lists or self.blank:
                self.end_paragraph()
                self.lists.clear()
            self.paragraph.append(line.strip())
        self.blank = False

    def end_paragraph(self) -> None:
        if self.paragraph:
            self.blocks.append(Paragraph(read_spans(" ".join(self.paragraph))))
            self.paragraph = []

    def _code_line(self, line: str) -> None:
        assert self.fence is not None
        mark, indent = self.fence
        closing = _FENCE.match(line)
        if (
            closing is not None
            and closing["mark"][0] == mark[0]
            and len(closing["mark"]) >= len(mark)
            and not closing["info"].strip()
        ):
            self.blocks.append(CodeBlock("\n".join(self.code)))
            self.fence = None
            return
        strip = min(indent, len(line) - len(line.lstrip(" ")))
        self.code.append(line[strip:])

    def _item(self, item: re.Match[str]) -> None:
        self.end_paragraph()
        indent = len(item["indent"])
        ordered = item["number"] is not None
        while self.lists and self.lists[-1][0] > indent and len(self.lists) > 1:
            self.lists.pop()
        if self.lists and self.lists[-1][0] > indent:  # left of the outermost list
            self.lists[-1] = (indent, self.lists[-1][1])
        top = self.lists[-1] if self.lists else None
        if top is not None and indent >= top[0] + 2 and len(self.lists) < _DEPTH:
            nested = Items(ordered, int(item["number"] or 1))
            top[1].items[-1].lists.append(nested)
            self.lists.append((indent, nested))
        elif top is not None and top[1].ordered != ordered:
            fresh = Items(ordered, int(item["number"] or 1))
            self.lists.pop()
            if self.lists:
                self.lists[-1][1].items[-1].lists.append(fresh)
            else:
                self.blocks.append(fresh)
            self.lists.append((indent, fresh))
        elif top is None:
            fresh = Items(ordered, int(item["number"] or 1))
            self.blocks.append(fresh)
            self.lists.append((indent, fresh))
        target = self.lists[-1][1]
        target.items.append(Item([item["text"].strip()] if item["text"] else []))
