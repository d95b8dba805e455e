"""Signed build evidence: in-toto link metadata made by the real ``in-toto-run``
(classic and ``--use-dsse``), and SLSA provenance in a DSSE envelope signed with
securesystemslib, each imported with the signer's public key (``--verify-key``),
and refused when the signature does not verify."""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from securesystemslib.dsse import Envelope
from securesystemslib.signer import CryptoSigner  # type: ignore[attr-defined]  # re-exported, no __all__

from .conftest import ROSTER, Import, events
from .test_slsa import COMMIT, statement

BIN = Path(sys.executable).parent
PRIVATE = ser.PrivateFormat.PKCS8
PEM = ser.Encoding.PEM


def keys(
    folder: Path, name: str, key: ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey
) -> None:
    (folder / f"{name}.pem").write_bytes(key.private_bytes(PEM, PRIVATE, ser.NoEncryption()))
    public = key.public_key().public_bytes(PEM, ser.PublicFormat.SubjectPublicKeyInfo)
    (folder / f"{name}.pub").write_bytes(public)


@pytest.fixture
def build(tmp_path: Path) -> Path:
    """A folder with a source file, the CI's key pair and an intruder's."""
    (tmp_path / "app.py").write_text("print('level 4')\n", "utf-8")
    keys(tmp_path, "ci", ed25519.Ed25519PrivateKey.generate())
    keys(tmp_path, "eve", ed25519.Ed25519PrivateKey.generate())
    return tmp_path


def in_toto_run(folder: Path, name: str, *command: str, dsse: bool = True) -> Path:
    """Run ``in-toto-run`` as a CI step would, and return the link it wrote."""
    subprocess.run(
        [str(BIN / "in-toto-run"), "-n", name, "--signing-key", "ci.pem",
         *(["--use-dsse"] if dsse else []), "-m", "app.py", "-p", "dist", "--", *command],
        cwd=folder, capture_output=True, check=False,
    )  # fmt: skip
    (link,) = folder.glob(f"{name}.*.link")
    return link


PACKAGE = ("sh", "-c", "mkdir -p dist && cp app.py dist/app.pyz")


def link_args(link: Path, folder: Path, key: str = "ci.pub") -> list[str]:
    return [
        str(link), "--actor", "ci", "--subject", COMMIT, "--verify-key", str(folder / key),
        "--roster", str(ROSTER),
    ]  # fmt: skip


@pytest.mark.parametrize("dsse", [True, False], ids=["dsse", "classic"])
def test_a_signed_link_is_a_build_of_its_products(
    dsse: bool, build: Path, run_import: Import, record: Path
) -> None:
    link = in_toto_run(build, "package", *PACKAGE, dsse=dsse)
    code, out, err = run_import("in-toto-link", *link_args(link, build))
    assert (code, err) == (0, ""), out
    (event,) = events(record)
    digest = "sha256:" + hashlib.sha256(b"print('level 4')\n").hexdigest()
    assert (event.stage, event.actor, event.outcome, event.subject, event.produces) == (
        "build", "ci", "done", COMMIT, (digest,),
    )  # fmt: skip
    how = "a DSSE envelope" if dsse else "in-toto metadata"
    assert event.note.splitlines()[:2] == [
        "in-toto: step 'package': sh -c mkdir -p dist && cp app.py dist/app.pyz returned 0",
        f"{how}, 1 signature verified; 1 material, 1 product",
    ]
    again = run_import("in-toto-link", *link_args(link, build))
    assert again[1].splitlines()[-1].startswith("nothing to append")


def test_a_step_whose_command_failed_is_a_failed_build(
    build: Path, run_import: Import, record: Path
) -> None:
    link = in_toto_run(build, "package", "sh", "-c", "mkdir -p dist; exit 3")
    assert run_import("in-toto-link", *link_args(link, build))[0] == 0
    (event,) = events(record)
    assert (event.outcome, event.produces) == ("failed", ())


def test_a_link_signed_by_another_key_is_refused(
    build: Path, run_import: Import, record: Path
) -> None:
    link = in_toto_run(build, "package", *PACKAGE)
    before = record.read_bytes()
    code, out, err = run_import("in-toto-link", *link_args(link, build, "eve.pub"))
    assert (code, out) == (2, "")
    assert err == (
        f"sdlc: {link}:1:{err.split(':')[3]}: not signed by the key {build}/eve.pub: none of its "
        "1 signatures verifies\n  hint: import only what its builder signed: check you have the "
        "builder's public key, and that the file was not changed\n"
    ).replace(str(build), "<tmp>")
    assert record.read_bytes() == before


@pytest.mark.parametrize("dsse", [True, False], ids=["dsse", "classic"])
def test_a_link_changed_after_signing_is_refused(
    dsse: bool, build: Path, run_import: Import, record: Path
) -> None:
    """The attack: swap the product's digest for that of another artifact."""
    link = in_toto_run(build, "package", *PACKAGE, dsse=dsse)
    data = json.loads(link.read_text("utf-8"))
    other = "0" * 64
    if dsse:
        body = json.loads(base64.b64decode(data["payload"]))
        body["products"]["dist/app.pyz"]["sha256"] = other
        data["payload"] = base64.b64encode(json.dumps(body).encode()).decode()
    else:
        data["signed"]["products"]["dist/app.pyz"]["sha256"] = other
    link.write_text(json.dumps(data), "utf-8")
    code, out, err = run_import("in-toto-link", *link_args(link, build))
    assert (code, out) == (2, "")
    assert "not signed by the key <tmp>/ci.pub: none of its 1 signatures verifies" in err
    assert events(record) == ()


