"""``sdlc record``: new, append, verify, keygen and attest, with the exact text people see."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from sdlc.integrity.attest import PAYLOAD_TYPE
from sdlc.integrity.chain import head, header_hash
from sdlc.integrity.signing import private_pem
from sdlc.load.loaders import load_record
from sdlc.model.roster import Roster
from sdlc.report.reporters import TOOL_VERSION

from ..conftest import REGEN, ROOT, RunCli, golden
from ..signed_records import (
    TAMPER,
    TAMPERED,
    rework,
    roster_data,
    sign_record,
    signing_key,
    tampered_example,
)

CASES = ROOT / "tests" / "cases" / "record"


# -- the tampered example ---------------------------------------------------------------------


def test_verify_names_the_first_broken_event_of_the_tampered_example(run_cli: RunCli) -> None:
    code, out, err = run_cli(
        "record",
        "verify",
        "examples/tampered/EID-2417.yaml",
        "--roster",
        "examples/tampered/signers.roster",
    )
    assert (code, err) == (1, "")
    golden(CASES / "tampered" / "expected.txt", out)
    assert "event #7 'implementation' by ingrid-hansen: the hash chain breaks here" in out


def test_the_tampered_example_is_one_edit_away_from_a_valid_record(
    run_cli: RunCli, tmp_path: Path
) -> None:
    text = (TAMPERED / "EID-2417.yaml").read_text("utf-8")
    assert text.count(TAMPER[1]) == 1
    (tmp_path / "EID-2417.yaml").write_text(text.replace(TAMPER[1], TAMPER[0]), "utf-8")
    code, out, _ = run_cli(
        "record",
        "verify",
        str(tmp_path / "EID-2417.yaml"),
        "--roster",
        "examples/tampered/signers.roster",
        "--require-chain",
    )
    assert (code, out.splitlines()[-1]) == (
        0,
        "checked 1 record: 1 compliant, 0 not compliant, 0 unreadable",
    )


def test_the_tampered_example_is_current(eid_roster: Roster, tmp_path: Path) -> None:
    """The example is made by tests/signed_records.py; SDLC_REGEN=1 makes it again."""
    for name, text in tampered_example(eid_roster, tmp_path).items():
        if REGEN:
            (TAMPERED / name).write_text(text, "utf-8")
        assert (TAMPERED / name).read_text("utf-8") == text, name


# -- new and append ---------------------------------------------------------------------------


def _roster_file(folder: Path, eid_roster: Roster) -> Path:
    path = folder / "roster.yaml"
    path.write_text(yaml.safe_dump(roster_data(eid_roster), sort_keys=False), "utf-8")
    return path


def _key_file(folder: Path, person: str) -> Path:
    path = folder / f"{person}.pem"
    path.write_text(private_pem(signing_key(person).private), "ascii")
    return path


def test_new_then_append_writes_a_chained_signed_readable_record(
    run_cli: RunCli, tmp_path: Path, eid_roster: Roster
) -> None:
    record = tmp_path / "EID-9.yaml"
    roster = _roster_file(tmp_path, eid_roster)
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "unit.xml").write_text("<testsuite/>")
    code, out, err = run_cli(
        "record",
        "new",
        str(record),
        "--id",
        "EID-9",
        "--process",
        "processes/eid-gateway.yaml",
        "--title",
        "Fix the session timeout",
        "--component",
        "session",
        "--repository",
        "https://git.example.no/login/eid-gateway",
        "--commit",
        "e16f242821aeb85e085c2ec0e67a20b6db30f360",
    )
    top = header_hash(load_record(record))
    assert (code, err) == (0, "")
    assert out == f"started record EID-9 in {record} (eid-gateway@3.0); head {top}\n"
    code, out, err = run_cli(
        "record",
        "append",
        str(record),
        "--stage",
        "unit-tests",
        "--actor",
        "ci",
        "--subject",
        "e16f242821aeb85e085c2ec0e67a20b6db30f360",
        "--at",
        "2026-03-09T10:33:00+01:00",
        "--evidence",
        "test-report=reports/unit.xml",
        "--key",
        str(_key_file(tmp_path, "ci")),
        "--roster",
        str(roster),
    )
    written = load_record(record)
    assert (code, err) == (0, "")
    assert out == (
        f"appended event #1 'unit-tests' by ci to {record}, signed with key ci-2026; "
        f"head {head(written)}\n"
    )
    text = record.read_text("utf-8")
    signature = written.events[0].signature
    assert signature is not None
    assert text == (
        "id: EID-9\n"
        "process: eid-gateway@3.0\n"
        "title: Fix the session timeout\n"
        "attributes:\n"
        "  components:\n"
        "    - session\n"
        "subject:\n"
        "  repository: https://git.example.no/login/eid-gateway\n"
        "  commit: e16f242821aeb85e085c2ec0e67a20b6db30f360\n"
        "events:\n"
        "  - stage: unit-tests\n"
        "    actor: ci\n"
        "    at: '2026-03-09T10:33:00+01:00'\n"
        "    outcome: done\n"
        "    subject: e16f242821aeb85e085c2ec0e67a20b6db30f360\n"
        "    evidence:\n"
        "      - kind: test-report\n"
        "        uri: reports/unit.xml\n"
        f"        sha256: {hashlib.sha256(b'<testsuite/>').hexdigest()}\n"
        f"    prev: {top}\n"
        "    signature:\n"
        "      key: ci-2026\n"
        f"      value: {signature.value}\n"
    )
    code, out, err = run_cli(
        "record", "verify", str(record), "--roster", str(roster), "--require-chain"
    )
    assert (code, err) == (0, "")
    assert out == (
        f"{record}: EID-9: compliant\n"
        "checked 1 record: 1 compliant, 0 not compliant, 0 unreadable\n"
    )


def test_append_keeps_comments_and_layout(tmp_path: Path) -> None:
    from sdlc.integrity.writer import append
    from sdlc.model.record import Event

    record = tmp_path / "rec.yaml"
    sign_record(rework().model_copy(update={"events": rework().events[:2]}), record, sign=False)
    before = "# hand-written comment\n" + record.read_text("utf-8") + "  # trailing comment\n"
    record.write_text(before, "utf-8")
    event = rework().events[2]
    append(record, Event.model_validate(event.model_dump()))
    after = record.read_text("utf-8")
    assert after.startswith(before)
    assert after[len(before) :].startswith("\n  - stage: design-review\n")


def test_append_to_json_and_flow_style_records(tmp_path: Path) -> None:
    from sdlc.integrity.writer import append

    source = rework()
    for name, text in {
        "rec.json": json.dumps({"id": "X-1", "process": "eid-gateway@3.0"}),
        "flow.yaml": "{id: X-1, process: eid-gateway@3.0, events: []}\n",
    }.items():
        path = tmp_path / name
        path.write_text(text, "utf-8")
        for event in source.events[:3]:
            append(path, event)
        record = load_record(path)
        assert [e.stage for e in record.events] == [e.stage for e in source.events[:3]]
        assert len({e.prev for e in record.events}) == 3
    assert json.loads((tmp_path / "rec.json").read_text())["events"][2]["stage"] == (
        "design-review"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--at", "2026-03-09T10:33:00"], "--at '2026-03-09T10:33:00': add the time zone"),
        (["--at", "yesterday"], "--at 'yesterday': expected a date and time"),
        (["--evidence", "report"], "--evidence 'report': expected KIND=URI"),
        (["--stage", "Code Review"], "--stage 'Code Review': not a valid identifier here"),
        (["--key-id", "ci-2026"], "--key-id needs --key"),
    ],
)
def test_append_usage_errors(
    run_cli: RunCli, tmp_path: Path, args: list[str], message: str
) -> None:
    record = tmp_path / "rec.yaml"
    record.write_text("id: X-1\nprocess: eid-gateway@3.0\n")
    base = {"--stage": "build", "--actor": "ci", "--subject": "e16f242"}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    argv = [item for pair in base.items() for item in pair]
    code, out, err = run_cli("record", "append", str(record), *argv)
    assert (code, out) == (2, "")
    assert err.startswith(f"sdlc: {message}")


def test_append_refuses_what_would_weaken_a_record(
    run_cli: RunCli, tmp_path: Path, eid_roster: Roster
) -> None:
    roster = _roster_file(tmp_path, eid_roster)
    unchained = tmp_path / "old.yaml"
    unchained.write_bytes((ROOT / "examples" / "low-risk-compliant.yaml").read_bytes())
    count = len(load_record(unchained).events)
    args = ["--stage", "verification", "--actor", "nora-bakken", "--subject", "e16f242"]
    code, _, err = run_cli("record", "append", str(unchained), *args)
    assert code == 2
    assert err == (
        f"sdlc: {unchained}: record EID-2381 has {count} events without a hash chain, so a "
        "chained "
        "event cannot protect them\n  hint: append with --no-chain to keep the record "
        "unchained, or start a new record with 'sdlc record new'\n"
    )
    assert run_cli("record", "append", str(unchained), *args, "--no-chain")[0] == 0
    key = _key_file(tmp_path, "emil-haugen")
    code, _, err = run_cli(
        "record",
        "append",
        str(unchained),
        *args,
        "--no-chain",
        "--key",
        str(key),
        "--roster",
        str(roster),
    )
    assert (code, err) == (
        2,
        "sdlc: --key: the roster lists this key for emil-haugen, not for nora-bakken\n",
    )
    code, _, err = run_cli("record", "append", str(unchained), *args, "--key", str(key))
    assert (code, err) == (2, "sdlc: --key needs --key-id, or --roster to find the key's id\n")
    code, _, err = run_cli("record", "append", str(tmp_path / "many.jsonl"), *args)
    assert code == 2
    assert "cannot write a record to a '.jsonl' file" in err


def test_new_refuses_to_overwrite_and_explains_bad_options(run_cli: RunCli, tmp_path: Path) -> None:
    record = tmp_path / "rec.yaml"
    args = ["record", "new", str(record), "--id", "X-1", "--process", "eid-gateway@3.0"]
    assert run_cli(*args)[0] == 0
    code, _, err = run_cli(*args)
    assert (code, err) == (
        2,
        f"sdlc: {record}: the record already exists\n  hint: add events to it with 'sdlc "
        "record append', or choose another file\n",
    )
    code, _, err = run_cli(*args[:-1], "eid-gateway", "--id", "X-2")
    assert (code, err) == (
        2,
        "sdlc: --process 'eid-gateway': no such file, and not an id@version reference\n",
    )
    code, _, err = run_cli(
        "record", "new", str(tmp_path / "b.yaml"), "--id", "X 1", "--process", "a@1"
    )
    assert (code, err) == (2, "sdlc: --id 'X 1': not a valid identifier here\n")


def test_record_without_an_action_shows_help(run_cli: RunCli) -> None:
    code, out, err = run_cli("record")
    assert code == 2
    assert out == ""
    assert "sdlc record new changes/EID-2417.yaml" in err


def test_a_lock_held_too_long_is_reported(tmp_path: Path) -> None:
    from sdlc.errors import InputError
    from sdlc.integrity.locking import locked
    from sdlc.integrity.writer import append

    record = tmp_path / "rec.yaml"
    record.write_text("id: X-1\nprocess: eid-gateway@3.0\n")
    with locked(record), pytest.raises(InputError, match="held the record's lock for more than"):
        append(record, rework().events[0], timeout=0.05)


def test_temporary_files_of_a_killed_writer_are_removed(tmp_path: Path) -> None:
    from sdlc.integrity.writer import append

    record = tmp_path / "rec.yaml"
    record.write_text("id: X-1\nprocess: eid-gateway@3.0\n")
    (tmp_path / ".rec.yaml.k1l2e3d.tmp").write_text("half a rec")
    (tmp_path / ".other.yaml.k1l2e3d.tmp").write_text("not ours")
    append(record, rework().events[0])
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".other.yaml.k1l2e3d.tmp",
        "rec.yaml",
    ]


# -- verify -------------------------------------------------------------------------------------


def test_verify_exit_codes(run_cli: RunCli, tmp_path: Path) -> None:
    assert run_cli("record", "verify", "examples/low-risk-compliant.yaml")[0] == 0
    code, out, _ = run_cli(
        "record", "verify", "examples/low-risk-compliant.yaml", "--require-chain"
    )
    assert code == 1
    assert "the record has no hash chain" in out
    (tmp_path / "bad.yaml").write_text("id: [\n")
    assert run_cli("record", "verify", str(tmp_path / "bad.yaml"))[0] == 2
    code, _, err = run_cli("record", "verify", "examples/", "--head", "ab" * 32)
    assert (code, err) == (
        2,
        "sdlc: --head names the head of one record; give exactly one record\n",
    )
    code, _, err = run_cli(
        "record",
        "verify",
        "examples/low-risk-compliant.yaml",
        "--process",
        "processes/baseline.yaml",
    )
    assert code == 2


def test_verify_says_when_signatures_were_not_checked(run_cli: RunCli) -> None:
    code, _, err = run_cli("record", "verify", "examples/tampered/EID-2417.yaml")
    assert code == 1  # the chain still breaks
    assert err == "sdlc: note: 18 signed events not checked: give --roster to verify signatures\n"


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit"])
def test_verify_speaks_every_report_format(run_cli: RunCli, fmt: str) -> None:
    code, out, _ = run_cli(
        "record",
        "verify",
        "examples/tampered/EID-2417.yaml",
        "--roster",
        "examples/tampered/signers.roster",
        "--format",
        fmt,
    )
    assert code == 1
    assert "broken-chain" in out
    assert "bad-signature" in out


# -- keygen -------------------------------------------------------------------------------------


def test_keygen_writes_a_private_key_only_its_owner_can_read(
    run_cli: RunCli, tmp_path: Path
) -> None:
    from sdlc.integrity.signing import public_base64, read_private_key

    out_file = tmp_path / "kari.pem"
    code, out, err = run_cli("record", "keygen", "--out", str(out_file), "--id", "kari-2026")
    assert (code, err) == (0, "")
    key = read_private_key(out_file)
    assert f"        public_key: {public_base64(key)}\n" in out
    assert out.startswith(f"wrote the private key to {out_file}; keep it secret.")
    if sys.platform != "win32":
        assert stat.S_IMODE(out_file.stat().st_mode) == 0o600
    code, _, err = run_cli("record", "keygen", "--out", str(out_file), "--id", "kari-2026")
    assert code == 2
    assert "a key is never overwritten" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"hello", "expected a PEM block or the base64 of a 32-byte ed25519 seed"),
        (b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "cannot be read"),
    ],
)
def test_unusable_key_files_are_explained(tmp_path: Path, content: bytes, message: str) -> None:
    from sdlc.errors import InputError
    from sdlc.integrity.signing import read_private_key

    (tmp_path / "k").write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_private_key(tmp_path / "k")


def test_a_key_file_may_hold_the_base64_seed(tmp_path: Path) -> None:
    from sdlc.integrity.signing import public_base64, read_private_key

    seed = signing_key("ci").private.private_bytes_raw()
    (tmp_path / "k").write_text(base64.b64encode(seed).decode() + "\n")
    assert public_base64(read_private_key(tmp_path / "k")) == signing_key("ci").public_base64


# -- attest (in-toto) -----------------------------------------------------------------------

DIGEST = "32b8f63b340ae821db9b6d7dd9ca1b100fb2021189f0de050081d9e7a0a30086"
IMAGE = "registry.example.no/login/eid-gateway"


@pytest.fixture
def signed_rework(tmp_path: Path, eid_roster: Roster) -> tuple[Path, Path]:
    record = tmp_path / "EID-2417.yaml"
    sign_record(rework(), record)
    return record, _roster_file(tmp_path, eid_roster)


def _attest(run_cli: RunCli, record: Path, *extra: str) -> tuple[int, dict[str, Any], str]:
    code, out, err = run_cli(
        "record", "attest", str(record), "--process", "processes/eid-gateway.yaml", *extra
    )
    return code, json.loads(out), err


def test_attest_gives_an_in_toto_statement_with_a_verification_summary(
    run_cli: RunCli, signed_rework: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1773300600")
    record, roster = signed_rework
    code, statement, err = _attest(run_cli, record, "--roster", str(roster), "--image", IMAGE)
    assert (code, err) == (0, "sdlc: EID-2417: PASSED (0 findings; 'sdlc check' shows them)\n")
    process_sha = hashlib.sha256((ROOT / "processes" / "eid-gateway.yaml").read_bytes()).hexdigest()
    assert statement == {
        "_type": "https://in-toto.io/Statement/v1",
        "subject": [{"name": f"sha256:{DIGEST}", "digest": {"sha256": DIGEST}}],
        "predicateType": "https://slsa.dev/verification_summary/v1",
        "predicate": {
            "verifier": {
                "id": "https://github.com/sdlc-dev/sdlc",
                "version": {"sdlc": TOOL_VERSION},
            },
            "timeVerified": "2026-03-12T07:30:00Z",
            "resourceUri": f"pkg:oci/eid-gateway@sha256%3A{DIGEST}?repository_url={IMAGE}",
            "policy": {
                "name": "eid-gateway@3.0",
                "uri": "sdlc:process/eid-gateway@3.0",
                "digest": {"sha256": process_sha},
            },
            "verificationResult": "PASSED",
            "verifiedLevels": ["SDLC_PROCESS_COMPLIANT"],
            "slsaVersion": "1.1",
            "https://github.com/sdlc-dev/sdlc/change-record/v1": {
                "record": "EID-2417",
                "process": "eid-gateway@3.0",
                "risk": "high",
                "failedRules": [],
                "head": head(load_record(record)),
            },
        },
    }


def test_attest_names_the_digest_and_the_policy_uri_given(
    run_cli: RunCli, signed_rework: tuple[Path, Path]
) -> None:
    record, roster = signed_rework
    policy = "https://git.example.no/login/processes/-/blob/v3.0/eid-gateway.yaml"
    code, statement, _ = _attest(run_cli, record, "--roster", str(roster), "--policy-uri", policy)
    assert code == 0
    assert statement["predicate"]["resourceUri"] == f"sha256:{DIGEST}"
    assert statement["predicate"]["policy"]["uri"] == policy


def test_attest_of_a_failing_record_says_failed(run_cli: RunCli) -> None:
    code, statement, err = _attest(
        run_cli,
        ROOT / "examples" / "incident-2020.yaml",
        "--roster",
        "processes/eid-gateway.roster.yaml",
        "--resource-uri",
        "oci://registry.example.no/eid",
    )
    assert code == 1
    assert err.startswith("sdlc: EID-1203: FAILED (")
    predicate = statement["predicate"]
    assert predicate["verificationResult"] == "FAILED"
    assert predicate["verifiedLevels"] == ["FAILED"]
    assert predicate["resourceUri"] == "oci://registry.example.no/eid"
    assert (
        "stale-approval"
        in predicate["https://github.com/sdlc-dev/sdlc/change-record/v1"]["failedRules"]
    )
    assert [s["digest"] for s in statement["subject"]] == [
        {"sha256": "748c00b62af1ebd18061573fdf211e9139df258593a385e71d349c3c6f90ce4c"}
    ]


def test_attest_writes_the_predicate_alone_for_cosign(
    run_cli: RunCli, signed_rework: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1773300600")
    record, roster = signed_rework
    common = ("--roster", str(roster), "--image", IMAGE)
    _, statement, _ = _attest(run_cli, record, *common)
    code, predicate, err = _attest(run_cli, record, *common, "--predicate-only")
    assert predicate == statement["predicate"]
    assert (code, err) == (
        0,
        "sdlc: EID-2417: PASSED (0 findings; 'sdlc check' shows them); the predicate is "
        f"about sha256:{DIGEST}\n",
    )


def test_attest_of_a_failing_record_never_gives_a_passing_predicate(run_cli: RunCli) -> None:
    code, predicate, _ = _attest(
        run_cli,
        ROOT / "examples" / "incident-2020.yaml",
        "--roster",
        "processes/eid-gateway.roster.yaml",
        "--predicate-only",
    )
    assert code == 1
    assert (predicate["verificationResult"], predicate["verifiedLevels"]) == ("FAILED", ["FAILED"])


def _undeployed(tmp_path: Path) -> Path:
    """The compliant example before its deployment: what exists when a cluster is asked
    to run the image."""
    data = yaml.safe_load((ROOT / "examples" / "high-risk-rework.yaml").read_text("utf-8"))
    data["events"] = [e for e in data["events"] if e["stage"] not in {"deployment", "verification"}]
    record = tmp_path / "EID-2417.yaml"
    record.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    return record


def test_attest_may_deploy_says_passed_before_the_deployment(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1773300600")
    record = _undeployed(tmp_path)
    common = ("--roster", "processes/eid-gateway.roster.yaml", "--image", IMAGE)
    code, statement, _ = _attest(run_cli, record, *common)
    assert (code, statement["predicate"]["verificationResult"]) == (1, "FAILED")  # incomplete
    code, statement, err = _attest(run_cli, record, *common, "--may-deploy", f"sha256:{DIGEST}")
    assert (code, err) == (
        0,
        "sdlc: EID-2417: allowed: 'deployment' of sha256:32b8f63… may happen now: PASSED\n",
    )
    assert statement["subject"] == [{"name": f"sha256:{DIGEST}", "digest": {"sha256": DIGEST}}]
    predicate = statement["predicate"]
    assert predicate["verifiedLevels"] == ["SDLC_DEPLOYMENT_ALLOWED"]
    assert predicate["resourceUri"] == (
        f"pkg:oci/eid-gateway@sha256%3A{DIGEST}?repository_url={IMAGE}"
    )
    assert predicate["https://github.com/sdlc-dev/sdlc/change-record/v1"]["asked"] == {
        "stage": "deployment",
        "subject": f"sha256:{DIGEST}",
    }


def test_attest_may_deploy_refuses_a_digest_that_is_not_a_digest(
    run_cli: RunCli, tmp_path: Path
) -> None:
    code, out, err = run_cli(
        "record", "attest", str(_undeployed(tmp_path)), "--process", "processes/eid-gateway.yaml",
        "--roster", "processes/eid-gateway.roster.yaml", "--may-deploy", "latest",
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert err == (
        "sdlc: --may-deploy 'latest' is not a digest: give the artifact's, such as "
        "sha256:32b8f63b…\n"
    )


def test_attest_predicate_only_is_not_signed_by_sdlc(
    run_cli: RunCli, signed_rework: tuple[Path, Path], tmp_path: Path
) -> None:
    record, roster = signed_rework
    key = _key_file(tmp_path, "thomas-strand")
    code, out, err = run_cli(
        "record", "attest", str(record), "--process", "processes/eid-gateway.yaml",
        "--roster", str(roster), "--predicate-only", "--key", str(key), "--key-id", "release",
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert err == (
        "sdlc: --predicate-only writes the predicate for cosign to sign; it cannot be combined "
        "with --key (drop one)\n"
    )


def test_attest_signs_a_dsse_envelope(
    run_cli: RunCli, signed_rework: tuple[Path, Path], tmp_path: Path
) -> None:
    record, roster = signed_rework
    key = _key_file(tmp_path, "thomas-strand")
    output = tmp_path / "vsa.json"
    code, out, _ = run_cli(
        "record",
        "attest",
        str(record),
        "--process",
        "processes/eid-gateway.yaml",
        "--roster",
        str(roster),
        "--key",
        str(key),
        "--key-id",
        "release-2026",
        "--output",
        str(output),
    )
    assert (code, out) == (0, "")
    envelope = json.loads(output.read_text())
    assert envelope["payloadType"] == PAYLOAD_TYPE == "application/vnd.in-toto+json"
    (signature,) = envelope["signatures"]
    assert signature["keyid"] == "release-2026"
    body = base64.b64decode(envelope["payload"])
    pae = b"DSSEv1 %d %b %d %b" % (len(PAYLOAD_TYPE), PAYLOAD_TYPE.encode(), len(body), body)
    public = signing_key("thomas-strand").private.public_key()
    assert isinstance(public, Ed25519PublicKey)
    public.verify(base64.b64decode(signature["sig"]), pae)  # raises if it does not verify
    assert json.loads(body)["_type"] == "https://in-toto.io/Statement/v1"


def test_check_reports_integrity_findings_of_files(run_cli: RunCli) -> None:
    code, out, _ = run_cli(
        "check",
        "examples/tampered/EID-2417.yaml",
        "--process",
        "processes/eid-gateway.yaml",
        "--roster",
        "examples/tampered/signers.roster",
        "--format",
        "json",
    )
    (report,) = json.loads(out)
    assert code == 1
    assert [(f["rule"], f["event"]) for f in report["findings"]] == [
        ("bad-signature", 6),
        ("broken-chain", 7),
    ]


def test_records_written_are_private_to_nobody(tmp_path: Path) -> None:
    """Records are ordinary files: the umask decides, as for any file a tool writes."""
    from sdlc.integrity.writer import create

    create(tmp_path / "rec.yaml", rework().model_copy(update={"events": ()}))
    assert os.access(tmp_path / "rec.yaml", os.R_OK)


def test_the_integrity_page_shows_real_output(run_cli: RunCli) -> None:
    """docs/integrity.md's console example is what the command prints."""
    page = (ROOT / "docs" / "integrity.md").read_text("utf-8")
    prompt = "$ sdlc record verify examples/tampered/EID-2417.yaml --roster "
    start = page.index(prompt)
    block = page[start : page.index("```", start)]
    command, _, shown = block.partition("\n")
    _, out, _ = run_cli(*command.removeprefix("$ sdlc ").split())
    assert shown == out
