"""Walking a JSON document that must have a known shape, one typed step at a time.

Each step names what it expected, so a file of the wrong shape gets one message
with its line and column, the place in JSON terms (``[3].user.login``), what was
expected and what was found (see docs/design.md, "Errors and exit codes").
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..load.document import Path_
from .json_input import JsonFile, json_path

_TYPES = {dict: "an object", list: "a list", str: "a string", bool: "true or false"}


def found(value: Any) -> str:
    """``value`` as a message names what was found instead."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return _TYPES[type(value)]
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass(frozen=True, slots=True)
class Node:
    """The value at ``at`` in ``file``."""

    file: JsonFile
    value: Any
    at: Path_ = ()

    @classmethod
    def root(cls, file: JsonFile) -> Node:
        return cls(file, file.data)

    def error(self, message: str, hint: str | None = None) -> InputError:
        """An :class:`InputError` about this value, located in its file."""
        text = f"at {json_path(self.at)}: {message}" if self.at else message
        return InputError(text, location=self.file.locate(self.at), hint=hint)

    def expected(self, what: str, hint: str | None = None) -> InputError:
        return self.error(f"expected {what}, found {found(self.value)}", hint)

    # -- steps ---------------------------------------------------------------------------

    def get(self, key: str) -> Node | None:
        """The member ``key`` of this object, or ``None`` when it is absent or null."""
        if not isinstance(self.value, dict):
            raise self.expected("an object")
        if self.value.get(key) is None:
            return None
        return Node(self.file, self.value[key], (*self.at, key))

    def field(self, key: str, what: str = "a value", hint: str | None = None) -> Node:
        """The member ``key`` of this object, which must be there and not null."""
        child = self.get(key)
        if child is None:
            raise self.error(f"'{key}' is missing; expected {what}", hint)
        return child

    def items(self) -> list[Node]:
        """The items of this list."""
        if not isinstance(self.value, list):
            raise self.expected("a list")
        return [Node(self.file, v, (*self.at, i)) for i, v in enumerate(self.value)]

    # -- values --------------------------------------------------------------------------

    def text(self, what: str = "a string") -> str:
        if not isinstance(self.value, str) or not self.value:
            raise self.expected(what)
        return self.value

    def integer(self, what: str = "a whole number") -> int:
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            raise self.expected(what)
        return self.value

    def boolean(self) -> bool:
        if not isinstance(self.value, bool):
            raise self.expected("true or false")
        return self.value

    def moment(self) -> dt.datetime:
        """A date and time with its zone, as ISO 8601 (RFC 3339) writes it."""
        text = self.text("a date and time")
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            raise self.expected("a date and time such as 2026-03-12T07:30:00Z") from None
        if moment.tzinfo is None:
            raise self.expected("a date and time with its zone (Z or +01:00)")
        return moment

    def text_field(self, key: str, what: str = "a string") -> str:
        return self.field(key, what).text(what)
