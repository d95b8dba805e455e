"""pydantic's validation errors turned into one :class:`~sdlc.errors.InputError`:
the most specific error is chosen, its location followed through the data to a
line and column, and it is worded by :mod:`sdlc.load.wording` (see docs/design.md,
"Errors and exit codes").
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import InputError
from .context import context_chain
from .document import Document, Path_
from .wording import describe

_ALIASES = {"all_of": "all", "any_of": "any", "not_": "not", "valid_from": "from"}
"""Field names pydantic reports whose key in the data differs (``all_of`` is ``all``)."""


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
    message, hint = describe(error, path, doc, model)
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
