"""Deviation statistics: where the written process and real practice part.

:func:`collect` counts, over checked records, how often each rule fails and how
often it is waived, by team and by month; and which stages are most often
skipped (``missing-stage``) or done out of order (``out-of-order``). A finding
*fails* when it is an error that no waiver accepts; warnings and information are
not counted. A record's month is that of its last event (in the event's own time
zone); its team is the record's ``team``. :func:`health_page` turns the numbers
into the handbook's "Process health" page, with Mermaid charts.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..load.loaders import LoadedRecord
from ..rules.catalogue import RULES
from ..rules.findings import Report

NONE = "none"
"""The team or month of a record that names no team, or has no events."""


@dataclass(slots=True)
class Cell:
    """Counts for one group of records."""

    records: int = 0
    compliant: int = 0
    failures: int = 0
    waived: int = 0


@dataclass
class Stats:
    """The counts :func:`collect` makes; see the module docstring."""

    records: int = 0
    compliant: int = 0
    unreadable: int = 0
    failures: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    """(rule, team, month) → failing findings."""
    waived: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    """(rule, team, month) → waived findings."""
    teams: dict[str, Cell] = field(default_factory=dict)
    months: dict[str, Cell] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)
    """Stage → missing-stage findings (failing or waived)."""
    out_of_order: Counter[str] = field(default_factory=Counter)
    """Stage → out-of-order findings (failing or waived)."""

    def rules(self) -> list[tuple[str, int, int]]:
        """(rule, failures, waived) for every rule that failed or was waived; most
        failures first."""
        fails: Counter[str] = Counter()
        waives: Counter[str] = Counter()
        for (rule, _, _), n in self.failures.items():
            fails[rule] += n
        for (rule, _, _), n in self.waived.items():
            waives[rule] += n
        rules = set(fails) | set(waives)
        return sorted(((r, fails[r], waives[r]) for r in rules), key=lambda t: (-t[1], -t[2], t[0]))

    def rows(self) -> list[tuple[str, str, str, int, int]]:
        """(rule, team, month, failures, waived), sorted by rule, team and month."""
        keys = sorted(set(self.failures) | set(self.waived))
        return [(*key, self.failures[key], self.waived[key]) for key in keys]

    def as_dict(self) -> dict[str, object]:
        def cells(groups: dict[str, Cell], name: str) -> list[dict[str, object]]:
            return [
                {name: key, "records": c.records, "compliant": c.compliant}
                | {"failures": c.failures, "waived": c.waived}
                for key, c in sorted(groups.items())
            ]

        return {
            "records": self.records,
            "compliant": self.compliant,
            "unreadable": self.unreadable,
            "failures": sum(self.failures.values()),
            "waived": sum(self.waived.values()),
            "rules": [
                {"rule": r, "code": RULES[r].code, "failures": f, "waived": w}
                for r, f, w in self.rules()
            ],
            "teams": cells(self.teams, "team"),
            "months": cells(self.months, "month"),
            "rows": [
                {"rule": r, "team": t, "month": m, "failures": f, "waived": w}
                for r, t, m, f, w in self.rows()
            ],
            "skipped_stages": _ranked(self.skipped),
            "out_of_order_stages": _ranked(self.out_of_order),
        }


def _ranked(counts: Counter[str]) -> list[dict[str, object]]:
    return [
        {"stage": stage, "count": n}
        for stage, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


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


# -- output ---------------------------------------------------------------------------------


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
        for item in _ranked(counts):
            writer.writerow((kind, item["stage"], item["count"]))
    return out.getvalue()


def _percent(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "–"


def _chart_label(text: str) -> str:
    """Text for a quoted Mermaid label: quotes and markup characters dropped."""
    return "".join(ch for ch in text if ch not in '"\\<>{}[]#;`')


def health_page(stats: Stats, *, title: str = "Process health") -> str:
    """The handbook's "Process health" page: totals, failing and waived findings per
    month (a Mermaid ``xychart-beta``), failures by rule (a Mermaid ``pie``), and
    tables by rule, team and stage. Deterministic Markdown; needs only Mermaid
    fences, which mkdocs-material renders."""
    data = stats.as_dict()
    fails, waived = sum(stats.failures.values()), sum(stats.waived.values())
    lines = [
        f"# {title}",
        "",
        "Where the written process and real practice part: how often each rule fails or "
        "is waived, by team and by month, and which stages are skipped or done out of "
        "order. A rule that fails or is waived often is a sign that the process, not "
        "only the teams, should change.",
        "",
        "| Records | Compliant | Failing findings | Waived findings | Unreadable |",
        "| ---: | ---: | ---: | ---: | ---: |",
        f"| {stats.records} | {stats.compliant} ({_percent(stats.compliant, stats.records)}) "
        f"| {fails} | {waived} | {stats.unreadable} |",
        "",
        "## Findings per month",
        "",
    ]
    months = sorted(m for m in stats.months if m != NONE)
    if months:
        top = max(max(stats.months[m].failures, stats.months[m].waived) for m in months)
        lines += [
            "Bars: failing findings; line: waived findings.",
            "",
            "```mermaid",
            "xychart-beta",
            '    title "Failing and waived findings per month"',
            "    x-axis [" + ", ".join(f'"{m}"' for m in months) + "]",
            f'    y-axis "Findings" 0 --> {max(top, 1)}',
            "    bar [" + ", ".join(str(stats.months[m].failures) for m in months) + "]",
            "    line [" + ", ".join(str(stats.months[m].waived) for m in months) + "]",
            "```",
            "",
            "| Month | Records | Compliant | Failing | Waived |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for m in months:
            c = stats.months[m]
            lines.append(f"| {m} | {c.records} | {c.compliant} | {c.failures} | {c.waived} |")
        lines.append("")
    else:
        lines += ["No dated records.", ""]
    lines += ["## Failures by rule", ""]
    failing = [(r, f) for r, f, _ in stats.rules() if f]
    if failing:
        lines += ["```mermaid", "pie title Failing findings by rule"]
        lines += [f'    "{_chart_label(rule)}" : {n}' for rule, n in failing]
        lines += ["```", ""]
    else:
        lines += ["No failing findings.", ""]
    if data["rules"]:
        lines += ["| Rule | Code | Failing | Waived |", "| --- | --- | ---: | ---: |"]
        lines += [f"| {r} | {RULES[r].code} | {f} | {w} |" for r, f, w in stats.rules()]
        lines.append("")
    lines += ["## Teams", "", "| Team | Records | Compliant | Failing | Waived |"]
    lines.append("| --- | ---: | ---: | ---: | ---: |")
    for team, c in sorted(stats.teams.items()):
        lines.append(f"| {team} | {c.records} | {c.compliant} | {c.failures} | {c.waived} |")
    lines.append("")
    for heading, counts, word in (
        ("Stages most often skipped", stats.skipped, "Skipped"),
        ("Stages most often done out of order", stats.out_of_order, "Out of order"),
    ):
        lines += [f"## {heading}", ""]
        if counts:
            lines += [f"| Stage | {word} |", "| --- | ---: |"]
            lines += [f"| {item['stage']} | {item['count']} |" for item in _ranked(counts)]
        else:
            lines.append("None.")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
