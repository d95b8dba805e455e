"""The roster: people, the roles they hold (and when), their team, and their keys.

Days in the roster (a role's or a key's ``from`` and ``until``) are days in UTC:
an event counts on the UTC day of its ``at``, whatever offset it was written
with, so that the signer cannot stretch a validity by choosing the zone. One
key belongs to one person, and the roster refuses a key listed for two (see
docs/design.md, "When each rule fires").
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from functools import cached_property
from typing import Annotated

from pydantic import AwareDatetime, Field, ValidationError, field_validator, model_validator
from pydantic_core import InitErrorDetails

from .accounts import Accounts, account_clash
from .record import KeyId
from .types import Model, Slug, Text

ED25519_SPKI_PREFIX = bytes.fromhex("302a300506032b6570032100")
"""DER of an ed25519 SubjectPublicKeyInfo, up to the 32 key bytes (RFC 8410)."""

Moment = AwareDatetime | dt.date
"""A day (the whole day in UTC) or an exact time with a zone."""


def utc_day(at: dt.datetime) -> dt.date:
    """The day in UTC of the moment ``at``: the day roster dates are compared with."""
    if at.utcoffset() == _ZERO:  # already in UTC, as most recorded times are
        return at.date()
    return at.astimezone(dt.UTC).date()


_ZERO = dt.timedelta(0)


class RoleGrant(Model):
    """A role a person holds, optionally only between two dates (inclusive)."""

    role: Slug = Field(description="The role, as the process names it.")
    valid_from: dt.date | None = Field(
        None,
        alias="from",
        description="First day the role is held (a day in UTC); always when absent.",
    )
    valid_until: dt.date | None = Field(
        None,
        alias="until",
        description="Last day the role is held (a day in UTC); open-ended when absent.",
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


class PublicKey(Model):
    """An ed25519 public key a person signs events with, and when it may be used."""

    id: KeyId = Field(description="Key id; signatures name it. Unique in the roster.")
    public_key: Annotated[str, Field(min_length=1, max_length=1000)] = Field(
        description="The ed25519 public key: base64 of its 32 raw bytes, or a PEM "
        "'PUBLIC KEY' block."
    )
    valid_from: Moment | None = Field(
        None,
        alias="from",
        description="First day (a day in UTC) or moment (with its offset) the key may sign.",
    )
    valid_until: Moment | None = Field(
        None,
        alias="until",
        description="Last day (a day in UTC) or moment (with its offset) the key may sign.",
    )

    @field_validator("public_key")
    @classmethod
    def _ed25519(cls, value: str) -> str:
        raw_public_key(value)
        return value

    @model_validator(mode="after")
    def _ordered(self) -> PublicKey:
        if self.valid_from is not None and self.valid_until is not None:
            first = _bound(self.valid_from, dt.datetime.min.time())
            last = _bound(self.valid_until, dt.datetime.max.time())
            if last < first:
                raise ValueError("'until' MUST NOT be before 'from'")
        return self

    @property
    def raw(self) -> bytes:
        """The 32 bytes of the key."""
        return raw_public_key(self.public_key)

    def valid_at(self, at: dt.datetime) -> bool:
        """Whether the key may sign an event made at ``at`` (a day bound is a UTC day)."""
        after = self.valid_from is None or _bound(self.valid_from, dt.time.min) <= at
        before = self.valid_until is None or at <= _bound(self.valid_until, dt.time.max)
        return after and before

    def validity(self) -> str:
        """The period the key is valid in, as people read it."""
        start = "always" if self.valid_from is None else self.valid_from.isoformat()
        end = "open-ended" if self.valid_until is None else self.valid_until.isoformat()
        days = any(_is_day(m) for m in (self.valid_from, self.valid_until))
        return f"{start} to {end}" + (" (days in UTC)" if days else "")


def _is_day(moment: Moment | None) -> bool:
    return moment is not None and not isinstance(moment, dt.datetime)


def _bound(moment: Moment, time: dt.time) -> dt.datetime:
    """``moment`` as a datetime: a day starts or ends at ``time`` in UTC, never in the
    zone an event chose to write its time in."""
    if isinstance(moment, dt.datetime):
        return moment
    return dt.datetime.combine(moment, time, tzinfo=dt.UTC)


def raw_public_key(text: str) -> bytes:
    """The 32 raw bytes of an ed25519 public key given as base64 or PEM.

    Raises :class:`ValueError` with a message for people when it is neither.
    """
    stripped = text.strip()
    pem = stripped.startswith("-----BEGIN")
    if pem:
        lines = stripped.splitlines()
        if lines[0].strip() != "-----BEGIN PUBLIC KEY-----" or (
            lines[-1].strip() != "-----END PUBLIC KEY-----"
        ):
            raise ValueError("a PEM public key MUST be a 'PUBLIC KEY' block")
        stripped = "".join(line.strip() for line in lines[1:-1])
    try:
        data = base64.b64decode(stripped, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("the public key is not valid base64") from None
    if pem:
        if len(data) != 44 or not data.startswith(ED25519_SPKI_PREFIX):
            raise ValueError("the PEM block does not hold an ed25519 public key")
        return data[len(ED25519_SPKI_PREFIX) :]
    if len(data) != 32:
        raise ValueError(
            f"an ed25519 public key is 32 bytes, but this one decodes to {len(data)} bytes"
        )
    return data


class Person(Model):
    """Someone who can appear as an actor in change records."""

    id: Slug = Field(description="Identifier records use as the actor.")
    name: Text = Field(description="Full name.")
    team: Slug | None = Field(None, description="Team the person belongs to.")
    roles: tuple[Slug | RoleGrant, ...] = Field(
        (), description="Roles held: a role id, or a grant with from/until dates."
    )
    keys: tuple[PublicKey, ...] = Field(
        (), description="ed25519 public keys the person signs events with."
    )
    accounts: Accounts = Field(
        Accounts.model_construct(),
        description="Who the person is in other systems (GitHub, GitLab, e-mail).",
    )

    @property
    def grants(self) -> tuple[RoleGrant, ...]:
        return self._roles_worked_out[1]

    def roles_at(self, at: dt.datetime) -> frozenset[str]:
        """The roles this person holds at the moment ``at``: on its day in UTC."""
        return self.roles_on(utc_day(at))

    def roles_on(self, day: dt.date) -> frozenset[str]:
        """The roles this person holds on ``day`` (a day in UTC)."""
        _, grants, undated = self._roles_worked_out
        if undated is not None:
            return undated
        return frozenset(g.role for g in grants if g.valid_on(day))

    @property
    def _roles_worked_out(
        self,
    ) -> tuple[object, tuple[RoleGrant, ...], frozenset[str] | None]:
        """``roles`` as grants, and as one set when no grant has dates (then it holds on
        any day). The checker asks at every event, so this is worked out once, and
        again only if ``roles`` is replaced: ``model_copy(update=...)`` keeps what was
        worked out for the original."""
        memo: tuple[object, tuple[RoleGrant, ...], frozenset[str] | None] | None
        memo = self.__dict__.get("_roles")
        if memo is None or memo[0] is not self.roles:
            # a role id is a validated slug already: constructed, not validated again
            grants = tuple(
                RoleGrant.model_construct(role=r) if isinstance(r, str) else r for r in self.roles
            )
            dated = any(g.valid_from is not None or g.valid_until is not None for g in grants)
            undated = None if dated else frozenset(g.role for g in grants)
            memo = self.__dict__["_roles"] = (self.roles, grants, undated)
        return memo


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
        clash = _key_clash(self.people)
        _refuse(clash)
        return self

    @model_validator(mode="after")
    def _one_owner_per_account(self) -> Roster:
        clash = account_clash([(p.id, p.accounts) for p in self.people])
        _refuse(clash)
        return self

    @cached_property
    def by_id(self) -> dict[str, Person]:
        return {p.id: p for p in self.people}

    @cached_property
    def keys(self) -> dict[str, tuple[Person, PublicKey]]:
        """Every listed key by its id, with the person it belongs to."""
        return {k.id: (p, k) for p in self.people for k in p.keys}


def _refuse(clash: tuple[str, tuple[str | int, ...], str] | None) -> None:
    """Refuse the roster for ``clash`` (a message, its place in the data and the value
    there), if any: at that place, so the loader names its line and column."""
    if clash is not None:
        message, loc, value = clash
        error = InitErrorDetails(
            type="value_error", loc=loc, input=value, ctx={"error": ValueError(message)}
        )
        raise ValidationError.from_exception_data("Roster", [error])


def _key_clash(
    people: tuple[Person, ...],
) -> tuple[str, tuple[str | int, ...], str] | None:
    """The first key listed twice: by id, or (under any id, as base64 or PEM) for two
    people, with the message, its place in the data and the value found there.

    One key, one person: the same person under two ids, holding the same key, would
    otherwise count as two people towards a stage's ``actors``.
    """
    owners: dict[str, str] = {}
    holders: dict[bytes, tuple[str, str]] = {}
    for i, person in enumerate(people):
        for j, key in enumerate(person.keys):
            at: tuple[str | int, ...] = ("people", i, "keys", j)
            if key.id in owners:
                return (
                    f"key id {key.id!r} is listed for {owners[key.id]} and {person.id}; "
                    "key ids MUST be unique",
                    (*at, "id"),
                    key.id,
                )
            owners[key.id] = person.id
            other, other_key = holders.setdefault(key.raw, (person.id, key.id))
            if other != person.id:
                return (
                    f"key {key.id!r} of {person.id} is the same public key as {other_key!r} "
                    f"of {other}; a key MUST belong to one person (one person under two ids "
                    f"would count twice): keep one entry per person, with all their keys",
                    (*at, "public_key"),
                    key.public_key,
                )
    return None
