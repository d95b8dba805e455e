"""The roster: people, the roles they hold (and when), their team, and their keys."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from pydantic import Field, model_validator

from ._base import Model, Slug, Text


class RoleGrant(Model):
    """A role a person holds, optionally only between two dates (inclusive)."""

    role: Slug = Field(description="The role, as the process names it.")
    valid_from: dt.date | None = Field(
        None, alias="from", description="First day the role is held; always when absent."
    )
    valid_until: dt.date | None = Field(
        None, alias="until", description="Last day the role is held; open-ended when absent."
    )

    @model_validator(mode="after")
    def _ordered(self) -> RoleGrant:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError("'until' MUST NOT be before 'from'")
        return self

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


class Person(Model):
    """Someone who can appear as an actor in change records."""

    id: Slug = Field(description="Identifier records use as the actor.")
    name: Text = Field(description="Full name.")
    team: Slug | None = Field(None, description="Team the person belongs to.")
    roles: tuple[Slug | RoleGrant, ...] = Field(
        (), description="Roles held: a role id, or a grant with from/until dates."
    )

    @property
    def grants(self) -> tuple[RoleGrant, ...]:
        return tuple(RoleGrant(role=r) if isinstance(r, str) else r for r in self.roles)

    def roles_on(self, day: dt.date) -> frozenset[str]:
        """The roles this person holds on ``day``."""
        return frozenset(g.role for g in self.grants if g.valid_on(day))


class Roster(Model):
    """The people who may act in a process."""

    people: tuple[Person, ...] = Field(description="Everyone who can appear in records.")

    @model_validator(mode="after")
    def _unique(self) -> Roster:
        seen: set[str] = set()
        for person in self.people:
            if person.id in seen:
                raise ValueError(f"person id {person.id!r} is listed twice; ids MUST be unique")
            seen.add(person.id)
        return self

    @cached_property
    def by_id(self) -> dict[str, Person]:
        return {p.id: p for p in self.people}
