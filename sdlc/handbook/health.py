"""The handbook's "Process health" page: deviation statistics as tables and Mermaid charts.

The numbers come from :func:`sdlc.evolution.stats.collect`; this module only lays them
out. Rules, teams, stages and months are identifiers, escaped all the same as every
text from a file is: through :func:`~sdlc.handbook.markdown.inline` in tables and
headings, :func:`~sdlc.handbook.markdown.mermaid_text` in charts.
"""

from __future__ import annotations

from ..evolution.counts import NONE, Stats, ranked
from ..rules.catalogue import RULES
from .markdown import inline, mermaid_text
from .palette import chart_theme, pie_slices

_INTRO = (
    "Where the written process and real practice part: how often each rule fails or "
    "is waived, by team and by month, and which stages are skipped or done out of "
    "order. A rule that fails or is waived often is a sign that the process, not "
    "only the teams, should change."
)


def _group_head(name: str) -> list[str]:
    """The head of a table of :class:`~sdlc.evolution.counts.Cell` by team or month."""
    return [
        f"| {name} | Records | Compliant | Failing | Waived |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]


def _percent(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "–"


def _totals(stats: Stats) -> list[str]:
    fails, waived = sum(stats.failures.values()), sum(stats.waived.values())
    return [
        "| Records | Compliant | Failing findings | Waived findings | Unreadable |",
        "| ---: | ---: | ---: | ---: | ---: |",
        f"| {stats.records} | {stats.compliant} ({_percent(stats.compliant, stats.records)}) "
        f"| {fails} | {waived} | {stats.unreadable} |",
        "",
    ]


def _months(stats: Stats) -> list[str]:
    lines = ["## Findings per month", ""]
    months = sorted(m for m in stats.months if m != NONE)
    if not months:
        return [*lines, "No dated records.", ""]
    top = max(max(stats.months[m].failures, stats.months[m].waived) for m in months)
    lines += [
        "Bars: failing findings; line: waived findings.",
        "",
        "```mermaid",
        chart_theme(),
        "xychart-beta",
        '    title "Failing and waived findings per month"',
        "    x-axis [" + ", ".join(f'"{mermaid_text(m)}"' for m in months) + "]",
        f'    y-axis "Findings" 0 --> {max(top, 1)}',
        "    bar [" + ", ".join(str(stats.months[m].failures) for m in months) + "]",
        "    line [" + ", ".join(str(stats.months[m].waived) for m in months) + "]",
        "```",
        "",
        *_group_head("Month"),
    ]
    for m in months:
        c = stats.months[m]
        lines.append(f"| {inline(m)} | {c.records} | {c.compliant} | {c.failures} | {c.waived} |")
    return [*lines, ""]


def _rules(stats: Stats) -> list[str]:
    lines = ["## Failures by rule", ""]
    failing = [(r, f) for r, f, _ in stats.rules() if f]
    if failing:
        lines += ["```mermaid", chart_theme(), "pie showData", "    title Failing findings by rule"]
        slices = pie_slices([(rule, float(n)) for rule, n in failing])
        lines += [f'    "{mermaid_text(rule)}" : {n:g}' for rule, n in slices]
        lines += ["```", ""]
    else:
        lines += ["No failing findings.", ""]
    if stats.rules():
        lines += ["| Rule | Code | Failing | Waived |", "| --- | --- | ---: | ---: |"]
        lines += [f"| {inline(r)} | {RULES[r].code} | {f} | {w} |" for r, f, w in stats.rules()]
        lines.append("")
    return lines


def _teams(stats: Stats) -> list[str]:
    lines = ["## Teams", "", *_group_head("Team")]
    for team, c in sorted(stats.teams.items()):
        lines.append(
            f"| {inline(team)} | {c.records} | {c.compliant} | {c.failures} | {c.waived} |"
        )
    return [*lines, ""]


def _stages(stats: Stats) -> list[str]:
    lines: list[str] = []
    for heading, counts, word in (
        ("Stages most often skipped", stats.skipped, "Skipped"),
        ("Stages most often done out of order", stats.out_of_order, "Out of order"),
    ):
        lines += [f"## {heading}", ""]
        if counts:
            lines += [f"| Stage | {word} |", "| --- | ---: |"]
            lines += [f"| {inline(item['stage'])} | {item['count']} |" for item in ranked(counts)]
        else:
            lines.append("None.")
        lines.append("")
    return lines


def health_page(stats: Stats, *, title: str = "Process health") -> str:
    """The handbook's "Process health" page: totals, failing and waived findings per
    month (a Mermaid ``xychart-beta``), failures by rule (a Mermaid ``pie``), and
    tables by rule, team and stage. Deterministic Markdown; needs only Mermaid
    fences, which mkdocs-material renders."""
    lines = [f"# {inline(title)}", "", _INTRO, "", *_totals(stats)]
    lines += [*_months(stats), *_rules(stats), *_teams(stats), *_stages(stats)]
    return "\n".join(lines).rstrip("\n") + "\n"
