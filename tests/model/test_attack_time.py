"""Attack: stretching a role or a key by a day through the event's time zone.

An event's time carries an offset, which its author chooses, and offsets run up
to ±23:59. When the roster's days were compared with the event's day in its own
offset, an approval by someone whose role (or key) ended on 10 March could be
dated 2026-03-10T12:00:00-23:00, which is 11:00 on 11 March in UTC, and pass.
Roster days are days in UTC now, whatever offset the event was written with.
Each test takes the compliant high-risk example, whose first approval
(ragnhild-eide, event #15) falls on 11 March in UTC, and moves that approval
across a day boundary.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from sdlc.checking import Checker
from sdlc.integrity.verification import verify
from sdlc.load import load_process, load_record, load_roster
from sdlc.model import Process, PublicKey, Record, Roster

from ..conftest import ROOT
from ..signed_records import roster_data, sign_record, signing_key

PROCESS = ROOT / "processes" / "eid-gateway.yaml"
ROSTER = ROOT / "processes" / "eid-gateway.roster.yaml"
EXAMPLE = ROOT / "examples" / "high-risk-rework.yaml"
APPROVAL = 15
"""ragnhild-eide's approval; the events around it are at 08:30 and 13:15 UTC on 11 March."""


@pytest.fixture(scope="module")
def process() -> Process:
    return load_process(PROCESS)


@pytest.fixture(scope="module")
def roster(process: Process) -> Roster:
    return load_roster(ROSTER, process)


def _example(at: str) -> dict[str, Any]:
    """The example with ragnhild-eide's approval at ``at``."""
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text())
    event = data["events"][APPROVAL - 1]
    assert (event["stage"], event["actor"]) == ("approval", "ragnhild-eide")
    event["at"] = at
    return data


def _role_between(roster: Roster, *periods: dict[str, str]) -> Roster:
    """The roster with ragnhild-eide holding her security-officer role only in
    ``periods`` (each with ``from``, ``until`` or both)."""
    data = roster_data(roster)
    person = next(p for p in data["people"] if p["id"] == "ragnhild-eide")
    person["roles"] = [{"role": "security-officer", **dates} for dates in periods]
    return Roster.model_validate(data)


def _findings(process: Process, roster: Roster, data: dict[str, Any]) -> list[Any]:
    report = Checker(process, roster).check(Record.model_validate(data))
    return [f for f in report.findings if f.severity == "error"]


LACKS = (
    "record EID-2417, event #15 'approval' by ragnhild-eide: ragnhild-eide held no role on "
    "2026-03-11 UTC ({at}), but 'approval' may be performed only by a director, "
    "head of department, head of section, product owner, security officer or team lead"
)


ENDED = ({"until": "2026-03-10"},)
"""Her role ended on 10 March (her design review, on 3 March, is within it)."""
RESUMED = ({"until": "2026-03-05"}, {"from": "2026-03-12"})
"""Her role paused from 6 March and resumed on 12 March."""


@pytest.mark.parametrize(
    ("periods", "at"),
    [
        # local day 10 March, within the role; UTC day 11 March, after it
        pytest.param(ENDED, "2026-03-10T12:00:00-23:00", id="after-until"),
        # local day 12 March, within the role; UTC day 11 March, before it resumed
        pytest.param(RESUMED, "2026-03-12T10:00:00+23:00", id="before-from"),
    ],
)
def test_an_offset_does_not_stretch_a_role(
    process: Process, roster: Roster, periods: tuple[dict[str, str], ...], at: str
) -> None:
    assert dt.datetime.fromisoformat(at).astimezone(dt.UTC).date() == dt.date(2026, 3, 11)
    found = _findings(process, _role_between(roster, *periods), _example(at))
    assert [(f.rule, f.event) for f in found] == [
        ("actor-lacks-role", APPROVAL),
        ("too-few-actors", 16),
    ]
    assert found[0].message == LACKS.format(at=at)


def test_an_offset_does_not_shorten_a_role_either(process: Process, roster: Roster) -> None:
    """The role held until 11 March: an approval at 11:00 UTC on 11 March counts, even
    written as 12 March in its own offset."""
    at = "2026-03-12T10:00:00+23:00"
    assert _findings(process, _role_between(roster, {"until": "2026-03-11"}), _example(at)) == []


def test_the_finding_names_only_the_day_when_the_zone_changes_nothing(
    process: Process, roster: Roster
) -> None:
    found = _findings(process, _role_between(roster, *ENDED), _example("2026-03-11T11:00:00Z"))
    assert found[0].message.startswith(
        "record EID-2417, event #15 'approval' by ragnhild-eide: ragnhild-eide held no role "
        "on 2026-03-11, but"
    )


# -- keys ---------------------------------------------------------------------------------


def _key_until(roster: Roster, until: str) -> Roster:
    data = roster_data(roster)
    person = next(p for p in data["people"] if p["id"] == "ragnhild-eide")
    person["keys"][0]["until"] = until
    return Roster.model_validate(data)


def _signed(tmp_path: Path, at: str) -> Record:
    path = tmp_path / "EID-2417.yaml"
    sign_record(Record.model_validate(_example(at)), path)
    return load_record(path)


def test_an_offset_does_not_stretch_a_key(roster: Roster, tmp_path: Path) -> None:
    """The key's last day is 10 March; the event, signed at 11:00 UTC on 11 March, is
    written as 10 March in its own offset."""
    at = "2026-03-10T12:00:00-23:00"
    (finding,) = verify(_signed(tmp_path, at), roster=_key_until(roster, "2026-03-10"))
    assert (finding.rule, finding.event) == ("unknown-key", APPROVAL)
    assert finding.message == (
        "record EID-2417, event #15 'approval' by ragnhild-eide: is signed with key "
        "'ragnhild-eide-2026', valid 2026-01-01 to 2026-03-10 (days in UTC), but the event "
        f"is dated {at}"
    )


def test_a_key_holds_to_the_end_of_its_last_day_in_utc(roster: Roster, tmp_path: Path) -> None:
    at = "2026-03-12T10:00:00+23:00"  # 11:00 UTC on 11 March
    assert verify(_signed(tmp_path, at), roster=_key_until(roster, "2026-03-11")) == []


@pytest.mark.parametrize(
    ("at", "valid"),
    [
        ("2026-03-10T23:59:59+00:00", True),
        ("2026-03-11T00:00:00+00:00", False),
        ("2026-03-10T12:00:00-23:00", False),  # 11:00 UTC on 11 March
        ("2026-03-11T22:00:00+23:00", True),  # 23:00 UTC on 10 March
    ],
)
def test_a_key_day_is_a_day_in_utc(at: str, valid: bool) -> None:
    key = PublicKey.model_validate(
        {"id": "k", "public_key": signing_key("k").public_base64, "until": "2026-03-10"}
    )
    assert key.valid_at(dt.datetime.fromisoformat(at)) is valid
