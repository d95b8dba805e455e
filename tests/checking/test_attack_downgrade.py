"""Attack: downgrading the process by naming an older, weaker version.

EID-2102 was made under eid-gateway 2.0 (one reviewer, one approver, no rollback
plan) in 2025. The same record dated 2026, after 3.0 took effect on 2026-01-01,
must not pass against 2.0's weaker rules; nor may a record name a version before
it took effect.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..conftest import ROOT, RunCli

RECORD = ROOT / "tests" / "cases" / "versions" / "records" / "eid-2102.yaml"
COMMON = ["--roster", "processes/eid-gateway.roster.yaml", "--format", "json"]


def _findings(out: str) -> list[tuple[str, str]]:
    (result,) = json.loads(out)
    return [(f["rule"], f["message"]) for f in result["findings"]]


def test_a_record_made_under_the_old_version_in_its_time_passes(run_cli: RunCli) -> None:
    code, out, _ = run_cli("check", str(RECORD), "--process", "processes/", *COMMON)
    assert (code, _findings(out)) == (0, [])


def test_naming_a_superseded_version_is_refused(run_cli: RunCli, tmp_path: Path) -> None:
    record = tmp_path / "eid-2102.yaml"
    record.write_text(RECORD.read_text().replace("at: 2025-", "at: 2026-"))
    code, out, _ = run_cli("check", str(record), "--process", "processes/", *COMMON)
    assert (code, _findings(out)) == (
        1,
        [
            (
                "version-not-in-force",
                "record EID-2102: the change started on 2026-03-02, when eid-gateway@3.0 (in "
                "force since 2026-01-01) had replaced eid-gateway@2.0; 'sdlc diff' shows what "
                "the newer version demands",
            )
        ],
    )


def test_a_version_before_it_took_effect_is_refused(run_cli: RunCli, tmp_path: Path) -> None:
    record = tmp_path / "eid-2381.yaml"
    source = ROOT / "examples" / "low-risk-compliant.yaml"
    record.write_text(source.read_text().replace("at: 2026-", "at: 2025-"))
    code, out, _ = run_cli("check", str(record), "--process", "processes/eid-gateway.yaml", *COMMON)
    assert code == 1
    assert (
        "version-not-in-force",
        "record EID-2381: the change started on 2025-03-02, before "
        "eid-gateway@3.0 took effect on 2026-01-01",
    ) in _findings(out)
