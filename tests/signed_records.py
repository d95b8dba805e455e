"""Signed, chained records for the integrity tests and the tampered example.

Keys are made from fixed seeds, so everything built here (ed25519 signatures are
deterministic) is the same on every run, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import yaml

from sdlc.chain import plain
from sdlc.load import load_record
from sdlc.model import Process
from sdlc.record import Record
from sdlc.recording import Appended, append, create
from sdlc.roster import Roster
from sdlc.signing import SigningKey, from_seed

from .conftest import EID, ROOT

REWORK = ROOT / "examples" / "high-risk-rework.yaml"
KEYS_FROM = dt.date(2026, 1, 1)


def key_id(person: str) -> str:
    return f"{person}-2026"


def signing_key(person: str) -> SigningKey:
    """The example key of ``person``, from a fixed seed."""
    seed = hashlib.sha256(f"sdlc example key: {person}".encode()).digest()
    return SigningKey(key_id(person), from_seed(seed))


def roster_data(roster: Roster) -> dict[str, Any]:
    """``roster`` as plain data, every person with their example key."""
    data = plain(roster)
    for person in data["people"]:
        person["keys"] = [
            {
                "id": key_id(person["id"]),
                "public_key": signing_key(person["id"]).public_base64,
                "from": KEYS_FROM.isoformat(),
            }
        ]
    return data


def with_keys(roster: Roster) -> Roster:
    return Roster.model_validate(roster_data(roster))


def signed_process(process: Process, stages: set[str] | None = None) -> Process:
    """``process`` with ``signed: true`` on ``stages`` (every stage when ``None``)."""
    data = yaml.safe_load(EID.read_text("utf-8")) if process.id == "eid-gateway" else None
    assert data is not None, "only the eid-gateway process is used in these tests"
    for stage in data["stages"]:
        if stages is None or stage["id"] in stages:
            stage["signed"] = True
    return Process.model_validate(data)


def sign_record(source: Record, path: Path, *, sign: bool = True) -> list[Appended]:
    """Write ``source`` to ``path`` again, event by event, chained and (by default)
    each event signed by its actor's example key."""
    create(path, source.model_copy(update={"events": ()}))
    return [
        append(path, event, key=signing_key(event.actor) if sign else None)
        for event in source.events
    ]


def rework() -> Record:
    return load_record(REWORK)
