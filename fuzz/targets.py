"""Fuzz targets: functions of arbitrary bytes that must never raise, except
:class:`~sdlc.errors.InputError` where the bytes are an input sdlc refuses.

The same functions are driven three ways: by atheris, coverage-guided, in
``make fuzz`` (``python -m fuzz TARGET``, :mod:`fuzz.__main__`); by hypothesis
with random bytes in the test suite (``tests/test_fuzz.py``); and over the seed
inputs and every crash found so far (``fuzz/seeds/``, ``fuzz/regressions/``),
also in the test suite. They need nothing but sdlc, so they run where atheris
cannot be installed.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from functools import cache
from pathlib import Path
from typing import Any

from sdlc.checking.checker import Checker, CheckOptions
from sdlc.errors import InputError
from sdlc.evolution.waivers import WaiverFile, apply_waivers
from sdlc.integrity.chain import event_hash, header_hash, signing_payload
from sdlc.integrity.signing import SigningKey, from_seed
from sdlc.integrity.verification import IntegrityOptions, verify
from sdlc.linting.linter import lint
from sdlc.load.loaders import validate
from sdlc.load.names import process_problems, roster_problems
from sdlc.load.records import json_line_records
from sdlc.load.source import parse_yaml
from sdlc.load.text import decode
from sdlc.model.process import Process
from sdlc.model.record import Event, Record, Signature
from sdlc.model.roster import Roster
from sdlc.report.reporters import FORMATS, render_reports

ROOT = Path(__file__).resolve().parent.parent

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
_MODELS: tuple[type[Any], ...] = (Process, Roster, Record, WaiverFile)


# -- loaders -----------------------------------------------------------------------------


def loaders(data: bytes) -> None:
    """Read ``data`` as a YAML or JSON file of every kind, and as JSON Lines.

    Whatever the bytes, the result is a model or one :class:`InputError`; a process
    that validates is also linted, and every message is rendered as a person sees it.
    """
    try:
        doc = parse_yaml(decode(data, "fuzz.yaml"), "fuzz.yaml")
    except InputError as exc:
        exc.user_message()
    else:
        for model in _MODELS:
            try:
                value = validate(model, doc)
            except InputError as exc:
                exc.user_message()
                continue
            if isinstance(value, Process):
                process_problems(value)
                lint(value, doc)
            elif isinstance(value, Roster):
                roster_problems(value, _process())
    lines = [(n, raw) for n, raw in enumerate(data.split(b"\n"), 1) if raw.strip()]
    for loaded in json_line_records("fuzz.jsonl", lines):
        if loaded.error is not None:
            loaded.error.user_message()


# -- the checker -------------------------------------------------------------------------


class Draw:
    """Choices read from bytes, one at a time; past the end every choice is the first."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def byte(self) -> int:
        if self.at >= len(self.data):
            return 0
        self.at += 1
        return self.data[self.at - 1]

    @property
    def more(self) -> bool:
        return self.at < len(self.data)

    def below(self, n: int) -> int:
        return (self.byte() << 8 | self.byte()) % n if n > 256 else self.byte() % n

    def pick(self, items: tuple[Any, ...] | list[Any]) -> Any:
        return items[self.below(len(items))]

    def some(self, items: tuple[str, ...]) -> tuple[str, ...]:
        """A subset of ``items`` (at most 8 of them), in the order drawn."""
        mask = self.byte()
        return tuple(item for i, item in enumerate(items[:8]) if mask >> i & 1)


@cache
def _process() -> Process:
    from sdlc.load.loaders import load_process

    return load_process(ROOT / "processes" / "eid-gateway.yaml")


def _key(person: str) -> SigningKey:
    seed = hashlib.sha256(f"sdlc fuzz key: {person}".encode()).digest()
    return SigningKey(f"{person}-fuzz", from_seed(seed))


@cache
def _roster() -> Roster:
    """The shipped roster, every person with a signing key from a fixed seed."""
    from sdlc.integrity.chain import plain
    from sdlc.load.loaders import load_roster

    data = plain(load_roster(ROOT / "processes" / "eid-gateway.roster.yaml", _process()))
    for person in data["people"]:
        key = _key(person["id"])
        person["keys"] = [{"id": key.id, "public_key": key.public_base64, "from": "2026-01-01"}]
    return Roster.model_validate(data)


