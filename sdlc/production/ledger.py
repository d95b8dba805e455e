"""What the records say was deployed: every completed event of a deployment stage,
by the subject it deployed, with the report of checking its record (see
docs/design.md, "Subjects and lineage").

A record deployed artifact D when it has a completed event (``done`` or
``approved``) of a stage whose kind is ``deployment`` in the process version it
follows, with subject D. A record that cannot be read, or follows a process that
cannot be found, deploys nothing anyone can know; it is kept as unreadable, so the
command fails closed on it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..evolution.versions import VersionedChecker
from ..load.records import LoadedRecord
from ..model.record import Record
from ..model.stage import StageKind
from ..rules.findings import Report


@dataclass(frozen=True, slots=True)
class Deployment:
    """One deployment a record claims: which event, of what, when."""

    record: Record
    report: Report
    event: int
    """1-based number of the event in its record."""
    subject: str
    at: dt.datetime
    path: str
    line: int | None = None
    """The event's line in the record's file, when known."""

    @property
    def compliant(self) -> bool:
        return self.report.compliant

    @property
    def failing(self) -> tuple[str, ...]:
        """The rules of the record's failing findings, each once, in order."""
        return tuple(dict.fromkeys(f.rule for f in self.report.findings if f.failing))

    def as_dict(self) -> dict[str, object]:
        return {
            "record": self.record.id,
            "path": self.path,
            "event": self.event,
            "at": self.at.isoformat(),
            "compliant": self.compliant,
            "failing": list(self.failing),
        }


@dataclass(slots=True)
class Ledger:
    """The deployments of all records, by subject; and the records that could not be read."""

    claims: list[Deployment] = field(default_factory=list)
    """Every deployment, in the order the records were read."""
    deployments: dict[str, list[Deployment]] = field(default_factory=dict)
    """The same, by subject."""
    reports: list[Report] = field(default_factory=list)
    """Every record's report, in the order read (unreadable ones too)."""

    @property
    def unreadable(self) -> list[Report]:
        return [r for r in self.reports if r.error is not None]

    def of(self, digests: Iterable[str]) -> tuple[Deployment, ...]:
        """Every deployment of any of ``digests``, oldest first."""
        found = [d for digest in dict.fromkeys(digests) for d in self.deployments.get(digest, ())]
        return tuple(sorted(found, key=lambda d: (d.at, d.record.id, d.event)))

    def add(self, deployment: Deployment) -> None:
        self.claims.append(deployment)
        self.deployments.setdefault(deployment.subject, []).append(deployment)


def read_ledger(checker: VersionedChecker, loaded: Iterable[LoadedRecord]) -> Ledger:
    """Check every record with ``checker`` and note the deployments each one claims."""
    ledger = Ledger()
    for item, report in checker.results(loaded):
        ledger.reports.append(report)
        if item.record is None or report.error is not None:
            continue
        process = checker.processes.resolve(item.record.process)
        for number, event in enumerate(item.record.events, 1):
            if not (event.outcome.completes and process.has_stage(event.stage)):
                continue
            if process.stage(event.stage).kind is not StageKind.DEPLOYMENT:
                continue
            line = item.event_lines[number - 1] if number <= len(item.event_lines) else None
            ledger.add(
                Deployment(item.record, report, number, event.subject, event.at, item.path, line)
            )
    return ledger
