"""Patterns too costly to compile at every start of the command, checked another way.

pydantic compiles a field's ``pattern`` when the model is built, and a bounded
repetition of a large class (``\\S{1,2000}``, or ``[^@\\s]{1,255}`` around an ``@``)
takes it milliseconds to tens of milliseconds, on every run of ``sdlc``. A
:class:`SplitPattern` checks such a pattern as a cheap pattern that bounds nothing
and a test of the lengths in Python, which between them accept exactly the strings
the pattern accepts (``\\s`` is the same Unicode white space, since the cheap
pattern is compiled by the same engine). What people and tools see names the
pattern itself: a refusal is pydantic's ``string_pattern_mismatch`` with the
pattern, and the JSON Schema states it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler, ValidationError
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema


@dataclass(frozen=True)
class SplitPattern:
    """``Annotated`` metadata for a string that matches ``pattern``, checked as
    ``cheap`` (a pattern quick to compile) and ``fits`` (a test of what ``cheap``
    leaves unbounded, given a string that matches ``cheap``)."""

    pattern: str
    cheap: str
    fits: Callable[[str], bool]

    def __get_pydantic_core_schema__(
        self, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_wrap_validator_function(
            self._check, core_schema.str_schema(pattern=self.cheap)
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"pattern": self.pattern, "type": "string"}

    def _check(self, value: Any, handler: core_schema.ValidatorFunctionWrapHandler) -> str:
        try:
            text: str = handler(value)
        except ValidationError as exc:
            if exc.errors()[0]["type"] != "string_pattern_mismatch":
                raise  # not text at all: refused as any text field refuses it
            raise self._mismatch() from None
        if not self.fits(text):
            raise self._mismatch()
        return text

    def _mismatch(self) -> PydanticCustomError:
        """The error pydantic gives a string that does not match ``pattern``."""
        return PydanticCustomError(
            "string_pattern_mismatch",
            "String should match pattern '{pattern}'",
            {"pattern": self.pattern},
        )