def envelope_of(
    data: dict[str, object], key: ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey
) -> dict[str, object]:
    """The statement in a DSSE envelope signed by securesystemslib, as a builder would."""
    envelope = Envelope(json.dumps(data).encode(), "application/vnd.in-toto+json", {})
    envelope.sign(CryptoSigner(key))
    signed: dict[str, object] = envelope.to_dict()
    return signed


@pytest.mark.parametrize("curve", ["ed25519", "ecdsa-p256"])
def test_provenance_signed_by_the_builder_is_imported_and_says_so(
    curve: str, run_import: Import, record: Path, tmp_path: Path
) -> None:
    key = (
        ed25519.Ed25519PrivateKey.generate()
        if curve == "ed25519"
        else ec.generate_private_key(ec.SECP256R1())
    )
    keys(tmp_path, "builder", key)
    path = tmp_path / "provenance.dsse.json"
    path.write_text(json.dumps(envelope_of(statement(), key)), "utf-8")
    code, _, err = run_import(
        "slsa-provenance", str(path), "--verify-key", str(tmp_path / "builder.pub"),
        "--roster", str(ROSTER),
    )  # fmt: skip
    assert (code, err) == (0, "")
    (event,) = events(record)
    assert event.note.splitlines()[1] == (
        "a DSSE envelope with 1 signature, 1 verified with the key builder.pub; built "
        "6dcb09b5b578 into sha256:32b8f63fd6a4"
    )


def test_provenance_signed_by_someone_else_is_refused(
    run_import: Import, record: Path, tmp_path: Path
) -> None:
    keys(tmp_path, "builder", ed25519.Ed25519PrivateKey.generate())
    path = tmp_path / "provenance.dsse.json"
    forged = envelope_of(statement(), ed25519.Ed25519PrivateKey.generate())
    path.write_text(json.dumps(forged, indent=1), "utf-8")
    code, out, err = run_import(
        "slsa-provenance", str(path), "--verify-key", str(tmp_path / "builder.pub"),
        "--roster", str(ROSTER),
    )  # fmt: skip
    assert (code, out, events(record)) == (2, "", ())
    assert err == (
        "sdlc: <tmp>/provenance.dsse.json:4:16: not signed by the key <tmp>/builder.pub: none "
        "of its 1 signatures verifies\n  hint: import only what its builder signed: check you "
        "have the builder's public key, and that the file was not changed\n"
    )


def test_a_bare_statement_cannot_pass_for_a_signed_one(
    run_import: Import, record: Path, tmp_path: Path
) -> None:
    keys(tmp_path, "builder", ed25519.Ed25519PrivateKey.generate())
    path = tmp_path / "provenance.json"
    path.write_text(json.dumps(statement()), "utf-8")
    assert run_import(
        "slsa-provenance", str(path), "--verify-key", str(tmp_path / "builder.pub"),
        "--roster", str(ROSTER),
    ) == (
        2,
        "",
        "sdlc: <tmp>/provenance.json:1:1: a bare statement carries no signature, so it cannot "
        "be signed by <tmp>/builder.pub\n  hint: import the DSSE envelope (or Sigstore bundle) "
        "the builder signed\n",
    )  # fmt: skip


def test_a_key_file_that_is_no_key_is_refused(run_import: Import, tmp_path: Path) -> None:
    (tmp_path / "key.pub").write_text("not a key\n", "utf-8")
    path = tmp_path / "provenance.json"
    path.write_text(json.dumps(statement()), "utf-8")
    assert run_import(
        "slsa-provenance",
        str(path),
        "--verify-key",
        str(tmp_path / "key.pub"),
    ) == (
        2,
        "",
        "sdlc: --verify-key <tmp>/key.pub: not a PEM key (expected -----BEGIN PUBLIC KEY-----, "
        "an Ed25519, ECDSA or RSA key as in-toto and cosign write them)\n",
    )


def _broken(folder: Path, name: str, data: object) -> str:
    path = folder / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, indent=1), "utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("truncated.link", '{"signed": {"_type": "link"', "not valid JSON: Expecting"),
        (
            "statement.link",
            {"signed": {"_type": "https://in-toto.io/Statement/v1"}, "signatures": []},
            'at signed._type: expected "link", found "https://in-toto.io/Statement/v1"',
        ),
        (
            "no-digest.link",
            {"signed": {"_type": "link", "name": "build", "products": {"a.tar": {"md5": "x"}}}},
            "at signed.products.a.tar: no sha256 digest",
        ),
        (
            "other-payload.link",
            {"payloadType": "text/plain", "payload": "", "signatures": []},
            'at payloadType: expected "application/vnd.in-toto+json", found "text/plain"',
        ),
        (
            "not-base64.link",
            {"payloadType": "application/vnd.in-toto+json", "payload": "%%", "signatures": []},
            "at payload: expected the link in base64",
        ),
        ("no-signed.link", {"signatures": []}, "'signed' is missing; expected the link"),
    ],
)
def test_a_broken_link_appends_nothing_and_says_where(
    name: str, data: object, message: str, run_import: Import, record: Path, tmp_path: Path
) -> None:
    path = _broken(tmp_path, name, data)
    code, out, err = run_import(
        "in-toto-link", path, "--actor", "ci", "--subject", COMMIT, "--roster", str(ROSTER)
    )
    assert (code, out) == (2, "")
    assert err.startswith(f"sdlc: <tmp>/{name}:"), err
    assert message in err.splitlines()[0], err
    assert events(record) == ()
