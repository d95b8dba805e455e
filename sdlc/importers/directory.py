"""Who an account in evidence is: the roster person whose ``accounts`` list it.

An account that is no one in the roster is an error naming it, the system it is
in and where the evidence names it: an import never guesses a person, and never
drops what someone did because it cannot say who (see docs/collecting.md).
"""

from __future__ import annotations

from ..errors import InputError, Location, did_you_mean
from ..model.accounts import account_key
from ..model.roster import Roster

_EXAMPLES = {
    "github": "accounts: {github: LOGIN}",
    "gitlab": "accounts: {gitlab: USERNAME}",
    "email": "accounts: {email: [ADDRESS]}",
    "builder": "accounts: {builder: [BUILDER-ID]}",
}


class Directory:
    """The people of a roster by their accounts in each system."""

    def __init__(self, roster: Roster, roster_path: str) -> None:
        self.roster = roster
        self.roster_path = roster_path
        self._by_account: dict[tuple[str, str], str] = {}
        for person in roster.people:
            for system, _, name in person.accounts.listed():
                self._by_account[(system, account_key(system, name))] = person.id

    def find(self, system: str, name: str) -> str | None:
        """The id of the person with this account, or ``None``."""
        return self._by_account.get((system, account_key(system, name)))

    def person(self, system: str, name: str, *, what: str, location: Location) -> str:
        """The id of the person with this account; an :class:`InputError` at
        ``location`` naming the account (``what`` says where the evidence names it)."""
        found = self.find(system, name)
        if found is None:
            raise InputError(
                f"{what}: the {system} account {name!r} is no one in the roster {self.roster_path}",
                location=location,
                hint=f"add it to the person's entry there: {_EXAMPLES[system]}",
            )
        return found

    def actor(self, person: str, option: str) -> str:
        """``person``, which must be a person in the roster (``option`` gave it)."""
        if person not in self.roster.by_id:
            raise InputError(
                f"{option} {person!r} is no one in the roster {self.roster_path}."
                + did_you_mean(person, self.roster.by_id)
            )
        return person
