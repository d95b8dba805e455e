"""The handbook's "In production" page: what runs where, and who deployed it.

The facts come from :func:`sdlc.production.take_inventory`; this module lays them
out. Names from snapshots and records (namespaces, pods, images, record ids) are
text from files, escaped through :func:`~sdlc.handbook.markdown.inline` like every
other.
"""

from __future__ import annotations

from ..production.inventory import Inventory
from ..production.verdicts import COMPLIANT, NOT_COMPLIANT, UNRECORDED, UNVERIFIABLE, Verdict
from .markdown import inline

_STATUS = {
    COMPLIANT: "compliant",
    NOT_COMPLIANT: "**not compliant**",
    UNRECORDED: "**no record deployed it**",
    UNVERIFIABLE: "**unverifiable: no digest**",
}

_INTRO = (
    "What the snapshots show running, and for every running artifact the change "
    "record that deployed it and whether that record followed the process. Anything "
    "not compliant here runs in production without the proof the process asks for."
)


def _digest(verdict: Verdict) -> str:
    digests = verdict.running.digests
    if not digests:
        return inline(verdict.running.image or "(none)")
    prefix, _, rest = digests[0].partition(":")
    return inline(f"{prefix}:{rest[:12]}…")


def _row(verdict: Verdict) -> str:
    status = _STATUS.get(verdict.status, inline(verdict.status))
    by = verdict.by
    record = "" if by is None else f"{inline(by.record.id)}, event #{by.event}"
    since = "" if by is None else inline(by.at.isoformat())
    return (
        f"| {inline(verdict.running.label)} | {_digest(verdict)} | {status} | {record} | {since} |"
    )


def production_page(inventory: Inventory) -> str:
    """The page, as Markdown."""
    verdicts = inventory.verdicts
    failing = sum(v.failing for v in verdicts)
    lines = [
        "# In production",
        "",
        _INTRO,
        "",
        f"{len(verdicts)} running artifacts; {len(verdicts) - failing} with a compliant "
        f"record, {failing} without.",
        "",
        "| Where | Artifact | Status | Deployed by | Since |",
        "| --- | --- | --- | --- | --- |",
        *(_row(v) for v in verdicts),
    ]
    if inventory.undeployed:
        lines += ["", "## Deployed, but not seen running", ""]
        lines += [
            f"- {inline(d.record.id)}, event #{d.event}: {inline(d.subject)} "
            f"(deployed {inline(d.at.isoformat())})"
            for d, _ in inventory.undeployed
        ]
    return "\n".join(lines) + "\n"
