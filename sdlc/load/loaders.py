"""From files to models: validation errors become one located, actionable message.

pydantic reports errors as locations inside plain data; this module turns them
into the chain of context STYLE.md asks for, with line and column from the YAML
nodes (``processes/eid.yaml:41:7: At Stage(id='code-review') ==> At key:
performers ==> ...``). Only :class:`~sdlc.errors.InputError` leaves it.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import InputError, Location, one_of, suggest
from ..model.process import Process
from ..model.record import Record
from ..model.roster import Roster
from .names import Problem, process_problems, roster_problems
from .source import (
    Document,
    Path_,
    iter_json_line_bytes,
    load_file,
    locate_json_line,
    parse_json_line,
)

M = TypeVar("M", bound=BaseModel)

RECORD_SUFFIXES = (".yaml", ".yml", ".json", ".jsonl")

_CONTAINERS = {
    "stages": "Stage",
    "people": "Person",
    "events": "Event",
    "rules": "RiskRule",
    "roles": "Role",
    "evidence_kinds": "EvidenceKind",
    "depends_on": "Dependency",
    "evidence": "Evidence",
    "all": "Condition",
    "any": "Condition",
    "waivers": "Waiver",
    "keys": "PublicKey",
}


def load_process(path: Path | str) -> Process:
    """Load a process file; raise :class:`InputError` if it is malformed, names
    anything it does not define, or has stages that depend on each other in a loop
    (records cannot be checked against it, nor its handbook drawn)."""
    process, doc = load_process_document(path)
    problems = process_problems(process)
    if problems:
        raise problem_error(problems[0], doc)
    loop = _loop(process)
    if loop:
        at = next(i for i, s in enumerate(process.stages) if s.id == loop[0])
        path_ = ("stages", at, "depends_on")
        raise InputError(
            f"stages depend on each other in a loop: {' → '.join([*loop, loop[0]])}",
            location=doc.locate(path_, key=True),
            context=context_chain(doc.data, path_),
            hint="remove one of these dependencies ('sdlc lint' names every loop)",
        )
    return process


def _loop(process: Process) -> list[str]:
    """One loop of dependencies (whatever their conditions), or ``[]`` if none.

    A plain topological sort says whether there is one, without networkx; only a
    process that has one pays for the graph that names it.
    """
    before = {s.id: {t for d in s.dependencies for t in d.targets} for s in process.stages}
    after: dict[str, list[str]] = {stage: [] for stage in before}
    for stage, targets in before.items():
        for target in targets:
            after.setdefault(target, []).append(stage)
    waiting = {stage: len(targets) for stage, targets in before.items()}
    ready = [stage for stage, count in waiting.items() if count == 0]
    placed = 0
    while ready:
        placed += 1
        for stage in after[ready.pop()]:
            waiting[stage] -= 1
            if waiting[stage] == 0:
                ready.append(stage)
    if placed == len(waiting):
        return []
    from ..graph.process_graph import ProcessGraph

    loops = ProcessGraph(process).cycles()
    return loops[0] if loops else []


def load_process_document(path: Path | str) -> tuple[Process, Document]:
    """Load a process without checking references (``sdlc lint`` reports those)."""
    doc = load_file(path)
    return validate(Process, doc), doc


def load_roster(path: Path | str, process: Process | None = None) -> Roster:
    """Load a roster; with ``process``, every role it grants must exist there."""
    doc = load_file(path)
    roster = validate(Roster, doc)
    if process is not None:
        problems = roster_problems(roster, process)
        if problems:
            raise problem_error(problems[0], doc)
    return roster


def load_record(path: Path | str) -> Record:
    """Load a single-record YAML or JSON file."""
    doc = load_file(path)
    return validate(Record, doc)


@dataclass(frozen=True, slots=True)
class LoadedRecord:
    """A record read from a file (or the error that stopped it), with event lines."""

    path: str
    record: Record | None
    error: InputError | None
    line: int
    event_lines: tuple[int, ...]

    @property
    def label(self) -> str:
        """The record's id, or where an unreadable one starts (``line 3``)."""
        return self.record.id if self.record is not None else f"line {self.line}"


def record_files(paths: typing.Iterable[Path | str]) -> Iterator[Path]:
    """Expand directories (recursively, sorted) into record files."""
    for item in paths:
        path = Path(item)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix in RECORD_SUFFIXES:
                    yield child
        else:
            yield path


