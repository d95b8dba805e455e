"""The inputs of the integrity golden cases, ``tests/cases/record/<slug>/``.

Each case starts from a sound record: the compliant check case (eid-gateway) or
the bad-input base (demo). Records are re-recorded with the writer, chained and
signed with keys from fixed seeds (:mod:`tests.signed_records`), then changed in
one place, so every file made here is the same on every run, byte for byte.
``tests/test_golden.py`` checks that the committed files are current;
``SDLC_REGEN=1`` writes them afresh.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import yaml

from sdlc.integrity.signing import SigningKey, from_seed
from sdlc.integrity.writer import append, create
from sdlc.load.loaders import load_process, load_record, load_roster
from sdlc.model.record import Record

from .conftest import ROOT
from .signed_records import roster_data, sign_record, signing_key

CASES = ROOT / "tests" / "cases" / "record"
COMPLIANT = ROOT / "tests" / "cases" / "check" / "compliant" / "record.yaml"
DEMO = ROOT / "tests" / "cases" / "bad-input" / "_base"
SCHEMA = "# yaml-language-server: $schema=../../../../schemas/{}.schema.json\n"
MADE_BY = "# Made by tests/integrity_cases.py (SDLC_REGEN=1 pytest tests/test_golden.py).\n"


def _header(kind: str, *lines: str) -> str:
    return SCHEMA.format(kind) + "".join(f"# {line}\n" for line in lines) + MADE_BY


def _once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _compliant(record_id: str) -> Record:
    return load_record(COMPLIANT).model_copy(update={"id": record_id})


def _written(folder: Path, record: Record, keys: list[SigningKey | None]) -> str:
    """``record`` written afresh, event by event, chained, each signed by its key."""
    path = folder / f"{record.id}.yaml"
    create(path, record.model_copy(update={"events": ()}))
    for event, key in zip(record.events, keys, strict=True):
        append(path, event, key=key)
    return path.read_text("utf-8")


def broken_chain(folder: Path) -> dict[str, str]:
    path = folder / "broken-chain.yaml"
    sign_record(_compliant("CASE-broken-chain"), path, sign=False)
    text = _once(path.read_text("utf-8"), "covers 97 % of logins.", "covers 99 % of logins.")
    note = _header(
        "record",
        "The compliant case, re-recorded hash-chained (unsigned); then the note of",
        "event #5 'login-e2e-tests' was edited by hand, so the chain breaks at #6.",
    )
    return {"record.yaml": note + text}


def bad_signature(folder: Path) -> dict[str, str]:
    path = folder / "bad-signature.yaml"
    sign_record(_compliant("CASE-bad-signature"), path)
    last = "at: '2026-03-03T09:10:00+01:00'"
    text = _once(path.read_text("utf-8"), last, last.replace("09:10", "09:40"))
    note = _header(
        "record",
        "The compliant case, re-recorded chained and signed by each actor (keys in",
        "examples/tampered/signers.roster); then the time of the last event, #8",
        "'verification', was edited by hand. No event follows it, so the chain holds,",
        "but its signature no longer verifies.",
    )
    return {"record.yaml": note + text}


ROTATED = SigningKey(
    "nora-bakken-2027", from_seed(hashlib.sha256(b"sdlc example key: nora-bakken 2027").digest())
)
"""A new key of nora-bakken's that nobody added to the roster."""


def unknown_key(folder: Path) -> dict[str, str]:
    record = _compliant("CASE-unknown-key")
    keys = [signing_key(e.actor) for e in record.events[:-1]]
    text = _written(folder, record, [*keys, ROTATED])
    note = _header(
        "record",
        "The compliant case, re-recorded chained and signed by each actor, but the",
        "last event, #8 'verification', is signed with nora-bakken's new key",
        "'nora-bakken-2027', which examples/tampered/signers.roster does not list.",
    )
    return {"record.yaml": note + text}


def unsigned_event(folder: Path) -> dict[str, str]:
    """The demo record against a process that requires approval and deploy to be
    signed; every event is signed but the approval."""
    process = load_process(CASES / "unsigned-event" / "process.yaml")
    roster = load_roster(DEMO / "roster.yaml", process)
    record = load_record(DEMO / "record.yaml").model_copy(update={"id": "CHG-unsigned"})
    keys = [None if e.stage == "approval" else signing_key(e.actor) for e in record.events]
    text = _written(folder, record, keys)
    roster_text = yaml.safe_dump(roster_data(roster), sort_keys=False, allow_unicode=True)
    return {
        "record.yaml": _header(
            "record",
            "The demo record of tests/cases/bad-input/_base, re-recorded chained; every",
            "event is signed by its actor but #3 'approval', which process.yaml",
            "requires to be signed.",
        )
        + text,
        "roster.yaml": _header(
            "roster",
            "The demo roster of tests/cases/bad-input/_base, everyone with an example",
            "ed25519 key from a fixed seed.",
        )
        + roster_text,
    }


E2E = "https://test.example.no/login-e2e/runs/2026-03-02-1130/report.html"
ARTIFACT = "sha256:2c530b51a2df56f8dc5a9a572930fa76473a3935045ae17184cf6f275313931f"
COMMIT = "09dec5bbe55d3ab0f7ea7dd3e71792f381be0511"


def _edited(record_id: str, note: str, *edits: tuple[str, str]) -> str:
    """The compliant case's text with its id and the given lines replaced; nothing
    is signed, so no keys are needed."""
    text = COMPLIANT.read_text("utf-8")
    for old, new in (("id: CASE-compliant\n", f"id: {record_id}\n"), *edits):
        text = _once(text, old, new)
    first, rest = text.split("\n", 1)
    assert first == SCHEMA.format("record").rstrip("\n"), first
    return note + rest


def evidence_digest_mismatch(folder: Path) -> dict[str, str]:
    del folder
    note = _header(
        "record",
        "The compliant case with the end-to-end test report kept beside the record,",
        "in reports/login-e2e.html: that file was changed after its SHA-256 was",
        "recorded in event #5.",
    )
    edit = (f"uri: {E2E}\n", "uri: reports/login-e2e.html\n")
    return {"record.yaml": _edited("CASE-evidence-digest", note, edit)}


def false_lineage(folder: Path) -> dict[str, str]:
    del folder
    note = _header(
        "record",
        "The compliant case, but the deployment, #7, also says it produced the",
        "reviewed commit: only a build may say what was built from what.",
    )
    deployed = f"  subject: {ARTIFACT}\n  evidence:\n  - kind: deploy-log\n"
    claim = f"  subject: {ARTIFACT}\n  produces:\n  - {COMMIT}\n  evidence:\n  - kind: deploy-log\n"
    return {"record.yaml": _edited("CASE-false-lineage", note, (deployed, claim))}


MAKERS: dict[str, Callable[[Path], dict[str, str]]] = {
    "bad-signature": bad_signature,
    "broken-chain": broken_chain,
    "evidence-digest-mismatch": evidence_digest_mismatch,
    "false-lineage": false_lineage,
    "unknown-key": unknown_key,
    "unsigned-event": unsigned_event,
}
"""The generated files of each case, by slug: file name to text."""
