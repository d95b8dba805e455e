"""Text a process gives in one language or several: titles, descriptions, how to comply,
role and evidence names.

In YAML such a field is a plain string, or a mapping from language to text
(``title: {en: Code review, nb: Kodegjennomgang}``). Either way it loads as a
:class:`Prose`, which *is* the string of its default language, so every consumer
that reads the field as text (checker messages, diffs, reports) goes on working; the
handbook asks it for another language with :meth:`Prose.in_`. A mapping's first
entry is its default; a plain string has no language of its own and stands for the
process's language (see :attr:`sdlc.model.process.Process.language`).
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Literal, get_args

from pydantic import BaseModel, GetCoreSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

Language = Literal["en", "nb", "nn"]
"""The languages a handbook can be rendered in: English, Norwegian Bokmål, Nynorsk."""

LANGUAGES: tuple[str, ...] = get_args(Language)

NEIGHBOURS = {"nb": ("nn",), "nn": ("nb",), "en": ()}
"""Languages close enough to stand in for each other before the default does."""

MAX_TEXT = 20_000
"""The longest text one language of a field may hold, in characters."""


class Prose(str):
    """A text field: the default language's string, with its translations beside it."""

    translations: Mapping[str, str]

    def __new__(cls, text: str, translations: Mapping[str, str] | None = None) -> Prose:
        made = super().__new__(cls, text)
        made.translations = dict(translations or {})
        return made

    def __getnewargs__(self) -> tuple[str, Mapping[str, str]]:  # type: ignore[override]
        return (str(self), self.translations)

    @classmethod
    def of(cls, value: str | Mapping[str, str]) -> Prose:
        """A plain string as it is, or a mapping whose first entry is the default."""
        if isinstance(value, Prose):
            return value
        if isinstance(value, str):
            return cls(value)
        first = next(iter(value.values()))
        return cls(first, value)

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages the field is written in; empty for a plain string."""
        return tuple(self.translations)

    def has(self, language: str, default: str) -> bool:
        """Whether the field has text in ``language``; a plain string is in ``default``."""
        return language in self.translations if self.translations else language == default

    def in_(self, language: str) -> str:
        """The text in ``language``, else in a neighbouring language, else the default."""
        for candidate in (language, *NEIGHBOURS.get(language, ())):
            if candidate in self.translations:
                return self.translations[candidate]
        return str(self)

    def localised(self, language: str) -> Prose:
        """The same field with ``language``'s text (or its fallback) as the default."""
        return Prose(self.in_(language), self.translations) if self.translations else self

    def as_data(self) -> str | dict[str, str]:
        """The field as YAML or JSON holds it: a string, or the mapping of languages."""
        return dict(self.translations) if self.translations else str(self)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        text = core_schema.str_schema(max_length=MAX_TEXT)
        keys = core_schema.literal_schema(list(LANGUAGES))
        mapping = core_schema.dict_schema(keys, text, min_length=1)
        return core_schema.no_info_wrap_validator_function(
            _validate,
            text,
            json_schema_input_schema=core_schema.union_schema([text, mapping]),
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda value: value.as_data() if isinstance(value, Prose) else value
            ),
        )


def _validate(value: Any, handler: core_schema.ValidatorFunctionWrapHandler) -> Prose:
    """A field already loaded stays as it is; anything else is checked, then wrapped."""
    if isinstance(value, Prose):
        return value
    if isinstance(value, dict):
        _languages(value)
        return Prose.of(value)
    return Prose(handler(value))  # a plain string, refused as any text field refuses


NORWEGIAN = "Norwegian is nb (Bokmål) or nn (Nynorsk)"


def _languages(mapping: dict[Any, Any]) -> None:
    """A mapping of languages names each language exactly as the handbook knows it."""
    expected = ", ".join(LANGUAGES)
    if not mapping:
        raise PydanticCustomError(
            "text_languages", f"expected at least one language ({expected}) and its text"
        )
    for key, text in mapping.items():
        if key is False or key == "False":
            raise PydanticCustomError(
                "text_language",
                f"a language key reads as false: YAML reads an unquoted no as false, and "
                f"{NORWEGIAN} (expected one of: {expected})",
            )
        if key not in LANGUAGES:
            hint = f"; {NORWEGIAN}" if key == "no" else ""
            raise PydanticCustomError(
                "text_language",
                "unknown language {key} (expected one of: {expected}){hint}",
                {"key": repr(key), "expected": expected, "hint": hint},
            )
        if not isinstance(text, str):
            raise PydanticCustomError("text_value", "the {key} text must be a string", {"key": key})
        if len(text) > MAX_TEXT:
            raise PydanticCustomError(
                "text_length",
                "the {key} text has {length} characters; at most {limit} are allowed",
                {"key": key, "length": f"{len(text):,}", "limit": f"{MAX_TEXT:,}"},
            )


def localised(value: Any, language: str) -> Any:
    """``value`` (a model, or a tuple or mapping of them) with every :class:`Prose` in
    it speaking ``language`` by default; what holds no translation is returned as it is."""
    if isinstance(value, Prose):
        return value.localised(language)
    if isinstance(value, BaseModel):
        changed = {}
        for name in type(value).model_fields:
            old = getattr(value, name)
            new = localised(old, language)
            if new is not old:
                changed[name] = new
        if not changed:
            return value
        copy = value.model_copy(update=changed)
        for key in [k for k in copy.__dict__ if k not in type(value).model_fields]:
            del copy.__dict__[key]  # worked out from the old fields (cached properties)
        return copy
    if isinstance(value, tuple):
        items = tuple(localised(v, language) for v in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if isinstance(value, dict):
        pairs = {k: localised(v, language) for k, v in value.items()}
        return value if all(pairs[k] is v for k, v in value.items()) else pairs
    return value


_PHRASES: contextvars.ContextVar[Callable[[str], str] | None] = contextvars.ContextVar(
    "sdlc_phrases", default=None
)


def phrase(message: str) -> str:
    """``message``, a phrase the model puts into words (a condition, say), in the
    language set by :func:`phrased`: English outside a handbook render, so that
    checker and lint messages stay English."""
    translate = _PHRASES.get()
    return message if translate is None else translate(message)


@contextmanager
def phrased(translate: Callable[[str], str]) -> Iterator[None]:
    """Put the model's phrases through ``translate`` inside the ``with`` block."""
    token = _PHRASES.set(translate)
    try:
        yield
    finally:
        _PHRASES.reset(token)
