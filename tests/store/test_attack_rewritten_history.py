"""Attacks on a record's history in a git store: someone with push access rewrites
the record (a rejected review turned into an approval, a failed test run dropped),
re-chains it so the hash chain reads as intact, and force-pushes. ``sdlc record
verify --store`` must report the event and the commit, and an honest writer must
refuse to append on top."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from sdlc.errors import InputError
from sdlc.integrity.chain import event_hash, header_hash
from sdlc.model.record import Event, Record
from sdlc.store.address import default_cache, open_store
from sdlc.store.appending import append_to, create_in

from ..conftest import RunCli
from .conftest import event, git, record


def _honest(bare: Path, clone: Path) -> list[str]:
    """A record of three events, appended through ``clone``; its commits, oldest first."""
    store = open_store(f"git+file://{bare}", cache=clone)
    create_in(store, "EID-1.json", record())
    append_to(store, "EID-1", event("built"))
    append_to(store, "EID-1", event("reviewed", stage="code-review", outcome="rejected"))
    append_to(store, "EID-1", event("tested", stage="unit-tests"))
    return git(bare, "rev-list", "--reverse", "refs/sdlc/records/EID-1").split()


def _forged(bare: Path, keep: int | None = None) -> str:
    """The current record with the review turned into an approval (or, with ``keep``,
    only its first ``keep`` events), re-chained so that the chain reads as intact."""
    data = json.loads(git(bare, "cat-file", "blob", "refs/sdlc/records/EID-1:EID-1.json"))
    events = data["events"] if keep is None else data["events"][:keep]
    if keep is None:
        events[1]["outcome"] = "approved"
    top = header_hash(Record.model_validate({**data, "events": []}))
    for item in events:
        item["prev"] = top
        top = event_hash(Event.model_validate(item))
    return json.dumps({**data, "events": events}, indent=2) + "\n"


def _commit(bare: Path, text: str, parent: str | None) -> str:
    blob = git(bare, "hash-object", "-w", "--stdin", stdin=text)
    tree = git(bare, "mktree", stdin=f"100644 blob {blob}\tEID-1.json\n")
    parents = ["-p", parent] if parent else []
    env = {"GIT_AUTHOR_NAME": "mallory", "GIT_AUTHOR_EMAIL": "m@example.com"}
    env |= {"GIT_COMMITTER_NAME": "mallory", "GIT_COMMITTER_EMAIL": "m@example.com"}
    done = subprocess.run(
        ["git", "--git-dir", str(bare), "commit-tree", tree, *parents, "-m", "tidy up"],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", **env},
    )
    return done.stdout.strip()


def _force(bare: Path, commit: str) -> None:
    """What ``git push --force`` to the ref does on the host."""
    git(bare, "update-ref", "refs/sdlc/records/EID-1", commit)


def _verify(run_cli: RunCli, bare: Path, clone: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SDLC_STORE_CACHE", str(clone.parent))
    code, out, err = run_cli("record", "verify", "--store", f"git+file://{bare}", "EID-1")
    assert (code, err) == (1, "")
    return out


def _clone_of(bare: Path, base: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The clone the store keeps for ``bare`` under ``base`` (``$SDLC_STORE_CACHE``)."""
    monkeypatch.setenv("SDLC_STORE_CACHE", str(base))
    return default_cache(f"git+file://{bare}")


