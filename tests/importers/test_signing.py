"""A key signs its owner's imported events and no others; ``--dry-run`` writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sdlc.integrity.signing import from_seed, private_pem, public_base64

from .conftest import DATA, ROSTER, Import, events

FILES = [str(DATA / "github" / n) for n in ("pull.json", "reviews.json", "commits.json")]


@pytest.fixture
def keyed(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A roster with keys for Kari and CI, and both private keys."""
    kari, ci = from_seed(b"k" * 32), from_seed(b"c" * 32)
    roster = yaml.safe_load(ROSTER.read_text("utf-8"))
    for person in roster["people"]:
        key = {"kari-larsen": ("kari-2026", kari), "ci": ("ci-2026", ci)}.get(person["id"])
        if key is not None:
            person["keys"] = [{"id": key[0], "public_key": public_base64(key[1])}]
    path = tmp_path / "roster.yaml"
    path.write_text(yaml.safe_dump(roster), "utf-8")
    (tmp_path / "kari.pem").write_text(private_pem(kari), "utf-8")
    (tmp_path / "ci.pem").write_text(private_pem(ci), "utf-8")
    return path, tmp_path / "kari.pem", tmp_path / "ci.pem"


def test_a_reviewer_key_signs_only_the_reviewers_events(
    run_import: Import, record: Path, keyed: tuple[Path, Path, Path]
) -> None:
    roster, kari, _ = keyed
    code, out, err = run_import(
        "github-reviews", *FILES, "--roster", str(roster), "--key", str(kari)
    )
    assert (code, err) == (0, "")
    assert [(e.actor, e.signature.key if e.signature else None) for e in events(record)] == [
        ("ola-nordmann", None),
        ("kari-larsen", "kari-2026"),
        ("ola-nordmann", None),
    ]
    assert (
        "appended event #2 'code-review' by kari-larsen (signed with key kari-2026): review 80: "
        "approved 6dcb09b5b578"
    ) in out.splitlines()


def test_a_key_whose_owner_did_none_of_it_is_refused(
    run_import: Import, record: Path, keyed: tuple[Path, Path, Path]
) -> None:
    roster, _, ci = keyed
    before = record.read_bytes()
    assert run_import("github-reviews", *FILES, "--roster", str(roster), "--key", str(ci)) == (
        2,
        "",
        "sdlc: --key: the roster lists key 'ci-2026' for ci, who performed none of the events "
        "to import (by kari-larsen, ola-nordmann)\n",
    )
    assert record.read_bytes() == before


def test_a_dry_run_says_what_it_would_append_and_writes_nothing(
    run_import: Import, record: Path
) -> None:
    before = record.read_bytes()
    code, out, err = run_import("github-reviews", *FILES, "--roster", str(ROSTER), "--dry-run")
    assert (code, err) == (0, "")
    assert out.splitlines()[2:] == [
        "would append 'implementation' by ola-nordmann: commit 6dcb09b5b578 'Require level 4 "
        "for BankID'",
        "would append 'code-review' by kari-larsen: review 80: approved 6dcb09b5b578",
        "would append 'implementation' by ola-nordmann: commit 7638417db6d5 'Log the level used'",
        "dry run: 3 of 3 events would be appended to <tmp>/CH-1.yaml",
    ]
    assert record.read_bytes() == before
