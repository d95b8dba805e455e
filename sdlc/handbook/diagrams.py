"""Mermaid diagrams of a process: the whole graph, one risk level's path, the profile.

Every label goes through :func:`~sdlc.handbook.markdown.mermaid_text`, and node
ids are made here (``s1``, ``s2`` … in the process's reading order), never taken
from YAML, so no stage id or title can break a diagram.
"""

from __future__ import annotations

from ..graph.view import View
from ..model.conditions import in_words
from ..model.evidence import ProductionProfile
from ..model.process import Process
from ..model.stage import Stage, StageKind
from .i18n import tr
from .markdown import Markdown, mermaid_text
from .palette import chart_theme, pie_slices

_SHAPES = {
    StageKind.APPROVAL: ('{{"', '"}}'),
    StageKind.DEPLOYMENT: ('(["', '"])'),
    StageKind.VERIFICATION: ('("', '")'),
    StageKind.ROLLBACK: ('("', '")'),
}
_CLASSES = {
    "gate": "    classDef gate stroke-width:3px",
    "conditional": "    classDef conditional stroke-dasharray:6 4",
}


def node_ids(process: Process) -> dict[str, str]:
    """The Mermaid node id of every stage."""
    return {stage.id: f"s{number}" for number, stage in enumerate(process.stages, 1)}


class _Chart:
    """A flowchart being drawn: node lines, edge lines and the classes used."""

    def __init__(self, process: Process) -> None:
        self.ids = node_ids(process)
        self.nodes: list[str] = []
        self.edges: list[str] = []
        self.classes: set[str] = set()

    def node(self, stage: Stage, conditional: bool) -> None:
        left, right = _SHAPES.get(stage.kind, ('["', '"]'))
        ident = self.ids[stage.id]
        self.nodes.append(f"    {ident}{left}{mermaid_text(stage.title)}{right}")
        names = [n for n, on in (("gate", stage.is_gate), ("conditional", conditional)) if on]
        if names:
            self.nodes.append(f"    class {ident} {','.join(names)}")
            self.classes.update(names)

    def edge(self, source: str, target: str, arrow: str = "-->", label: str = "") -> None:
        text = f'|"{mermaid_text(label)}"|' if label else ""
        self.edges.append(f"    {self.ids[source]} {arrow}{text} {self.ids[target]}")

    def markdown(self) -> Markdown:
        styles = [style for name, style in _CLASSES.items() if name in self.classes]
        body = "\n".join(["flowchart TD", *self.nodes, *self.edges, *styles])
        return Markdown(f"```mermaid\n{body}\n```")


def process_flowchart(process: Process) -> Markdown:
    """Every stage and every dependency; one-of and conditional edges are marked."""
    chart = _Chart(process)
    for stage in process.stages:
        chart.node(stage, stage.applies_when is not None)
    for stage in process.stages:
        for dep in stage.dependencies:
            notes = []
            if dep.one_of is not None:
                notes.append(tr("one of"))
            if dep.when is not None:
                notes.append(tr("if %(condition)s") % {"condition": in_words(dep.when)})
            arrow = "-.->" if dep.when is not None else "-->"
            for target in dep.targets:
                if target in chart.ids:
                    chart.edge(target, stage.id, arrow, ", ".join(notes))
    return chart.markdown()


def path_flowchart(view: View) -> Markdown:
    """The stages and dependencies that apply in one scenario."""
    chart = _Chart(view.process)
    for stage_id in view.stages:
        chart.node(view.process.stage(stage_id), False)
    for stage_id in view.stages:
        for group in view.requires[stage_id]:
            for target in group:
                chart.edge(target, stage_id, label=tr("one of") if len(group) > 1 else "")
    return chart.markdown()


def profile_pie(profile: ProductionProfile) -> Markdown | None:
    """The production shares as a pie (with the unmeasured rest, and shares under 5 %
    together as one slice: see :mod:`.palette`), or ``None`` if all are zero."""
    shares = [(name, share) for name, share in profile.shares.items() if share > 0]
    rest = 1.0 - sum(profile.shares.values())
    if shares and rest > 0.0005:
        shares.append((tr("not measured"), rest))
    if not shares:
        return None
    lines = [chart_theme(), "pie showData"]
    lines.extend(
        f'    "{mermaid_text(name)}" : {percent(value)}' for name, value in pie_slices(shares)
    )
    body = "\n".join(lines)
    return Markdown(f"```mermaid\n{body}\n```")


def percent(share: float) -> str:
    """``0.553`` as ``55.3``: at most two decimals, no trailing zeros."""
    text = f"{share * 100:.2f}".rstrip("0").rstrip(".")
    return text or "0"
