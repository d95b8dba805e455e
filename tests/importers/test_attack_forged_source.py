"""Attack: keep real evidence out of a record by forging its ``source:`` line first.

An import adds an event only when no event carries its source. Someone who can
append to the record writes a passing test event that claims the source of the
failing report (or an approval that claims the id of a review asking for
changes) before CI imports it; were the source alone compared, the failure would
never enter the record. The import compares what the events say, refuses, and
appends nothing.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import github_json as gh
from .conftest import COMMIT, HERE, ROSTER, Import, RunCli, copied, events

FAILING = HERE / "junit" / "declared-failure.xml"


def test_a_forged_source_line_does_not_keep_a_failed_run_out(
    run_cli: RunCli, run_import: Import, record: Path, tmp_path: Path
) -> None:
    failing = copied(FAILING, tmp_path)
    digest = hashlib.sha256(FAILING.read_bytes()).hexdigest()
    code, _, err = run_cli(
        "record", "append", str(record), "--stage", "tests", "--actor", "ci",
        "--subject", COMMIT, "--at", "2026-03-12T08:00:00+01:00",
        "--evidence", f"test-report=junit.xml=sha256:{digest}",
        "--note", f"junit: all passed\nsource: junit/{digest}",
    )  # fmt: skip
    assert (code, err) == (0, "")
    before = record.read_bytes()
    code, out, err = run_import(
        "junit", str(failing), "--stage", "tests", "--actor", "ci", "--subject", COMMIT
    )
    assert (code, out) == (2, "")
    assert err == (
        f"sdlc: <tmp>/CH-1.yaml: event #1 claims the source junit/{digest} but records 'tests' "
        "by ci, done, for e16f242821ae, while the evidence proves 'tests' by ci, failed, for "
        "e16f242821ae\n  hint: the record was edited, the evidence changed, or this import's "
        "options (stage, actor, subject, provider patterns) differ from the first one's: find "
        "out which; nothing was appended\n"
    )
    assert record.read_bytes() == before
    assert len(events(record)) == 1


def test_a_forged_approval_does_not_keep_the_real_rejection_out(
    run_cli: RunCli, run_import: Import, record: Path, tmp_path: Path
) -> None:
    reviews = [gh.review(90, gh.KARI, "CHANGES_REQUESTED", gh.B, gh.T + 3 * gh.HOUR)]
    files = gh.write(tmp_path / "gh", {**gh.example(), "reviews.json": reviews})
    code, _, err = run_cli(
        "record", "append", str(record), "--stage", "code-review", "--actor", "kari-larsen",
        "--outcome", "approved", "--subject", gh.B, "--at", (gh.T + 3 * gh.HOUR).isoformat(),
        "--note", "source: github-review/90",
    )  # fmt: skip
    assert (code, err) == (0, "")
    before = record.read_bytes()
    code, out, err = run_import(
        "github-reviews", *(str(p) for p in files.values()), "--roster", str(ROSTER)
    )
    assert (code, out) == (2, "")
    assert err.startswith(
        "sdlc: <tmp>/CH-1.yaml: event #1 claims the source github-review/90 but records "
        "'code-review' by kari-larsen, approved, for 7638417db6d5, while the evidence proves "
        "'code-review' by kari-larsen, rejected, for 7638417db6d5\n"
    )
    assert record.read_bytes() == before