def load_records(paths: typing.Iterable[Path | str]) -> Iterator[LoadedRecord]:
    """Stream records from files and directories; one bad file does not stop the rest."""
    for path in record_files(paths):
        if path.suffix == ".jsonl":
            yield from _json_lines(path)
            continue
        name = str(path)
        try:
            doc = load_file(path)
            record = validate(Record, doc)
        except InputError as exc:
            line = exc.location.line if exc.location and exc.location.line else 1
            yield LoadedRecord(name, None, exc, line, ())
            continue
        lines = tuple(doc.locate(("events", i)).line or 1 for i in range(len(record.events)))
        yield LoadedRecord(name, record, None, 1, lines)


def _json_lines(path: Path) -> Iterator[LoadedRecord]:
    name = str(path)
    try:
        yield from json_line_records(name, iter_json_line_bytes(path))
    except InputError as exc:  # the file itself cannot be opened
        yield LoadedRecord(name, None, exc, 1, ())


def json_line_records(
    name: str, lines: typing.Iterable[tuple[int, bytes | InputError]]
) -> Iterator[LoadedRecord]:
    """Records from lines of the JSON Lines file ``name`` (see
    :func:`~sdlc.load.source.iter_json_line_bytes`): the whole file, or a slice of it
    handed to another process."""
    for number, raw in lines:
        if isinstance(raw, InputError):
            yield LoadedRecord(name, None, raw, number, ())
            continue
        text, data = parse_json_line(raw, name, number)
        if isinstance(data, InputError):
            yield LoadedRecord(name, None, data, number, ())
            continue
        try:
            record = Record.model_validate(data)
        except ValidationError as exc:
            doc = locate_json_line(text, name, number)
            if doc.data is None:
                doc.data = data
            yield LoadedRecord(name, None, translate(exc, doc, Record), number, ())
            continue
        yield LoadedRecord(name, record, None, number, (number,) * len(record.events))


def validate(model: type[M], doc: Document) -> M:
    """Validate ``doc.data`` as ``model``; on failure raise one located message."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise translate(exc, doc, model) from None


def problem_error(problem: Problem, doc: Document) -> InputError:
    """An unknown-reference problem as an input error (for loaders that must refuse)."""
    return InputError(
        problem.message,
        location=doc.locate(problem.path, key=problem.key),
        context=context_chain(doc.data, problem.path),
        hint=problem.hint,
    )


# -- pydantic error translation --------------------------------------------------


def translate(exc: ValidationError, doc: Document, model: type[BaseModel]) -> InputError:
    """Turn the most specific of pydantic's errors into one :class:`InputError`."""
    candidates = []
    for order, error in enumerate(exc.errors(include_url=False)):
        path, unmatched = _data_path(doc.data, error["loc"], error["type"])
        # a misspelt field is also a missing one: name the misspelling, which
        # says what to fix (and suggests the right name)
        misspelt = 0 if error["type"] == "extra_forbidden" else 1
        candidates.append((-len(path), unmatched, misspelt, order, path, error))
    candidates.sort(key=lambda c: c[:4])
    path, error = candidates[0][4:]
    message, hint = _describe(error, path, doc, model)
    at_key = error["type"] in ("extra_forbidden",)
    return InputError(
        message,
        location=doc.locate(path, key=at_key),
        context=context_chain(doc.data, path[:-1] if at_key or _is_missing(error) else path),
        hint=hint,
    )


def _is_missing(error: Any) -> bool:
    return bool(error["type"] == "missing")


def _data_path(data: Any, loc: tuple[int | str, ...], kind: str) -> tuple[Path_, int]:
    """Follow pydantic's ``loc`` through the data, skipping union-branch labels."""
    path: list[str | int] = []
    node = data
    unmatched = 0
    for position, part in enumerate(loc):
        last = position == len(loc) - 1
        if _has(node, part):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and str(part) in _ALIASES:
            alias = _ALIASES[str(part)]
            if alias in node:
                path.append(alias)
                node = node[alias]
            elif last:
                path.append(alias)
        elif last and kind in ("missing", "extra_forbidden") and isinstance(part, str):
            path.append(part)
        else:
            unmatched += 1
    return tuple(path), unmatched


def _has(node: Any, part: str | int) -> bool:
    if isinstance(node, dict):
        return isinstance(part, str) and part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


