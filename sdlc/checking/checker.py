"""The checker: does a change record follow its process?

:class:`Checker` holds one :class:`~sdlc.checking.context.Context` (process, graph,
roster, options) and checks records against it: one pass over each record's
events (:mod:`sdlc.checking.event_rules`), the integrity audit (:mod:`sdlc.checking.audit`)
and, for a record that is not compliant, the smallest repair
(:mod:`sdlc.checking.repair`). The semantics are in docs/design.md, "What an edge
means" and "When each rule fires".
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..model.process import Process
from ..model.record import Record
from ..model.roster import Roster
from ..rules.catalogue import Severity
from ..rules.findings import Report
from .audit import audit
from .context import CheckOptions, Context
from .event_rules import walk
from .record_pass import RecordPass
from .repair import propose

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
        report = Report(record.id, path=path, event_lines=event_lines, line=line)
        if record.process != self.process.ref:
            report.error = (
                f"record {record.id} follows {record.process}, but the process given is "
                f"{self.process.ref}"
            )
            return report
        run = RecordPass(self.context, record)
        report.risk = run.risk
        findings = walk(run) + audit(self.context, run.trace, path)
        report.findings = [f for f in findings if f.severity is not Severity.OFF]
        if not report.compliant:
            report.repair = propose(self.context, run.trace, report.findings)
        return report


def check(
    process: Process,
    record: Record,
    roster: Roster | None = None,
    options: CheckOptions | None = None,
) -> Report:
    """Check one record against ``process`` (and ``roster``, for people and roles)."""
    return Checker(process, roster, options).check(record)
