"""The smallest repair in the process's words: a late approval, the incident, an
empty record, the search limit, and a repair built only when it is read."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from collections.abc import Sequence
from pathlib import Path

import pytest

from sdlc.checking import Checker, CheckOptions
from sdlc.checking import repair as repair_module
from sdlc.checking.event_rules import walk
from sdlc.checking.record_pass import RecordPass
from sdlc.checking.repair import apply_repair, smallest_repair
from sdlc.checking.repair_pending import RepairSteps
from sdlc.load.loaders import load_record
from sdlc.model.process import Process
from sdlc.model.record import Record
from sdlc.model.roster import Roster
from sdlc.report.text import render_text
from sdlc.rules.findings import RepairStep

ROOT = Path(__file__).resolve().parents[2]
INCIDENT = ROOT / "examples" / "incident-2020.yaml"
COMPLIANT = ROOT / "examples" / "low-risk-compliant.yaml"

INCIDENT_REPAIR = """\
declare the risk as high (not low)
add 'threat-modelling' by a security champion or security officer, before event #1 'implementation'
add 'design-review' (1 of 2) by a reviewer, security champion or security officer, before event #1 'implementation'
add 'design-review' (2 of 2) by a reviewer, security champion or security officer, before event #1 'implementation'
add 'code-review' (1 of 2) by a reviewer, developer or security champion for subject 7eb20ea…, before event #9 'deployment'
add 'code-review' (2 of 2) by a reviewer, developer or security champion for subject 7eb20ea…, before event #9 'deployment'
add 'unit-tests' by a build system, developer or tester for subject 7eb20ea…, before event #9 'deployment'
add 'login-e2e-tests' by a tester covering bankid-mobile, bankid, minid for subject 7eb20ea…, before event #9 'deployment'
add 'security-test' by a security champion or security officer for subject 7eb20ea…, before event #9 'deployment'
add 'rollback-plan' by an operations engineer, developer or release manager for subject 7eb20ea…, before event #9 'deployment'
add 'approval' (1 of 2) by a security officer, head of department or director for subject 7eb20ea…, before event #9 'deployment'
add 'approval' (2 of 2) by a security officer, head of department or director for subject 7eb20ea…, before event #9 'deployment'"""  # noqa: E501


def _early_verification() -> Record:
    """The compliant low-risk change, verified before it was deployed."""
    record = load_record(COMPLIANT)
    ev = record.events
    early = ev[7].model_copy(update={"at": ev[6].at})
    return record.model_copy(update={"events": (*ev[:6], early, ev[6])})


def _late_approval() -> Record:
    """The compliant low-risk change, with its approval recorded after the deployment."""
    record = load_record(COMPLIANT)
    ev = list(record.events)
    late = ev[5].model_copy(update={"at": ev[6].at})
    return record.model_copy(update={"events": (*ev[:5], ev[6], late, ev[7])})


def _cost(steps: Sequence[RepairStep]) -> int:
    return sum(1 for s in steps if s.action in ("add", "remove"))


def test_a_late_approval_gets_one_approval_before_the_deployment(
    eid: Process, eid_roster: Roster
) -> None:
    """One event instead of redoing the change (fourteen steps before the search)."""
    checker = Checker(eid, eid_roster)
    record = _late_approval()
    report = checker.check(record)
    assert [s.text for s in report.repair] == [
        "add 'approval' by a team lead, product owner, head of section, security officer, "
        "head of department or director other than ola-nordmann for subject 09dec5b…, "
        "before event #6 'deployment'",
    ]
    assert report.repair_note is None
    assert checker.check(apply_repair(eid, record, report.repair)).compliant


def test_a_verification_before_the_deployment_is_moved_after_it(
    eid: Process, eid_roster: Roster
) -> None:
    checker = Checker(eid, eid_roster)
    record = _early_verification()
    report = checker.check(record)
    assert [s.text for s in report.repair] == [
        "remove event #7 'verification' by nora-bakken (it came before 'deployment' was complete)",
        "add 'verification' by an operations engineer or tester for subject sha256:2c530b5…, "
        "at the end",
    ]
    assert report.repair_note is None
    assert checker.check(apply_repair(eid, record, report.repair)).compliant


def test_the_incident_repair_is_no_longer_than_before_and_proven_minimal(
    eid: Process, eid_roster: Roster
) -> None:
    """The lower bound on the deployed subject's line is 11 events, as the repair is."""
    report = Checker(eid, eid_roster).check(load_record(INCIDENT))
    assert "\n".join(s.text for s in report.repair) == INCIDENT_REPAIR
    assert _cost(report.repair) == 11  # the repair before the search: 11 events as well
    assert report.repair_note is None


