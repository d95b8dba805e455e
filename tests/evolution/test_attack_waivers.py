"""Attacks on waivers: waiving integrity, waiving forever and for everyone, forging.

A waiver file is plain text next to the records. Without bounds, one line could
waive ``broken-chain`` or ``bad-signature`` for every record until 2099, in the
director's name. Integrity rules, ``unverifiable`` and ``version-not-in-force``
cannot be waived at all (the file is refused, exit 2, at the waiver's line); a
waiver runs at most the policy's ``max_days`` and names its record by id unless the
policy allows patterns (``waiver-scope``); and a waiver may be signed by its
approver, and must be where the process says so (``waiver-signature``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from sdlc.checking import Checker, CheckOptions
from sdlc.evolution.waiver_file import Waiver, WaiverFile, load_waivers, sign_waiver
from sdlc.evolution.waivers import apply_waivers
from sdlc.load.loaders import load_record
from sdlc.model.organisation import UNWAIVABLE
from sdlc.model.process import Process
from sdlc.model.roster import Roster
from sdlc.rules.catalogue import RULES
from sdlc.rules.findings import Report

from ..conftest import ROOT, RunCli
from ..signed_records import signing_key, with_keys

COVERAGE = ROOT / "tests" / "cases" / "check" / "coverage-below-profile" / "record.yaml"
BROKEN = ROOT / "tests" / "cases" / "record" / "broken-chain" / "record.yaml"
NOW = dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC)
ABOUT = "coverage-below-profile at event #5"


@pytest.fixture(scope="module")
def keyed(eid_roster: Roster) -> Roster:
    return with_keys(eid_roster)


def _waiver(**fields: Any) -> dict[str, Any]:
    return {
        "id": "WV-1",
        "rule": "coverage-below-profile",
        "record": "CASE-coverage",
        "reason": "Test service down.",
        "approver": "eva-lund",
        "approved": "2026-03-10",
        "expires": "2026-03-31",
    } | fields


def _file(tmp_path: Path, *waivers: dict[str, Any]) -> Path:
    path = tmp_path / "waivers.yaml"
    path.write_text(yaml.safe_dump({"waivers": list(waivers)}, sort_keys=False), "utf-8")
    return path


def _applied(
    eid: Process, roster: Roster, waivers: WaiverFile, record: Path = COVERAGE, **policy: Any
) -> Report:
    process = eid
    if policy:
        process = Process.model_validate(eid.model_dump(by_alias=True) | {"waivers": policy})
    options = CheckOptions(now=NOW)
    report = Checker(process, roster, options).check(load_record(record))
    return apply_waivers(report, waivers, process, roster, options)


def _problems(report: Report) -> list[tuple[str, str]]:
    return [(f.rule, f.message) for f in report.findings if f.rule.startswith("waiver-")]


# -- rules no waiver can waive ----------------------------------------------------------------


def test_the_rules_no_waiver_can_waive() -> None:
    integrity = {slug for slug, r in RULES.items() if r.area == "integrity"}
    waivers = {slug for slug, r in RULES.items() if r.area == "waiver"}
    assert set(UNWAIVABLE) == integrity | waivers | {"unverifiable", "version-not-in-force"}
    assert {"broken-chain", "bad-signature", "unknown-key", "unsigned-event"} <= integrity


@pytest.mark.parametrize("rule", sorted(UNWAIVABLE))
def test_a_waiver_of_an_unwaivable_rule_is_refused_at_its_line(
    run_cli: RunCli, tmp_path: Path, rule: str
) -> None:
    """The attack as written: waive it for every record, until 2099, as the director."""
    path = _file(tmp_path, _waiver(rule=rule, record="*", expires="2099-12-31"))
    code, out, err = run_cli(
        "check", str(BROKEN), "--process", "processes/eid-gateway.yaml",
        "--roster", "processes/eid-gateway.roster.yaml", "--waivers", str(path),
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert err == (
        f"sdlc: {path}:3:9: At Waiver(id='WV-1') ==> At key: rule ==> a waiver MUST NOT waive "
        f"{rule}: {UNWAIVABLE[rule]}\n"
    )


def test_a_broken_chain_is_not_waived_even_by_a_waiver_made_in_code(
    eid: Process, eid_roster: Roster
) -> None:
    """Bypassing the file's validation does not help: the matching itself refuses."""
    forged = Waiver.model_construct(
        **(Waiver.model_validate(_waiver()).model_dump() | {"rule": "broken-chain"})
    )
    waivers = WaiverFile.model_construct(waivers=(forged,))
    report = _applied(eid, eid_roster, waivers, record=BROKEN)
    broken = [f for f in report.findings if f.rule == "broken-chain"]
    assert broken
    assert all(f.waived is None for f in broken)
    assert not report.compliant


