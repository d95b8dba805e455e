"""The inventory as people read it in a terminal: each snapshot's running artifacts
with what deployed them, the findings under them in the layout of ``sdlc check``,
the deployments no snapshot shows, the changes since an older snapshot, and a
summary line. Control characters from the inputs are shown escaped.
"""

from __future__ import annotations

import re
from collections import Counter

from ..checking.lineage import short
from ..rules.findings import Finding
from .inventory import Inventory
from .verdicts import COMPLIANT, NOT_COMPLIANT, UNRECORDED, UNVERIFIABLE, Verdict

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_ARROW = " → "


def _safe(text: str) -> str:
    return _CONTROL.sub(lambda m: ascii(m.group())[1:-1], text)


def _finding(f: Finding, indent: str) -> list[str]:
    where = "" if f.location is None else f"{f.location}  "
    first, *rest = f.message.splitlines() or [""]
    lines = [f"{indent}{where}{f.severity.value:<5} {f.code} {f.rule}  {first}"]
    lines += [f"{indent}  {line}" for line in rest]
    if f.hint:
        lines.append(f"{indent}  hint: {f.hint}")
    return lines


def _verdict(v: Verdict) -> list[str]:
    head = f"  {v.running.label}: {v.status}"
    if v.by is not None and v.status == COMPLIANT:
        head += (
            f", deployed by {v.by.record.id} ({v.by.path}, event #{v.by.event}) "
            f"at {v.by.at.isoformat()}"
        )
    if v.running.started_at:
        head += f", started {v.running.started_at}"
    if v.findings:
        head += f", {len(v.findings)} finding{'s' * (len(v.findings) != 1)}"
    lines = [head]
    for f in v.findings:
        lines += _finding(f, "    ")
    return lines


def render_inventory_text(inventory: Inventory) -> str:
    """The whole inventory as text, ending in the summary line ``deployed: N running: …``."""
    lines: list[str] = []
    for snapshot in inventory.snapshots:
        unit = "artifact" if snapshot.kind == "list" else "container"
        count = len(snapshot.running)
        lines.append(f"{snapshot.path}: {snapshot.kind}, {count} {unit}{'s' * (count != 1)}")
        for v in inventory.verdicts:
            if v.running.location.path == snapshot.path:
                lines += _verdict(v)
    if inventory.undeployed:
        lines.append("records whose deployment no snapshot shows:")
        for _, f in inventory.undeployed:
            lines += _finding(f, "  ")
    for report in inventory.ledger.unreadable:
        lines.append(f"{report.path}: {report.record}: unreadable")
        lines += [f"  {line}" for line in (report.error or "").splitlines()]
    if inventory.since is not None:
        lines.append(f"changes since {inventory.since.path}:")
        for c in inventory.changes:
            what = ", ".join(short(x) for x in c.after or c.before)
            if c.kind == "replaced":
                what = ", ".join(short(x) for x in c.before) + _ARROW + what
            lines.append(f"  {c.kind:<8}  {c.workload}: {what}")
        if not inventory.changes:
            lines.append("  nothing started, stopped or was replaced")
        lines.append(f"  {inventory.unchanged} running unchanged, not judged again")
    lines.append(_summary(inventory))
    return "\n".join(_safe(line) for line in lines) + "\n"


def _summary(inventory: Inventory) -> str:
    count = Counter(v.status for v in inventory.verdicts)
    judged = len(inventory.verdicts)
    total = sum(len(s.running) for s in inventory.snapshots)
    text = (
        f"deployed: {judged} new of {total} running: "
        if inventory.since is not None
        else f"deployed: {judged} running: "
    )
    text += (
        f"{count[COMPLIANT]} compliant, {count[NOT_COMPLIANT]} not compliant, "
        f"{count[UNRECORDED]} unrecorded, {count[UNVERIFIABLE]} unverifiable"
    )
    missing = len(inventory.undeployed)
    text += f"; {missing} recorded deployment{'s' * (missing != 1)} not running"
    if inventory.ledger.unreadable:
        text += f"; {len(inventory.ledger.unreadable)} record(s) unreadable"
    return text
