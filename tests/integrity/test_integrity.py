"""Integrity: hash chain, signatures, keys, evidence digests, and the line from commit
to deployed artifact; through sdlc.integrity.verification and through the checker's hook."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pydantic import ValidationError

from sdlc.checking import Checker
from sdlc.integrity.chain import event_hash, first_break, head, header_hash, plain, signing_payload
from sdlc.integrity.record_text import render
from sdlc.integrity.signing import SigningKey
from sdlc.integrity.verification import IntegrityOptions, verify
from sdlc.integrity.writer import append, create
from sdlc.load.loaders import load_record
from sdlc.model.process import Process
from sdlc.model.record import Event, Outcome, Record
from sdlc.model.roster import PublicKey, Roster
from sdlc.rules.catalogue import Severity
from sdlc.rules.findings import Finding

from ..signed_records import (
    rework,
    roster_data,
    sign_record,
    signed_process,
    signing_key,
    with_keys,
)

DEPLOYED = "sha256:32b8f63b340ae821db9b6d7dd9ca1b100fb2021189f0de050081d9e7a0a30086"
COMMIT_B = "e16f242821aeb85e085c2ec0e67a20b6db30f360"
COMMIT_A = "ad7757e23e2796112754dd6f14dbd7bbd3273258"


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The high-risk rework example, re-recorded chained and signed; and its head."""
    path = tmp_path_factory.mktemp("signed") / "EID-2417.yaml"
    written = sign_record(rework(), path)
    return path, written[-1].head


@pytest.fixture(scope="module")
def keyed(eid_roster: Roster) -> Roster:
    return with_keys(eid_roster)


def _rules(findings: list[Finding]) -> list[tuple[str, int | None]]:
    return [(f.rule, f.event) for f in findings]


# -- the chain ----------------------------------------------------------------------------------


def test_a_signed_chained_record_verifies_clean(
    signed: tuple[Path, str], keyed: Roster, eid: Process
) -> None:
    path, top = signed
    record = load_record(path)
    assert len(record.events) == 18
    assert all(e.prev is not None and e.signature is not None for e in record.events)
    assert record.events[0].prev == header_hash(record)
    assert head(record) == top
    options = IntegrityOptions(require_chain=True, head=top)
    assert verify(record, roster=keyed, process=signed_process(eid), options=options) == []


def test_rewriting_the_file_keeps_every_hash(signed: tuple[Path, str], keyed: Roster) -> None:
    """Hashes are over canonical data: JSON instead of YAML, other key order, other
    quoting and comments change nothing."""
    path, top = signed
    data = yaml.safe_load(path.read_text("utf-8"))
    shuffled = {k: data[k] for k in reversed(list(data))}
    shuffled["events"] = [{k: e[k] for k in sorted(e)} for e in data["events"]]
    again = Record.model_validate_json(render(shuffled, "json"))
    assert verify(again, roster=keyed, options=IntegrityOptions(head=top)) == []


def test_an_unchained_record_is_a_finding_only_when_a_chain_is_required() -> None:
    record = rework()
    assert verify(record) == []
    (finding,) = verify(record, options=IntegrityOptions(require_chain=True))
    assert finding.rule == "broken-chain"
    assert finding.event is None
    assert finding.message == (
        "record EID-2417: the record has no hash chain: no event carries a 'prev'"
    )


def _chained(**changes: Any) -> Record:
    """The rework example chained in memory (unsigned), then changed."""
    record = rework()
    events: list[Event] = []
    prev = header_hash(record)
    for event in record.events:
        event = event.model_copy(update={"prev": prev})
        events.append(event)
        prev = event_hash(event)
    return record.model_copy(update={"events": tuple(events), **changes})


def test_an_edited_event_breaks_the_chain_at_the_next_one() -> None:
    record = _chained()
    events = list(record.events)
    events[5] = events[5].model_copy(update={"outcome": Outcome.APPROVED})
    broken = first_break(record.model_copy(update={"events": tuple(events)}))
    assert broken is not None
    assert broken.event == 7
    assert broken.message == (
        "the hash chain breaks here: its 'prev' does not match event #6 'code-review' by "
        "kari-larsen before it: that event was changed, or events between them were removed "
        "or inserted"
    )