_ALIASES = {"all_of": "all", "any_of": "any", "not_": "not", "valid_from": "from"}


def context_chain(data: Any, path: Path_) -> list[str]:
    """``At Stage(id='x') ==> At key: performers`` for the items along ``path``.

    Items of known collections are named by id (``Stage(id='x')``), so the
    collection's own key is left out; a position in a list of plain names is left
    to the line and column (``At key: performers``).
    """
    chain: list[str] = []
    node = data
    parent_key: str | None = None
    for position, part in enumerate(path):
        if isinstance(node, dict) and isinstance(part, str):
            child = node.get(part)
            if parent_key in ("roles", "evidence_kinds") and isinstance(child, dict):
                chain.append(f"At {_CONTAINERS[parent_key]}(id={part!r})")
            elif not (part in _CONTAINERS and _is_item(child, path[position + 1 : position + 2])):
                chain.append(f"At key: {part}")
            parent_key = part
            node = child
        elif isinstance(node, list) and isinstance(part, int):
            item = node[part] if 0 <= part < len(node) else None
            if isinstance(item, dict | list):
                chain.append(_item_label(parent_key, part, item))
            parent_key = None
            node = item
        else:
            break
    return chain


def _is_item(node: Any, rest: Path_) -> bool:
    """Whether ``rest`` picks an item out of ``node`` that the chain names on its own."""
    if not rest:
        return False
    key = rest[0]
    if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
        return isinstance(node[key], dict | list)
    return isinstance(node, dict) and isinstance(node.get(key), dict)


def _item_label(container: str | None, index: int, item: Any) -> str:
    name = _CONTAINERS.get(container or "")
    if name is None:
        return f"At index {index}"
    if isinstance(item, dict):
        if container == "roles" and isinstance(item.get("role"), str):  # a person's grant
            return f"At RoleGrant(role={item['role']!r})"
        if isinstance(item.get("id"), str):
            return f"At {name}(id={item['id']!r})"
        if container == "events" and isinstance(item.get("stage"), str):
            return f"At {name}(#{index + 1}, stage={item['stage']!r})"
    return f"At {name}(#{index + 1})"


_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "tuple_type": "a list",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "a date (YYYY-MM-DD)",
    "datetime_type": "a date and time (ISO 8601, e.g. 2020-10-01T09:30:00+02:00)",
    "datetime_parsing": "a date and time (ISO 8601, e.g. 2020-10-01T09:30:00+02:00)",
    "datetime_from_date_parsing": "a date and time (ISO 8601, e.g. 2020-10-01T09:30:00+02:00)",
}


_REASONS = {
    "day value is outside expected range": "there is no such day in that month",
    "month value is outside expected range of 1-12": "months run from 01 to 12",
}
"""pydantic's reasons for refusing a date, in plain words (others are shown as given)."""

_PATTERNS = {
    r"^[a-z0-9][a-z0-9._-]{0,63}$": (
        "an identifier",
        "use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, "
        "at most 64 characters; no spaces, slashes or markup",
    ),
    r"^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}$": (
        'a version such as "3.0"',
        "use letters, digits, '.', '+' and '-', at most 32 characters, and quote it",
    ),
    r"^[a-z0-9][a-z0-9._-]*@[0-9A-Za-z.+-]+$": (
        "a process as id@version, e.g. eid-gateway@3.0",
        "name the process's id and version, joined by '@'",
    ),
    r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$": (
        "a change id such as EID-2381",
        "use letters, digits, '.', '_' and '-', starting with a letter or digit, "
        "at most 128 characters",
    ),
    r"^[0-9A-Za-z:._-]{4,200}$": (
        "a commit id or digest such as sha256:…",
        "use 4 to 200 letters, digits, ':', '.', '_' and '-'",
    ),
    r"^[0-9a-f]{64}$": ("a SHA-256 digest (64 lower-case hex digits)", None),
    r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$": (
        "a waiver id such as WV-2026-004",
        "use letters, digits, '.', '_' and '-', starting with a letter or digit, "
        "at most 64 characters",
    ),
    r"^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$": (
        "a key id such as kari-larsen-2026",
        "use letters, digits, '.', '_', ':', '@' and '-', starting with a letter or digit, "
        "at most 128 characters",
    ),
    r"^[A-Za-z0-9+/]{1,200}={0,2}$": (
        "a signature in base64",
        "copy the signature 'sdlc record append' wrote, whole",
    ),
    r"^[A-Za-z0-9*?\[][A-Za-z0-9*?\[\]!._-]{0,127}$": (
        "a record id, or a pattern over record ids such as EID-24*",
        "use letters, digits, '.', '_' and '-', with '*', '?' and '[...]' as wildcards; "
        "no slashes or spaces",
    ),
}
"""What each pattern the models use means, and how to write a value that matches."""


