"""sdlc diff sees what a version demands of chains, signatures and waivers: dropping
any of it is a weakening, so a later version cannot quietly give it up."""

from __future__ import annotations

from typing import Any

from sdlc.evolution.differences import diff
from sdlc.load.loaders import load_process
from sdlc.model.process import Process

from ..conftest import ROOT

NEXT = ROOT / "processes" / "eid-gateway" / "3.1.yaml"


def _changes(old: Process, new: Process) -> list[tuple[str, str, str, bool]]:
    return [
        (c.area, c.subject, c.text, c.weakening)
        for c in diff(old, new).changes
        if c.subject != "process"
    ]


def _with(process: Process, **fields: Any) -> Process:
    return Process.model_validate(process.model_dump(by_alias=True) | fields)


def test_what_the_next_version_adds(eid: Process) -> None:
    assert _changes(eid, load_process(NEXT)) == [
        ("process", "records", "must now be hash-chained", False),
        ("stage", "stage 'approval'", "its events must now be signed by their actors", False),
        ("stage", "stage 'deployment'", "its events must now be signed by their actors", False),
        ("waiver", "waivers", "must now be signed by their approvers", False),
    ]


def test_giving_it_up_again_is_a_weakening(eid: Process) -> None:
    assert _changes(load_process(NEXT), eid) == [
        ("process", "records", "need no longer be hash-chained", True),
        ("stage", "stage 'approval'", "its events need no longer be signed", True),
        ("stage", "stage 'deployment'", "its events need no longer be signed", True),
        ("waiver", "waivers", "need no longer be signed", True),
    ]


def test_longer_or_wider_waivers_are_a_weakening(eid: Process) -> None:
    wider = _with(eid, waivers={"max_days": 365, "record_patterns": True})
    assert _changes(eid, wider) == [
        ("waiver", "waivers", "may now name records by a pattern", True),
        ("waiver", "waivers", "may run at most 365 days, was 90", True),
    ]
    assert _changes(wider, eid) == [
        ("waiver", "waivers", "may run at most 90 days, was 365", False),
        ("waiver", "waivers", "must now name each record by its id", False),
    ]