def test_reordered_events_name_the_event_whose_hash_they_hold() -> None:
    events = list(_chained().events)
    events[9], events[10] = events[10], events[9]
    broken = first_break(_chained(events=tuple(events)))
    assert broken is not None
    assert broken.event == 10
    assert broken.message == (
        "the hash chain breaks here: its 'prev' is the hash of event #11, not of event #9 "
        "'unit-tests' by ci before it: events were reordered, inserted or removed"
    )


def test_an_edited_header_breaks_the_chain_at_the_first_event() -> None:
    broken = first_break(_chained(declared_risk="low"))
    assert broken is not None
    assert broken.event == 1
    assert "does not match the record header" in broken.message


def test_an_inserted_unchained_event_is_named() -> None:
    record = _chained()
    extra = record.events[3].model_copy(update={"prev": None})
    broken = first_break(_chained(events=(*record.events[:4], extra, *record.events[4:])))
    assert broken is not None
    assert broken.event == 5
    assert broken.message.startswith("has no 'prev', but the record is hash-chained")


def test_removed_events_at_the_end_show_only_against_a_head_noted_earlier() -> None:
    record = _chained()
    top = head(record)
    cut = _chained(events=record.events[:-2])
    assert verify(cut) == []
    (finding,) = verify(cut, options=IntegrityOptions(head=top))
    assert finding.rule == "broken-chain"
    assert "events at the end were removed" in finding.message
    assert verify(record, options=IntegrityOptions(head=head(cut))) == []  # it grew since


# -- signatures and keys ---------------------------------------------------------------------


def _edit_last(path: Path, **changes: Any) -> Record:
    record = load_record(path)
    last = record.events[-1].model_copy(update=changes)
    return record.model_copy(update={"events": (*record.events[:-1], last)})


def test_an_edited_signed_event_has_a_bad_signature(
    signed: tuple[Path, str], keyed: Roster
) -> None:
    record = _edit_last(signed[0], note="All good.")
    (finding,) = verify(record, roster=keyed)
    assert (finding.rule, finding.event, finding.actor) == ("bad-signature", 18, "emil-haugen")
    assert finding.message == (
        "record EID-2417, event #18 'verification' by emil-haugen: its signature does not "
        "verify with emil-haugen's key 'emil-haugen-2026': the event was changed after it "
        "was signed, or it was signed for another record or another place in this one"
    )


def test_signatures_are_not_checked_without_a_roster(signed: tuple[Path, str]) -> None:
    assert verify(_edit_last(signed[0], note="All good.")) == []


def _resigned(path: Path, signer: str, actor: str | None = None) -> Record:
    record = load_record(path)
    last = record.events[-1]
    if actor is not None:
        last = last.model_copy(update={"actor": actor})
    key = signing_key(signer)
    payload = signing_payload(last, record, len(record.events))
    signature = {"key": key.id, "value": key.sign(payload)}
    last = Event.model_validate({**plain(last), "signature": signature})
    return record.model_copy(update={"events": (*record.events[:-1], last)})


def test_a_key_the_roster_does_not_list_is_unknown(
    signed: tuple[Path, str], eid_roster: Roster
) -> None:
    data = roster_data(eid_roster)
    for person in data["people"]:
        if person["id"] == "emil-haugen":
            person["keys"] = []
    findings = verify(load_record(signed[0]), roster=Roster.model_validate(data))
    assert _rules(findings) == [("unknown-key", 14), ("unknown-key", 18)]
    assert findings[1].message == (
        "record EID-2417, event #18 'verification' by emil-haugen: is signed with key "
        "'emil-haugen-2026', which the roster does not list"
    )
    assert findings[1].hint == (
        "add emil-haugen's public key 'emil-haugen-2026' to the roster, or have emil-haugen "
        "sign with a key it lists"
    )


