"""What a validation error says: "expected an identifier, found 'Code Review'"
and a hint on how to write the value, in plain words for each kind of error
pydantic reports.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ..errors import one_of, suggest
from .document import Document, Path_
from .fields import fields_at
from .patterns import PATTERNS
from .quoting import cut, shown

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


def _found(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {cut(repr(value))}"
    if isinstance(value, str):
        return shown(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def describe(
    error: Any, path: Path_, doc: Document, model: type[BaseModel]
) -> tuple[str, str | None]:
    """The message and hint for one of pydantic's errors, at ``path`` in ``doc``."""
    kind: str = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        field = str(path[-1]) if path else "?"
        return (
            f"missing required field {shown(field)}",
            f"add '{field}:' to the mapping that starts here",
        )
    if kind == "extra_forbidden":
        field = str(path[-1]) if path else "?"
        allowed = fields_at(model, path[:-1])
        text = suggest(f"unknown field {shown(field)} ({one_of(allowed)})", field, allowed)
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
        expected, hint = PATTERNS.get(pattern, (f"text matching {pattern}", None))
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
