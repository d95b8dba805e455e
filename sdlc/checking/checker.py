"""The checker: does a change record follow its process?

:class:`Checker` holds one :class:`~sdlc.checking.context.Context` (process, graph,
roster, options) and checks records against it (:mod:`sdlc.checking.single`: one
pass over each record's events, the integrity audit and, for a record that is
not compliant, the smallest repair), or asks whether an event may happen now
(:mod:`sdlc.checking.gate`). The semantics are in docs/design.md, "What an edge
means" and "When each rule fires".
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model.process import Process
from ..model.record import Record
from ..model.roster import Roster
from ..rules.findings import Report
from .context import CheckOptions, Context
from .gate import Decision, decide
from .single import check_record

if TYPE_CHECKING:
    from ..graph.process_graph import ProcessGraph

__all__ = ["CheckOptions", "Checker", "check"]


class Checker:
    """Checks records against one process (and roster); reusable across records."""

    def __init__(
        self,
        process: Process,
        roster: Roster | None = None,
        options: CheckOptions | None = None,
        *,
        superseded: tuple[str, dt.date] | None = None,
    ) -> None:
        """``superseded`` names the version that replaced ``process`` and the day it
        took effect: a record that started on or after it is ``version-not-in-force``."""
        self.context = Context.of(process, roster, options, superseded)

    @property
    def process(self) -> Process:
        return self.context.process

    @property
    def roster(self) -> Roster | None:
        return self.context.roster

    @property
    def options(self) -> CheckOptions:
        return self.context.options

    @property
    def graph(self) -> ProcessGraph:
        return self.context.graph

    def check(
        self,
        record: Record,
        *,
        path: str | None = None,
        event_lines: tuple[int, ...] = (),
        line: int | None = None,
    ) -> Report:
        """Check one record; never raises for anything the record contains."""
        return check_record(self.context, record, path=path, event_lines=event_lines, line=line)

    def may_perform(
        self,
        record: Record,
        *,
        stage: str,
        subject: str,
        actor: str | None = None,
        now: dt.datetime | None = None,
    ) -> Decision:
        """May ``stage`` happen now for ``subject`` (by ``actor``)? What ``sdlc check``
        would say if that event were appended now; nothing is written. Raises
        :class:`~sdlc.errors.InputError` when the record follows another process."""
        if record.process != self.process.ref:
            raise InputError(
                f"record {record.id} follows {record.process}, but the process given is "
                f"{self.process.ref}",
                hint="give the process version the record names (or a folder of versions)",
            )
        return decide(self.context, record, stage=stage, subject=subject, actor=actor, now=now)


def check(
    process: Process,
    record: Record,
    roster: Roster | None = None,
    options: CheckOptions | None = None,
) -> Report:
    """Check one record against ``process`` (and ``roster``, for people and roles)."""
    return Checker(process, roster, options).check(record)
