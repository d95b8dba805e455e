"""An inventory of what runs: every running artifact of the snapshots judged
against what the records say was deployed, every record's deployment that no
snapshot shows, and, given an older snapshot, what changed since it (see
docs/design.md, "When each rule fires").

With an older snapshot only what is new is judged: an artifact whose workload
ran the same thing before is counted as unchanged, and a deployment is reported
as not running only when neither snapshot shows it (one the old snapshot showed
has stopped, and is listed as a change).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..checking.lineage import short
from ..errors import Location
from ..rules.catalogue import Severity
from ..rules.findings import Finding, Report, about, resolve_severity
from .changes import Change, changes_between, is_new, runs
from .ledger import Deployment, Ledger
from .snapshot import Snapshot
from .verdicts import Judging, Verdict, judge


@dataclass(slots=True)
class Inventory:
    """What runs, and what the records say about it."""

    snapshots: tuple[Snapshot, ...]
    ledger: Ledger
    verdicts: list[Verdict] = field(default_factory=list)
    """The running artifacts judged, in snapshot and file order."""
    undeployed: list[tuple[Deployment, Finding]] = field(default_factory=list)
    """Deployments no snapshot shows, each with its finding."""
    since: Snapshot | None = None
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    """With ``since``: running artifacts not judged again, their workload unchanged."""

    @property
    def findings(self) -> list[Finding]:
        return [f for v in self.verdicts for f in v.findings] + [f for _, f in self.undeployed]

    @property
    def failing(self) -> bool:
        return any(f.failing for f in self.findings)

    def reports(self) -> list[Report]:
        """The findings as reports, for the reporters of ``sdlc check`` (SARIF): one per
        running artifact, at its snapshot, and one per record, at its file."""
        out = [
            Report(v.running.label, path=v.running.location.path, findings=list(v.findings))
            for v in self.verdicts
        ]
        by_record: dict[str, Report] = {}
        for deployment, finding in self.undeployed:
            report = by_record.setdefault(
                deployment.path, Report(deployment.record.id, path=deployment.path)
            )
            report.findings.append(finding)
        return [*out, *by_record.values(), *self.ledger.unreadable]

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "snapshots": [
                {"path": s.path, "kind": s.kind, "running": len(s.running)} for s in self.snapshots
            ],
            "artifacts": [v.as_dict() for v in self.verdicts],
            "undeployed": [
                {**d.as_dict(), "subject": d.subject, "finding": f.as_dict()}
                for d, f in self.undeployed
            ],
            "unreadable": [{"path": r.path, "error": r.error} for r in self.ledger.unreadable],
        }
        if self.since is not None:
            data["since"] = {
                "path": self.since.path,
                "changes": [c.as_dict() for c in self.changes],
                "unchanged": self.unchanged,
            }
        return data


def take_inventory(
    snapshots: Sequence[Snapshot],
    ledger: Ledger,
    judging: Judging | None = None,
    since: Snapshot | None = None,
) -> Inventory:
    """Judge what ``snapshots`` show running against ``ledger``; with ``since``, only
    what changed after that older snapshot."""
    judging = judging or Judging()
    inventory = Inventory(tuple(snapshots), ledger, since=since)
    running = [item for snapshot in snapshots for item in snapshot.running]
    shown = {digest for item in running for digest in item.digests}
    if since is not None:
        before = runs(since.running)
        inventory.changes = changes_between(since.running, running)
        inventory.unchanged = sum(not is_new(item, before) for item in running)
        running = [item for item in running if is_new(item, before)]
        shown |= {digest for item in since.running for digest in item.digests}
    inventory.verdicts = [judge(item, ledger, judging) for item in running]
    severity = resolve_severity("undeployed-record", judging.severity, strict=judging.strict)
    if severity is Severity.OFF:
        return inventory
    seen: set[tuple[str, str]] = set()
    for deployment in ledger.claims:
        key = (deployment.record.id, deployment.subject)
        if deployment.subject in shown or key in seen:
            continue
        seen.add(key)
        inventory.undeployed.append((deployment, _undeployed(deployment, severity)))
    return inventory


def _undeployed(deployment: Deployment, severity: Severity) -> Finding:
    finding = about(
        deployment.record,
        "undeployed-record",
        severity,
        f"deployed {short(deployment.subject)}, but no snapshot shows it running",
        "expected when a later change replaced it or it was rolled back; otherwise it was "
        "not deployed as recorded, or runs where no snapshot looks: snapshot that place too",
        event=deployment.event,
    )
    return dataclasses.replace(finding, location=Location(deployment.path, deployment.line))
