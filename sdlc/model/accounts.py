"""The accounts a person has in other systems: a GitHub login, a GitLab username,
e-mail addresses and build systems' builder ids.

Evidence from those systems names accounts, and records name people: a roster
entry's ``accounts`` say which person each account is, so one person is one
actor however many systems they appear in. One account belongs to one person:
the roster refuses an account listed for two (see docs/design.md, "When each
rule fires"), since evidence from it could otherwise count for either.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Annotated

from pydantic import Field

from .patterns import SplitPattern
from .types import Model

SYSTEMS = ("github", "gitlab", "email", "builder")
"""The systems an account can be in, as the roster names them."""

GitHubLogin = Annotated[
    str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}(\[bot\])?$", max_length=44)
]
GitLabUsername = Annotated[str, Field(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$")]
EMAIL = r"^[^@\s]{1,64}@[^@\s]{1,255}$"
BUILDER_ID = r"^\S{1,2000}$"


def _email_parts(address: str) -> bool:
    local, domain = address.split("@")
    return len(local) <= 64 and len(domain) <= 255


Email = Annotated[str, SplitPattern(EMAIL, r"^[^@\s]+@[^@\s]+$", _email_parts)]
"""An address: 1 to 64 characters, '@', 1 to 255 characters, no white space."""
BuilderId = Annotated[str, SplitPattern(BUILDER_ID, r"^\S+$", lambda id_: len(id_) <= 2000)]
"""1 to 2,000 characters without white space."""


class Accounts(Model):
    """Who a person is in other systems. GitHub logins, GitLab usernames and e-mail
    addresses are compared without regard to case; builder ids exactly."""

    github: GitHubLogin | None = Field(None, description="GitHub login, e.g. kari-larsen.")
    gitlab: GitLabUsername | None = Field(None, description="GitLab username.")
    email: tuple[Email, ...] = Field(
        (), description="E-mail addresses the person's commits are made with."
    )
    builder: tuple[BuilderId, ...] = Field(
        (),
        description="Builder ids (SLSA provenance 'runDetails.builder.id') of build systems "
        "this roster entry stands for, e.g. https://github.com/actions/runner.",
    )

    def listed(self) -> Iterator[tuple[str, int | None, str]]:
        """Each account: its system, its index in that system's list (``None`` for a
        single value), and the name as written."""
        for system in ("github", "gitlab"):
            value = getattr(self, system)
            if value is not None:
                yield system, None, value
        for system in ("email", "builder"):
            for i, value in enumerate(getattr(self, system)):
                yield system, i, value


def account_key(system: str, name: str) -> str:
    """How an account is compared: case-folded, but a builder id exactly."""
    return name if system == "builder" else name.casefold()


def account_clash(
    people: Sequence[tuple[str, Accounts]],
) -> tuple[str, tuple[str | int, ...], str] | None:
    """The first account listed for two people, with the
    message, its place in the roster's data and the value found there; ``people`` are
    the roster's entries in order, as (person id, accounts)."""
    owners: dict[tuple[str, str], str] = {}
    for i, (person, accounts) in enumerate(people):
        for system, j, name in accounts.listed():
            at: tuple[str | int, ...] = ("people", i, "accounts", system)
            if j is not None:
                at = (*at, j)
            key = (system, account_key(system, name))
            other = owners.setdefault(key, person)
            if other != person:
                message = (
                    f"{system} account {name!r} of {person} is also listed for {other}; an "
                    "account MUST belong to one person (evidence from it would count for "
                    "either): keep it in one entry"
                )
                return message, at, name
    return None
