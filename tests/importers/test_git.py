"""``sdlc record import git``: a real repository's commits as implementation
events, their authors found by e-mail in the roster's accounts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sdlc.importers.git_command import changed_files

from .conftest import ROSTER, Import, events
from .gitrepo import KARI, OLA, T0, commit, git, new_repo

HOUR = dt.timedelta(hours=1)


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, list[str]]:
    """A repository with a base commit and three more: Ola's, Kari's, Ola's."""
    path = new_repo(tmp_path / "gateway")
    base = commit(path, "Start the gateway", at=T0 - HOUR)
    shas = [
        commit(path, "Require level 4 for BankID", at=T0),
        commit(path, "Log the level used", by=KARI, at=T0 + HOUR),
        commit(path, "Test the level check", at=T0 + 2 * HOUR),
    ]
    return path, [base, *shas]


def test_each_commit_becomes_an_implementation_event_by_its_author(
    run_import: Import, record: Path, repo: tuple[Path, list[str]]
) -> None:
    path, (base, *shas) = repo
    code, out, err = run_import(
        "git", "--repo", str(path), "--range", f"{base}..main", "--roster", str(ROSTER)
    )
    assert (code, err) == (0, "")
    found = events(record)
    assert [(e.stage, e.actor, e.subject, e.at) for e in found] == [
        ("implementation", "ola-nordmann", shas[0], T0),
        ("implementation", "kari-larsen", shas[1], T0 + HOUR),
        ("implementation", "ola-nordmann", shas[2], T0 + 2 * HOUR),
    ]
    assert found[1].note.splitlines() == [
        "git: Log the level used",
        "author: Kari Larsen <Kari@Example.NO>",
        "touches 1 file",
        f"source: commit/{shas[1]}",
    ]
    assert [e.touches for e in found] == [
        ("require-level-4-for-bankid.txt",),
        ("log-the-level-used.txt",),
        ("test-the-level-check.txt",),
    ]
    assert out.splitlines()[0] == (
        f"appended event #1 'implementation' by ola-nordmann: commit {shas[0][:12]} "
        "'Require level 4 for BankID'"
    )


def test_importing_an_overlapping_range_adds_only_the_new_commits(
    run_import: Import, record: Path, repo: tuple[Path, list[str]]
) -> None:
    path, (base, *shas) = repo
    first = ("git", "--repo", str(path), "--range", f"{base}..{shas[1]}", "--roster", str(ROSTER))
    assert run_import(*first)[0] == 0
    code, out, _ = run_import(
        "git", "--repo", str(path), "--range", f"{base}..main", "--roster", str(ROSTER)
    )
    assert code == 0
    assert [line.split(":")[0] for line in out.splitlines()] == [
        "already in the record as event #1",
        "already in the record as event #2",
        "appended event #3 'implementation' by ola-nordmann",
        "imported 1 of 3 events from git into <tmp>/CH-1.yaml; head " + out.split()[-1],
    ]
    assert [e.subject for e in events(record)] == shas


def test_a_merge_commit_says_so(run_import: Import, record: Path, tmp_path: Path) -> None:
    path = new_repo(tmp_path / "gateway")
    base = commit(path, "Start", at=T0)
    git(path, "checkout", "-q", "-b", "feature")
    commit(path, "Feature", at=T0 + HOUR)
    git(path, "checkout", "-q", "main")
    commit(path, "Fix", by=KARI, at=T0 + HOUR)
    git(
        path, "merge", "-q", "--no-ff", "-m", "Merge feature", "feature",
        env={"GIT_AUTHOR_NAME": OLA[0], "GIT_AUTHOR_EMAIL": OLA[1],
             "GIT_COMMITTER_NAME": OLA[0], "GIT_COMMITTER_EMAIL": OLA[1],
             "GIT_AUTHOR_DATE": (T0 + 2 * HOUR).isoformat(),
             "GIT_COMMITTER_DATE": (T0 + 2 * HOUR).isoformat()},
    )  # fmt: skip
    assert (
        run_import("git", "--repo", str(path), "--range", f"{base}..main", "--roster", str(ROSTER))[
            0
        ]
        == 0
    )
    merge = events(record)[-1]
    assert "merges 2 parents" in merge.note.splitlines()
    assert merge.touches == ("feature.txt",), "what the merge brought in, against main"


