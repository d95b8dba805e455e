"""Who performs a stage in practice, and how many people hold that role: the
evidence behind a suggestion about a stage that keeps changes waiting."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..model.roster import utc_day
from .cases import Case


@dataclass(frozen=True, slots=True)
class Holders:
    """The performer role most completing events of a stage were done in, in how many
    of the events, and who holds that role on the last day (in UTC) of the changes
    studied."""

    role: str
    used: int
    events: int
    day: dt.date
    people: tuple[str, ...]

    def words(self) -> str:
        """``performed as security-champion in 18 of 18 events, and 2 people hold that
        role on 2026-10-30 (lars-berg, sofie-dahl)``"""
        hold = "1 person holds" if len(self.people) == 1 else f"{len(self.people)} people hold"
        return (
            f"performed as {self.role} in {self.used} of {self.events} events, and {hold} "
            f"that role on {self.day.isoformat()} ({', '.join(self.people) or 'nobody'})"
        )


def holders(cases: Sequence[Case], stage: str) -> Holders | None:
    """Who performed ``stage`` in ``cases``, by role, and who holds the role most used;
    ``None`` without a roster. An actor counts in each of the stage's performer roles
    they held on the day of the event."""
    roles: Counter[str] = Counter()
    events = 0
    roster = None
    latest: dt.datetime | None = None
    for case in cases:
        if case.roster is None or not case.process.has_stage(stage):
            continue
        roster = case.roster
        performers = set(case.process.stage(stage).performers)
        for event in case.record.events:
            latest = event.at if latest is None else max(latest, event.at)
            if event.stage != stage or not event.outcome.completes:
                continue
            events += 1
            person = roster.by_id.get(event.actor)
            if person is not None:
                roles.update(sorted(person.roles_at(event.at) & performers))
    if roster is None or latest is None or not roles:
        return None
    role, used = sorted(roles.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    people = tuple(sorted(p.id for p in roster.people if role in p.roles_at(latest)))
    return Holders(role, used, events, utc_day(latest), people)
