"""Escaping text from YAML for Markdown pages and Mermaid diagrams.

Process files are data, and whoever writes one must not be able to run script in
the handbook's readers' browsers, break a page's tables, or break a diagram. One
rule holds for every text field from YAML: no character of it that Markdown, its
extensions or HTML give a meaning to reaches a page as itself. Such characters
are written as numeric character references (``&#60;`` for ``<``), which Markdown
parsers show as the character and never read as markup, and text from YAML is
never put where references are not decoded (a Markdown code span or fence). So
nothing in a field can start HTML, however a Markdown parser splits the page,
and a field cannot span lines: it cannot end a block, start one, or indent one
into code. Templates never see raw YAML text: every ``{{ value }}`` goes through
:func:`finalize`, which escapes it as plain inline text unless it is
:class:`Markdown` already (text this package built or escaped itself).

- :func:`inline` turns any string into one line of inert text, so a ``<script>``
  shows as text and a ``|`` cannot split a table cell.
- :func:`block` keeps the little Markdown of fields documented as Markdown
  (paragraphs, lists, code, emphasis, ``https`` links), read by :mod:`.prose` and
  written again, with the field's own characters escaped as :func:`inline` does.
- :func:`plain` is :func:`inline`, for the tables and headings of a process diff.
- :func:`mermaid_text` makes a label Mermaid shows as text, whatever it holds.
- :func:`docstring` puts our own docstring text in a table cell of a reference page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .prose import Block, CodeBlock, Items, Paragraph, read
from .spans import Code, Emphasis, Span, Strong, Text

__all__ = [
    "Markdown",
    "block",
    "docstring",
    "finalize",
    "indent",
    "inline",
    "mermaid_text",
    "plain",
]


class Markdown(str):
    """Text that is safe to place in a Markdown page as it is."""

    __slots__ = ()


_ENTITY = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    **{c: f"&#{ord(c)};" for c in "\\`*_[]{}|~^=$"},
}
_INLINE_RE = re.compile("[" + re.escape("".join(_ENTITY)) + "]")
_PUNCTUATION = frozenset("!\"#$%'()*+,-./:;<=>?@[\\]^_`{|}~")
"""ASCII punctuation but '&', which starts the references this module writes."""
_NUMBERED = re.compile(r"^\d+[.)](?=\s|$)")
_SPACE = re.compile(r"\s+")


def _flat(text: object) -> str:
    """``text`` on one line: every run of white space one space, none at the ends."""
    return _SPACE.sub(" ", str(text)).strip()


def _escape(text: str, code: bool = False) -> str:
    """Every character Markdown or HTML reads as markup, as a character reference."""
    escaped = _INLINE_RE.sub(lambda m: _ENTITY[m.group()], text)
    if code:
        return escaped
    # mkdocs-material writes a page's title into <title> with its entities decoded, so
    # '</' must not come back as an end tag there; a zero-width space keeps it apart
    return escaped.replace("&lt;/", "&lt;&#8203;/")


def _line_start(text: str) -> str:
    """``text``, escaped, made safe to start a line: a leading mark (``#``, ``-``,
    ``!!!``, ``///``, ``1.`` …) would start a heading, list, rule or block there."""
    if text and text[0] in _PUNCTUATION:
        return f"&#{ord(text[0])};{text[1:]}"
    numbered = _NUMBERED.match(text)
    if numbered:
        at = numbered.end() - 1
        return f"{text[:at]}&#{ord(text[at])};{text[at + 1 :]}"
    return text


def inline(text: object) -> Markdown:
    """``text`` as plain inline text: one line, no markup, no HTML."""
    return Markdown(_line_start(_escape(_flat(text))))


def plain(text: object) -> Markdown:
    """``text`` for a table cell or heading of a process diff: the same as :func:`inline`,
    whose character references GitHub and mkdocs both read."""
    return inline(text)


_DOC_ENTITY = {"|": "\\|", "<": "&lt;"}
_DOC_RE = re.compile("[|<]")
_RST_LITERAL = re.compile(r"``([^`]+)``")


def docstring(text: object) -> Markdown:
    """Our own docstring text for a table cell: one line, RST literals as code, pipes and
    tags inert. Only for text this package wrote; text from YAML goes through
    :func:`inline` or :func:`block`."""
    flat = _RST_LITERAL.sub(r"`\1`", _flat(text))
    return Markdown(_DOC_RE.sub(lambda m: _DOC_ENTITY[m.group()], flat))


def finalize(value: object) -> object:
    """The jinja2 ``finalize`` hook: every ``{{ … }}`` not already Markdown is escaped."""
    if isinstance(value, Markdown):
        return value
    if value is None:
        return ""
    return inline(value)


# -- Markdown fields ------------------------------------------------------------------


def block(text: object) -> Markdown:
    """A Markdown field from YAML, written again from what :mod:`.prose` reads in it.

    Paragraphs, lists, code, strong and emphasised text and ``http(s)`` and ``mailto``
    links are kept, as Markdown and HTML this function writes; every character of
    the field itself is escaped as :func:`inline` escapes it, code included (code is
    written as ``<code>`` and ``<pre>`` elements, where character references are
    decoded). Each paragraph and list item is one line, so nothing of the field can
    span lines, end a block or start one.
    """
    return Markdown("\n\n".join(_written(b) for b in read(str(text))))


def _written(part: Block) -> str:
    if isinstance(part, Paragraph):
        return _spans(part.spans, first=True)
    if isinstance(part, CodeBlock):
        body = _escape(part.text.strip("\n"), code=True).replace("\n", "&#10;")
        return f"<pre><code>{body}</code></pre>"
    return "\n".join(_list_lines(part, 0))


def _list_lines(items: Items, depth: int) -> list[str]:
    pad = "    " * depth
    lines = []
    for number, item in enumerate(items.items, items.start):
        mark = f"{number}." if items.ordered else "-"
        lines.append(f"{pad}{mark} {_spans(item.spans, first=True) or '&#160;'}")
        for nested in item.lists:
            lines += _list_lines(nested, depth + 1)
    return lines


def _spans(spans: Sequence[Span], first: bool = False) -> str:
    """Spans as Markdown; ``first``: they start a line."""
    out = []
    for at, span in enumerate(spans):
        if isinstance(span, Text):
            text = _escape(_SPACE.sub(" ", span.text))
            if text.endswith("!"):  # '!' before a link would make it an image
                text = text[:-1] + "&#33;"
            out.append(_line_start(text) if first and at == 0 else text)
        elif isinstance(span, Code):
            out.append(f"<code>{_escape(span.text, code=True)}</code>")
        elif isinstance(span, Strong):
            out.append(f"**{_spans(span.children)}**")
        elif isinstance(span, Emphasis):
            out.append(f"*{_spans(span.children)}*")
        else:
            out.append(f"[{_spans(span.children)}]({span.url})")
    return "".join(out)


def indent(text: str, width: int = 4) -> Markdown:
    """Indent every non-blank line (for admonition bodies and list items)."""
    pad = " " * width
    return Markdown("\n".join(pad + line if line.strip() else "" for line in text.split("\n")))


# -- Mermaid ---------------------------------------------------------------------------

_MERMAID_SAFE = frozenset(" .,/()'+-_")
"""Characters Mermaid shows as they are inside a quoted label. Not ':': Mermaid drops
the last ';' of a line holding 'style' or 'classDef', ':' and '#', before decoding."""


def mermaid_text(text: object) -> str:
    """``text`` for a quoted Mermaid label: one line, every other character as ``#NNN;``.

    Mermaid decodes ``#NNN;`` to the character and shows it as text, so quotes,
    brackets, HTML and keywords in a title can neither end the label nor become
    markup. Letters and digits of any script stay readable.
    """
    return "".join(c if c.isalnum() or c in _MERMAID_SAFE else f"#{ord(c)};" for c in _flat(text))