def test_a_process_cannot_set_a_level_for_an_unwaivable_rule(eid: Process) -> None:
    data = eid.model_dump(by_alias=True)
    with pytest.raises(ValueError, match="waivers: rules: bad-signature cannot be waived"):
        Process.model_validate(data | {"waivers": {"rules": {"bad-signature": "director"}}})


# -- bounds: how long, and for which records ----------------------------------------------------


def test_a_waiver_until_2099_waives_nothing(
    tmp_path: Path, eid: Process, eid_roster: Roster
) -> None:
    waivers = load_waivers(_file(tmp_path, _waiver(expires="2099-12-31")))
    report = _applied(eid, eid_roster, waivers)
    assert not report.compliant
    assert _problems(report) == [
        (
            "waiver-scope",
            "record CASE-coverage, waiver WV-1: runs 26959 days, from 2026-03-10 to 2099-12-31, "
            "but eid-gateway@3.0 allows a waiver at most 90 days from its approval, so it "
            f"waives nothing ({ABOUT})",
        )
    ]
    year = load_waivers(_file(tmp_path, _waiver(expires="2027-03-10")))
    assert not _applied(eid, eid_roster, year).compliant
    assert _applied(eid, eid_roster, year, max_days=365).compliant  # as the policy allows


def test_a_waiver_for_every_record_waives_nothing(
    tmp_path: Path, eid: Process, eid_roster: Roster
) -> None:
    waivers = load_waivers(_file(tmp_path, _waiver(record="*")))
    assert _problems(_applied(eid, eid_roster, waivers)) == [
        (
            "waiver-scope",
            "record CASE-coverage, waiver WV-1: names its records by the pattern '*', but "
            "eid-gateway@3.0 requires a waiver to name its record by id, so it waives nothing "
            f"({ABOUT})",
        )
    ]
    allowed = _applied(eid, eid_roster, waivers, record_patterns=True)
    assert _problems(allowed) == [
        (
            "waiver-scope",
            "record CASE-coverage, waiver WV-1: names its records by the pattern '*', which "
            "does not start with a fixed prefix, and a waiver MUST NOT cover every record, so "
            f"it waives nothing ({ABOUT})",
        )
    ]
    prefixed = load_waivers(_file(tmp_path, _waiver(record="CASE-*")))
    assert _applied(eid, eid_roster, prefixed, record_patterns=True).compliant


def test_a_waiver_dated_in_the_future_waives_nothing_yet(
    tmp_path: Path, eid: Process, eid_roster: Roster
) -> None:
    """Dating the approval ahead would otherwise stretch the lifetime without limit."""
    waivers = load_waivers(_file(tmp_path, _waiver(approved="2099-10-01", expires="2099-12-31")))
    assert _problems(_applied(eid, eid_roster, waivers)) == [
        (
            "waiver-scope",
            "record CASE-coverage, waiver WV-1: was approved on 2099-10-01, a day still to "
            f"come, so it waives nothing yet ({ABOUT})",
        )
    ]


# -- signatures -------------------------------------------------------------------------------


def _signed(tmp_path: Path, signer: str = "eva-lund", **fields: Any) -> Waiver:
    (waiver,) = load_waivers(_file(tmp_path, _waiver(**fields))).waivers
    return sign_waiver(waiver, signing_key(signer))


