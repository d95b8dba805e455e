"""Risk: the ordered levels, the rules that classify a change, and settings that
vary with a change's level (:data:`PerRisk`, read with :func:`at_risk`).
"""

from __future__ import annotations

from typing import Annotated, TypeVar

from pydantic import Field, model_validator

from .conditions import Condition
from .paths import PathMap
from .text import Prose
from .types import Model, Slug

T = TypeVar("T")

PerRisk = Annotated[
    T | dict[Slug, T],
    Field(
        description="One value for every risk level, or a mapping from risk level to value. "
        "A mapped value holds from its level upwards until the next named level; "
        "levels below the first named level take the first value."
    ),
]


def at_risk(value: T | dict[str, T], risk: str, levels: tuple[str, ...]) -> T:
    """The value a :data:`PerRisk` setting takes at ``risk``."""
    if not isinstance(value, dict):
        return value
    rank = levels.index(risk)
    chosen: T | None = None
    first: T | None = None
    for level in levels:
        if level in value:
            if first is None:
                first = value[level]
            if levels.index(level) <= rank:
                chosen = value[level]
    result = chosen if chosen is not None else first
    assert result is not None, "PerRisk mapping validated non-empty"
    return result


class RiskRule(Model):
    """A classification rule: a change for which ``when`` holds is at least ``level``."""

    id: Slug = Field(description="Identifier of the rule, used in messages and the handbook.")
    level: Slug = Field(description="Risk level a matching change is raised to (at least).")
    when: Condition = Field(
        description="Condition over the change's attributes; it cannot test risk itself."
    )
    description: Prose = Field(Prose(""), description="Why this rule exists (Markdown).")


class RiskModel(Model):
    """Ordered risk levels and the rules that compute a change's level."""

    levels: tuple[Slug, ...] = Field(
        min_length=1, description="Risk levels from lowest to highest, e.g. low, medium, high."
    )
    default: Slug = Field(description="Level of a change that no rule raises.")
    rules: tuple[RiskRule, ...] = Field(
        (), description="Classification rules; a change takes the highest level any rule gives."
    )
    paths: PathMap = Field(
        PathMap.model_construct(),
        description="Which files belong to which components and data classes: the checker "
        "derives what a change touches from the files its commits changed, and reports "
        "diff-underdeclared when the record declares less.",
    )

    @model_validator(mode="after")
    def _levels_known(self) -> RiskModel:
        if len(set(self.levels)) != len(self.levels):
            raise ValueError("risk levels MUST be unique")
        return self
