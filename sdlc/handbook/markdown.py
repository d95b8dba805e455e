"""Escaping text from YAML for Markdown pages and Mermaid diagrams.

Process files are data, and whoever writes one must not be able to run script in
the handbook's readers' browsers, break a page's tables, or break a diagram.
Templates never see raw YAML text: every ``{{ value }}`` goes through
:func:`finalize`, which escapes it as plain inline text unless it is
:class:`Markdown` already (text this package built or escaped itself).

- :func:`inline` turns any string into inert inline text: characters Markdown,
  its extensions or HTML give meaning to become character references, so a
  ``<script>`` shows as text and a ``|`` cannot split a table cell.
- :func:`block` keeps the Markdown of fields documented as Markdown (emphasis,
  lists, code, ``https`` links) but neutralises raw HTML, attribute lists,
  reference definitions, images, links to anything but ``http(s)`` and ``mailto``,
  and code fence options, shows a diagram fence (```` ```mermaid ````) as code, and
  closes a fence left open.
- :func:`mermaid_text` makes a label Mermaid shows as text, whatever it holds.
- :func:`plain` escapes text for the tables and headings of a process diff in Markdown
  (pull-request comments and the handbook's versions page), with backslashes GitHub
  and mkdocs both read.
- :func:`docstring` puts our own docstring text in a table cell of a reference page.
"""

from __future__ import annotations

import re

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
_LEADING = re.compile(r"^(?:#|[-+!?:]+(?=\s|$)|\d+[.)](?=\s|$))")
_SPACE = re.compile(r"\s+")


def _flat(text: object) -> str:
    """``text`` on one line: every run of white space one space, none at the ends."""
    return _SPACE.sub(" ", str(text)).strip()


def _escaped(text: str, pattern: re.Pattern[str], table: dict[str, str]) -> str:
    return pattern.sub(lambda m: table[m.group()], text)


def inline(text: object) -> Markdown:
    """``text`` as plain inline text: one line, no markup, no HTML."""
    escaped = _escaped(_flat(text), _INLINE_RE, _ENTITY)
    # mkdocs-material writes a page's title into <title> with its entities decoded, so
    # '</' must not come back as an end tag there; a zero-width space keeps it apart
    escaped = escaped.replace("&lt;/", "&lt;&#8203;/")
    lead = _LEADING.match(escaped)
    if lead:  # would start a heading, list, rule or admonition at a line start
        mark = lead.group()
        at = len(mark) - 1 if mark[0].isdigit() else 0
        escaped = escaped[:at] + f"&#{ord(escaped[at])};" + escaped[at + 1 :]
    return Markdown(escaped)


_BACKSLASHED = {
    **{c: "\\" + c for c in "\\`*_[]|#"},
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
}
_BACKSLASHED_RE = re.compile("[" + re.escape("".join(_BACKSLASHED)) + "]")


def plain(text: object) -> Markdown:
    """``text`` for a table cell or heading of a process diff: one line, markup characters
    escaped with a backslash, HTML refused."""
    return Markdown(_escaped(_flat(text), _BACKSLASHED_RE, _BACKSLASHED))


_DOC_ENTITY = {"|": "\\|", "<": "&lt;"}
_DOC_RE = re.compile("[|<]")
_RST_LITERAL = re.compile(r"``([^`]+)``")


def docstring(text: object) -> Markdown:
    """Our own docstring text for a table cell: one line, RST literals as code, pipes and
    tags inert. Only for text this package wrote; text from YAML goes through
    :func:`inline` or :func:`block`."""
    return Markdown(_escaped(_RST_LITERAL.sub(r"`\1`", _flat(text)), _DOC_RE, _DOC_ENTITY))


def finalize(value: object) -> object:
    """The jinja2 ``finalize`` hook: every ``{{ … }}`` not already Markdown is escaped."""
    if isinstance(value, Markdown):
        return value
    if value is None:
        return ""
    return inline(value)


# -- Markdown fields ------------------------------------------------------------------

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<mark>`{3,}|~{3,})(?P<info>.*)$")
_LANGUAGE = re.compile(r"[A-Za-z0-9_+-]{1,32}")
_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_LINK = re.compile(
    r"(?<![!\\])\[(?P<text>[^\[\]\n]{1,500})\]"
    r"\((?P<url>(?:https?://|mailto:)[^\s()<>\"'`\\]{1,2000})\)"
)
_RENDERED = frozenset({"mermaid"})
"""Fence languages the site hands to a script to draw (mkdocs.yml's custom fences): in
text from YAML their content is shown as code instead, since a diagram language is a
program the reader's browser runs, with a history of letting script through."""
_BLOCK_ENTITY = {"<": "&lt;", "[": "&#91;", "{": "&#123;", "}": "&#125;"}
_BLOCK_RE = re.compile("[<\\[{}]")


def block(text: object) -> Markdown:
    """Markdown from YAML, with everything that could carry HTML or script made inert."""
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")
    out: list[str] = []
    prose: list[str] = []
    fence: str | None = None
    for line in lines:
        if fence is None:
            opened = _FENCE.match(line)
            if opened is None:
                prose.append(line)
                continue
            out.extend(_prose("\n".join(prose)).split("\n") if prose else [])
            prose = []
            fence = opened["mark"]
            language = _LANGUAGE.match(opened["info"].strip())
            name = language.group() if language else ""
            if name.lower() in _RENDERED:  # shown as code, never drawn by a script
                name = "text"
            out.append(opened["indent"] + fence + name)
            continue
        closing = _FENCE.match(line)
        if (
            closing is not None
            and closing["mark"][0] == fence[0]
            and len(closing["mark"]) >= len(fence)
            and not closing["info"].strip()
        ):
            fence = None
        out.append(line)
    if prose:
        out.extend(_prose("\n".join(prose)).split("\n"))
    if fence is not None:
        out.append(fence)  # a fence left open would swallow the rest of the page
    return Markdown("\n".join(out))


def _prose(text: str) -> str:
    """Escape text outside code fences, leaving code spans and safe links alone."""
    parts: list[str] = []
    position = 0
    for span in _CODE_SPAN.finditer(text):
        parts.append(_outside_code(text[position : span.start()]))
        parts.append(span.group())
        position = span.end()
    parts.append(_outside_code(text[position:]))
    return "".join(parts)


def _outside_code(text: str) -> str:
    parts: list[str] = []
    position = 0
    for link in _LINK.finditer(text):
        parts.append(_neutral(text[position : link.start()]))
        parts.append(f"[{_neutral(link['text'])}]({link['url']})")
        position = link.end()
    parts.append(_neutral(text[position:]))
    return "".join(parts)


def _neutral(text: str) -> str:
    # a stray backtick would open a code span over our escaping
    return _BLOCK_RE.sub(lambda m: _BLOCK_ENTITY[m.group()], text).replace("`", "&#96;")


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
