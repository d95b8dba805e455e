"""Checking one record against one context: the pass, the audit and the repair.

The one place a :class:`~sdlc.rules.findings.Report` is made from a record, used
by the :class:`~sdlc.checking.checker.Checker` and by the deployment gate, so both
say exactly the same about the same record.
"""

from __future__ import annotations

from ..model.record import Record
from ..rules.catalogue import Severity
from ..rules.findings import Report
from .audit import audit
from .context import Context
from .event_rules import walk
from .record_pass import RecordPass
from .repair_pending import PendingRepair


def check_record(
    context: Context,
    record: Record,
    *,
    path: str | None = None,
    event_lines: tuple[int, ...] = (),
    line: int | None = None,
) -> Report:
    """Check ``record``; never raises for anything the record contains."""
    report = Report(record.id, path=path, event_lines=event_lines, line=line)
    process = context.process
    if record.process != process.ref:
        report.error = (
            f"record {record.id} follows {record.process}, but the process given is {process.ref}"
        )
        return report
    run = RecordPass(context, record)
    report.risk = run.risk
    findings = walk(run) + audit(context, run.trace, path)
    report.findings = [f for f in findings if f.severity is not Severity.OFF]
    if not report.compliant and context.options.repair:
        from .repair import smallest_repair  # the search, loaded once a record needs it

        found = report.findings
        report.repair = PendingRepair(lambda: smallest_repair(context, run.trace, found).pair)
    return report
