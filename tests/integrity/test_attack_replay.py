"""Attack: replaying signed events, into another record or to another place.

A signature over the event alone would hold wherever the event is pasted: an
approval signed for one change could be copied into another change's record by the
same actor, or an event moved to another place in its own record, and in an
unchained record nothing else would notice. The signed payload therefore holds the
record's id and header hash and the event's number (``chain.signing_payload``), and
both replays are ``bad-signature``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from sdlc.integrity.chain import is_chained
from sdlc.integrity.record_text import record_data, render
from sdlc.integrity.verification import verify
from sdlc.load.loaders import load_record
from sdlc.model.record import Record
from sdlc.model.roster import Roster

from ..conftest import RunCli
from ..signed_records import rework, roster_data, sign_record, with_keys

WHY = (
    "its signature does not verify with {actor}'s key '{actor}-2026': the event was "
    "changed after it was signed, or it was signed for another record or another place "
    "in this one"
)


@pytest.fixture(scope="module")
def keyed(eid_roster: Roster) -> Roster:
    return with_keys(eid_roster)


def _unchained_signed(folder: Path, record: Record) -> Record:
    path = folder / f"{record.id}.yaml"
    sign_record(record, path, chain=False)
    written = load_record(path)
    assert not is_chained(written)
    return written


def _bad(record: Record, number: int) -> tuple[str, int | None, str]:
    event = record.events[number - 1]
    where = f"record {record.id}, event #{number} '{event.stage}' by {event.actor}: "
    return ("bad-signature", number, where + WHY.format(actor=event.actor))


def test_a_signed_approval_copied_into_another_record_does_not_verify(
    tmp_path: Path, keyed: Roster
) -> None:
    source = rework()
    approved = _unchained_signed(tmp_path, source)  # EID-2417, approved by bjorn-aas at #16
    other = source.model_copy(update={"id": "EID-2418", "events": source.events[:15]})
    target = _unchained_signed(tmp_path, other)  # the same change, not yet approved
    assert verify(target, roster=keyed) == []
    copied = approved.events[15]
    assert (copied.stage, copied.actor) == ("approval", "bjorn-aas")
    forged = target.model_copy(update={"events": (*target.events, copied)})
    findings = verify(forged, roster=keyed)
    assert [(f.rule, f.event, f.message) for f in findings] == [_bad(forged, 16)]


def test_the_replay_is_refused_on_the_command_line(
    run_cli: RunCli, tmp_path: Path, eid_roster: Roster
) -> None:
    """The same attack through ``sdlc record verify``: the forged record fails."""
    source = rework()
    approved = _unchained_signed(tmp_path, source)
    other = source.model_copy(update={"id": "EID-2418", "events": source.events[:15]})
    target = _unchained_signed(tmp_path, other)
    forged = target.model_copy(update={"events": (*target.events, approved.events[15])})
    path = tmp_path / "forged" / "EID-2418.yaml"
    path.parent.mkdir()
    path.write_text(render(record_data(forged), "yaml"), encoding="utf-8")
    roster = tmp_path / "signers.roster.yaml"
    roster.write_text(yaml.safe_dump(roster_data(eid_roster)), encoding="utf-8")
    code, out, err = run_cli(
        "record", "verify", str(path), "--roster", str(roster), "--format", "json"
    )
    assert (code, err) == (1, "")
    (report,) = json.loads(out)
    found = [(f["rule"], f["event"], f["message"]) for f in report["findings"]]
    assert found == [_bad(forged, 16)]


def test_a_signed_event_moved_to_another_place_does_not_verify(
    tmp_path: Path, keyed: Roster
) -> None:
    record = _unchained_signed(tmp_path, rework())
    events = list(record.events)
    # Move the rejected first review (#6) to after the second build (#8): the rejection
    # would then look like it was about older work than it was.
    moved = (*events[:5], events[6], events[7], events[5], *events[8:])
    forged = record.model_copy(update={"events": moved})
    findings = verify(forged, roster=keyed)
    assert [(f.rule, f.event, f.message) for f in findings] == [
        _bad(forged, 6),
        _bad(forged, 7),
        _bad(forged, 8),
    ]


def test_each_signed_event_still_verifies_in_its_own_place(tmp_path: Path, keyed: Roster) -> None:
    assert verify(_unchained_signed(tmp_path, rework()), roster=keyed) == []
