"""The diagrams of the "How we really work" page: the process as written beside the
process as practised, and the time each stage takes.

One Mermaid flowchart holds both graphs, side by side, as two subgraphs: on the
left every stage and dependency of the process; on the right the stages the
records show and the directly-follows steps between them (see
:mod:`.flow`), each step labelled with how often it happened and
drawn thicker the more often. A step the process has as a dependency is a solid
line; a step between stages the process leaves unordered is dashed; a step back
to a stage the earlier one depends on (rework, or work done in an order the
process forbids) is dashed in another colour and says "back"; the same stage again
(a second reviewer, a second run) is dashed and says "again". Only the most
frequent steps are drawn (:data:`STEPS`), so that the graph stays readable; the
page says what was left out.

Node ids are made here, never taken from a record or the process; every label
goes through :func:`~sdlc.handbook.markdown.mermaid_text`, and the charts take the
handbook's palette (:mod:`sdlc.handbook.palette`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..graph.process_graph import ProcessGraph
from ..handbook.markdown import Markdown, mermaid_text
from ..handbook.palette import COLOURS, chart_theme
from .flow import Flow
from .timing import Times

STEPS = 30
"""The most directly-follows steps the practised graph draws."""
WIDEST = 6.0
"""The stroke width, in pixels, of the most frequent step."""
DESIGNED, UNORDERED, BACK = COLOURS[0], COLOURS[6], COLOURS[3]


@dataclass(frozen=True, slots=True)
class Drawn:
    """The practised graph's steps: those drawn and those left out."""

    drawn: int
    left_out: int
    left_out_times: int


def _kind(graph: ProcessGraph, a: str, b: str) -> str:
    """``designed``, ``back``, ``again`` or ``unordered``: how the process sees ``b`` right
    after ``a``."""
    if a == b:
        return "again"
    stages = {s.id for s in graph.process.stages}
    if a in stages and b in stages:
        if any(a in dep.targets for dep in graph.process.stage(b).dependencies):
            return "designed"
        if graph.leads_to(b, a):
            return "back"
    return "unordered"


def _steps(flow: Flow, changes: int) -> list[tuple[tuple[str, str], int]]:
    """The steps drawn: the :data:`STEPS` most frequent, and none taken in fewer than
    1 % of the changes (unless there are few changes)."""
    least = max(1, changes // 100)
    return [(pair, n) for pair, n in flow.top_follows(STEPS) if n >= least]


def side_by_side(graph: ProcessGraph, flow: Flow) -> tuple[Markdown, Drawn]:
    """The process as written (left) and as practised (right), in one flowchart."""
    process = graph.process
    titles = {s.id: str(s.title) for s in process.stages}
    number = {s.id: n for n, s in enumerate(process.stages, 1)}
    lines = ["flowchart LR", '    subgraph written["As written"]', "    direction TB"]
    for stage in process.stages:
        lines.append(f'    d{number[stage.id]}["{mermaid_text(stage.title)}"]')
    links: list[str] = []
    for stage in process.stages:
        for dep in stage.dependencies:
            for target in dep.targets:
                if target in number:
                    arrow = "-.->" if dep.when is not None else "-->"
                    lines.append(f"    d{number[target]} {arrow} d{number[stage.id]}")
                    links.append("stroke:#455a64")
    lines += ["    end", '    subgraph practised["As practised"]', "    direction TB"]
    seen = sorted(flow.stage_events, key=lambda s: (number.get(s, len(number) + 1), s))
    ids = {stage: f"p{i}" for i, stage in enumerate(seen, 1)}
    for seen_id in seen:
        label = f"{titles.get(seen_id, seen_id)} ({flow.stage_events[seen_id]})"
        lines.append(f'    {ids[seen_id]}["{mermaid_text(label)}"]')
    steps = _steps(flow, flow.changes)
    top = max((n for _, n in steps), default=1)
    for (a, b), n in steps:
        kind = _kind(graph, a, b)
        text = f"{n} {kind}" if kind in ("back", "again") else str(n)
        arrow = "-->" if kind == "designed" else "-.->"
        lines.append(f'    {ids[a]} {arrow}|"{mermaid_text(text)}"| {ids[b]}')
        width = round(1 + (WIDEST - 1) * n / top, 1)
        colour = {"designed": DESIGNED, "back": BACK}.get(kind, UNORDERED)
        links.append(f"stroke:{colour},stroke-width:{width}px")
    lines.append("    end")
    lines.append("    written ~~~ practised")  # last, so that the styles' numbers hold
    lines += [f"    linkStyle {i} {style}" for i, style in enumerate(links)]
    rest = [n for _, n in flow.top_follows()[len(steps) :]]
    body = "\n".join(lines)
    return Markdown(f"```mermaid\n{body}\n```"), Drawn(len(steps), len(rest), sum(rest))


def hours(seconds: float) -> str:
    """Seconds as hours with one decimal, for a chart's axis."""
    return f"{seconds / 3600:.1f}"


def time_chart(graph: ProcessGraph, times: Times) -> Markdown | None:
    """The median time (bars) and 90th percentile (line) of each stage, in hours, in the
    process's reading order; ``None`` when nothing was measured."""
    spreads = times.stages()
    order = [s.id for s in graph.process.stages if s.id in spreads]
    order += sorted(set(spreads) - set(order))
    if not order:
        return None
    titles = {s.id: str(s.title) for s in graph.process.stages}
    top = max(spreads[s].p90 for s in order) / 3600
    lines = [
        chart_theme(),
        "xychart-beta horizontal",
        '    title "Hours from ready to done: median (bars), 90th percentile (line)"',
        "    x-axis [" + ", ".join(f'"{mermaid_text(titles.get(s, s))}"' for s in order) + "]",
        f'    y-axis "Hours" 0 --> {max(1, int(top) + 1)}',
        "    bar [" + ", ".join(hours(spreads[s].median) for s in order) + "]",
        "    line [" + ", ".join(hours(spreads[s].p90) for s in order) + "]",
    ]
    body = "\n".join(lines)
    return Markdown(f"```mermaid\n{body}\n```")
