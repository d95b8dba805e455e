"""Repair steps that amend a field instead of adding or removing an event.

Timestamps, evidence and the declared risk are corrected by people; a check
that could not be made is made again, with what it lacked (see docs/design.md,
"The smallest repair").
"""

from __future__ import annotations

from ..rules.findings import Finding, RepairStep
from .trace import Trace


def amendments(trace: Trace, errors: list[Finding]) -> list[RepairStep]:
    """Fixes that change a field rather than add or remove an event."""
    record = trace.record
    steps = []
    for finding in errors:
        if finding.rule == "risk-underdeclared":
            risk = trace.view.scenario.risk
            steps.append(
                RepairStep(
                    "amend",
                    "",
                    f"declare the risk as {risk} (not {record.declared_risk})",
                    value=risk,
                )
            )
        elif finding.rule == "diff-underdeclared":
            steps.append(
                RepairStep("amend", "", "declare in the record's attributes what its commits touch")
            )
        elif finding.rule == "missing-evidence" and finding.event is not None:
            steps.append(
                RepairStep(
                    "amend",
                    finding.stage or "",
                    f"attach the missing evidence to event #{finding.event}",
                    event=finding.event,
                )
            )
        elif finding.rule == "false-lineage" and finding.event is not None:
            steps.append(
                RepairStep(
                    "amend",
                    finding.stage or "",
                    f"remove the claim of 'produces' from event #{finding.event}",
                    event=finding.event,
                )
            )
        elif finding.rule == "version-not-in-force":
            steps.append(
                RepairStep(
                    "amend", "", "record the change under the version in force when it started"
                )
            )
        elif finding.rule == "unverifiable":
            steps.append(
                RepairStep("amend", "", "check the record again with the process's roster")
            )
        elif finding.rule == "time-order" and finding.event is not None:
            steps.append(
                RepairStep(
                    "amend",
                    finding.stage or "",
                    f"correct the timestamp of event #{finding.event}",
                    event=finding.event,
                )
            )
    return steps
