"""The changes ``sdlc practice`` studies: each record checked against the version of
the process it names, with the view of the process that applies to it, and the
selection (period and teams) that decides which records are studied.

A record is in the period when the day (in UTC) of its first event is on or after
``since`` and on or before ``until``; a record without events is in every period.
Its team is the record's ``team`` (``none`` when it names none). Records that
cannot be read, or name a version that is not there, are counted and left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..evolution.versions import VersionedChecker
from ..graph.process_graph import ProcessGraph
from ..graph.view import View
from ..load.records import LoadedRecord
from ..model.process import Process
from ..model.record import Record
from ..model.roster import Roster, utc_day
from ..rules.findings import Report

NO_TEAM = "none"
"""The team of a record that names none."""


@dataclass(frozen=True)
class Selection:
    """Which records are studied: a period of first-event days, and some teams (all
    teams when empty)."""

    since: dt.date | None = None
    until: dt.date | None = None
    teams: tuple[str, ...] = ()

    def keeps(self, record: Record) -> bool:
        team = record.team or NO_TEAM
        if self.teams and team not in self.teams:
            return False
        if not record.events:
            return True
        day = utc_day(record.events[0].at)
        return (self.since is None or self.since <= day) and (
            self.until is None or day <= self.until
        )

    def words(self) -> str:
        """`` since 2026-03-01 until 2026-06-30``, or nothing for every record."""
        parts = []
        if self.since is not None:
            parts.append(f"since {self.since.isoformat()}")
        if self.until is not None:
            parts.append(f"until {self.until.isoformat()}")
        return "".join(f" {p}" for p in parts)

    def as_dict(self) -> dict[str, object]:
        return {
            "since": None if self.since is None else self.since.isoformat(),
            "until": None if self.until is None else self.until.isoformat(),
            "teams": list(self.teams),
        }


@dataclass(frozen=True, eq=False)
class Case:
    """One change studied: its record, its report, and the process that applies."""

    record: Record
    report: Report
    graph: ProcessGraph
    view: View
    roster: Roster | None

    @property
    def risk(self) -> str:
        assert self.report.risk is not None, "only checked records become cases"
        return self.report.risk

    @property
    def team(self) -> str:
        return self.record.team or NO_TEAM

    @property
    def process(self) -> Process:
        return self.graph.process

    @property
    def stages(self) -> tuple[str, ...]:
        """The stage of each event, in the record's order."""
        return tuple(e.stage for e in self.record.events)


@dataclass
class Gathered:
    """The cases, and how many records were read, unreadable or outside the selection."""

    cases: list[Case] = field(default_factory=list)
    read: int = 0
    unreadable: int = 0
    outside: int = 0


def gather(
    loaded: Iterable[LoadedRecord], checker: VersionedChecker, selection: Selection
) -> Gathered:
    """Check each record (see :meth:`VersionedChecker.results`) and keep those in the
    selection as cases."""
    out = Gathered()
    for item, report in checker.results(loaded):
        out.read += 1
        record = item.record
        if record is None or report.error is not None or report.risk is None:
            out.unreadable += 1
            continue
        if not selection.keeps(record):
            out.outside += 1
            continue
        version = checker.checker(record.process)
        graph = version.graph
        view = graph.view(graph.scenario_for(report.risk, record.attributes.atoms()))
        out.cases.append(Case(record, report, graph, view, version.roster))
    return out
