"""Judging what runs: which record deployed each artifact, the verdicts, the
deployments no snapshot shows, and what changed between two snapshots."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdlc.checking.context import CheckOptions
from sdlc.errors import Location
from sdlc.evolution.versions import VersionedChecker
from sdlc.load.records import load_records
from sdlc.production.changes import changes_between
from sdlc.production.inventory import take_inventory
from sdlc.production.ledger import Ledger, read_ledger
from sdlc.production.snapshot import Running, Snapshot
from sdlc.production.verdicts import Judging, judge
from sdlc.rules.catalogue import Severity

from ..conftest import EID, EID_ROSTER, ROOT

EXAMPLES = ROOT / "examples"
GATEWAY = "sha256:32b8f63b340ae821db9b6d7dd9ca1b100fb2021189f0de050081d9e7a0a30086"
INCIDENT = "sha256:748c00b62af1ebd18061573fdf211e9139df258593a385e71d349c3c6f90ce4c"
LOW_RISK = "sha256:2c530b51a2df56f8dc5a9a572930fa76473a3935045ae17184cf6f275313931f"
OTHER = "sha256:" + "0" * 64


def ledger_of(*paths: Path | str, roster: Path | None = EID_ROSTER) -> Ledger:
    checker = VersionedChecker.open(EID, roster, CheckOptions())
    return read_ledger(checker, load_records(paths))


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return ledger_of(
        EXAMPLES / "high-risk-rework.yaml",
        EXAMPLES / "incident-2020.yaml",
        EXAMPLES / "low-risk-compliant.yaml",
    )


def running(label: str, *digests: str, workload: str | None = None, image: str = "") -> Running:
    return Running(
        label=label,
        workload=workload or label,
        location=Location("snap.txt", 1, 1),
        image=image,
        digests=digests,
        problem="" if digests else f"runs image {image!r} by tag, without a digest",
    )


def test_the_ledger_holds_each_records_deployment(ledger: Ledger) -> None:
    assert [(d.record.id, d.event, d.subject) for d in ledger.claims] == [
        ("EID-2417", 17, GATEWAY),
        ("EID-1203", 9, INCIDENT),
        ("EID-2381", 7, LOW_RISK),
    ]
    first = ledger.claims[0]
    assert (first.compliant, first.at.isoformat(), first.line) == (
        True,
        "2026-03-12T07:30:00+01:00",
        182,
    )
    assert ledger.claims[1].failing[:2] == ("risk-underdeclared", "missing-stage")


def test_each_status_and_its_rule(ledger: Ledger) -> None:
    judging = Judging()
    verdicts = [
        judge(running(label, *digests), ledger, judging)
        for label, digests in (("a", (GATEWAY,)), ("b", (INCIDENT,)), ("c", (OTHER,)), ("d", ()))
    ]
    assert [v.status for v in verdicts] == [
        "compliant",
        "not compliant",
        "unrecorded",
        "unverifiable",
    ]
    assert [[f.rule for f in v.findings] for v in verdicts] == [
        [],
        ["non-compliant-artifact"],
        ["unrecorded-artifact"],
        ["unverifiable"],
    ]
    assert all(f.severity is Severity.ERROR and f.failing for v in verdicts for f in v.findings)
    assert verdicts[0].by is not None
    assert verdicts[0].by.record.id == "EID-2417"
    assert (
        verdicts[1]
        .findings[0]
        .message.startswith(
            "b: runs sha256:748c00b…, but record EID-1203 (event #9 at 2026-10-01T07:30:00+02:00; "
            "10 failing findings: risk-underdeclared"
        )
    )
    assert verdicts[1].findings[0].record is None
    assert verdicts[2].findings[0].location == Location("snap.txt", 1, 1)


def test_one_compliant_record_accounts_for_an_artifact_others_deployed_badly(
    tmp_path: Path,
) -> None:
    """A redeployment of the compliant EID-2417 artifact by a record that is not compliant
    does not make the artifact non-compliant; the compliant record is named."""
    text = (EXAMPLES / "incident-2020.yaml").read_text(encoding="utf-8")
    (tmp_path / "redeploy.yaml").write_text(
        text.replace(INCIDENT, GATEWAY).replace("EID-1203", "EID-1300"), encoding="utf-8"
    )
    two = ledger_of(EXAMPLES / "high-risk-rework.yaml", tmp_path / "redeploy.yaml")
    verdict = judge(running("a", GATEWAY), two, Judging())
    assert [d.record.id for d in verdict.deployments] == ["EID-2417", "EID-1300"]
    assert verdict.status == "compliant"
    assert verdict.by is not None
    assert verdict.by.record.id == "EID-2417"


def test_without_a_roster_no_record_is_compliant_so_nothing_runs_compliant() -> None:
    bare = ledger_of(EXAMPLES / "high-risk-rework.yaml", roster=None)
    verdict = judge(running("a", GATEWAY), bare, Judging())
    assert verdict.status == "not compliant"
    assert "unverifiable" in verdict.findings[0].message


def test_severities_can_be_set_and_warnings_made_errors(ledger: Ledger) -> None:
    snapshot = Snapshot("snap.txt", "list", (running("a", GATEWAY), running("c", OTHER)))
    plain = take_inventory([snapshot], ledger)
    assert [(f.rule, f.severity) for _, f in plain.undeployed] == [
        ("undeployed-record", Severity.WARN),
        ("undeployed-record", Severity.WARN),
    ]
    assert plain.failing  # the unrecorded artifact
    quiet = take_inventory(
        [snapshot],
        ledger,
        Judging({"unrecorded-artifact": Severity.OFF, "undeployed-record": Severity.OFF}),
    )
    assert (quiet.findings, quiet.failing) == ([], False)
    strict = take_inventory(
        [snapshot], ledger, Judging({"unrecorded-artifact": Severity.OFF}, strict=True)
    )
    assert strict.failing
    assert {f.severity for f in strict.findings} == {Severity.ERROR}


def test_an_undeployed_record_is_named_at_its_deployment_event(ledger: Ledger) -> None:
    inventory = take_inventory([Snapshot("s", "list", (running("a", GATEWAY),))], ledger)
    deployment, finding = inventory.undeployed[1]
    assert deployment.record.id == "EID-2381"
    assert finding.message == (
        "record EID-2381, event #7 'deployment' by emil-haugen: deployed sha256:2c530b5…, "
        "but no snapshot shows it running"
    )
    assert finding.location == Location(str(EXAMPLES / "low-risk-compliant.yaml"), 78)
    assert not finding.failing


def test_changes_between_snapshots_are_by_workload() -> None:
    old = [
        running("gw-1", LOW_RISK, workload="gw"),
        running("gw-2", LOW_RISK, workload="gw"),
        running("dns-1", OTHER, workload="dns"),
        running("job-1", INCIDENT, workload="job"),
    ]
    new = [
        running("gw-3", GATEWAY, workload="gw"),
        running("dns-1", OTHER, workload="dns"),
        running("cron-1", image="cron:latest", workload="cron"),
    ]
    assert [(c.kind, c.workload, c.before, c.after) for c in changes_between(old, new)] == [
        ("started", "cron", (), ("cron:latest",)),
        ("replaced", "gw", (LOW_RISK,), (GATEWAY,)),
        ("stopped", "job", (INCIDENT,), ()),
    ]


def test_since_an_old_snapshot_only_what_is_new_is_judged(ledger: Ledger) -> None:
    old = Snapshot("old", "list", (running("gw", LOW_RISK), running("dns", OTHER)))
    new = Snapshot("new", "list", (running("gw", GATEWAY), running("dns", OTHER)))
    inventory = take_inventory([new], ledger, since=old)
    assert [v.running.label for v in inventory.verdicts] == ["gw"]
    assert inventory.unchanged == 1
    assert not inventory.failing  # the unchanged unrecorded dns is not judged again
    # EID-2381's artifact ran in the old snapshot: it stopped, and is not "undeployed"
    assert [d.record.id for d, _ in inventory.undeployed] == ["EID-1203"]
    assert [c.kind for c in inventory.changes] == ["replaced"]


def test_the_reports_carry_every_finding_for_the_reporters(ledger: Ledger) -> None:
    snapshot = Snapshot("snap.txt", "list", (running("a", GATEWAY), running("c", OTHER)))
    inventory = take_inventory([snapshot], ledger)
    reports = inventory.reports()
    assert [r.record for r in reports] == ["a", "c", "EID-1203", "EID-2381"]
    assert sorted(f.rule for r in reports for f in r.findings) == sorted(
        f.rule for f in inventory.findings
    )
