"""The deployment gate: ``sdlc gate`` and ``Checker.may_perform``.

The gate says what ``sdlc check`` would say if the asked-for event were appended
now. These tests ask it about the compliant high-risk example cut off right
before its deployment, and about that record spoilt in the ways a gate must
catch: an approval of an older commit, a self-approval, an approval below the
required level, and tests that never ran.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from sdlc.checking import Checker
from sdlc.load import load_process, load_roster
from sdlc.model import Process, Record, Roster

from ..conftest import ROOT, RunCli
from ..signed_records import sign_record, signed_process, with_keys
from .test_check_property import OPTIONS, _settings, walk

PROCESS = ROOT / "processes" / "eid-gateway.yaml"
ROSTER = ROOT / "processes" / "eid-gateway.roster.yaml"
EXAMPLE = ROOT / "examples" / "high-risk-rework.yaml"
DEPLOYED = "sha256:32b8f63b340ae821db9b6d7dd9ca1b100fb2021189f0de050081d9e7a0a30086"
FIRST_COMMIT = "ad7757e23e2796112754dd6f14dbd7bbd3273258"
NOW = dt.datetime(2026, 3, 12, 7, 30, tzinfo=dt.UTC)


def _before_deployment() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text())
    data["events"] = [e for e in data["events"] if e["stage"] not in {"deployment", "verification"}]
    return data


def _decide(data: dict[str, Any], stage: str = "deployment", actor: str = "nora-bakken") -> Any:
    process = load_process(PROCESS)
    checker = Checker(process, load_roster(ROSTER, process))
    record = Record.model_validate(data)
    return checker.may_perform(record, stage=stage, subject=DEPLOYED, actor=actor, now=NOW)


def _rules(decision: Any) -> list[str]:
    return [f.rule for f in decision.reasons]


def test_the_compliant_record_may_be_deployed() -> None:
    decision = _decide(_before_deployment())
    assert decision.allowed
    assert decision.summary == (
        "EID-2417: allowed: 'deployment' of sha256:32b8f63… by nora-bakken may happen now"
    )
    assert (decision.reasons, decision.steps) == ((), ())


def test_an_approval_of_an_older_commit_is_refused() -> None:
    data = _before_deployment()
    for event in data["events"]:
        if event["stage"] == "approval":
            event["subject"] = FIRST_COMMIT
    decision = _decide(data)
    assert not decision.allowed
    assert _rules(decision) == ["stale-approval"]
    assert decision.steps == (
        "redo 'approval' for e16f242…, the commit sha256:32b8f63… was built from, before deploying",
    )


def test_a_self_approval_is_refused_when_asked_for() -> None:
    """ragnhild-eide may approve, but not a change whose code she wrote (she holds no
    developer role either, which the record's implementation events are reported for)."""
    data = _before_deployment()
    data["events"] = [e for e in data["events"] if e["stage"] != "approval"]
    assert _decide(data, stage="approval", actor="ragnhild-eide").allowed
    for event in data["events"]:
        if event["stage"] == "implementation":
            event["actor"] = "ragnhild-eide"
    decision = _decide(data, stage="approval", actor="ragnhild-eide")
    assert not decision.allowed
    # her implementation events do not count either: nobody qualified implemented it
    assert _rules(decision) == [
        "actor-lacks-role",
        "actor-lacks-role",
        "segregation-of-duties",
        "too-few-actors",
    ]
    assert decision.reasons[-1].stage == "implementation"
    assert [(f.rule, f.message) for f in decision.reasons][2:3] == [
        (
            "segregation-of-duties",
            "record EID-2417, event #15 'approval' by ragnhild-eide: ragnhild-eide already "
            "performed event #4 'implementation', event #7 'implementation' on this change, and "
            "may not perform 'approval' on it",
        )
    ]


def test_a_self_approval_already_recorded_blocks_the_deployment() -> None:
    data = _before_deployment()
    approvals = [e for e in data["events"] if e["stage"] == "approval"]
    approvals[0]["actor"] = "ingrid-hansen"  # the author, who holds no approver role
    decision = _decide(data)
    assert not decision.allowed
    assert "actor-lacks-role" in _rules(decision)


def test_an_approval_below_the_required_level_is_refused() -> None:
    data = _before_deployment()
    approvals = [e for e in data["events"] if e["stage"] == "approval"]
    approvals[1]["actor"] = "per-johansen"  # a team lead; high risk needs department level
    decision = _decide(data)
    assert not decision.allowed
    assert "approval-level" in _rules(decision)


def test_a_deployment_without_its_tests_is_refused_with_the_steps_that_allow_it() -> None:
    data = _before_deployment()
    data["events"] = [
        e for e in data["events"] if e["stage"] not in {"login-e2e-tests", "security-test"}
    ]
    decision = _decide(data)
    assert not decision.allowed
    assert _rules(decision) == ["missing-stage", "missing-stage"]
    assert decision.steps == (
        "perform 'login-e2e-tests' for the deployed subject before deploying",
        "perform 'security-test' for the deployed subject before deploying",
    )


@_settings
@given(rng=st.randoms(use_true_random=False))
def test_every_step_of_a_compliant_walk_is_allowed_when_it_comes(
    eid: Process, eid_roster: Roster, rng: random.Random
) -> None:
    record = walk(eid, eid_roster, rng).record
    checker = Checker(eid, eid_roster, OPTIONS)
    for n, event in enumerate(record.events):
        prefix = record.model_copy(update={"events": record.events[:n]})
        decision = checker.may_perform(
            prefix, stage=event.stage, subject=event.subject, actor=event.actor, now=event.at
        )
        assert decision.allowed, (n, event.stage, [f.message for f in decision.reasons])


def _write(tmp_path: Path, data: dict[str, Any]) -> str:
    path = tmp_path / "EID-2417.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return str(path)


GATE = ["--stage", "deployment", "--subject", DEPLOYED, "--actor", "nora-bakken"]
WHERE = ["--process", "processes/", "--roster", str(ROSTER), "--now", "2026-03-12T08:30:00+01:00"]


def test_the_cli_allows_with_exit_0(run_cli: RunCli, tmp_path: Path) -> None:
    record = _write(tmp_path, _before_deployment())
    code, out, err = run_cli("gate", record, *GATE, *WHERE)
    assert (code, out, err) == (
        0,
        "EID-2417: allowed: 'deployment' of sha256:32b8f63… by nora-bakken may happen now\n",
        "",
    )


def test_the_cli_refuses_with_exit_1_and_json_reasons(run_cli: RunCli, tmp_path: Path) -> None:
    data = _before_deployment()
    data["events"] = [e for e in data["events"] if e["stage"] != "security-test"]
    code, out, _ = run_cli("gate", _write(tmp_path, data), *GATE, *WHERE, "--format", "json")
    assert code == 1
    answer = json.loads(out)
    assert (answer["allowed"], [r["rule"] for r in answer["reasons"]]) == (False, ["missing-stage"])
    assert answer["steps"] == ["perform 'security-test' for the deployed subject before deploying"]


def test_the_cli_refuses_without_a_roster(run_cli: RunCli, tmp_path: Path) -> None:
    code, out, _ = run_cli("gate", _write(tmp_path, _before_deployment()), *GATE, *WHERE[:2])
    assert code == 1
    assert "error C016 unverifiable" in out


def test_the_cli_cannot_decide_on_unusable_input_and_exits_2(
    run_cli: RunCli, tmp_path: Path
) -> None:
    data = _before_deployment()
    data["process"] = "eid-gateway@9.9"
    code, out, err = run_cli("gate", _write(tmp_path, data), *GATE, *WHERE)
    assert (code, out) == (2, "")
    assert "no version '9.9' of process 'eid-gateway'" in err
    code, out, err = run_cli("gate", str(tmp_path / "missing.yaml"), *GATE, *WHERE)
    assert (code, out) == (2, "")
    assert err.startswith("sdlc: ")
    assert "missing.yaml" in err


def _signed_before_deployment(folder: Path) -> tuple[Checker, Path]:
    """The record cut off before its deployment, written again hash-chained and each
    event signed by its actor, against the process with every stage signed."""
    process = signed_process(load_process(PROCESS))
    roster = with_keys(load_roster(ROSTER, process))
    path = folder / "signed.yaml"
    sign_record(Record.model_validate(_before_deployment()), path)
    return Checker(process, roster), path


def test_a_chained_and_signed_record_may_be_deployed(tmp_path: Path) -> None:
    """The append will link and sign the event: the question must not be refused for
    the link and signature it does not carry yet."""
    checker, path = _signed_before_deployment(tmp_path)
    record = Record.model_validate(yaml.safe_load(path.read_text()))
    decision = checker.may_perform(
        record, stage="deployment", subject=DEPLOYED, actor="nora-bakken", now=NOW
    )
    assert (decision.allowed, decision.reasons) == (True, ())


def test_a_chained_record_with_an_edited_past_is_still_refused(tmp_path: Path) -> None:
    checker, path = _signed_before_deployment(tmp_path)
    data = yaml.safe_load(path.read_text())
    data["events"][1]["actor"] = "ola-nordmann"
    decision = checker.may_perform(
        Record.model_validate(data),
        stage="deployment",
        subject=DEPLOYED,
        actor="nora-bakken",
        now=NOW,
    )
    assert not decision.allowed
    assert {"broken-chain", "bad-signature"} & set(_rules(decision))
