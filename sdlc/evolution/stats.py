"""Deviation statistics: where the written process and real practice part.

:func:`collect` counts, over checked records, how often each rule fails and how
often it is waived, by team and by month; and which stages are most often
skipped (``missing-stage``) or done out of order (``out-of-order``). A finding
*fails* when it is an error that no waiver accepts; warnings and information are
not counted. A record's month is that of its last event (in the event's own time
zone); its team is the record's ``team``. The counts (:mod:`.counts`) are written
out as JSON and CSV here, and as the handbook's "Process health" page, with Mermaid
charts, by :func:`sdlc.handbook.health.health_page`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from ..load.records import LoadedRecord
from ..rules.catalogue import RULES
from ..rules.findings import Report
from .counts import NONE, Cell, Stats, ranked

__all__ = ["collect", "stages_csv", "to_csv", "to_json"]


def collect(results: Iterable[tuple[LoadedRecord, Report]]) -> Stats:
    """Count the findings of checked records (see
    :meth:`sdlc.evolution.versions.VersionedChecker.results`)."""
    stats = Stats()
    for loaded, report in results:
        if loaded.record is None or report.error is not None:
            stats.unreadable += 1
            continue
        record = loaded.record
        team = record.team or NONE
        month = f"{record.events[-1].at:%Y-%m}" if record.events else NONE
        stats.records += 1
        stats.compliant += report.compliant
        for group in (stats.teams.setdefault(team, Cell()), stats.months.setdefault(month, Cell())):
            group.records += 1
            group.compliant += report.compliant
        for finding in report.findings:
            if finding.waived is not None:
                stats.waived[finding.rule, team, month] += 1
                stats.teams[team].waived += 1
                stats.months[month].waived += 1
            elif finding.failing:
                stats.failures[finding.rule, team, month] += 1
                stats.teams[team].failures += 1
                stats.months[month].failures += 1
            else:
                continue
            if finding.rule == "missing-stage" and finding.stage is not None:
                stats.skipped[finding.stage] += 1
            elif finding.rule == "out-of-order" and finding.stage is not None:
                stats.out_of_order[finding.stage] += 1
    return stats


def to_json(stats: Stats) -> str:
    return json.dumps(stats.as_dict(), indent=2, ensure_ascii=False) + "\n"


def to_csv(stats: Stats) -> str:
    """One row per rule, team and month: ``rule,code,team,month,failures,waived``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("rule", "code", "team", "month", "failures", "waived"))
    for rule, team, month, fails, waived in stats.rows():
        writer.writerow((rule, RULES[rule].code, team, month, fails, waived))
    return out.getvalue()


def stages_csv(stats: Stats) -> str:
    """One row per stage and kind of deviation: ``deviation,stage,count``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("deviation", "stage", "count"))
    for kind, counts in (("skipped", stats.skipped), ("out-of-order", stats.out_of_order)):
        for item in ranked(counts):
            writer.writerow((kind, item["stage"], item["count"]))
    return out.getvalue()
