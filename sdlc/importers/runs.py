"""A test run, read from JUnit reports, as one event of a test stage.

The event's outcome is ``failed`` when any case failed or errored, when the
suites declare failures their cases do not show, or when no case passed (every
case skipped proves nothing); it is ``done`` otherwise. Its note counts the
cases, names the failed ones and says which providers were covered; its
evidence is each report file with its SHA-256 (see docs/collecting.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..model.stage import StageKind
from .coverage import Patterns, coverage
from .files import read_evidence
from .junit import ERROR, FAILED, PASSED, SKIPPED, Case, read_junit
from .setting import Setting
from .sources import Evidence, Proven, counted, files_source, new_event, note

NAMED = 10
"""How many failed cases the note names before it counts the rest."""


@dataclass(frozen=True, slots=True)
class RunOptions:
    """What the command line says about a test run: the stage, who ran it, the
    commit or artifact it tested, the provider patterns, and the evidence's kind
    and address when not the default ones."""

    stage: str
    actor: str
    subject: str
    patterns: Patterns
    evidence_kind: str | None = None
    evidence_uri: str | None = None


def prove_run(setting: Setting, paths: Sequence[Path], options: RunOptions) -> Evidence:
    """The test event the JUnit reports at ``paths`` prove."""
    reports = [read_junit(read_evidence(path)) for path in paths]
    stage, kind = setting.stage(
        options.stage, (StageKind.TEST,), options.evidence_kind, "test-report"
    )
    cases = [case for report in reports for case in report.cases]
    counts = {s: sum(1 for c in cases if c.status == s) for s in (PASSED, FAILED, ERROR, SKIPPED)}
    hidden = sum(report.hidden for report in reports)
    failed = counts[FAILED] + counts[ERROR] + hidden > 0 or counts[PASSED] == 0
    covered = coverage(options.patterns, cases)
    tools = sorted({r.tool for r in reports if r.tool})
    files = "1 file" if len(reports) == 1 else f"{len(reports)} files"
    lines = [
        f"junit: {counted(len(cases), 'test')} in {files}"
        + (f" ({', '.join(tools)})" if tools else "")
        + f": {counts[PASSED]} passed, {counts[FAILED]} failed, "
        f"{counted(counts[ERROR], 'error')}, {counts[SKIPPED]} skipped",
        *_named(cases),
    ]
    if hidden:
        declared = counted(hidden, "failure or error", "failures or errors")
        lines.append(f"the suites declare {declared} their cases do not show")
    if counts[PASSED] == 0:
        lines.append("no test passed")
    lines += covered.lines
    source = files_source("junit", [r.file.sha256 for r in reports])
    uri = options.evidence_uri if len(reports) == 1 else None
    started = [r.started for r in reports if r.started is not None]
    event = new_event(
        {
            "stage": stage,
            "actor": setting.actor(options.actor),
            "at": setting.when(max(started, default=None)),
            "outcome": "failed" if failed else "done",
            "subject": options.subject,
            "covers": covered.covers,
            "evidence": [setting.evidence(kind, r.file, uri) for r in reports],
            "note": note(lines, source),
        }
    )
    summary = lines[0].removeprefix("junit: ") + (
        f"; covers {', '.join(covered.covers)}" if covered.covers else ""
    )
    return Evidence("junit", (Proven(event, source, summary),))


def _named(cases: Sequence[Case]) -> list[str]:
    """Lines naming the failed and the flaky cases."""
    lines = []
    for word, pick in (
        ("failed", [c.id for c in cases if c.status in (FAILED, ERROR)]),
        ("flaky (passed on a rerun)", [c.id for c in cases if c.flaky]),
    ):
        if pick:
            more = f" and {len(pick) - NAMED} more" if len(pick) > NAMED else ""
            lines.append(f"{word}: {', '.join(pick[:NAMED])}{more}")
    return lines
