"""Structured conditions: when a stage or a dependency applies, and when a risk rule fires.

A condition is data, never code, so the linter can evaluate it for every risk
level and attribute combination, and the handbook can print it in words.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import Field, model_validator

from .text import phrase
from .types import Model, Slug

ATOM_KINDS = ("components", "data_classes", "providers", "flags")
"""Attribute kinds a change carries, and that conditions can test."""

_ATOM_FIELDS = {
    "components_any": "components",
    "data_classes_any": "data_classes",
    "providers_any": "providers",
    "flags_any": "flags",
}
_RISK_FIELDS = ("risk_at_least", "risk_at_most", "risk_in")
_BRANCH_FIELDS = ("all_of", "any_of", "not_")


class Condition(Model):
    """Exactly one test, or a combination of conditions."""

    risk_at_least: Slug | None = Field(
        None, description="Holds when the change's risk is this level or higher."
    )
    risk_at_most: Slug | None = Field(
        None, description="Holds when the change's risk is this level or lower."
    )
    risk_in: tuple[Slug, ...] | None = Field(
        None, description="Holds when the change's risk is one of these levels."
    )
    components_any: tuple[Slug, ...] | None = Field(
        None, description="Holds when the change touches any of these components."
    )
    data_classes_any: tuple[Slug, ...] | None = Field(
        None, description="Holds when the change handles any of these data classes."
    )
    providers_any: tuple[Slug, ...] | None = Field(
        None, description="Holds when the change affects any of these eID providers."
    )
    flags_any: tuple[Slug, ...] | None = Field(
        None, description="Holds when the change carries any of these flags."
    )
    all_of: tuple[Condition, ...] | None = Field(
        None, alias="all", description="Holds when every listed condition holds."
    )
    any_of: tuple[Condition, ...] | None = Field(
        None, alias="any", description="Holds when at least one listed condition holds."
    )
    not_: Condition | None = Field(
        None, alias="not", description="Holds when the given condition does not hold."
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> Condition:
        given = [name for name in self.model_fields_set if getattr(self, name) is not None]
        if len(given) != 1:
            names = ", ".join(_public_names())
            found = (
                f"found {len(given)}: {', '.join(sorted(_public(n) for n in given))}"
                if given
                else "found none"
            )
            raise ValueError(
                f"a condition MUST have exactly one of: {names} ({found}); combine several "
                f"with 'all' or 'any'"
            )
        for name in ("risk_in", *_ATOM_FIELDS, "all_of", "any_of"):
            value = getattr(self, name)
            if value is not None and not value:
                raise ValueError(f"'{_public(name)}' MUST list at least one item")
        return self

    # -- reading ---------------------------------------------------------------

    def risk_levels_named(self) -> Iterator[str]:
        """Every risk level this condition mentions (for reference checks)."""
        for sub in self.walk():
            if sub.risk_at_least is not None:
                yield sub.risk_at_least
            if sub.risk_at_most is not None:
                yield sub.risk_at_most
            if sub.risk_in is not None:
                yield from sub.risk_in

    def atoms(self) -> Iterator[tuple[str, str]]:
        """Every ``(kind, name)`` attribute this condition tests."""
        for sub in self.walk():
            for field_name, kind in _ATOM_FIELDS.items():
                for name in getattr(sub, field_name) or ():
                    yield kind, name

    def mentions_risk(self) -> bool:
        return any(True for _ in self.risk_levels_named())

    def walk(self) -> Iterator[Condition]:
        yield self
        for child in (*(self.all_of or ()), *(self.any_of or ())):
            yield from child.walk()
        if self.not_ is not None:
            yield from self.not_.walk()


def _public(name: str) -> str:
    return {"all_of": "all", "any_of": "any", "not_": "not"}.get(name, name)


def _public_names() -> list[str]:
    return [_public(n) for n in (*_RISK_FIELDS, *_ATOM_FIELDS, *_BRANCH_FIELDS)]


@dataclass(frozen=True, slots=True)
class Situation:
    """What a condition is evaluated against: a risk rank and the change's attributes.

    ``risk`` is the index of the level in the risk model's ordered list, or ``None``
    while risk is being computed (risk rules cannot test risk).
    """

    risk: int | None
    attributes: frozenset[tuple[str, str]]


def holds(condition: Condition | None, situation: Situation, order: dict[str, int]) -> bool:
    """Whether ``condition`` holds; ``None`` (no condition) always holds."""
    if condition is None:
        return True
    c = condition
    if c.all_of is not None:
        return all(holds(sub, situation, order) for sub in c.all_of)
    if c.any_of is not None:
        return any(holds(sub, situation, order) for sub in c.any_of)
    if c.not_ is not None:
        return not holds(c.not_, situation, order)
    if c.risk_at_least is not None:
        return situation.risk is not None and situation.risk >= order[c.risk_at_least]
    if c.risk_at_most is not None:
        return situation.risk is not None and situation.risk <= order[c.risk_at_most]
    if c.risk_in is not None:
        return situation.risk is not None and situation.risk in {order[r] for r in c.risk_in}
    for field_name, kind in _ATOM_FIELDS.items():
        names = getattr(c, field_name)
        if names is not None:
            return any((kind, name) in situation.attributes for name in names)
    raise AssertionError("validated condition has no test")  # pragma: no cover


def in_words(condition: Condition | None) -> str:
    """The condition as a phrase, for the handbook and for messages: English, or the
    language a handbook is being rendered in (see :func:`sdlc.model.text.phrase`)."""
    if condition is None:
        return phrase("always")
    c = condition
    if c.all_of is not None:
        return _join(phrase("all of"), [in_words(sub) for sub in c.all_of])
    if c.any_of is not None:
        return _join(phrase("any of"), [in_words(sub) for sub in c.any_of])
    if c.not_ is not None:
        return phrase("not ({condition})").format(condition=in_words(c.not_))
    if c.risk_at_least is not None:
        return phrase("risk is {level} or higher").format(level=c.risk_at_least)
    if c.risk_at_most is not None:
        return phrase("risk is {level} or lower").format(level=c.risk_at_most)
    if c.risk_in is not None:
        return phrase("risk is {levels}").format(levels=_or(c.risk_in))
    nouns = {
        "components_any": phrase("the change touches component {names}"),
        "data_classes_any": phrase("the change handles data class {names}"),
        "providers_any": phrase("the change affects eID provider {names}"),
        "flags_any": phrase("the change is flagged {names}"),
    }
    for field_name, words in nouns.items():
        names = getattr(c, field_name)
        if names is not None:
            return words.format(names=_or(names))
    raise AssertionError("validated condition has no test")  # pragma: no cover


def _or(names: Sequence[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + f" {phrase('or')} {names[-1]}"


def _join(head: str, parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return f"{head}: " + "; ".join(f"({p})" for p in parts)


def condition_from(data: Any) -> Condition:
    """Validate a condition from plain data (used by tests and tools)."""
    return Condition.model_validate(data)
