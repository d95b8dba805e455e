"""Reading one YAML or JSON document safely, keeping where every value came from.

It refuses what a process or record file never needs and what an attacker would
use (tags, duplicate keys, alias bombs, deep nesting, oversized files and anything
that is not UTF-8), and says what is wrong with a syntax error in words a person
can act on. Every value's position is kept in a :class:`~sdlc.load.document.Document`
so that later errors can name the file, line and column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, Location
from .builder import Builder, too_deep
from .document import Document
from .text import read_text

try:  # the C loader is much faster; fall back to pure Python where absent
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


def load_file(path: Path | str, *, max_bytes: int | None = None) -> Document:
    """Read one YAML or JSON document (JSON is read as YAML, which keeps positions)."""
    path = Path(path)
    return parse_yaml(read_text(path, max_bytes=max_bytes), str(path))


def parse_yaml(text: str, name: str, *, line_offset: int = 0) -> Document:
    """Parse one YAML document into plain data with positions."""
    doc = Document(name, None, line_offset=line_offset)
    try:
        loader = _Loader(text)
        try:
            doc.data = _single_document(loader, doc)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text, name, line_offset) from None
    except yaml.reader.ReaderError as exc:  # control characters and the like
        before = text[: exc.position]
        raise InputError(
            f"control character U+{exc.character:04X} is not allowed in YAML",
            location=Location(
                name, before.count("\n") + 1 + line_offset, exc.position - before.rfind("\n")
            ),
            hint=f'remove it, or write it as "\\u{exc.character:04x}" inside double quotes',
        ) from None
    except _Empty:
        raise InputError(
            "the file is empty (expected a mapping of fields)",
            location=Location(name, 1 + line_offset, 1),
            hint="write the document's fields; 'sdlc schema' shows which are needed",
        ) from None
    return doc


class _Empty(Exception):
    """The stream holds no document at all."""


def _single_document(loader: _Loader, doc: Document) -> Any:
    """The one document of the stream, read event by event (see :mod:`.builder`)."""
    loader.get_event()  # the start of the stream
    if loader.check_event(yaml.StreamEndEvent):
        raise _Empty
    start: Any = loader.get_event()
    data = Builder(doc, loader).build()
    loader.get_event()  # the end of the document
    if not loader.check_event(yaml.StreamEndEvent):
        second: Any = loader.get_event()
        raise yaml.composer.ComposerError(
            "expected a single document in the stream",
            start.start_mark,
            "but found another document",
            second.start_mark,
        )
    return data


_CONTEXTS = {
    "while parsing a flow sequence": "in the [list] that starts",
    "while parsing a flow mapping": "in the {mapping} that starts",
    "while parsing a block mapping": "in the mapping that starts",
    "while parsing a block collection": "in the list that starts",
    "while scanning a quoted scalar": "in the quoted text that starts",
    "while parsing a quoted scalar": "in the quoted text that starts",
    "while scanning a simple key": "in the key that starts",
}


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, name: str, offset: int) -> InputError:
    """One located message for a YAML syntax error, in words a person can act on."""
    mark = exc.problem_mark or exc.context_mark
    if mark is None:  # pragma: no cover - PyYAML always marks syntax errors
        return InputError(f"YAML syntax error: {exc}", location=Location(name))
    location = Location(name, mark.line + 1 + offset, mark.column + 1)
    problem = exc.problem or "invalid YAML"
    context = exc.context or ""
    if "nesting depth" in problem:  # libyaml's own limit, far above ours
        return too_deep(location)
    if "tab" in problem or text[mark.index : mark.index + 1] == "\t":
        return InputError(
            "YAML syntax error: found a tab character where YAML allows only spaces",
            location=location,
            hint="indent with spaces, not tabs",
        )
    if "another document" in problem:
        return InputError(
            "YAML syntax error: expected one document, found a second one ('---')",
            location=location,
            hint="put each document in a file of its own",
        )
    where = exc.context_mark
    if context and where is not None and (where.line, where.column) != (mark.line, mark.column):
        words = _CONTEXTS.get(context, context)
        problem += f" ({words} at line {where.line + 1 + offset}, column {where.column + 1})"
    if "escape" in problem:
        hint = "write the character itself, or a valid escape such as \\u00e9 for é"
    elif "flow" in context:
        hint = "close the brackets, and quote values that contain ',', '[', ']', '{' or '}'"
    elif "quoted" in context:
        hint = "close the quotes"
    elif "mapping values are not allowed" in problem:
        hint = "quote values that contain ': ', or fix the indentation"
    else:
        hint = "check the indentation and quoting near this position"
    return InputError(f"YAML syntax error: {problem}", location=location, hint=hint)
