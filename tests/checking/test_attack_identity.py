"""Attack: one person, or one piece of work, counted as two.

A high-risk approval needs two distinct people. Each test takes the compliant
high-risk example (commit e16f242… reviewed, tested and approved by ragnhild-eide
and bjorn-aas, built into sha256:32b8f63…, deployed and verified) and tries to
get the deployment through with less than it claims:

- the same person listed in the roster under two ids, holding one key, approves
  twice: the roster is refused when it is loaded (one key, one person);
- the second approval is of a sibling artifact, another build of the same commit:
  it does not count for the deployed artifact (too-few-actors);
- the verification after the deployment is of another artifact: it does not
  complete the change (incomplete).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from cryptography.hazmat.primitives import serialization
from pydantic import ValidationError

from sdlc.checking import Checker
from sdlc.errors import InputError
from sdlc.load import load_process, load_roster
from sdlc.model import Process, Record, Roster

from ..conftest import ROOT, RunCli
from ..signed_records import roster_data, signing_key

PROCESS = ROOT / "processes" / "eid-gateway.yaml"
ROSTER = ROOT / "processes" / "eid-gateway.roster.yaml"
EXAMPLE = ROOT / "examples" / "high-risk-rework.yaml"

COMMIT = "e16f242821aeb85e085c2ec0e67a20b6db30f360"
BUILT = "sha256:32b8f63b340ae821db9b6d7dd9ca1b100fb2021189f0de050081d9e7a0a30086"
SIBLING = "sha256:" + "5eed" * 16
OTHER = "sha256:" + "0badc0de" * 8


@pytest.fixture(scope="module")
def process() -> Process:
    return load_process(PROCESS)


@pytest.fixture(scope="module")
def roster(process: Process) -> Roster:
    return load_roster(ROSTER, process)


def _example() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text())
    return data


def _events(data: dict[str, Any], stage: str) -> list[dict[str, Any]]:
    return [e for e in data["events"] if e["stage"] == stage]


def _findings(process: Process, roster: Roster, data: dict[str, Any]) -> list[Any]:
    report = Checker(process, roster).check(Record.model_validate(data))
    return [f for f in report.findings if f.severity == "error"]


def test_the_unaltered_example_is_compliant(process: Process, roster: Roster) -> None:
    assert _findings(process, roster, _example()) == []


# -- one person under two ids -------------------------------------------------------------


def _twin_roster(roster: Roster, *, same_key: bool) -> dict[str, Any]:
    """The roster with ragnhild-eide listed a second time as ``ragnhild-eide2``, with
    the same roles, and (``same_key``) the same public key."""
    data = roster_data(roster)
    people = data["people"]
    original = next(p for p in people if p["id"] == "ragnhild-eide")
    twin = copy.deepcopy(original)
    twin["id"] = twin["name"] = "ragnhild-eide2"
    key = signing_key("ragnhild-eide" if same_key else "ragnhild-eide2")
    twin["keys"] = [{"id": "ragnhild-eide2-2026", "public_key": key.public_base64}]
    people.append(twin)
    return data


def _twin_approves(data: dict[str, Any]) -> None:
    """The second approval, by the twin instead of bjorn-aas."""
    _events(data, "approval")[1]["actor"] = "ragnhild-eide2"


def test_without_anything_shared_the_roster_cannot_see_one_person(
    process: Process, roster: Roster
) -> None:
    """The control: two ids with nothing in common are two people to the checker, so
    the attack works unless something the two entries share gives it away."""
    twins = Roster.model_validate(_twin_roster(roster, same_key=False))
    data = _example()
    _twin_approves(data)
    assert _findings(process, twins, data) == []


SHARED = (
    "key 'ragnhild-eide2-2026' of ragnhild-eide2 is the same public key as "
    "'ragnhild-eide-2026' of ragnhild-eide; a key MUST belong to one person (one person "
    "under two ids would count twice): keep one entry per person, with all their keys"
)


def test_a_roster_listing_one_key_for_two_ids_is_refused(roster: Roster) -> None:
    with pytest.raises(ValidationError) as caught:
        Roster.model_validate(_twin_roster(roster, same_key=True))
    (error,) = caught.value.errors()
    assert error["loc"] == ("people", len(roster.people), "keys", 0, "public_key")
    assert error["msg"] == f"Value error, {SHARED}"


def test_the_same_key_written_as_pem_is_the_same_key(roster: Roster) -> None:
    """Writing the twin's copy of the key as a PEM block instead of base64 hides nothing."""
    data = _twin_roster(roster, same_key=True)
    pem = (
        signing_key("ragnhild-eide")
        .private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    data["people"][-1]["keys"][0]["public_key"] = pem
    with pytest.raises(ValidationError, match="is the same public key as 'ragnhild-eide-2026'"):
        Roster.model_validate(data)


def test_checking_with_the_twin_roster_stops_with_a_located_message(
    roster: Roster, run_cli: RunCli, tmp_path: Path
) -> None:
    """Both ids approve; the check does not even start: exit 2, the file, line and
    column of the twin's key, and what to do."""
    path = tmp_path / "roster.yaml"
    path.write_text(yaml.safe_dump(_twin_roster(roster, same_key=True), sort_keys=False))
    record = _example()
    _twin_approves(record)
    record_path = tmp_path / "EID-2417.yaml"
    record_path.write_text(yaml.safe_dump(record, sort_keys=False))
    lines = path.read_text().splitlines()
    line = max(i for i, text in enumerate(lines, start=1) if "public_key:" in text)
    column = lines[line - 1].index("public_key:") + len("public_key: ") + 1
    with pytest.raises(InputError) as caught:
        load_roster(path)
    assert str(caught.value).startswith(f"{path}:{line}:{column}: ")
    assert str(caught.value).endswith(SHARED)
    code, out, err = run_cli(
        "check", str(record_path), "--process", str(PROCESS), "--roster", str(path)
    )
    assert (code, out) == (2, "")
    assert err.startswith(f"sdlc: {path}:{line}:{column}: ")
    assert SHARED in err


# -- an approval of a sibling artifact ------------------------------------------------------


def _sibling_built(data: dict[str, Any]) -> None:
    """A second build of the reviewed commit, right after the first: sha256:5eed…."""
    builds = [i for i, e in enumerate(data["events"]) if e["stage"] == "build"]
    second = copy.deepcopy(data["events"][builds[-1]])
    second |= {"at": "2026-03-09T10:25:00+01:00", "produces": [SIBLING]}
    data["events"].insert(builds[-1] + 1, second)


def test_an_approval_of_a_sibling_artifact_does_not_count(process: Process, roster: Roster) -> None:
    """ragnhild-eide approves the sibling, bjorn-aas the deployed artifact: the
    checker's lineage joins all three subjects, but only one person approved what was
    deployed."""
    data = _example()
    _sibling_built(data)
    first, second = _events(data, "approval")
    first["subject"], second["subject"] = SIBLING, BUILT
    (finding,) = _findings(process, roster, data)
    assert (finding.rule, finding.event, finding.stage) == ("too-few-actors", 17, "approval")
    assert finding.message == (
        "record EID-2417, event #17 'approval' by bjorn-aas: 'approval' needs 2 different people "
        "at risk high, but only 'bjorn-aas' qualified for subject sha256:32b8f63…; event #16 "
        "by ragnhild-eide for sha256:5eed5ee… did not count for sha256:32b8f63…: work counts "
        "for the subject it was done on, what was built from it and what it was built from, "
        "never for a sibling built from the same commit"
    )


def test_a_sibling_approval_given_last_is_also_a_lineage_break(
    process: Process, roster: Roster
) -> None:
    data = _example()
    _sibling_built(data)
    first, second = _events(data, "approval")
    first["subject"], second["subject"] = BUILT, SIBLING
    found = [(f.rule, f.event) for f in _findings(process, roster, data)]
    assert found == [("too-few-actors", 17), ("stale-approval", 18)]


@pytest.mark.parametrize("subjects", [(BUILT, BUILT), (COMMIT, BUILT), (COMMIT, COMMIT)])
def test_approvals_of_the_deployed_artifact_or_its_commit_count(
    process: Process, roster: Roster, subjects: tuple[str, str]
) -> None:
    data = _example()
    _sibling_built(data)
    for event, subject in zip(_events(data, "approval"), subjects, strict=True):
        event["subject"] = subject
    assert _findings(process, roster, data) == []


# -- a verification of another artifact -------------------------------------------------------


@pytest.mark.parametrize(
    ("verified", "shown"), [(SIBLING, "sha256:5eed5ee…"), (OTHER, "sha256:0badc0d…")]
)
def test_a_verification_of_another_artifact_does_not_complete_the_change(
    process: Process, roster: Roster, verified: str, shown: str
) -> None:
    data = _example()
    _sibling_built(data)
    _events(data, "verification")[0]["subject"] = verified
    (finding,) = _findings(process, roster, data)
    assert (finding.rule, finding.event, finding.stage) == ("incomplete", 19, "verification")
    assert finding.message == (
        "record EID-2417, event #19 'verification' by emil-haugen: 'verification' has not "
        f"happened for sha256:32b8f63…, deployed in event #18: this event completed it for "
        f"{shown}, which is neither the deployed subject nor what it was built from"
    )
    assert finding.hint == (
        "perform 'verification' for sha256:32b8f63…, the subject deployment #18 deployed, "
        "and record it"
    )


def test_a_verification_of_the_commit_it_was_built_from_counts(
    process: Process, roster: Roster
) -> None:
    data = _example()
    _events(data, "verification")[0]["subject"] = COMMIT
    assert _findings(process, roster, data) == []
