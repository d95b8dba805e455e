"""Reading one JSON evidence file strictly, and saying where in it a value is.

Evidence is read as JSON, not as YAML: a SARIF log or an API response may use any
escape JSON allows. The file must be UTF-8 within the size limit
(:func:`~sdlc.importers.files.read_evidence`); a key given twice in one object, ``NaN`` and
``Infinity`` are refused, since two readers could take them differently. Where a
value is, line and column, is found only when a message needs it (see
docs/design.md, "Errors and exit codes").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError, Location
from ..load.document import Document, Path_
from ..load.source import parse_yaml
from .files import EvidenceFile


@dataclass(slots=True)
class JsonFile:
    """A JSON document read from ``file``, with its text kept to locate values."""

    file: EvidenceFile
    data: Any
    _positions: Document | None = field(default=None, repr=False)

    def locate(self, at: Path_) -> Location:
        """The line and column of the value at ``at`` (or of its nearest parent), or
        just the file when they cannot be worked out."""
        if self._positions is None:
            try:
                self._positions = parse_yaml(self.file.text, self.file.name)
            except InputError:
                return Location(self.file.name)
        return self._positions.locate(at)


def read_json(file: EvidenceFile, *, hint: str | None = None) -> JsonFile:
    """The JSON document in ``file``; an :class:`InputError` at the first fault, with
    ``hint`` (what the file should be) when it is not JSON at all."""
    name = file.name
    try:
        data = json.loads(file.text, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        message = f"not valid JSON: {exc.msg}"
        if exc.msg == "Extra data":
            message = "not valid JSON: more follows the end of the document"
            hint = (
                "one document per file: 'gh api --paginate' writes one per page, so add "
                "--slurp (or join the pages with jq -s add)"
            )
        raise InputError(
            message, location=Location(name, exc.lineno, exc.colno), hint=hint
        ) from None
    except _Refused as exc:
        raise InputError(str(exc), location=_where_yaml_stops(file), hint=hint) from None
    except RecursionError:
        raise InputError("the JSON is nested too deeply", location=Location(name)) from None
    return JsonFile(file, data)


def _where_yaml_stops(file: EvidenceFile) -> Location:
    """Where the YAML reader, which refuses a repeated key too, finds the fault."""
    try:
        parse_yaml(file.text, file.name)
    except InputError as exc:
        if exc.location is not None:
            return exc.location
    return Location(file.name)


class _Refused(ValueError):
    """A value JSON allows but evidence must not hold."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Refused(f"the key {key!r} is given twice in one object; which one counts?")
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise _Refused(f"{name} is not a JSON number")


def json_path(at: Path_) -> str:
    """``at`` as people read a place in JSON: ``[3].user.login``, or ``the document``."""
    out = ""
    for part in at:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "the document"
