"""What each running artifact is: deployed by a compliant record, deployed only by
records that are not compliant, deployed by no record, or unverifiable for want
of a digest; each but the first a finding (see docs/design.md, "When each rule
fires").

An artifact may have been deployed by several records (a redeployment, a
rollback). It is accounted for when any of them is compliant: the same digest is
the same bytes, and one compliant record shows they went through the process.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..checking.lineage import short
from ..rules.catalogue import Severity
from ..rules.findings import Finding, resolve_severity
from .ledger import Deployment, Ledger
from .snapshot import Running

COMPLIANT, NOT_COMPLIANT, UNRECORDED, UNVERIFIABLE = (
    "compliant",
    "not compliant",
    "unrecorded",
    "unverifiable",
)


@dataclass(frozen=True, slots=True)
class Judging:
    """How strictly to judge: per-rule severities, and whether warnings are errors."""

    severity: Mapping[str, Severity] | None = None
    strict: bool = False

    def finding(self, rule: str, running: Running, message: str, hint: str) -> list[Finding]:
        """A finding about ``running`` (none when the rule is off); the message
        starts by naming it."""
        severity = resolve_severity(rule, self.severity, strict=self.strict)
        if severity is Severity.OFF:
            return []
        return [
            Finding(rule, severity, f"{running.label}: {message}", hint, location=running.location)
        ]


@dataclass(frozen=True, slots=True)
class Verdict:
    """One running artifact, the deployments of what it runs, and what follows."""

    running: Running
    status: str
    deployments: tuple[Deployment, ...]
    by: Deployment | None
    """The deployment that accounts for it: the latest by a compliant record, else the
    latest of all."""
    findings: tuple[Finding, ...]

    @property
    def failing(self) -> bool:
        return any(f.failing for f in self.findings)

    def as_dict(self) -> dict[str, object]:
        return {
            **self.running.as_dict(),
            "status": self.status,
            "deployed_by": None if self.by is None else self.by.as_dict(),
            "since": None if self.by is None else self.by.at.isoformat(),
            "deployments": [d.as_dict() for d in self.deployments],
            "findings": [f.as_dict() for f in self.findings],
        }


def judge(running: Running, ledger: Ledger, judging: Judging) -> Verdict:
    """The verdict on one running artifact."""
    if not running.digests:
        found = judging.finding(
            "unverifiable",
            running,
            f"{running.problem}, so what runs cannot be matched to a record",
            "deploy images by digest (registry/repo@sha256:…) and take the snapshot again "
            "once the container runs; until then nothing shows it went through the process",
        )
        return Verdict(running, UNVERIFIABLE, (), None, tuple(found))
    deployments = ledger.of(running.digests)
    runs = _runs(running)
    if not deployments:
        found = judging.finding(
            "unrecorded-artifact",
            running,
            f"runs {runs}, but no record deployed it",
            "find the change that deployed it and record the deployment of this digest "
            "(then pass its record with --records), or stop it",
        )
        return Verdict(running, UNRECORDED, (), None, tuple(found))
    good = [d for d in deployments if d.compliant]
    if good:
        return Verdict(running, COMPLIANT, deployments, good[-1], ())
    found = judging.finding(
        "non-compliant-artifact",
        running,
        f"runs {runs}, but {_records(deployments)} deployed it and "
        f"{'is' if len({d.record.id for d in deployments}) == 1 else 'are'} not compliant",
        f"run 'sdlc check {deployments[-1].path}' for the findings and the smallest repair; "
        "repair the change, or roll back to an artifact a compliant record deployed",
    )
    return Verdict(running, NOT_COMPLIANT, deployments, deployments[-1], tuple(found))


def _runs(running: Running) -> str:
    """``sha256:32b8f63… (image registry/repo:tag)``; a Docker image id only when no
    registry digest is known, said so."""
    named = [short(d) for d in running.digests if d != running.image_id]
    text = " or ".join(named) if named else f"image id {short(running.digests[0])}"
    about = [f"image {running.image}"] if running.image not in ("", *running.digests) else []
    about += [running.note] if running.note else []
    return f"{text} ({'; '.join(about)})" if about else text


def _records(deployments: tuple[Deployment, ...]) -> str:
    """``record EID-1203 (event #9, 2020-10-01T08:00:00+02:00: 10 failing findings:
    risk-underdeclared, missing-stage, …)``, for each record once."""
    parts = []
    for d in {d.record.id: d for d in deployments}.values():
        count = sum(f.failing for f in d.report.findings)
        rules = ", ".join(d.failing)
        parts.append(
            f"record {d.record.id} (event #{d.event} at {d.at.isoformat()}; "
            f"{count} failing finding{'s' * (count != 1)}: {rules})"
        )
    return " and ".join(parts)
