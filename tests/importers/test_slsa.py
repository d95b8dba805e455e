"""``sdlc record import slsa-provenance``: a build from an in-toto statement with
SLSA provenance v1, bare, in a DSSE envelope or in a Sigstore bundle."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import DATA, ROSTER, Import, events

STATEMENT = DATA / "slsa" / "gateway-1.4.2.intoto.json"
COMMIT = "6dcb09b5b57875f334f61aebed695e2e4193db5e"
ARTIFACT = "sha256:32b8f63fd6a4e1c9a7b0d2e5f8a1c4b7d0e3f6a9c2b5d8e1f4a7c0b3d6e9f2a5"


def statement() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(STATEMENT.read_text("utf-8"))
    return data


def envelope(data: dict[str, Any]) -> dict[str, Any]:
    payload = base64.b64encode(json.dumps(data).encode()).decode()
    return {
        "payloadType": "application/vnd.in-toto+json",
        "payload": payload,
        "signatures": [{"keyid": "", "sig": base64.b64encode(b"\0" * 64).decode()}],
    }


def bundle(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
        "verificationMaterial": {"certificate": {"rawBytes": "MIIB"}},
        "dsseEnvelope": envelope(data),
    }


def saved(folder: Path, name: str, data: dict[str, Any]) -> str:
    path = folder / name
    path.write_text(json.dumps(data, indent=2), "utf-8")
    return str(path)


def test_a_statement_is_a_build_of_its_commit_into_its_artifacts(
    run_import: Import, record: Path, tmp_path: Path
) -> None:
    path = saved(tmp_path, "provenance.json", statement())
    code, out, err = run_import("slsa-provenance", path, "--roster", str(ROSTER))
    assert (code, err) == (0, "")
    (event,) = events(record)
    assert (event.stage, event.actor, event.subject, event.produces) == (
        "build",
        "ci",
        COMMIT,
        (ARTIFACT,),
    )
    assert event.at == dt.datetime(2026, 3, 12, 9, 14, 31, tzinfo=dt.UTC)
    assert [(e.kind, e.uri) for e in event.evidence] == [("provenance", "provenance.json")]
    assert event.note.splitlines()[:3] == [
        "slsa: https://actions.github.io/buildtypes/workflow/v1 by "
        "https://github.com/actions/runner/github-hosted",
        "a bare statement, not signed; built 6dcb09b5b578 into sha256:32b8f63fd6a4",
        "invocation: https://github.com/login-team/gateway/actions/runs/13371337/attempts/1",
    ]
    assert out.splitlines()[0] == (
        "appended event #1 'build' by ci: build of 6dcb09b5b578 into sha256:32b8f63fd6a4"
    )


@pytest.mark.parametrize("wrap", [envelope, bundle], ids=["dsse", "sigstore-bundle"])
def test_the_same_statement_enveloped_is_the_same_build(
    run_import: Import, record: Path, tmp_path: Path, wrap: Callable[[Any], dict[str, Any]]
) -> None:
    bare = saved(tmp_path, "provenance.json", statement())
    wrapped = saved(tmp_path, "provenance.sigstore.json", wrap(statement()))
    assert run_import("slsa-provenance", wrapped, "--roster", str(ROSTER))[0] == 0
    assert "a DSSE envelope with 1 signature, not verified here" in events(record)[0].note
    code, out, _ = run_import("slsa-provenance", bare, "--roster", str(ROSTER))
    assert code == 0
    assert out.splitlines()[0].startswith("already in the record as event #1: build of")


def changed(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = copy.deepcopy(statement())
    change(data)
    return data


def deps(data: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = data["predicate"]["buildDefinition"]["resolvedDependencies"]
    return found


OTHER = "7638417db6d59f3c431d3e1f261cc637155684cd"
BAD_INPUTS: dict[str, tuple[dict[str, Any], tuple[str, ...], str]] = {
    "v0.2": (
        changed(lambda d: d.update(predicateType="https://slsa.dev/provenance/v0.2")),
        (),
        'provenance.json:11:20: at predicateType: expected "https://slsa.dev/provenance/v1", '
        'found "https://slsa.dev/provenance/v0.2"\n  hint: SLSA v1 is read',
    ),
    "no-commit": (
        changed(lambda d: deps(d).clear()),
        (),
        "provenance.json:13:24: at predicate.buildDefinition: the provenance names no source "
        "commit (a resolvedDependencies entry with a gitCommit digest)\n  hint: pass the "
        "provenance the builder wrote: a statement, a DSSE envelope or a Sigstore bundle",
    ),
    "two-commits": (
        changed(lambda d: deps(d).append({"uri": "git+x", "digest": {"gitCommit": OTHER}})),
        (),
        "provenance.json:13:24: at predicate.buildDefinition: the provenance names 2 commits "
        "(a resolvedDependencies entry with a gitCommit digest)\n  hint: choose one of them "
        "with --subject",
    ),
    "subject-not-built": (
        statement(),
        ("--subject", OTHER),
        f"--subject {OTHER}: the provenance built {COMMIT}",
    ),
    "no-sha256": (
        changed(lambda d: d["subject"][0].update(digest={"sha512": "ab" * 64})),
        (),
        "provenance.json:6:17: at subject[0].digest: no sha256 digest; the record names "
        "artifacts by sha256",
    ),
    "unknown-builder": (
        changed(
            lambda d: d["predicate"]["runDetails"]["builder"].update(id="https://ci.evil.example")
        ),
        (),
        "provenance.json:41:15: the builder: the builder account 'https://ci.evil.example' is "
        f"no one in the roster {ROSTER}\n  hint: add it to the person's entry there: "
        "accounts: {builder: [BUILDER-ID]}",
    ),
    "bad-base64": (
        {"payloadType": "application/vnd.in-toto+json", "payload": "not base64!", "signatures": []},
        (),
        'provenance.json:3:14: at payload: expected the statement in base64, found "not base64!"',
    ),
    "other-payload": (
        {"payloadType": "text/plain", "payload": "", "signatures": []},
        (),
        'provenance.json:2:18: at payloadType: expected "application/vnd.in-toto+json", found '
        '"text/plain"\n  hint: pass the provenance the builder wrote: a statement, a DSSE '
        "envelope or a Sigstore bundle",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_appends_nothing_and_says_exactly_why(
    case: str, run_import: Import, record: Path, tmp_path: Path
) -> None:
    data, extra, message = BAD_INPUTS[case]
    path = saved(tmp_path, "provenance.json", data)
    before = record.read_bytes()
    code, out, err = run_import("slsa-provenance", path, "--roster", str(ROSTER), *extra)
    prefix = "" if message.startswith("--") else "<tmp>/"
    assert (code, out, err) == (2, "", f"sdlc: {prefix}{message}\n")
    assert record.read_bytes() == before


def test_a_bad_statement_inside_an_envelope_is_located_in_its_payload(
    run_import: Import, tmp_path: Path
) -> None:
    data = changed(lambda d: d.update(_type="https://in-toto.io/Statement/v0.1"))
    path = saved(tmp_path, "provenance.json", envelope(data))
    code, _, err = run_import("slsa-provenance", path, "--roster", str(ROSTER))
    assert (code, err) == (
        2,
        "sdlc: <tmp>/provenance.json (payload):1:11: at _type: expected "
        '"https://in-toto.io/Statement/v1", found "https://in-toto.io/Statement/v0.1"\n'
        "  hint: only in-toto v1 is read\n",
    )


def test_an_sbom_given_with_the_provenance_is_evidence_of_the_same_build(
    run_import: Import, record: Path, tmp_path: Path
) -> None:
    path = saved(tmp_path, "provenance.json", statement())
    sbom = tmp_path / "sbom.cdx.json"
    sbom.write_text('{"bomFormat": "CycloneDX", "specVersion": "1.6"}\n', "utf-8")
    code, _, err = run_import(
        "slsa-provenance", path, "--with-evidence", f"sbom={sbom}", "--roster", str(ROSTER)
    )
    assert (code, err) == (0, "")
    (event,) = events(record)
    assert [(e.kind, e.uri) for e in event.evidence] == [
        ("provenance", "provenance.json"),
        ("sbom", "sbom.cdx.json"),
    ]
    assert event.evidence[1].sha256 == hashlib.sha256(sbom.read_bytes()).hexdigest()


def test_evidence_given_without_its_kind_is_refused(run_import: Import, tmp_path: Path) -> None:
    path = saved(tmp_path, "provenance.json", statement())
    assert run_import(
        "slsa-provenance", path, "--with-evidence", "sbom.json", "--roster", str(ROSTER)
    ) == (2, "", "sdlc: --with-evidence 'sbom.json': expected KIND=FILE, e.g. sbom=sbom.json\n")
