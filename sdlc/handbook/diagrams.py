"""Mermaid diagrams of a process: the whole graph, one risk level's path, the profile.

Every label goes through :func:`~sdlc.handbook.markdown.mermaid_text`, and node
ids are made here (``s1``, ``s2`` … in the process's reading order), never taken
from YAML, so no stage id or title can break a diagram.
"""

from __future__ import annotations

from ..conditions import in_words
from ..graph import View
from ..model import Process, ProductionProfile, Stage, StageKind
from .markdown import Markdown, mermaid_text

_SHAPES = {
    StageKind.APPROVAL: ('{{"', '"}}'),
    StageKind.DEPLOYMENT: ('(["', '"])'),
    StageKind.VERIFICATION: ('("', '")'),
    StageKind.ROLLBACK: ('("', '")'),
}
_CLASSES = (
    "    classDef gate stroke-width:3px",
    "    classDef conditional stroke-dasharray:6 4",
)


def node_ids(process: Process) -> dict[str, str]:
    """The Mermaid node id of every stage."""
    return {stage.id: f"s{number}" for number, stage in enumerate(process.stages, 1)}


def _node(stage: Stage, ident: str, conditional: bool) -> str:
    left, right = _SHAPES.get(stage.kind, ('["', '"]'))
    classes = [name for name, on in (("gate", stage.is_gate), ("conditional", conditional)) if on]
    suffix = f":::{classes[0]}" if len(classes) == 1 else ""
    line = f"    {ident}{left}{mermaid_text(stage.title)}{right}{suffix}"
    if len(classes) > 1:
        line += f"\n    class {ident} {','.join(classes)}"
    return line


def _fence(lines: list[str]) -> Markdown:
    return Markdown("```mermaid\n" + "\n".join(lines) + "\n```")


def process_flowchart(process: Process) -> Markdown:
    """Every stage and every dependency; one-of and conditional edges are marked."""
    ids = node_ids(process)
    lines = ["flowchart TD"]
    for stage in process.stages:
        lines.append(_node(stage, ids[stage.id], stage.applies_when is not None))
    for stage in process.stages:
        for dep in stage.dependencies:
            notes = []
            if dep.one_of is not None:
                notes.append("one of")
            if dep.when is not None:
                notes.append("if " + in_words(dep.when))
            arrow = "-.->" if dep.when is not None else "-->"
            label = f'|"{mermaid_text(", ".join(notes))}"|' if notes else ""
            for target in dep.targets:
                if target in ids:
                    lines.append(f"    {ids[target]} {arrow}{label} {ids[stage.id]}")
    lines.extend(_CLASSES)
    return _fence(lines)


def path_flowchart(view: View) -> Markdown:
    """The stages and dependencies that apply in one scenario."""
    ids = node_ids(view.process)
    lines = ["flowchart TD"]
    for stage_id in view.stages:
        lines.append(_node(view.process.stage(stage_id), ids[stage_id], False))
    for stage_id in view.stages:
        for group in view.requires[stage_id]:
            label = '|"one of"|' if len(group) > 1 else ""
            for target in group:
                lines.append(f"    {ids[target]} -->{label} {ids[stage_id]}")
    lines.extend(_CLASSES)
    return _fence(lines)


def profile_pie(profile: ProductionProfile) -> Markdown | None:
    """The production shares as a pie (with the unmeasured rest), or ``None`` if all zero."""
    slices = [(name, percent(share)) for name, share in profile.shares.items() if share > 0]
    rest = 1.0 - sum(profile.shares.values())
    if slices and rest > 0.0005:
        slices.append(("not measured", percent(rest)))
    if not slices:
        return None
    lines = ["pie showData"]
    lines.extend(f'    "{mermaid_text(name)}" : {value}' for name, value in slices)
    return _fence(lines)


def percent(share: float) -> str:
    """``0.553`` as ``55.3``: at most two decimals, no trailing zeros."""
    text = f"{share * 100:.2f}".rstrip("0").rstrip(".")
    return text or "0"
