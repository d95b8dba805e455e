"""Attack: releasing under eid-gateway 3.1 with a record that is not chained or signed.

The shipped process's next version, ``processes/eid-gateway/3.1.yaml`` (in force
from 2027-01-01), requires hash-chained records and signed release approvals and
deployments. A record that is neither fails without any option; naming 3.0
instead, once 3.1 is in force, is ``version-not-in-force``. Records are checked on
a day in 2027 (``CheckOptions.now``), since 3.1 is not in force yet.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sdlc.checking import Checker, CheckOptions
from sdlc.evolution.versions import VersionedChecker
from sdlc.load.loaders import load_process, load_record
from sdlc.load.records import load_records
from sdlc.model.process import Process
from sdlc.model.record import Record
from sdlc.model.roster import Roster
from sdlc.rules.findings import Finding

from ..conftest import EID_ROSTER, ROOT
from ..signed_records import sign_record, with_keys

NEXT = ROOT / "processes" / "eid-gateway" / "3.1.yaml"
COMPLIANT = ROOT / "examples" / "low-risk-compliant.yaml"
LATER = CheckOptions(now=dt.datetime(2027, 4, 1, tzinfo=dt.UTC))


@pytest.fixture(scope="module")
def next_version() -> Process:
    return load_process(NEXT)


@pytest.fixture(scope="module")
def keyed(eid_roster: Roster) -> Roster:
    return with_keys(eid_roster)


def _in_2027(tmp_path: Path, version: str) -> Path:
    """The compliant example, a year later, following ``eid-gateway@<version>``."""
    text = COMPLIANT.read_text(encoding="utf-8")
    assert text.count("eid-gateway@3.0") == 1
    text = text.replace("eid-gateway@3.0", f"eid-gateway@{version}")
    path = tmp_path / "EID-2381.yaml"
    path.write_text(text.replace("at: 2026-", "at: 2027-"), encoding="utf-8")
    return path


def _findings(findings: list[Finding]) -> list[tuple[str, int | None, str]]:
    return [(f.rule, f.event, f.message) for f in findings]


def test_the_next_version_requires_chains_and_signed_releases(next_version: Process) -> None:
    assert next_version.ref == "eid-gateway@3.1"
    assert next_version.integrity.chained
    assert {s.id for s in next_version.stages if s.signed} == {"approval", "deployment"}
    assert next_version.waivers.signed
    assert next_version.waivers.max_days == 90


def test_an_unchained_unsigned_release_fails_without_options(
    tmp_path: Path, next_version: Process, keyed: Roster
) -> None:
    record = load_record(_in_2027(tmp_path, "3.1"))
    report = Checker(next_version, keyed, LATER).check(record)
    assert not report.compliant
    assert _findings(report.findings) == [
        (
            "broken-chain",
            None,
            "record EID-2381: the record has no hash chain, which eid-gateway@3.1 requires: "
            "no event carries a 'prev'",
        ),
        (
            "unsigned-event",
            6,
            "record EID-2381, event #6 'approval' by per-johansen: is not signed, but "
            "eid-gateway@3.1 requires 'approval' to be signed by its actor",
        ),
        (
            "unsigned-event",
            7,
            "record EID-2381, event #7 'deployment' by emil-haugen: is not signed, but "
            "eid-gateway@3.1 requires 'deployment' to be signed by its actor",
        ),
    ]


def test_the_same_release_chained_and_signed_passes(
    tmp_path: Path, next_version: Process, keyed: Roster
) -> None:
    source: Record = load_record(_in_2027(tmp_path, "3.1"))
    path = tmp_path / "signed" / "EID-2381.yaml"
    path.parent.mkdir()
    sign_record(source, path)
    report = Checker(next_version, keyed, LATER).check(load_record(path))
    assert (report.compliant, report.findings) == (True, [])


def test_naming_the_older_version_once_the_next_is_in_force_is_refused(
    tmp_path: Path,
) -> None:
    path = _in_2027(tmp_path, "3.0")
    checker = VersionedChecker.open(ROOT / "processes", EID_ROSTER, LATER)
    (report,) = checker.check_loaded(load_records([path]))
    assert ("version-not-in-force", None) in [(f.rule, f.event) for f in report.findings]
    (finding,) = [f for f in report.findings if f.rule == "version-not-in-force"]
    assert finding.message == (
        "record EID-2381: the change started on 2027-03-02, when eid-gateway@3.1 (in force "
        "since 2027-01-01) had replaced eid-gateway@3.0; 'sdlc diff' shows what the newer "
        "version demands"
    )