def test_a_root_commit_touches_every_file_it_holds_in_every_folder(tmp_path: Path) -> None:
    path = new_repo(tmp_path / "gateway")
    (path / "src" / "session").mkdir(parents=True)
    (path / "src" / "session" / "store.py").write_text("x = 1\n", "utf-8")
    git(path, "add", "src")
    root = commit(path, "Start", at=T0)
    assert changed_files(path, root) == ("src/session/store.py", "start.txt")


@pytest.fixture
def stranger(repo: tuple[Path, list[str]]) -> str:
    return commit(repo[0], "Sneak in a change", by=("Eve", "eve@example.org"), at=T0 + 3 * HOUR)


def test_an_author_no_one_in_the_roster_is_refused_by_name(
    run_import: Import, record: Path, repo: tuple[Path, list[str]], stranger: str
) -> None:
    path, (base, *_) = repo
    before = record.read_bytes()
    code, out, err = run_import(
        "git", "--repo", str(path), "--range", f"{base}..main", "--roster", str(ROSTER)
    )
    assert (code, out) == (2, "")
    assert err == (
        f"sdlc: <tmp>/gateway: commit {stranger[:12]} by Eve <eve@example.org>: the email "
        f"account 'eve@example.org' is no one in the roster {ROSTER}\n"
        "  hint: add it to the person's entry there: accounts: {email: [ADDRESS]}\n"
    )
    assert record.read_bytes() == before


@pytest.mark.parametrize(
    ("span", "message"),
    [
        ("main", "sdlc: --range 'main': expected BASE..HEAD, e.g. main..feature or a1b2c3..HEAD\n"),
        (
            "--output=/tmp/x..main",
            "sdlc: --range '--output=/tmp/x..main': expected BASE..HEAD, e.g. main..feature or "
            "a1b2c3..HEAD\n",
        ),
        (
            "main...HEAD",
            "sdlc: --range 'main...HEAD': expected BASE..HEAD, e.g. main..feature "
            "or a1b2c3..HEAD\n",
        ),
        (
            "nope..main",
            "sdlc: <tmp>/gateway: git log nope..main failed: fatal: ambiguous argument "
            "'nope..main': unknown revision or path not in the working tree.\n  hint: give "
            "--repo a local clone that has both ends of the range (git fetch first)\n",
        ),
        (
            "main..main",
            "sdlc: <tmp>/gateway: the range main..main holds no commits\n  hint: is it the "
            "right way round (BASE..HEAD)?\n",
        ),
    ],
)
def test_a_bad_range_is_refused(
    run_import: Import, repo: tuple[Path, list[str]], span: str, message: str
) -> None:
    path = repo[0]
    code, out, err = run_import(
        "git", "--repo", str(path), f"--range={span}", "--roster", str(ROSTER)
    )
    assert (code, out, err) == (2, "", message)


def test_a_folder_that_is_no_repository_is_refused(run_import: Import, tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    code, _, err = run_import(
        "git", "--repo", str(tmp_path / "plain"), "--range", "a..b", "--roster", str(ROSTER)
    )
    assert code == 2
    assert err.startswith("sdlc: <tmp>/plain: git log a..b failed: fatal: not a git repository")


def test_without_a_roster_no_author_can_be_named(
    run_import: Import, repo: tuple[Path, list[str]]
) -> None:
    path, (base, *_) = repo
    assert run_import("git", "--repo", str(path), "--range", f"{base}..main") == (
        2,
        "",
        "sdlc: git needs --roster, to know which person each account is\n",
    )