def test_a_signed_waiver_waives(tmp_path: Path, eid: Process, keyed: Roster) -> None:
    waivers = WaiverFile(waivers=(_signed(tmp_path),))
    assert _applied(eid, keyed, waivers, signed=True).compliant


def test_a_signed_waiver_extended_by_hand_waives_nothing(
    tmp_path: Path, eid: Process, keyed: Roster
) -> None:
    signed = _signed(tmp_path)
    extended = signed.model_copy(update={"expires": dt.date(2026, 6, 1)})
    report = _applied(eid, keyed, WaiverFile(waivers=(extended,)))
    assert not report.compliant
    assert _problems(report) == [
        (
            "waiver-signature",
            "record CASE-coverage, waiver WV-1: its signature does not verify with eva-lund's "
            "key 'eva-lund-2026': the waiver was changed after it was signed, so it waives "
            f"nothing ({ABOUT})",
        )
    ]


def test_a_waiver_signed_with_someone_elses_key_waives_nothing(
    tmp_path: Path, eid: Process, keyed: Roster
) -> None:
    """Per Johansen signs a waiver that names the director as its approver."""
    forged = _signed(tmp_path, signer="per-johansen")
    assert _problems(_applied(eid, keyed, WaiverFile(waivers=(forged,)))) == [
        (
            "waiver-signature",
            "record CASE-coverage, waiver WV-1: is signed with key 'per-johansen-2026', which "
            "belongs to per-johansen, not to its approver eva-lund, so it waives nothing "
            f"({ABOUT})",
        )
    ]


def test_a_waiver_signed_with_an_unknown_key_waives_nothing(
    tmp_path: Path, eid: Process, eid_roster: Roster
) -> None:
    """Without the keys in the roster, a signature cannot be trusted, so it fails."""
    waivers = WaiverFile(waivers=(_signed(tmp_path),))
    assert _problems(_applied(eid, eid_roster, waivers)) == [
        (
            "waiver-signature",
            "record CASE-coverage, waiver WV-1: is signed with key 'eva-lund-2026', which the "
            f"roster does not list, so it waives nothing ({ABOUT})",
        )
    ]


def test_a_waiver_signed_before_the_key_was_valid_waives_nothing(
    tmp_path: Path, eid: Process, keyed: Roster
) -> None:
    early = _signed(tmp_path, approved="2025-12-20", expires="2026-03-20")
    assert _problems(_applied(eid, keyed, WaiverFile(waivers=(early,)))) == [
        (
            "waiver-signature",
            "record CASE-coverage, waiver WV-1: is signed with key 'eva-lund-2026', valid "
            "2026-01-01 to open-ended (days in UTC), but the waiver was approved on 2025-12-20, "
            f"so it waives nothing ({ABOUT})",
        )
    ]


def test_a_process_can_require_signed_waivers(tmp_path: Path, eid: Process, keyed: Roster) -> None:
    unsigned = load_waivers(_file(tmp_path, _waiver()))
    assert _applied(eid, keyed, unsigned).compliant
    assert _problems(_applied(eid, keyed, unsigned, signed=True)) == [
        (
            "waiver-signature",
            "record CASE-coverage, waiver WV-1: is not signed, but eid-gateway@3.0 requires "
            "waivers to be signed by their approver, so it waives nothing "
            f"({ABOUT})",
        )
    ]


def test_a_signature_covers_every_field(tmp_path: Path, eid: Process, keyed: Roster) -> None:
    signed = _signed(tmp_path, stage="login-e2e-tests")
    for change in (
        {"stage": None},
        {"record": "CASE-*"},
        {"reason": "Something else."},
        {"approved": dt.date(2026, 3, 11)},
        {"rule": "missing-stage"},
        {"event": 5},
    ):
        changed = signed.model_copy(update=change)
        report = _applied(eid, keyed, WaiverFile(waivers=(changed,)), record_patterns=True)
        if change == {"rule": "missing-stage"}:
            assert _problems(report) == []  # matches nothing now: the finding fails alone
        else:
            assert [rule for rule, _ in _problems(report)] == ["waiver-signature"], change
        assert not report.compliant