def test_someone_elses_key_is_unknown(signed: tuple[Path, str], keyed: Roster) -> None:
    (finding,) = verify(_resigned(signed[0], "nora-bakken"), roster=keyed)
    assert (finding.rule, finding.event) == ("unknown-key", 18)
    assert finding.message.endswith(
        "is signed with key 'nora-bakken-2026', which belongs to nora-bakken, not to emil-haugen"
    )


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "validity"),
    [
        ("2026-03-13", None, "2026-03-13 to open-ended (days in UTC)"),
        (None, "2026-03-11", "always to 2026-03-11 (days in UTC)"),
        (None, "2026-03-12T07:29:59+01:00", "always to 2026-03-12T07:29:59+01:00"),
        ("2026-03-12T06:30:01Z", None, "2026-03-12T06:30:01+00:00 to open-ended"),
    ],
)
def test_a_key_outside_its_validity_is_unknown(
    signed: tuple[Path, str],
    eid_roster: Roster,
    valid_from: str | None,
    valid_until: str | None,
    validity: str,
) -> None:
    data = roster_data(eid_roster)
    for person in data["people"]:
        if person["id"] == "nora-bakken":
            key = person["keys"][0]
            key.pop("from")
            key.update({k: v for k, v in (("from", valid_from), ("until", valid_until)) if v})
    (finding,) = verify(load_record(signed[0]), roster=Roster.model_validate(data))
    assert (finding.rule, finding.event) == ("unknown-key", 17)
    assert finding.message == (
        "record EID-2417, event #17 'deployment' by nora-bakken: is signed with key "
        f"'nora-bakken-2026', valid {validity}, but the event is dated "
        "2026-03-12T07:30:00+01:00"
    )


def test_a_key_valid_until_the_end_of_its_day_in_utc(
    signed: tuple[Path, str], eid_roster: Roster
) -> None:
    data = roster_data(eid_roster)
    for person in data["people"]:
        if person["id"] == "nora-bakken":
            person["keys"][0]["until"] = "2026-03-12"
    assert verify(load_record(signed[0]), roster=Roster.model_validate(data)) == []


def test_stages_the_process_marks_signed_must_be_signed(eid: Process) -> None:
    process = signed_process(eid, {"approval", "deployment"})
    findings = verify(rework(), process=process)
    assert _rules(findings) == [
        ("unsigned-event", 15),
        ("unsigned-event", 16),
        ("unsigned-event", 17),
    ]
    assert findings[0].message == (
        "record EID-2417, event #15 'approval' by ragnhild-eide: is not signed, but "
        "eid-gateway@3.0 requires 'approval' to be signed by its actor"
    )
    assert findings[0].hint == (
        "have ragnhild-eide append the event with 'sdlc record append --key', signing it with "
        "their key"
    )


def test_severity_overrides_apply() -> None:
    options = IntegrityOptions(severity={"broken-chain": Severity.OFF}, require_chain=True)
    assert verify(rework(), options=options) == []


# -- the roster's keys ---------------------------------------------------------------------


def _key(**fields: Any) -> PublicKey:
    return PublicKey.model_validate({"id": "k-1", **fields})