@cache
def _waivers() -> WaiverFile:
    """Waivers of a few rules for every fuzzed record: in force, expired, too low."""
    rows = [
        ("WV-1", "out-of-order", "eva-lund", "2099-12-31"),
        ("WV-2", "missing-evidence", "eva-lund", "2026-01-02"),
        ("WV-3", "time-order", "ola-nordmann", "2099-12-31"),
        ("WV-4", "stale-approval", "eva-lund", "2099-12-31"),
    ]
    return WaiverFile.model_validate(
        {
            "waivers": [
                {
                    "id": wid,
                    "rule": rule,
                    "record": "FUZZ-*",
                    "reason": "fuzzing",
                    "approver": approver,
                    "approved": "2026-01-01",
                    "expires": expires,
                }
                for wid, rule, approver, expires in rows
            ]
        }
    )


_ZONES = tuple(dt.timezone(dt.timedelta(hours=h)) for h in (0, 1, 2, -5, 14))
_COMMITS = ("09dec5bbe55d3ab0f7ea7dd3e71792f381be0511", "e16f242821aeb85e", "c0ffee00")
_ARTIFACTS = ("sha256:" + "a" * 64, "sha256:" + "b" * 64)


def record_from(draw: Draw) -> Record:
    """A record for the shipped eID process: any stages, in any order, by anyone."""
    process, roster = _process(), _roster()
    stages = (*process.stages_by_id, "unknown-stage")
    people = (*roster.by_id, "nobody")
    evidence = (*process.evidence_kinds, "no-such-kind")
    subjects = _COMMITS + _ARTIFACTS
    header: dict[str, Any] = {
        "id": "FUZZ-1",
        "process": process.ref,
        "declared_risk": draw.pick((None, *process.risk.levels, "extreme")),
        "author": draw.pick((None, *people)),
        "attributes": {
            "components": draw.some(process.components),
            "data_classes": draw.some(process.data_classes),
            "providers": draw.some(process.providers),
            "flags": draw.some(process.flags),
        },
        "subject": {
            "commit": draw.pick((None, *_COMMITS)),
            "artifact": draw.pick((None, *_ARTIFACTS)),
        },
    }
    chain = draw.below(3)  # 0: none, 1: a true chain, 2: made-up links
    record = Record.model_validate(header)
    at = dt.datetime(2026, 3, 2, 8, 0, tzinfo=draw.pick(_ZONES))
    events: list[Event] = []
    while draw.more and len(events) < 60:
        at += dt.timedelta(minutes=(draw.byte() - 40) * 7)
        if draw.below(16) == 0:
            at = at.astimezone(draw.pick(_ZONES))
        if draw.below(64) == 0:
            at = dt.datetime(2099, 1, 1, tzinfo=dt.UTC)
        actor = draw.pick(people)
        fields: dict[str, Any] = {
            "stage": draw.pick(stages),
            "actor": actor,
            "at": at,
            "outcome": draw.pick(("done", "approved", "rejected", "failed")),
            "subject": draw.pick(subjects),
            "produces": (draw.pick(_ARTIFACTS),) if draw.below(4) == 0 else (),
            "covers": draw.some(process.providers),
            "evidence": [
                {
                    "kind": kind,
                    "uri": draw.pick(("https://example.org/e", "evidence/missing.txt", "file:x")),
                    "sha256": draw.pick((None, "0" * 64)),
                }
                for kind in draw.some(evidence)
            ],
        }
        if chain == 1:
            fields["prev"] = event_hash(events[-1]) if events else header_hash(record)
        elif chain == 2:
            fields["prev"] = hashlib.sha256(bytes([draw.byte()])).hexdigest()
        event = Event.model_validate(fields)
        sign = draw.below(4)
        if sign == 1 and actor != "nobody":
            key = _key(actor)
            payload = signing_payload(event, record, len(events) + 1)
            signature = Signature(key=key.id, value=key.sign(payload))
            event = event.model_copy(update={"signature": signature})
        elif sign == 2:
            garbage = base64.b64encode(bytes(draw.byte() for _ in range(64))).decode()
            event = event.model_copy(update={"signature": Signature(key="x-key", value=garbage)})
        events.append(event)
    return record.model_copy(update={"events": tuple(events)})


def checker(data: bytes) -> None:
    """Check a record drawn from ``data`` as ``sdlc check`` and ``sdlc record verify`` do:
    the checker, waivers, integrity and every reporter must take whatever it holds."""
    draw = Draw(data)
    options = CheckOptions(now=NOW, in_flight=draw.below(2) == 1, strict=draw.below(2) == 1)
    record = record_from(draw)
    check = Checker(_process(), _roster(), options)
    report = check.check(record, path="fuzz.yaml")
    report = apply_waivers(report, _waivers(), _process(), _roster(), options, NOW)
    report.findings += verify(
        record,
        roster=_roster(),
        process=_process(),
        folder=None,
        options=IntegrityOptions(require_chain=draw.below(2) == 1),
    )
    for fmt in FORMATS:
        render_reports([report], fmt, tool_version="fuzz")
