"""Waivers: a waived finding is shown as waived until its expiry and fails after it;
an expired or under-approved waiver waives nothing and is itself a finding."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from sdlc.checking import Checker, CheckOptions
from sdlc.errors import InputError
from sdlc.evolution.versions import VersionedChecker
from sdlc.evolution.waiver_file import sign_waiver
from sdlc.evolution.waivers import WaiverFile, apply_waivers, load_waivers
from sdlc.load.loaders import load_process, load_record
from sdlc.load.records import load_records
from sdlc.model.process import Process
from sdlc.model.roster import Roster
from sdlc.report.reporters import render_reports
from sdlc.rules.findings import Report

from ..conftest import EID, EID_ROSTER, REGEN, ROOT, RunCli, golden
from ..signed_records import signing_key

CASES = ROOT / "tests" / "cases" / "waivers"
WAIVER_CASES = sorted(
    p.name for p in CASES.iterdir() if p.is_dir() and not (p / "args.txt").exists()
)
"""The cases of the coverage record; those with their own ``args.txt`` run in test_golden."""
RECORD = ROOT / "tests" / "cases" / "check" / "coverage-below-profile" / "record.yaml"
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json"
UTC = dt.UTC


def _at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T12:00:00+00:00")


def _checked(
    eid: Process, eid_roster: Roster, waivers: WaiverFile, now: dt.datetime, **policy: Any
) -> Report:
    process = eid
    if policy:
        process = Process.model_validate(eid.model_dump(by_alias=True) | {"waivers": policy})
    options = CheckOptions(now=now)
    report = Checker(process, eid_roster, options).check(load_record(RECORD))
    return apply_waivers(report, waivers, process, eid_roster, options)


def _waivers(tmp_path: Path, **fields: Any) -> WaiverFile:
    waiver = {
        "id": "WV-1",
        "rule": "coverage-below-profile",
        "record": "CASE-coverage",
        "reason": "Test service down.",
        "approver": "eva-lund",
        "approved": "2026-03-10",
        "expires": "2026-03-31",
    } | fields
    path = tmp_path / "waivers.yaml"
    path.write_text(yaml.safe_dump({"waivers": [waiver]}), encoding="utf-8")
    return load_waivers(path)


CASE_DAY = "2026-04-15"
"""The day the cases of the coverage record are checked on: a waiver runs for at most
90 days, so no waiver is in force on every day the tests may run."""


@pytest.mark.parametrize("name", WAIVER_CASES)
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_waiver_case(monkeypatch: pytest.MonkeyPatch, name: str, fmt: str) -> None:
    """What ``sdlc check --waivers`` prints for the case, checked on :data:`CASE_DAY`."""
    monkeypatch.chdir(ROOT)
    folder = CASES / name
    checker = VersionedChecker.open(
        "processes/eid-gateway.yaml",
        "processes/eid-gateway.roster.yaml",
        CheckOptions(now=_at(CASE_DAY)),
        (folder / "waivers.yaml").relative_to(ROOT).as_posix(),
    )
    reports = list(checker.check_loaded(load_records([RECORD.relative_to(ROOT).as_posix()])))
    golden(folder / f"expected.{'txt' if fmt == 'text' else 'json'}", render_reports(reports, fmt))
    assert all(r.compliant for r in reports) is (name == "waived")


def test_waived_until_expiry_and_failing_after(
    tmp_path: Path, eid: Process, eid_roster: Roster
) -> None:
    waivers = _waivers(tmp_path)
    on_the_last_day = _checked(eid, eid_roster, waivers, _at("2026-03-31"))
    assert on_the_last_day.compliant
    ((rule, waived),) = [(f.rule, f.waived) for f in on_the_last_day.findings]
    assert (rule, waived) == ("coverage-below-profile", "WV-1: Test service down.")
    assert on_the_last_day.repair == []

    the_day_after = _checked(eid, eid_roster, waivers, _at("2026-04-01"))
    assert not the_day_after.compliant
    assert [(f.rule, f.waived, f.event) for f in the_day_after.findings] == [
        ("coverage-below-profile", None, 5),
        ("waiver-expired", None, 5),
    ]
    assert the_day_after.findings[1].message == (
        "record CASE-coverage, waiver WV-1: expired on 2026-03-31, so it no longer waives "
        "coverage-below-profile at event #5"
    )
    assert the_day_after.repair  # the finding fails again, so the repair is proposed again


def test_an_under_approved_waiver_waives_nothing(
    tmp_path: Path, eid: Process, eid_roster: Roster
) -> None:
    waivers = _waivers(tmp_path, approver="bjorn-aas")
    report = _checked(eid, eid_roster, waivers, _at("2026-03-20"))
    assert [f.rule for f in report.findings] == ["coverage-below-profile", "waiver-level"]
    assert report.findings[1].message == (
        "record CASE-coverage, waiver WV-1: approved by bjorn-aas, who held department on "
        "2026-03-10, but a waiver of coverage-below-profile at risk low needs level director "
        "or higher, so it waives nothing (coverage-below-profile at event #5)"
    )
    assert not report.compliant


def test_the_process_sets_the_level_per_rule_and_risk(
    tmp_path: Path, eid: Process, eid_roster: Roster
) -> None:
    waivers = _waivers(tmp_path, approver="bjorn-aas")
    at_department = _checked(
        eid, eid_roster, waivers, _at("2026-03-20"), default_level="department"
    )
    assert at_department.compliant
    stricter = _checked(
        eid,
        eid_roster,
        waivers,
        _at("2026-03-20"),
        default_level="department",
        rules={"coverage-below-profile": {"low": "director"}},
    )
    assert [f.rule for f in stricter.findings] == ["coverage-below-profile", "waiver-level"]
    by_team = _checked(
        eid,
        eid_roster,
        _waivers(tmp_path, approver="per-johansen"),
        _at("2026-03-20"),
        rules={"coverage-below-profile": {"low": "team", "high": "director"}},
    )
    assert by_team.compliant


def test_the_level_is_the_one_held_on_the_day_of_approval(
    tmp_path: Path, eid: Process, eid_roster: Roster
) -> None:
    # Magnus Holm was security officer (department) until 2023-08-31.
    before = _waivers(tmp_path, approver="magnus-holm", approved="2023-08-31")
    after = _waivers(tmp_path, approver="magnus-holm", approved="2023-09-01")
    now = _at("2026-03-20")
    policy = {"default_level": "department", "max_days": 1000}
    assert _checked(eid, eid_roster, before, now, **policy).compliant
    assert not _checked(eid, eid_roster, after, now, **policy).compliant


@pytest.mark.parametrize(
    ("fields", "waived"),
    [
        ({}, True),
        ({"record": "CASE-*"}, True),
        ({"record": "CASE-cov?rage"}, True),
        ({"record": "OTHER-*"}, False),
        ({"stage": "login-e2e-tests"}, True),
        ({"stage": "unit-tests"}, False),
        ({"event": 5}, True),
        ({"event": 4}, False),
        ({"rule": "stale-approval"}, False),
    ],
)
def test_what_a_waiver_matches(
    tmp_path: Path, eid: Process, eid_roster: Roster, fields: dict[str, Any], waived: bool
) -> None:
    waivers = _waivers(tmp_path, **fields)
    report = _checked(eid, eid_roster, waivers, _at("2026-03-20"), record_patterns=True)
    assert report.compliant is waived
    assert [f.rule for f in report.findings] == ["coverage-below-profile"]


def test_a_waiver_in_force_silences_an_expired_one(
    tmp_path: Path, eid: Process, eid_roster: Roster
) -> None:
    path = tmp_path / "w.yaml"
    base = {
        "rule": "coverage-below-profile",
        "record": "CASE-coverage",
        "reason": "r",
        "approver": "eva-lund",
        "approved": "2026-01-10",
    }
    waivers = [
        base | {"id": "OLD", "expires": "2026-01-31"},
        base | {"id": "NEW", "expires": "2026-04-09"},
    ]
    path.write_text(yaml.safe_dump({"waivers": waivers}), encoding="utf-8")
    report = _checked(eid, eid_roster, load_waivers(path), _at("2026-03-20"))
    assert [(f.rule, f.waived) for f in report.findings] == [("coverage-below-profile", "NEW: r")]


def _load_error(tmp_path: Path, text: str) -> str:
    path = tmp_path / "w.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_waivers(path)
    return caught.value.user_message().replace(str(path), "w.yaml")


WAIVER = """waivers:
  - id: WV-1
    rule: {rule}
    record: X-1
    reason: r
    approver: eva-lund
    approved: 2026-03-10
    expires: {expires}