def test_a_forged_version_pushed_on_top_names_the_event_and_the_commit(
    run_cli: RunCli, bare: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clone = _clone_of(bare, tmp_path / "cache", monkeypatch)
    commits = _honest(bare, clone)
    forged = _commit(bare, _forged(bare), commits[-1])
    _force(bare, forged)
    out = _verify(run_cli, bare, tmp_path / "fresh" / "clone", monkeypatch)
    assert out.splitlines()[1] == (
        f"  EID-1.json:14  error I006 rewritten-history  record EID-1, event #2 'code-review' by "
        f"ci: commit {forged[:12]} changed this event of the version before it (commit "
        f"{commits[-1][:12]})"
    )


def test_a_history_rewritten_from_scratch_is_caught_by_a_clone_that_saw_it(
    run_cli: RunCli, bare: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every version re-made with the approval: the new history is consistent in
    itself, but the runner's clone remembers the version it appended."""
    clone = _clone_of(bare, tmp_path / "cache", monkeypatch)
    commits = _honest(bare, clone)
    text = _forged(bare)
    data = json.loads(text)
    tip = None
    for count in range(len(data["events"]) + 1):
        tip = _commit(bare, json.dumps({**data, "events": data["events"][:count]}), tip)
    assert tip is not None
    _force(bare, tip)
    out = _verify(run_cli, bare, clone, monkeypatch)
    assert out.splitlines()[1] == (
        f"  EID-1.json:1  error I006 rewritten-history  record EID-1, event #2 'code-review' by "
        f"ci: the ref, force-pushed or reset to commit {tip[:12]}, changed this event of the "
        f"version seen earlier (commit {commits[-1][:12]})"
    )
    store = open_store(f"git+file://{bare}", cache=clone)
    with pytest.raises(InputError) as caught:
        append_to(store, "EID-1", event("deployed", stage="deployment"))
    assert caught.value.user_message().splitlines()[0] == (
        f"git+file://{bare}#EID-1: the record's history was rewritten since this clone last "
        "read it: a version it saw is no longer in the history, so nothing is appended on top"
    )


def test_a_ref_reset_to_drop_the_last_event_is_caught_in_a_local_repository(
    run_cli: RunCli, bare: Path, tmp_path: Path
) -> None:
    """A local repository remembers in the ref's log; the failed test run is dropped
    by resetting the ref and appending a new event after it."""
    store = open_store(f"git+{bare}")
    create_in(store, "EID-1.json", record())
    append_to(store, "EID-1", event("built"))
    append_to(store, "EID-1", event("failed", stage="unit-tests", outcome="failed"))
    before = git(bare, "rev-parse", "refs/sdlc/records/EID-1")
    _force(bare, git(bare, "rev-parse", "refs/sdlc/records/EID-1~1"))
    append_to(store, "EID-1", event("passed", stage="unit-tests"))
    tip = git(bare, "rev-parse", "refs/sdlc/records/EID-1")
    code, out, err = run_cli("record", "verify", "--store", f"git+{bare}")
    assert (code, err) == (1, "")
    assert out.splitlines()[1] == (
        f"  EID-1.json:14  error I006 rewritten-history  record EID-1, event #2 'unit-tests' by "
        f"ci: the ref, force-pushed or reset to commit {tip[:12]}, changed this event of the "
        f"version seen earlier (commit {before[:12]})"
    )


def test_a_forged_version_that_drops_the_last_event_names_it(
    run_cli: RunCli, bare: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clone = _clone_of(bare, tmp_path / "cache", monkeypatch)
    commits = _honest(bare, clone)
    forged = _commit(bare, _forged(bare, keep=2), commits[-1])
    _force(bare, forged)
    out = _verify(run_cli, bare, tmp_path / "fresh" / "clone", monkeypatch)
    assert out.splitlines()[1] == (
        f"  EID-1.json:1  error I006 rewritten-history  record EID-1, event #3 'unit-tests' by "
        f"ci: commit {forged[:12]} dropped this event, which the version before it (commit "
        f"{commits[-1][:12]}) held"
    )


def test_a_deleted_record_is_reported_by_a_clone_that_saw_it(
    run_cli: RunCli, bare: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clone = _clone_of(bare, tmp_path / "cache", monkeypatch)
    commits = _honest(bare, clone)
    other = open_store(f"git+file://{bare}", cache=clone)
    create_in(other, "EID-2.json", record("EID-2"))
    git(bare, "update-ref", "-d", "refs/sdlc/records/EID-1")
    monkeypatch.setenv("SDLC_STORE_CACHE", str(clone.parent))
    code, out, err = run_cli("record", "verify", "--store", f"git+file://{bare}")
    assert (code, err) == (1, "")
    assert out.splitlines()[1:3] == [
        "EID-1: not compliant, 1 finding",
        f"  EID-1  error I006 rewritten-history  record EID-1: its ref refs/sdlc/records/EID-1 was "
        f"deleted; this clone saw it at commit {commits[-1][:12]}",
    ]


def test_a_version_built_to_crash_the_reader_is_a_finding(
    run_cli: RunCli, bare: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A version deep enough to exhaust a recursive parser, slipped into the history
    under a good version, is reported as unreadable; nothing crashes."""
    clone = _clone_of(bare, tmp_path / "cache", monkeypatch)
    commits = _honest(bare, clone)
    good = git(bare, "cat-file", "blob", "refs/sdlc/records/EID-1:EID-1.json") + "\n"
    bomb = _commit(bare, "[" * 200_000 + "]" * 200_000, commits[-1])
    _force(bare, _commit(bare, good, bomb))
    out = _verify(run_cli, bare, tmp_path / "fresh" / "clone", monkeypatch)
    assert out.splitlines()[1] == (
        f"  EID-1.json:1  error I006 rewritten-history  record EID-1: commit {bomb[:12]} holds "
        "no readable record (EID-1.json:1:1001: nested more deeply than the limit of 100 "
        f"levels), unlike the version before it (commit {commits[-1][:12]})"
    )