def test_public_keys_are_read_from_base64_or_pem() -> None:
    key = signing_key("ola-nordmann")
    pem = (
        key.private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    assert _key(public_key=pem).raw == _key(public_key=key.public_base64).raw
    assert len(_key(public_key=pem).raw) == 32


@pytest.mark.parametrize(
    ("public_key", "message"),
    [
        ("not base64!", "the public key is not valid base64"),
        ("AAAA", "an ed25519 public key is 32 bytes, but this one decodes to 3 bytes"),
        (
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
            "a PEM public key MUST be a 'PUBLIC KEY' block",
        ),
    ],
)
def test_bad_public_keys_are_refused(public_key: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        _key(public_key=public_key)


def test_a_pem_key_of_another_algorithm_is_refused() -> None:
    other = ec.generate_private_key(ec.SECP256R1()).public_key()
    pem = other.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    with pytest.raises(ValidationError, match="does not hold an ed25519 public key"):
        _key(public_key=pem)


def test_key_validity_must_be_ordered() -> None:
    with pytest.raises(ValidationError, match="'until' MUST NOT be before 'from'"):
        _key(
            public_key=signing_key("x").public_base64,
            **{"from": "2026-02-01", "until": "2026-01-31"},
        )


def test_key_ids_and_keys_belong_to_one_person(eid_roster: Roster) -> None:
    data = roster_data(eid_roster)
    data["people"][1]["keys"][0]["id"] = data["people"][0]["keys"][0]["id"]
    with pytest.raises(ValidationError, match="key id 'ola-nordmann-2026' is listed for"):
        Roster.model_validate(data)
    data = roster_data(eid_roster)
    data["people"][1]["keys"][0]["public_key"] = data["people"][0]["keys"][0]["public_key"]
    with pytest.raises(
        ValidationError, match="is the same public key as 'ola-nordmann-2026' of ola-nordmann"
    ):
        Roster.model_validate(data)


# -- evidence digests --------------------------------------------------------------------------


def _with_evidence(folder: Path, *refs: dict[str, str]) -> Record:
    record = rework()
    last = record.events[-1]
    last = Event.model_validate({**plain(last), "evidence": list(refs)})
    return record.model_copy(update={"events": (*record.events[:-1], last)})


def _sha(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()


def test_local_evidence_is_checked_against_its_digest(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "ok.html").write_text("ok")
    (tmp_path / "reports" / "changed.html").write_text("changed")
    absolute = tmp_path / "reports" / "abs.html"
    absolute.write_text("abs")
    record = _with_evidence(
        tmp_path,
        {"kind": "verification-report", "uri": "reports/ok.html", "sha256": _sha("ok")},
        {"kind": "verification-report", "uri": "reports/changed.html", "sha256": _sha("before")},
        {"kind": "verification-report", "uri": absolute.as_uri(), "sha256": _sha("old")},
        {"kind": "verification-report", "uri": "reports/missing.html", "sha256": _sha("x")},
        {"kind": "verification-report", "uri": "reports", "sha256": _sha("x")},
        {"kind": "verification-report", "uri": "https://example.no/r", "sha256": _sha("x")},
        {"kind": "verification-report", "uri": "file://host/r.html", "sha256": _sha("x")},
    )
    findings = verify(record, folder=tmp_path)
    assert _rules(findings) == [("evidence-digest-mismatch", 18)] * 4
    where = "record EID-2417, event #18 'verification' by emil-haugen: evidence verification-report"
    assert [f.message for f in findings] == [
        f"{where} 'reports/changed.html' does not match the SHA-256 the event records "
        f"({_sha('before')}): the file was changed or replaced",
        f"{where} '{absolute.as_uri()}' does not match the SHA-256 the event records "
        f"({_sha('old')}): the file was changed or replaced",
        f"{where} 'reports/missing.html' names a local file that does not exist, so the "
        f"SHA-256 the event records ({_sha('x')}) cannot be checked",
        f"{where} 'reports' is not a regular file (a folder, a pipe or a device), so the "
        f"SHA-256 the event records ({_sha('x')}) cannot be checked",
    ]
    # relative paths are relative to the record's folder, never the working directory;
    # what cannot be found there is a finding, never a pass
    elsewhere = verify(record, folder=tmp_path / "elsewhere")
    assert _rules(elsewhere) == [("evidence-digest-mismatch", 18)] * 5
    assert "lies outside the repository the record is in" in elsewhere[2].message
    # in memory, without a folder, only absolute paths are checked, in the current
    # folder's repository
    assert _rules(verify(record)) == [("evidence-digest-mismatch", 18)]


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes are POSIX")
def test_a_pipe_in_place_of_evidence_is_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    record = _with_evidence(
        tmp_path, {"kind": "verification-report", "uri": "pipe", "sha256": _sha("x")}
    )
    (finding,) = verify(record, folder=tmp_path)
    assert finding.message.endswith(
        "evidence verification-report 'pipe' is not a regular file (a folder, a pipe or a "
        f"device), so the SHA-256 the event records ({_sha('x')}) cannot be checked"
    )


# -- through the checker ------------------------------------------------------------------------


def test_check_reports_integrity_findings(
    signed: tuple[Path, str], keyed: Roster, eid: Process
) -> None:
    record = _edit_last(signed[0], note="All good.")
    report = Checker(eid, keyed).check(record, path=str(signed[0]))
    assert _rules(report.findings) == [("bad-signature", 18)]
    assert not report.compliant
    clean = Checker(eid, keyed).check(load_record(signed[0]), path=str(signed[0]))
    assert clean.compliant
    assert clean.findings == []


def _rework_with(changes: dict[int, dict[str, Any]], extra: dict[int, dict[str, Any]]) -> Record:
    """The rework example with events changed (by number), and new events inserted
    after the given numbers (numbers of the original record)."""
    data = yaml.safe_load(
        (Path(__file__).parents[2] / "examples" / "high-risk-rework.yaml").read_text()
    )
    events = data["events"]
    for number, fields in changes.items():
        events[number - 1].update(fields)
    for number in sorted(extra, reverse=True):
        events.insert(number, extra[number])
    return Record.model_validate(data)


def _build(subject: str, artifact: str) -> dict[str, Any]:
    return {
        "stage": "build",
        "actor": "ci",
        "at": "2026-03-09T10:25:00+01:00",
        "subject": subject,
        "produces": [artifact],
        "evidence": [
            {"kind": "sbom", "uri": "https://ci.example.no/sbom.json"},
            {"kind": "provenance", "uri": "https://ci.example.no/provenance.json"},
        ],
    }


SIBLING = "sha256:" + "ab" * 32


def test_a_tested_artifact_that_is_not_the_deployed_one_is_a_lineage_break(
    eid: Process, eid_roster: Roster
) -> None:
    """Two builds of the reviewed commit: the tests ran on one, the other was deployed.
    The commit-level lineage sees one subject; the build links tell them apart."""
    record = _rework_with(
        {12: {"subject": DEPLOYED}, 17: {"subject": SIBLING}, 18: {"subject": SIBLING}},
        {8: _build(COMMIT_B, SIBLING)},
    )
    report = Checker(eid, eid_roster).check(record)
    (finding,) = report.findings
    assert (finding.rule, finding.event, finding.stage) == ("stale-approval", 18, "deployment")
    assert finding.message == (
        "record EID-2417, event #18 'deployment' by nora-bakken: deployed sha256:abababa…, but "
        "'login-e2e-tests' (event #13) was completed for sha256:32b8f63…, another artifact "
        "built from e16f242…: 'login-e2e-tests' did not check what was deployed"
    )
    assert finding.hint == (
        "deploy the artifact that was checked, or redo 'login-e2e-tests' for sha256:abababa…"
    )


def test_an_artifact_two_builds_claim_from_different_commits_is_a_lineage_break(
    eid: Process, eid_roster: Roster
) -> None:
    record = _rework_with({}, {8: _build(COMMIT_A, DEPLOYED)})
    report = Checker(eid, eid_roster).check(record)
    assert _rules(report.findings) == [("stale-approval", 18)]
    assert report.findings[0].message == (
        "record EID-2417, event #18 'deployment' by nora-bakken: deployed sha256:32b8f63…, but "
        "builds say artifact sha256:32b8f63… was built from more than one subject: e16f242… "
        "(event #8), ad7757e… (event #9); the record cannot show which reviewed code it holds"
    )


@pytest.mark.parametrize(
    ("extra", "deployed"),
    [
        pytest.param({}, SIBLING, id="no build made the deployed artifact"),
        pytest.param(
            {16: _build("0123456789abcdef0123456789abcdef01234567", SIBLING)},
            SIBLING,
            id="built from a commit nobody reviewed",
        ),
    ],
)
def test_a_deployment_not_built_from_the_reviewed_commit_is_reported_once(
    eid: Process, eid_roster: Roster, extra: dict[int, dict[str, Any]], deployed: str
) -> None:
    shift = len(extra)
    record = _rework_with({17: {"subject": deployed}, 18: {"subject": deployed}}, extra)
    report = Checker(eid, eid_roster).check(record)
    stale = [f for f in report.findings if f.rule == "stale-approval"]
    assert [(f.event, f.stage) for f in stale] == [(17 + shift, "deployment")]
    assert stale[0].message.startswith(
        f"record EID-2417, event #{17 + shift} 'deployment' by nora-bakken: deployed "
        "sha256:abababa…, but 'approval' was completed for e16f242…"
    )


def test_an_artifact_only_a_failed_build_made_is_a_lineage_break(
    eid: Process, eid_roster: Roster
) -> None:
    """Only a completed build links a commit to what it made (docs/design.md, "Subjects
    and lineage"): the work on the commit does not count for what a failed build made."""
    failed = {**_build(COMMIT_B, SIBLING), "outcome": "failed", "at": "2026-03-09T10:10:00+01:00"}
    record = _rework_with({17: {"subject": SIBLING}, 18: {"subject": SIBLING}}, {7: failed})
    report = Checker(eid, eid_roster).check(record)
    assert _rules(report.findings) == [("stale-approval", 18)]
    assert report.findings[0].message.startswith(
        "record EID-2417, event #18 'deployment' by nora-bakken: deployed sha256:abababa…, "
        "but 'approval' was completed for e16f242…: the subject changed after it"
    )


def test_work_on_the_deployed_artifact_itself_holds(eid: Process, eid_roster: Roster) -> None:
    record = _rework_with({12: {"subject": DEPLOYED}, 15: {"subject": DEPLOYED}}, {})
    assert Checker(eid, eid_roster).check(record).findings == []


# -- mutations: every edit, flip, removal and reordering is detected --------------------------


def _flip(text: str) -> str:
    """``text`` with its last character changed to another of the same kind."""
    alphabets = (
        "0123456789abcdef",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
    )
    stripped = text.rstrip("=")
    last = stripped[-1]
    for alphabet in alphabets:
        if last in alphabet:
            swapped = alphabet[(alphabet.index(last) + 1) % len(alphabet)]
            return stripped[:-1] + swapped + text[len(stripped) :]
    return text + "x"


def _flip_at(text: str, index: int) -> str:
    return _flip(text[: index + 1]) + text[index + 1 :]


def _later(at: str) -> str:
    return (dt.datetime.fromisoformat(at) + dt.timedelta(seconds=1)).isoformat()


def _field_edits(event: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """(label, new value or _DROP) for every field of an event."""
    yield "stage", "security-test" if event["stage"] != "security-test" else "unit-tests"
    yield "actor", "eva-lund"
    yield "at +1s", _later(event["at"])
    yield "at in UTC", dt.datetime.fromisoformat(event["at"]).astimezone(dt.UTC).isoformat()
    for outcome in ("done", "approved", "rejected", "failed"):
        if outcome != event.get("outcome", "done"):
            yield f"outcome {outcome}", outcome
    yield "subject flipped", _flip(event["subject"])
    if event.get("produces"):
        yield "produces flipped", [_flip(event["produces"][0])]
        yield "produces dropped", _DROP
    else:
        yield "produces added", ["sha256:" + "cd" * 32]
    if event.get("covers"):
        yield "covers narrowed", event["covers"][:-1]
        yield "covers dropped", _DROP
    else:
        yield "covers added", ["bankid"]
    if event.get("evidence"):
        first = event["evidence"][0]
        yield "evidence uri", [{**first, "uri": first["uri"] + "?v=2"}, *event["evidence"][1:]]
        kind = "design-doc" if first["kind"] != "design-doc" else "test-report"
        yield "evidence kind", [{**first, "kind": kind}, *event["evidence"][1:]]
        yield "evidence digest", [{**first, "sha256": "ef" * 32}, *event["evidence"][1:]]
        yield "evidence dropped", _DROP
    else:
        yield "evidence added", [{"kind": "test-report", "uri": "https://x.example/r"}]
    yield "note", (event.get("note", "") + " Edited.").strip()
    if event.get("note"):
        yield "note dropped", _DROP
    yield "prev flipped", _flip(event["prev"])
    yield "prev dropped", _DROP
    signature = event["signature"]
    for index in (0, 40, 84, 85):
        yield (
            f"signature flipped at {index}",
            {
                **signature,
                "value": _flip_at(signature["value"], index),
            },
        )
    yield "signature key", {**signature, "key": "eva-lund-2026"}
    yield "signature dropped", _DROP


_DROP = object()

HEADER_EDITS: list[tuple[str, Any]] = [
    ("id", "EID-2418"),
    ("process", "eid-gateway@3.1"),
    ("title", "Something else"),
    ("team", "tokens"),
    ("author", "ola-nordmann"),
    ("declared_risk", "low"),
    ("attributes", {"components": ["documentation"]}),
    ("subject", {"commit": COMMIT_A}),
]


def _mutations(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    events = data["events"]
    for key, value in HEADER_EDITS:
        yield f"header {key}", {**data, key: value}
    for i, event in enumerate(events):
        name = f"event #{i + 1}"
        for label, value in _field_edits(event):
            changed = {
                k: v for k, v in event.items() if not (value is _DROP and k == label.split()[0])
            }
            if value is not _DROP:
                changed[label.split()[0]] = value
            yield f"{name} {label}", {**data, "events": [*events[:i], changed, *events[i + 1 :]]}
        rest = [*events[:i], *events[i + 1 :]]
        yield f"{name} removed", {**data, "events": rest}
        yield f"{name} duplicated", {**data, "events": [*events[: i + 1], event, *events[i + 1 :]]}
        if i + 1 < len(events):
            swapped = [*events[:i], events[i + 1], event, *events[i + 2 :]]
            yield f"{name} swapped with the next", {**data, "events": swapped}
            yield f"{name} moved to the end", {**data, "events": [*rest, event]}
        if i > 0:
            yield f"{name} moved to the start", {**data, "events": [event, *rest]}
    yield "all events removed", {**data, "events": []}
    yield (
        "chain stripped",
        {**data, "events": [{k: v for k, v in e.items() if k != "prev"} for e in events]},
    )


def _rechained(data: dict[str, Any], number: int) -> dict[str, Any]:
    """An attacker's edit of event ``number`` with every later ``prev`` recomputed
    (they can hash, but cannot sign as others)."""
    record = Record.model_validate(copy.deepcopy(data))
    events = list(record.events)
    events[number - 1] = events[number - 1].model_copy(update={"note": "Rewritten."})
    for i in range(number, len(events)):
        events[i] = events[i].model_copy(update={"prev": event_hash(events[i - 1])})
    return {**data, "events": [plain(e) for e in events]}


def _findings(
    data: dict[str, Any], roster: Roster, process: Process, top: str
) -> list[Finding] | None:
    """Everything verify finds, asking for all it can (a head, a chain, signatures);
    ``None`` when the mutated record is refused as unusable input (exit 2)."""
    try:
        record = Record.model_validate(data)
    except ValidationError:
        return None
    options = IntegrityOptions(head=top, require_chain=True)
    return verify(record, roster=roster, process=process, options=options)


def _without(findings: list[Finding] | None, *asked: str) -> list[Finding] | None:
    """The findings that remain when the head, the chain or signatures were not asked for."""
    if findings is None:
        return None
    gone: dict[str, Callable[[Finding], bool]] = {
        "head": lambda f: f.event is None and "the head noted earlier" in f.message,
        "chain": lambda f: f.event is None and "the record has no hash chain" in f.message,
        "signatures": lambda f: f.rule == "unsigned-event",
    }
    return [f for f in findings if not any(gone[a](f) for a in asked)]


def test_every_mutation_of_a_signed_record_is_detected(
    signed: tuple[Path, str], keyed: Roster, eid: Process
) -> None:
    path, top = signed
    data = yaml.safe_load(path.read_text("utf-8"))
    original = plain(Record.model_validate(data))
    mutations = [
        *_mutations(data),
        *((f"event #{n} rewritten and re-chained", _rechained(data, n)) for n in range(1, 19)),
    ]
    assert len(mutations) > 500
    for label, mutated in mutations:
        with contextlib.suppress(ValidationError):  # or not even a record any more
            assert plain(Record.model_validate(mutated)) != original, label
    required = signed_process(eid)
    found = {label: _findings(m, keyed, required, top) for label, m in mutations}
    # with a head noted at append time (and a roster), every mutation is detected
    assert [label for label, f in found.items() if f == []] == []
    assert [label for label, f in found.items() if _without(f, "signatures") == []] == []
    # without the head, only losing events at the end goes unseen, and, unless the
    # process requires signatures, dropping the last event's signature
    unseen = [label for label, f in found.items() if _without(f, "head", "chain") == []]
    assert unseen == ["event #18 removed", "all events removed"]
    unseen = [
        label for label, f in found.items() if _without(f, "head", "chain", "signatures") == []
    ]
    assert unseen == ["event #18 signature dropped", "event #18 removed", "all events removed"]


def test_events_appended_by_forgers_are_caught(
    signed: tuple[Path, str], keyed: Roster, eid: Process, tmp_path: Path
) -> None:
    path = tmp_path / "EID-2417.yaml"
    path.write_bytes(signed[0].read_bytes())
    forged = Event.model_validate(
        {
            "stage": "approval",
            "actor": "eva-lund",
            "at": "2026-03-12T09:00:00+01:00",
            "outcome": "approved",
            "subject": COMMIT_B,
        }
    )
    append(
        path,
        forged,
        key=SigningKey("eva-lund-2026", signing_key("nora-bakken").private),  # nora's key
    )
    findings = verify(load_record(path), roster=keyed, process=signed_process(eid))
    assert _rules(findings) == [("bad-signature", 19)]
    create(tmp_path / "fresh.yaml", rework().model_copy(update={"events": ()}))
    append(tmp_path / "fresh.yaml", forged)
    findings = verify(
        load_record(tmp_path / "fresh.yaml"), roster=keyed, process=signed_process(eid)
    )
    assert _rules(findings) == [("unsigned-event", 1)]
