"""Which proven events a record lacks: the plan of an import, before anything is written.

An event whose source some event of the record already carries, saying the same
(:func:`~sdlc.importers.sources.facts`), is already there and is not added again.
One that carries the source but says something else is refused, and the whole
import with it: the record was edited, or the evidence changed, and a person has
to look. Otherwise an event whose ``source:`` line was forged into the record
beforehand (an approval, say) would keep the real evidence (a rejection) out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Location
from ..model.record import Event, Record
from .sources import Evidence, Proven, facts, in_words, sources_of


@dataclass(frozen=True, slots=True)
class Plan:
    """What an import will append, and what it found already in the record."""

    path: Path
    evidence: Evidence
    new: tuple[Proven, ...]
    present: tuple[tuple[Proven, int], ...]
    """Each proven event the record holds already, with its number there."""
    early: tuple[Proven, ...]
    """New events dated before the record's last event (``sdlc check`` will say
    ``time-order``)."""
    last: dt.datetime | None
    """When the record's last event happened."""


def plan(path: Path, record: Record, evidence: Evidence) -> Plan:
    """The plan of importing ``evidence`` into ``record`` (read from ``path``)."""
    held: dict[str, list[tuple[int, Event]]] = {}
    for number, event in enumerate(record.events, 1):
        for source in sources_of(event):
            held.setdefault(source, []).append((number, event))
    for source, why in evidence.revoked:
        if not held.get(source):
            continue
        number, event = held[source][-1]
        if event.outcome.completes:
            raise InputError(
                f"event #{number} records {source} as {in_words(event)}, but {why}; the "
                "record still counts it",
                location=Location(str(path)),
                hint=f"void it with an event of stage {event.stage!r} with outcome rejected "
                f"and the note 'source: {source}' (sdlc record append), then import again",
            )
    new: list[Proven] = []
    present: list[tuple[Proven, int]] = []
    seen: dict[str, Proven] = {}
    for proven in sorted(evidence.proven, key=lambda p: p.event.at):
        earlier = seen.setdefault(proven.source, proven)
        if earlier is not proven:
            if facts(earlier.event) != facts(proven.event):
                raise InputError(
                    f"the evidence proves {proven.source} twice, differently: as "
                    f"{in_words(earlier.event)} and as {in_words(proven.event)}",
                    location=Location(str(path)),
                    hint="import each piece of evidence once",
                )
            continue
        holder = _holding(held.get(proven.source, []), proven, path)
        if holder is None:
            new.append(proven)
        else:
            present.append((proven, holder))
    last = record.events[-1].at if record.events else None
    early = tuple(p for p in new if last is not None and p.event.at < last)
    return Plan(path, evidence, tuple(new), tuple(present), early, last)


def _holding(held: list[tuple[int, Event]], proven: Proven, path: Path) -> int | None:
    """The number of the event that already records ``proven``, or ``None``; an
    event that claims its source but says otherwise is refused."""
    for number, event in held:
        if facts(event) == facts(proven.event):
            return number
    if held:
        number, event = held[0]
        raise InputError(
            f"event #{number} claims the source {proven.source} but records "
            f"{in_words(event)}, while the evidence proves {in_words(proven.event)}",
            location=Location(str(path)),
            hint="the record was edited, the evidence changed, or this import's options "
            "(stage, actor, subject, provider patterns) differ from the first one's: find out "
            "which; nothing was appended",
        )
    return None