"""


def test_waiver_files_are_validated(tmp_path: Path) -> None:
    assert _load_error(tmp_path, WAIVER.format(rule="stale-aproval", expires="2026-04-01")) == (
        "w.yaml:3:11: At Waiver(id='WV-1') ==> At key: rule ==> unknown rule "
        "'stale-aproval' ('sdlc explain' lists them). Did you mean 'stale-approval'?"
    )
    assert _load_error(tmp_path, WAIVER.format(rule="waiver-level", expires="2026-04-01")) == (
        "w.yaml:3:11: At Waiver(id='WV-1') ==> At key: rule ==> a waiver MUST NOT "
        "waive waiver-level: the rules about waivers themselves cannot be waived"
    )
    assert _load_error(tmp_path, WAIVER.format(rule="time-order", expires="2026-03-01")) == (
        "w.yaml:2:5: At Waiver(id='WV-1') ==> a waiver MUST NOT expire before it was approved"
    )
    extra = WAIVER.format(rule="time-order", expires="2026-04-01") + "    until: 2026-05-01\n"
    assert _load_error(tmp_path, extra).startswith(
        "w.yaml:9:5: At Waiver(id='WV-1') ==> unknown field 'until' (expected one "
        "of: approved, approver, event, expires, id, reason, record, rule, signature, stage)"
    )


def test_the_process_policy_is_validated(eid: Process) -> None:
    data = eid.model_dump(by_alias=True)
    with pytest.raises(ValueError, match="unknown organisational level 'board'"):
        Process.model_validate(data | {"waivers": {"default_level": "board"}})
    with pytest.raises(ValueError, match="waivers: unknown rule 'stale'"):
        Process.model_validate(data | {"waivers": {"rules": {"stale": "director"}}})
    with pytest.raises(ValueError, match="rules: time-order: unknown risk level 'huge'"):
        Process.model_validate(data | {"waivers": {"rules": {"time-order": {"huge": "team"}}}})
    assert eid.waiver_level("stale-approval", "high") == "director"


def test_waivers_need_a_roster(run_cli: RunCli) -> None:
    code, out, err = run_cli(
        "check",
        RECORD.relative_to(ROOT).as_posix(),
        "--process",
        "processes/eid-gateway.yaml",
        "--waivers",
        "tests/cases/waivers/waived/waivers.yaml",
    )
    assert (code, out) == (2, "")
    assert err == "sdlc: --waivers needs --roster: a waiver's approver is looked up there\n"


def test_sarif_marks_a_waived_finding_as_an_accepted_suppression(
    tmp_path: Path, eid: Process, eid_roster: Roster
) -> None:
    report = _checked(eid, eid_roster, _waivers(tmp_path), _at("2026-03-20"))
    log = json.loads(render_reports([report], "sarif", tool_version="1.2.3"))
    (result,) = log["runs"][0]["results"]
    assert result["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": "WV-1: Test service down."}
    ]
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert list(jsonschema.Draft7Validator(schema).iter_errors(log)) == []


def test_junit_does_not_fail_a_waived_finding(
    tmp_path: Path, eid: Process, eid_roster: Roster
) -> None:
    report = _checked(eid, eid_roster, _waivers(tmp_path), _at("2026-03-20"))
    xml = render_reports([report], "junit", tool_version="1.2.3")
    assert 'failures="0"' in xml
    assert 'skipped="1"' in xml
    assert 'name="coverage-below-profile (C012)' in xml
    assert "waived by WV-1: Test service down." in xml


def test_the_shipped_process_path_is_unchanged() -> None:
    assert load_process(EID).ref == "eid-gateway@3.0"
    assert EID_ROSTER.exists()


# -- the signed waiver case --------------------------------------------------------------

SIGNED_CASE = CASES / "waiver-signature"
_SIGNED_WAIVER = """\
# A waiver signed by its approver, Eva Lund, with her example key (in
# examples/tampered/signers.roster), to run until 2026-05-31; then its expiry was
# changed by hand to 2099-12-31. The signature no longer verifies, so it waives
# nothing, whenever the check runs.
# Made by tests/evolution/test_waivers.py (SDLC_REGEN=1 pytest tests/evolution).
waivers:
  - id: WV-2026-006
    rule: time-order
    record: CASE-time-order
    stage: code-review
    reason: The review tool's clock was an hour behind on 2026-03-02.
    approver: eva-lund
    approved: 2026-03-03
    expires: {expires}
"""


def signed_waiver_case(folder: Path) -> str:
    """The waivers.yaml of the waiver-signature case: signed, then edited."""
    path = folder / "waivers.yaml"
    path.write_text(_SIGNED_WAIVER.format(expires="2026-05-31"), encoding="utf-8")
    (waiver,) = load_waivers(path).waivers
    signed = sign_waiver(waiver, signing_key("eva-lund"))
    assert signed.signature is not None
    key, value = signed.signature.key, signed.signature.value
    return _SIGNED_WAIVER.format(expires="2099-12-31") + (
        f"    signature:\n      key: {key}\n      value: {value}\n"
    )


def test_the_signed_waiver_case_is_current(tmp_path: Path) -> None:
    """The case's waiver is made afresh here, from a fixed seed; SDLC_REGEN=1 writes it."""
    text = signed_waiver_case(tmp_path)
    if REGEN:
        (SIGNED_CASE / "waivers.yaml").write_text(text, encoding="utf-8")
    assert (SIGNED_CASE / "waivers.yaml").read_text(encoding="utf-8") == text