def test_a_repair_not_proven_minimal_says_so_in_text_and_json(
    eid: Process, eid_roster: Roster
) -> None:
    report = Checker(eid, eid_roster).check(load_record(INCIDENT))
    note = "repair is not proven minimal: search limit 500 reached"
    report.repair = RepairSteps(list(report.repair), note)
    assert report.repair_note == note
    assert report.as_dict()["repair_note"] == note
    text = render_text([report], color=False, tool_version="test")
    assert "    12. add 'approval' (2 of 2)" in text
    assert f"    12. {report.repair[-1].text}\n    ({note})\n" in text


def test_a_repair_found_within_the_limit_has_no_note(eid: Process, eid_roster: Roster) -> None:
    report = Checker(eid, eid_roster).check(_late_approval())
    data = report.as_dict()
    assert "repair_note" not in data
    assert json.loads(json.dumps(data))["repair"][0]["action"] == "add"


def _late_build() -> Record:
    """The compliant low-risk change, its build recorded after the approval."""
    record = load_record(COMPLIANT)
    ev = list(record.events)
    ev.insert(5, ev.pop(1))
    start = ev[0].at
    events = tuple(
        e.model_copy(update={"at": start + dt.timedelta(minutes=k)}) for k, e in enumerate(ev)
    )
    return record.model_copy(update={"events": events})


def test_a_build_after_the_approval_is_one_build_not_the_change_redone(
    eid: Process, eid_roster: Roster
) -> None:
    checker = Checker(eid, eid_roster)
    record = _late_build()
    report = checker.check(record)
    assert [s.text for s in report.repair] == [
        "add 'build' by a build system or release manager for subject 09dec5b…, before event "
        "#2 'unit-tests', producing sha256:2c530b5…",
    ]
    assert report.repair_note is None
    assert checker.check(apply_repair(eid, record, report.repair)).compliant


def test_a_tighter_limit_falls_back_and_says_which(eid: Process, eid_roster: Roster) -> None:
    checker = Checker(eid, eid_roster)
    record = _late_build()
    run = RecordPass(checker.context, record)
    findings = walk(run)
    repair = smallest_repair(checker.context, run.trace, findings, limit=1)
    assert repair.note == "repair is not proven minimal: search limit 1 reached"
    assert _cost(repair.steps) > 1  # the local repair, which the search would have beaten
    assert checker.check(apply_repair(eid, record, repair.steps)).compliant


@pytest.mark.parametrize(
    ("commit", "artifact", "about"),
    [
        (None, None, "for the change"),
        ("09dec5bbe55d3ab0f7ea7dd3e71792f381be0511", None, "for subject 09dec5b…"),
    ],
)
def test_an_empty_record_says_what_each_step_is_for(
    eid: Process, eid_roster: Roster, commit: str | None, artifact: str | None, about: str
) -> None:
    record = load_record(COMPLIANT)
    subject = record.subject.model_copy(update={"commit": commit, "artifact": artifact})
    empty = record.model_copy(update={"events": (), "subject": subject})
    report = Checker(eid, eid_roster).check(empty)
    texts = [s.text for s in report.repair]
    assert texts[0] == f"add 'implementation' by a developer {about}, at the end"
    assert (
        texts[-1] == f"add 'verification' by an operations engineer or tester {about}, at the end"
    )
    assert not any("?" in t for t in texts), texts
    assert all(s.subject == commit for s in report.repair if s.stage == "implementation")


def test_the_repair_is_built_only_when_read(
    eid: Process, eid_roster: Roster, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = smallest_repair

    def counted(*args: object, **kwargs: object) -> object:
        calls.append("search")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(repair_module, "smallest_repair", counted)  # where the check finds it
    checker = Checker(eid, eid_roster)
    report = checker.check(_late_approval())
    assert not report.compliant
    assert calls == []
    assert len(report.repair) == 1
    assert calls == ["search"]
    assert len(report.repair) == 1
    assert calls == ["search"]
    travelled = pickle.loads(pickle.dumps(report))
    assert type(travelled.repair) is RepairSteps
    assert [s.text for s in travelled.repair] == [s.text for s in report.repair]


def test_no_repair_is_built_when_the_report_does_not_show_it(
    eid: Process, eid_roster: Roster
) -> None:
    report = Checker(eid, eid_roster, CheckOptions(repair=False)).check(_late_approval())
    assert not report.compliant
    assert report.repair == []
    assert report.repair_note is None
