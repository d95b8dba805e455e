"""A security scan, read from SARIF logs, as one event of a security-test stage.

The event's outcome is ``failed`` when an unsuppressed result at or above the
failing level (``--fail-level``, default ``error``) is present, or a run did not
finish; ``done`` otherwise. Its note names each tool and version and counts the
results; its subject is ``--subject``, or the revision the log names
(``versionControlProvenance``), which must then agree (see docs/collecting.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..model.risk import at_risk
from ..model.stage import StageKind
from .files import read_evidence
from .sarif import LEVELS, NAMED, read_sarif
from .setting import Setting
from .sources import Evidence, Proven, counted, files_source, new_event, note


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """What the command line says about a scan."""

    stage: str
    actor: str
    subject: str | None = None
    fail_level: str | None = None
    """``--fail-level``; the stage's level at the record's risk is the floor."""
    evidence_kind: str | None = None
    evidence_uri: str | None = None


def prove_scan(setting: Setting, paths: Sequence[Path], options: ScanOptions) -> Evidence:
    """The security-test event the SARIF logs at ``paths`` prove."""
    if options.fail_level is not None and options.fail_level not in LEVELS[1:]:
        raise UsageError(f"--fail-level {options.fail_level!r}: expected error, warning or note")
    stage, kind = setting.stage(
        options.stage, (StageKind.SECURITY_TEST,), options.evidence_kind, "security-test-report"
    )
    level, why = fail_level(setting, stage, options.fail_level)
    scans = [read_sarif(read_evidence(path), level) for path in paths]
    revisions = {r: node for scan in scans for r, node in scan.revisions.items()}
    subject = options.subject
    if subject is None:
        if len(revisions) != 1:
            found = "names no revision" if not revisions else "names several revisions"
            raise UsageError(
                f"--subject is needed: the SARIF log {found} (versionControlProvenance)"
            )
        subject = next(iter(revisions))
    elif revisions and subject not in revisions:
        revision, node = next(iter(revisions.items()))
        raise node.error(
            f"the log scanned revision {revision}, not --subject {subject}",
            "import the log of the scan of that commit",
        )
    failing = [f for scan in scans for f in scan.failing]
    unfinished = [u for scan in scans for u in scan.unfinished]
    counts = {level: sum(s.levels[level] for s in scans) for level in LEVELS}
    suppressed = sum(s.suppressed for s in scans)
    tools = ", ".join(dict.fromkeys(t for s in scans for t in s.tools))
    lines = [
        f"sarif: {tools}: {counted(len(failing), 'result')} at or above {level}; "
        f"{counted(counts['error'], 'error')}, {counted(counts['warning'], 'warning')}, "
        f"{counted(counts['note'], 'note')} ({suppressed} suppressed)"
    ]
    if failing:
        more = f" and {len(failing) - NAMED} more" if len(failing) > NAMED else ""
        lines.append(f"at or above {level}: {', '.join(failing[:NAMED])}{more}")
    lines += unfinished
    if why:
        lines.append(why)
    source = files_source("sarif", [s.file.sha256 for s in scans])
    uri = options.evidence_uri if len(scans) == 1 else None
    ended = [s.ended for s in scans if s.ended is not None]
    event = new_event(
        {
            "stage": stage,
            "actor": setting.actor(options.actor),
            "at": setting.when(max(ended, default=None)),
            "outcome": "failed" if failing or unfinished else "done",
            "subject": subject,
            "evidence": [setting.evidence(kind, s.file, uri) for s in scans],
            "note": note(lines, source),
        }
    )
    return Evidence("sarif", (Proven(event, source, lines[0].removeprefix("sarif: ")),))


def fail_level(setting: Setting, stage: str, given: str | None) -> tuple[str, str]:
    """The level at or above which a result fails the scan: the stricter of
    ``--fail-level`` and the stage's ``fail_level`` at the record's risk (``error``
    when neither says), and a line for the note when the process set it."""
    chosen = given or "error"
    process = setting.process
    per_risk = process.stage(stage).fail_level if process is not None else None
    if process is None or per_risk is None:
        return chosen, ""
    risk = setting.risk()
    assert risk is not None
    required = at_risk(per_risk, risk, process.risk.levels)
    if given is not None and LEVELS.index(given) <= LEVELS.index(required):
        return given, ""
    return required, f"fail level {required}: what {stage!r} requires at risk {risk}"
