"""The handbook's "How we really work" page of a process (``sdlc render --practice``):
what ``sdlc practice`` found in the change records, laid out for the staff.

The study is :func:`sdlc.practice.observe`; this module lays out one process's
part of it: the process as written beside the process as practised
(:mod:`.charts`), the most frequent paths and the share the rest
cover, the time per stage as a chart and a table, the top deviations and the
suggestions. Lists are cut to their top entries (:data:`TOP`), with what the rest
cover, so that the page stays readable over hundreds of distinct paths. Every
text from a record or a process goes through :func:`~sdlc.handbook.markdown.inline`.
The page is one of the handbook's (:mod:`.handbook_pages`), made here, above the
handbook, because it is made of the study.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..graph.process_graph import ProcessGraph
from ..handbook.markdown import inline
from ..model.process import Process
from ..model.roster import utc_day
from .analysis import Practice
from .charts import side_by_side, time_chart
from .groups import Group
from .timing import Spread
from .wording import counted, duration, percent

TOP = 10
"""Paths, deviations and suggestions shown; the page says what the rest cover."""
TITLE = "How we really work"

_INTRO = (
    "What the change records say about how this process is really followed: the "
    "order stages are done in, how long they take, where practice leaves the "
    "written process, and what could change. It is made by `sdlc practice` from "
    "the same records `sdlc check` checks. A deviation that many changes share is "
    "a sign that the process, not only the teams, should change."
)


def _row(*cells: object) -> str:
    return "| " + " | ".join(inline(c) for c in cells) + " |"


def _table(head: Sequence[str], align: str, rows: Sequence[tuple[object, ...]]) -> list[str]:
    if not rows:
        return ["None.", ""]
    marks = ["---:" if a == "r" else "---" for a in align]
    return [_row(*head), "| " + " | ".join(marks) + " |", *(_row(*r) for r in rows), ""]


def _spread(spread: Spread | None) -> tuple[str, str, int]:
    if spread is None:
        return ("not measured", "", 0)
    return (duration(spread.median), duration(spread.p90), spread.count)


def _period(group: Group) -> str:
    days = sorted(utc_day(c.record.events[0].at) for c in group.cases if c.record.events)
    return f" from {days[0].isoformat()} to {days[-1].isoformat()}" if days else ""


def _graphs(graph: ProcessGraph, group: Group) -> Iterator[str]:
    chart, drawn = side_by_side(graph, group.flow)
    yield "## The process as written and as practised"
    yield ""
    yield (
        "Left, every stage and dependency of the process. Right, the stages the records "
        "show (with how many events each) and which stage came right after which, with how "
        "often; the more often, the thicker the line."
    )
    yield ""
    yield str(chart)
    yield ""
    yield from _table(
        ("On the right", "Means"),
        "ll",
        [
            ("solid blue line", "a step the process has: the later stage depends on it"),
            ("dashed ochre line", "a step between stages the process leaves in any order"),
            (
                "dashed magenta line, labelled back",
                "a step back to a stage the earlier one depends on: rework, or an order the "
                "process forbids",
            ),
            ("dashed ochre line, labelled again", "the same stage again, by another person"),
        ],
    )
    if drawn.left_out:
        yield (
            f"The {drawn.drawn} most frequent steps are drawn; the {drawn.left_out} rarer "
            f"left out happened {drawn.left_out_times} times in all."
        )
        yield ""


def _paths(group: Group) -> Iterator[str]:
    flow, n = group.flow, len(group.cases)
    top = flow.top_variants(TOP)
    yield "## The most frequent paths"
    yield ""
    yield f"{n} changes took {len(flow.variants)} distinct paths through the process."
    yield ""
    yield from _table(
        ("Share", "Changes", "Path"),
        "rrl",
        [(percent(c, n), c, " → ".join(v) or "(no events)") for v, c in top],
    )
    rest = len(flow.variants) - len(top)
    if rest > 0:
        covered = n - sum(c for _, c in top)
        yield (
            f"The other {rest} paths cover {percent(covered, n)} of the changes ({covered} of {n})."
        )
        yield ""


def _times(graph: ProcessGraph, group: Group) -> Iterator[str]:
    times = group.times
    yield "## Time per stage"
    yield ""
    yield (
        "From the moment a stage could start (what it depends on was done) to its "
        "completion; the median and the 90th percentile."
    )
    yield ""
    chart = time_chart(graph, times)
    if chart is not None:
        yield str(chart)
        yield ""
    titles = {s.id: str(s.title) for s in graph.process.stages}
    order = {s.id: n for n, s in enumerate(graph.process.stages)}
    spreads = sorted(times.stages().items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
    rows = [(titles.get(s, s), *_spread(sp)) for s, sp in spreads]
    rows += [
        (f"{titles.get(s, s)}: wait before the gate", *_spread(sp))
        for s, sp in times.gates().items()
    ]
    rows.append(("lead time to deployment", *_spread(Spread.of(times.to_deployment))))
    rows.append(("lead time to verification", *_spread(Spread.of(times.to_verification))))
    yield from _table(("What", "Median", "90th percentile", "Measured"), "lrrr", rows)


def _deviations(group: Group) -> Iterator[str]:
    dev, n = group.deviations, len(group.cases)
    rows: list[tuple[str, str, int, str]] = []
    for stage, before, count in dev.ranked_orders(knock_on=False):
        what = f"done before {', '.join(before)}" if before else "done after its inputs changed"
        rows.append((stage, what, count, percent(count, n)))
    for gap in dev.ranked_gaps():
        for what, ids in (("waived", gap.waived), ("skipped", gap.skipped)):
            if ids:
                rows.append((gap.stage, what, len(ids), percent(len(ids), gap.applies)))
    rows.sort(key=lambda r: -r[2])
    yield "## Where practice leaves the process"
    yield ""
    yield from _table(("Stage", "What", "Changes", "Share"), "llrr", rows[:TOP])
    if len(rows) > TOP:
        yield f"And {len(rows) - TOP} more; `sdlc practice` lists them all."
        yield ""


def _suggestions(practice: Practice) -> Iterator[str]:
    yield "## Suggestions"
    yield ""
    shown = practice.suggestions[:TOP]
    for i, s in enumerate(shown, 1):
        yield f"{i}. **{inline(s.text)}.** Evidence: {inline(s.evidence)}."
        yield f"   {inline(s.advice)}"
        if s.proposal is not None:
            yield f"   {inline(s.proposal.words())}"
    if not shown:
        yield "None."
    if len(practice.suggestions) > TOP:
        yield ""
        yield f"And {len(practice.suggestions) - TOP} more, for smaller shares of the changes."
    yield ""


def _groups(practice: Practice) -> Iterator[str]:
    yield "## By risk level and team"
    yield ""
    rows = []
    for g in practice.groups:
        lead = Spread.of(g.times.to_deployment)
        rows.append(
            (
                g.words,
                len(g.cases),
                len(g.flow.variants),
                "not measured" if lead is None else duration(lead.median),
                sum(1 for s in practice.suggestions if (s.risk, s.team) == (g.risk, g.team)),
            )
        )
    yield from _table(
        ("Changes", "How many", "Distinct paths", "Lead time (median)", "Suggestions"),
        "lrrrr",
        rows,
    )


def practice_page(process: Process, practice: Practice) -> str:
    """The "How we really work" page of ``process`` from what ``sdlc practice`` found in
    its records (see the module docstring). Deterministic Markdown."""
    graph = ProcessGraph(process)
    overall = practice.overall
    # the two graphs side by side need the page's whole width: no sidebars on this page
    lines = ["---", "hide:", "  - navigation", "  - toc", "---", "", f"# {TITLE}", ""]
    lines += [
        f"*{inline(process.title)} ([the process](index.md)) in practice: "
        f"{len(overall.cases)} changes{_period(overall)}.*",
        "",
        _INTRO,
        "",
    ]
    if practice.unreadable:
        lines += [
            f"Left out: {counted(practice.unreadable, 'record')} that could not be read or "
            "that name a version of the process that was not given; `sdlc check` says why.",
            "",
        ]
    if not overall.cases:
        lines += ["No change records of this process were given.", ""]
        return "\n".join(lines).rstrip("\n") + "\n"
    lines += [*_graphs(graph, overall), *_paths(overall), *_times(graph, overall)]
    lines += [*_deviations(overall), *_suggestions(practice), *_groups(practice)]
    return "\n".join(lines).rstrip("\n") + "\n"
