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

from sdlc.integrity.chain import plain
from sdlc.integrity.signing import SigningKey, from_seed
from sdlc.integrity.writer import Appended, append, create
from sdlc.load.loaders import load_record
from sdlc.model.process import Process
from sdlc.model.record import Record
from sdlc.model.roster import Roster

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


def sign_record(
    source: Record, path: Path, *, sign: bool = True, chain: bool = True
) -> list[Appended]:
    """Write ``source`` to ``path`` again, event by event, chained (unless ``chain`` is
    false) and (by default) each event signed by its actor's example key."""
    create(path, source.model_copy(update={"events": ()}))
    return [
        append(path, event, key=signing_key(event.actor) if sign else None, chain=chain)
        for event in source.events
    ]


def rework() -> Record:
    return load_record(REWORK)


TAMPERED = ROOT / "examples" / "tampered"

_RECORD_NOTE = """\
# yaml-language-server: $schema=../../schemas/record.schema.json
# A TAMPERED copy of examples/high-risk-rework.yaml. It was re-recorded with
# `sdlc record append`, so its events are hash-chained and each is signed by its
# actor (the public keys are in signers.roster). Then one field was edited by
# hand: the first code review, event #6, said "rejected"; it now says
# "approved". `sdlc record verify` names the event whose signature no longer
# verifies (#6) and the first event where the chain breaks (#7):
#
#   sdlc record verify examples/tampered/EID-2417.yaml \\
#       --roster examples/tampered/signers.roster
#
# Made by tests/signed_records.py (SDLC_REGEN=1 pytest tests/cli/test_record_cli.py).
"""

_ROSTER_NOTE = """\
# yaml-language-server: $schema=../../schemas/roster.schema.json
# The roster of processes/eid-gateway.roster.yaml with an example ed25519 key for
# everyone, from a fixed seed (tests/signed_records.py). A roster file, in YAML;
# named .roster so that `sdlc check examples/` does not take it for a record.
"""


class _Indented(yaml.SafeDumper):
    """Lists indented under their key, as the shipped rosters are written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


_A = "    subject: ad7757e23e2796112754dd6f14dbd7bbd3273258\n"
TAMPER = ("outcome: rejected\n" + _A, "outcome: approved\n" + _A)
"""The one edit: event #6, the only rejected event, the review of the first commit."""


def tampered_example(roster: Roster, folder: Path) -> dict[str, str]:
    """The files of examples/tampered, made afresh in ``folder``: name to text."""
    path = folder / "EID-2417.yaml"
    sign_record(rework(), path)
    text = path.read_text("utf-8")
    assert text.count(TAMPER[0]) == 1
    roster_text = yaml.dump(
        roster_data(roster), Dumper=_Indented, sort_keys=False, allow_unicode=True, width=88
    )
    return {
        "EID-2417.yaml": _RECORD_NOTE + text.replace(*TAMPER),
        "signers.roster": _ROSTER_NOTE + roster_text,
    }
