"""Reading YAML, JSON and JSON Lines safely, keeping where every value came from.

This is the only module that touches a parser. It refuses what a process or
record file never needs and what an attacker would use: tags, duplicate keys,
alias bombs, deep nesting, oversized files and anything that is not UTF-8.
Every value's position is kept in a :class:`Document` so that later errors can
name the file, line and column.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from ..errors import InputError, Location
from ..limits import ALIASES, DEPTH, FILE_BYTES, NODES

try:  # the C loader is much faster; fall back to pure Python where absent
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "timestamp",
    "tag:yaml.org,2002:seq": "seq",
    "tag:yaml.org,2002:map": "map",
}

_BOMS = {
    b"\xef\xbb\xbf": "UTF-8",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


@dataclass(slots=True)
class Document:
    """Plain data read from one file, and where each value and key started.

    ``texts`` keeps how numbers, booleans and nulls were written (``3.10``, ``no``),
    so that a message can say what to quote.
    """

    path: str
    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    line_offset: int = 0
    texts: dict[Path_, str] = field(default_factory=dict)

    def locate(self, at: Path_, *, key: bool = False) -> Location:
        """The location of the value (or its key) at ``at``, or the nearest parent."""
        probe = at
        while True:
            table = self.keys if key and probe in self.keys else self.values
            if probe in table:
                line, column = table[probe]
                return Location(self.path, line + self.line_offset, column)
            if not probe:
                return Location(self.path, 1 + self.line_offset, 1)
            probe = probe[:-1]
            key = False


def max_file_bytes() -> int:
    """The size limit in force (``SDLC_MAX_FILE_BYTES``, see :mod:`sdlc.limits`)."""
    return FILE_BYTES.value()


def read_text(path: Path, *, max_bytes: int | None = None) -> str:
    """The file's text, refused unless it is UTF-8, without a byte-order mark, and small."""
    limit = max_file_bytes() if max_bytes is None else max_bytes
    name = str(path)
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            raw = b"" if size > limit else _read_capped(handle, limit, size)
    except FileNotFoundError:
        raise InputError("no such file", location=Location(name)) from None
    except IsADirectoryError:
        raise InputError("expected a file, found a directory", location=Location(name)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", location=Location(name)) from None
    if size > limit or len(raw) > limit:
        raise InputError(
            f"file is {size:,} bytes, more than the limit of {limit:,}"
            if size > limit
            else f"file is more than the limit of {limit:,} bytes",
            location=Location(name),
            hint="split it, or raise the limit with SDLC_MAX_FILE_BYTES",
        )
    return decode(raw, name)


def _read_capped(handle: BinaryIO, limit: int, size: int) -> bytes:
    """At most ``limit + 1`` bytes (the file may grow meanwhile), allocating as it goes."""
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = handle.read(min(max(size + 1, 1 << 16), limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def decode(raw: bytes, name: str) -> str:
    """Decode strict UTF-8, naming the line and column of the first bad byte."""
    for bom, encoding in _BOMS.items():
        if raw.startswith(bom):
            raise InputError(
                f"file starts with a {encoding} byte-order mark",
                location=Location(name, 1, 1),
                hint="save the file as UTF-8 without a byte-order mark",
            )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise InputError(
            f"not valid UTF-8: byte 0x{raw[exc.start]:02x} cannot start or continue a character",
            location=Location(name, line, column),
            hint="save the file as UTF-8",
        ) from None


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
            node = loader.get_single_node()
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
    except RecursionError:  # the pure-Python loader on very deep input
        raise _too_deep(Location(name)) from None
    if node is None:
        raise InputError(
            "the file is empty (expected a mapping of fields)",
            location=Location(name, 1 + line_offset, 1),
            hint="write the document's fields; 'sdlc schema' shows which are needed",
        )
    try:
        doc.data = _Builder(doc).build(node, (), 0)
    except RecursionError:  # a depth limit raised above what the interpreter allows
        raise _too_deep(Location(name, 1 + line_offset, 1)) from None
    return doc


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
        return _too_deep(location)
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


def _too_deep(location: Location) -> InputError:
    return InputError(
        f"nested more deeply than the limit of {DEPTH.value()} levels",
        location=location,
        hint="flatten the document, or raise the limit with SDLC_MAX_DEPTH",
    )


class _Builder:
    """Turns composed YAML nodes into plain data, enforcing the safety limits."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.seen: set[int] = set()
        self.aliases = 0
        self.nodes = 0
        self.max_aliases = ALIASES.value()
        self.max_nodes = NODES.value()
        self.max_depth = DEPTH.value()

    def _where(self, node: yaml.Node) -> Location:
        return Location(
            self.doc.path,
            node.start_mark.line + 1 + self.doc.line_offset,
            node.start_mark.column + 1,
        )

    def build(self, node: yaml.Node, at: Path_, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise InputError(
                f"the document expands to more than {self.max_nodes:,} values",
                location=self._where(node),
                hint="split the document, or raise the limit with SDLC_MAX_NODES",
            )
        if depth > self.max_depth:
            raise _too_deep(self._where(node))
        if isinstance(node, yaml.CollectionNode):
            if id(node) in self.seen:
                self.aliases += 1
                if self.aliases > self.max_aliases:
                    raise InputError(
                        f"the document repeats values through aliases more than "
                        f"{self.max_aliases} times",
                        location=self._where(node),
                        hint="this looks like an alias bomb; write the values out instead of "
                        "using '&anchor' and '*alias', or raise the limit with SDLC_MAX_ALIASES",
                    )
            self.seen.add(id(node))
        kind = _PLAIN_TAGS.get(node.tag)
        if kind is None:
            raise self._tag_error(node)
        self.doc.values[at] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if kind == "map":
            assert isinstance(node, yaml.MappingNode)
            return self._mapping(node, at, depth)
        if kind == "seq":
            assert isinstance(node, yaml.SequenceNode)
            return [self.build(item, (*at, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        if kind != "str":
            self.doc.texts[at] = node.value
        return _scalar(kind, node.value)

    def _tag_error(self, node: yaml.Node) -> InputError:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!", 1)
        return InputError(
            f"tag {tag!r} is not allowed (expected plain text, numbers, booleans, lists "
            "and mappings)",
            location=self._where(node),
            hint="remove the tag; sdlc never builds objects from YAML",
        )

    def _mapping(self, node: yaml.MappingNode, at: Path_, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise InputError(
                    "merge keys ('<<') are not allowed",
                    location=self._where(key_node),
                    hint="write the keys out in full",
                )
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag not in _PLAIN_TAGS:
                raise self._tag_error(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                found = "a list" if isinstance(key_node, yaml.SequenceNode) else "a mapping"
                raise InputError(
                    f"expected a plain text key, found {found}",
                    location=self._where(key_node),
                    hint="mapping keys must be plain names",
                )
            key = str(_scalar(_PLAIN_TAGS[key_node.tag], key_node.value))
            if key in out:
                first = self.doc.keys[(*at, key)]
                raise InputError(
                    f"duplicate key {key!r} (first defined at line "
                    f"{first[0] + self.doc.line_offset})",
                    location=self._where(key_node),
                    hint="remove one of the two entries",
                )
            self.doc.keys[(*at, key)] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            out[key] = self.build(value_node, (*at, key), depth + 1)
        return out


def _scalar(kind: str, text: str) -> Any:
    """Resolve a plain scalar. Timestamps stay text: the models parse dates."""
    if kind == "int":
        clean = text.replace("_", "")
        sign = -1 if clean.startswith("-") else 1
        digits = clean.lstrip("+-")
        if digits.startswith("0x"):
            return sign * int(digits[2:], 16)
        if digits.startswith("0o"):
            return sign * int(digits[2:], 8)
        if digits.startswith("0b"):
            return sign * int(digits[2:], 2)
        if len(digits) > 1 and digits.startswith("0") and digits.isdigit():
            return sign * int(digits, 8)
        return sign * int(digits)
    if kind == "float":
        low = text.lower().replace("_", "")
        if low in (".nan", "+.nan", "-.nan"):
            return float("nan")
        if low.endswith(".inf"):
            return float("-inf") if low.startswith("-") else float("inf")
        return float(low)
    if kind == "bool":
        return text.lower() in ("yes", "true", "on", "y")
    if kind == "null":
        return None
    return text


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
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, generator
    except FileNotFoundError:
        raise InputError("no such file", location=Location(name)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", location=Location(name)) from None
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
    """The text of one JSON line and its data, or the :class:`InputError` it causes."""
    try:
        text = decode(raw, name)
    except InputError as exc:
        column = exc.location.column if exc.location else None
        return "", InputError(exc.message, location=Location(name, number, column), hint=exc.hint)
    try:
        return text, json.loads(text, object_pairs_hook=_no_duplicates)
    except _DuplicateKey as exc:
        try:  # read as YAML, the line names the key's column and where it was first
            parse_yaml(text, name, line_offset=number - 1)
        except InputError as located:
            if located.message.startswith("duplicate key"):
                return text, located
        return text, InputError(
            f"duplicate key {exc.key!r}",
            location=Location(name, number, 1),
            hint="remove one of the two entries",
        )
    except json.JSONDecodeError as exc:
        found = ", found the end of the line" if exc.pos >= len(text) else ""
        return text, InputError(
            f"JSON syntax error: {exc.msg[:1].lower()}{exc.msg[1:]}{found}",
            location=Location(name, number, exc.colno),
            hint="each line must hold one complete JSON object",
        )
    except RecursionError:
        return text, _too_deep(Location(name, number, 1))


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def locate_json_line(text: str, name: str, line: int) -> Document:
    """Re-read one JSON line as YAML to learn positions (only done for error messages)."""
    try:
        return parse_yaml(text, name, line_offset=line - 1)
    except InputError:
        return Document(name, None, line_offset=line - 1)
