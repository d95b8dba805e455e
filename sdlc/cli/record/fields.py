"""Which option sets each field of a record or event, so that a field the model
rejects is reported as the option the user typed."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError

OPTIONS = {
    "id": "--id",
    "process": "--process",
    "title": "--title",
    "team": "--team",
    "author": "--author",
    "declared_risk": "--declared-risk",
    "components": "--component",
    "data_classes": "--data-class",
    "providers": "--provider",
    "flags": "--flag",
    "repository": "--repository",
    "commit": "--commit",
    "artifact": "--artifact",
    "stage": "--stage",
    "actor": "--actor",
    "outcome": "--outcome",
    "subject": "--subject",
    "at": "--at",
    "produces": "--produces",
    "covers": "--covers",
    "evidence": "--evidence",
    "note": "--note",
}
"""The option behind each field, by the field's name in the model."""


def option_error(exc: ValidationError) -> str:
    """The first of ``exc``'s errors, told as the option's."""
    error = exc.errors(include_url=False)[0]
    place = [str(part) for part in error["loc"] if isinstance(part, str)]
    option = next((OPTIONS[p] for p in reversed(place) if p in OPTIONS), "")
    value = error.get("input")
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "string_pattern_mismatch":
        message = "not a valid identifier here"
    return f"{option} {value!r}: {message}" if option else message