def _found(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return repr(shown)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _describe(
    error: Any, path: Path_, doc: Document, model: type[BaseModel]
) -> tuple[str, str | None]:
    kind: str = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        field = str(path[-1]) if path else "?"
        return (
            f"missing required field {field!r}",
            f"add '{field}:' to the mapping that starts here",
        )
    if kind == "extra_forbidden":
        field = str(path[-1]) if path else "?"
        allowed = _fields_at(model, path[:-1])
        text = suggest(f"unknown field {field!r} ({one_of(allowed)})", field, allowed)
        return text, "remove it, or correct its spelling"
    if kind in _TYPE_WORDS:
        found = _found(value)
        if "error" in ctx:  # why a date or time was refused
            found += ": " + _REASONS.get(str(ctx["error"]), str(ctx["error"]))
        hint = None
        if kind == "string_type" and isinstance(value, int | float | bool):
            written = doc.texts.get(path, str(value))
            hint = f'put quotes around it, "{written}", so YAML reads it as text'
        elif kind == "date_from_datetime_inexact":
            hint = "give the day alone, without a time"
        return f"expected {_TYPE_WORDS[kind]}, found {found}", hint
    if kind == "string_unicode":  # JSON's \ud800-\udfff escapes, alone
        return (
            f"expected text, found {_found(value)}, which holds half of a surrogate pair: "
            "not a character",
            "write the character itself, or both halves of its \\u escape",
        )
    if kind == "timezone_aware":
        return (
            f"expected a time with a time zone, found {_found(value)}",
            "add the offset, e.g. 2020-10-01T09:30:00+02:00, or Z for UTC",
        )
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern"))
        expected, hint = _PATTERNS.get(pattern, (f"text matching {pattern}", None))
        return f"expected {expected}, found {_found(value)}", hint
    if kind == "enum":
        expected = str(ctx.get("expected", ""))
        names = [n.strip(" '") for n in expected.replace(" or ", ", ").split(",")]
        word = str(value)
        return (
            suggest(
                f"{_found(value)} is not allowed (expected one of: {', '.join(names)})",
                word,
                names,
            ),
            None,
        )
    if kind in ("value_error", "assertion_error"):
        text = str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
        return text, None
    if kind == "too_short":
        return (
            f"expected at least {ctx.get('min_length')} item(s), found {ctx.get('actual_length')}",
            None,
        )
    if kind == "too_long" or kind == "string_too_long":
        return f"too long: {error['msg'].lower()}", None
    message = str(error["msg"])
    return f"{message[0].lower()}{message[1:]}, found {_found(value)}", None


def _fields_at(model: type[BaseModel], path: Path_) -> list[str]:
    """The field names (by alias) the model accepts at ``path`` in the data."""
    current: Any = model
    for part in path:
        current = _child_model(current, part)
        if current is None:
            return []
    if not (isinstance(current, type) and issubclass(current, BaseModel)):
        return []
    return [f.alias or name for name, f in current.model_fields.items()]


def _child_model(current: Any, part: str | int) -> Any:
    if isinstance(current, type) and issubclass(current, BaseModel):
        if not isinstance(part, str):
            return None
        for name, field in current.model_fields.items():
            if part in (name, field.alias):
                return _models_in(field.annotation)
        return None
    # a container annotation: descend into its item type
    return _models_in(current, item=True)


def _models_in(annotation: Any, *, item: bool = False) -> Any:
    """The model class an annotation holds (through Optional, tuple, dict, Annotated)."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _models_in(args[0], item=item)
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            found = _models_in(arg, item=item)
            if found is not None:
                return found
        return None
    if item and origin in (tuple, list):
        return _models_in(args[0])
    if item and origin is dict:
        return _models_in(args[1])
    if origin in (tuple, list, dict):
        return annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


__all__ = [
    "LoadedRecord",
    "Location",
    "load_process",
    "load_process_document",
    "load_record",
    "load_records",
    "load_roster",
]
