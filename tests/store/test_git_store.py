"""The git store: records on refs of a real repository, written with a
compare-and-swap, read back as they were written, and failures told plainly."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from sdlc.errors import InputError
from sdlc.integrity.chain import event_hash
from sdlc.model.record import Event
from sdlc.store.address import open_store
from sdlc.store.appending import append_to, create_in
from sdlc.store.folder import FolderStore
from sdlc.store.git_runner import scrub
from sdlc.store.git_store import GitStore
from sdlc.store.stored import Conflict

from .conftest import event, git, record


@pytest.fixture(params=["local", "remote"])
def store(request: pytest.FixtureRequest, bare: Path, tmp_path: Path) -> GitStore:
    """The bare repository as a local repository (update-ref) or a remote (push)."""
    address = f"git+{bare}" if request.param == "local" else f"git+file://{bare}"
    opened = open_store(address, cache=tmp_path / "clone")
    assert isinstance(opened, GitStore)
    return opened


def test_each_append_is_a_commit_on_the_records_own_ref(store: GitStore, bare: Path) -> None:
    create_in(store, "EID-1.yaml", record())
    for n in range(3):
        done = append_to(store, "EID-1", event(f"n{n}"))
        assert done.number == n + 1
    log = git(bare, "log", "--format=%s", "refs/sdlc/records/EID-1").splitlines()
    assert log == [
        "EID-1: event #3 build by ci",
        "EID-1: event #2 build by ci",
        "EID-1: event #1 build by ci",
        "EID-1: start the record",
    ]
    assert git(bare, "ls-tree", "--name-only", "refs/sdlc/records/EID-1") == "EID-1.yaml"
    assert f"Sdlc-Head: {done.head}" in git(
        bare, "log", "-1", "--format=%B", "refs/sdlc/records/EID-1"
    )
    stored = store.read("EID-1")
    assert stored is not None
    assert stored.name == "EID-1.yaml"
    assert stored.text.count("- stage: build") == 3
    assert store.names() == ["EID-1.yaml"]


def test_a_write_over_a_version_that_moved_on_is_a_conflict(store: GitStore) -> None:
    create_in(store, "EID-1.json", record())
    first = store.read("EID-1")
    assert first is not None
    append_to(store, "EID-1", event("other writer"))
    with pytest.raises(Conflict):
        store.write("EID-1.json", first.text, first.version, "EID-1: stale\n")


def test_an_append_that_loses_the_race_is_appended_again_on_the_new_end(
    store: GitStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_in(store, "EID-1.json", record())
    real = store.write
    raced: list[str] = []

    def racing(name: str, text: str, expected: str | None, note: str) -> str:
        if not raced:  # another runner appends between this one's read and write
            raced.append(real(name, text.replace("mine", "theirs"), expected, note))
        return real(name, text, expected, note)

    monkeypatch.setattr(store, "write", racing)
    done = append_to(store, "EID-1", event("mine"))
    assert done.number == 2
    stored = store.read("EID-1")
    assert stored is not None
    events = json.loads(stored.text)["events"]
    assert [e["note"] for e in events] == ["theirs", "mine"]
    assert events[1]["prev"] == event_hash(Event.model_validate(events[0]))


def test_an_append_stops_after_its_tries_with_a_clear_error(
    store: GitStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_in(store, "EID-1.json", record())

    def always_late(name: str, text: str, expected: str | None, note: str) -> str:
        raise Conflict("stale info")

    monkeypatch.setattr(store, "write", always_late)
    with pytest.raises(InputError) as caught:
        append_to(store, "EID-1", event(), tries=3)
    assert caught.value.user_message() == (
        f"{store.address}#EID-1: gave up after 3 tries: other writers appended to the record "
        "each time between this one's read and its write\n"
        "  hint: try again; if it keeps happening, fewer jobs should append at once, or "
        "append with more tries"
    )


def test_a_record_is_started_once(store: GitStore) -> None:
    create_in(store, "EID-1.yaml", record())
    with pytest.raises(InputError, match="the record already exists"):
        create_in(store, "EID-1.yaml", record())


def test_a_record_not_in_the_store_is_said_so(store: GitStore) -> None:
    assert store.read("EID-404") is None
    with pytest.raises(InputError) as caught:
        append_to(store, "EID-404", event())
    assert caught.value.user_message().startswith(
        f"{store.address}#EID-404: no such record in the store"
    )


def test_a_refusal_that_is_no_race_is_not_retried(bare: Path, tmp_path: Path) -> None:
    """A server hook that declines the push is told as such, at once."""
    store = open_store(f"git+file://{bare}", cache=tmp_path / "clone")
    create_in(store, "EID-1.yaml", record())
    hook = bare / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'records are read-only today' >&2\nexit 1\n")
    hook.chmod(hook.stat().st_mode | stat.S_IEXEC)
    with pytest.raises(InputError) as caught:
        append_to(store, "EID-1", event())
    assert caught.value.user_message().splitlines()[0] == (
        f"git+file://{bare}: the repository refused the record's new version: "
        "[remote rejected] (pre-receive hook declined): records are read-only today"
    )


def test_credentials_in_an_address_are_never_shown(tmp_path: Path) -> None:
    store = open_store(
        "git+https://ci:s3cr3t-token@127.0.0.1:9/records.git", cache=tmp_path / "clone"
    )
    assert store.address == "git+https://127.0.0.1:9/records.git"
    with pytest.raises(InputError) as caught:
        store.read("EID-1")
    assert "s3cr3t" not in caught.value.user_message()
    assert caught.value.user_message().startswith(
        "git+https://127.0.0.1:9/records.git: cannot fetch the records: "
    )
    assert (
        scrub("fatal: https://u:p@host/x and ssh://me@h/y") == "fatal: https://host/x and ssh://h/y"
    )


@pytest.mark.parametrize(
    ("address", "message"),
    [
        (
            "https://host/records.git",
            "--store 'https://host/records.git': a URL needs 'git+' before it, like git+https://…",
        ),
        (
            "git+ftp://host/records.git",
            "--store 'git+ftp://host/records.git': git cannot reach 'ftp://'",
        ),
        ("no-such-folder", "no-such-folder: no such folder of records"),
    ],
)
def test_an_address_that_names_no_store_is_refused(address: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        open_store(address)
    assert caught.value.user_message().splitlines()[0] == message


def test_a_local_path_that_is_no_repository_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        open_store(f"git+{tmp_path}")
    assert caught.value.user_message().splitlines()[0] == f"git+{tmp_path}: not a git repository"


def test_an_id_that_makes_no_ref_name_is_refused(store: GitStore) -> None:
    with pytest.raises(InputError, match="is not a record id a git store can hold"):
        store.read("EID..1")


def test_the_folder_store_swaps_only_over_the_version_read(tmp_path: Path) -> None:
    folder = open_store(str(tmp_path))
    assert isinstance(folder, FolderStore)
    create_in(folder, "EID-1.yaml", record())
    before = folder.read("EID-1.yaml")
    assert before is not None
    append_to(folder, "EID-1.yaml", event("one"))
    with pytest.raises(Conflict):
        folder.write("EID-1.yaml", before.text, before.version, "")
    assert folder.names() == ["EID-1.yaml"]
    assert "one" in (tmp_path / "EID-1.yaml").read_text()


def test_a_clone_left_locked_by_a_killed_writer_is_used_again(bare: Path, tmp_path: Path) -> None:
    store = open_store(f"git+file://{bare}", cache=tmp_path / "clone")
    create_in(store, "EID-1.yaml", record())
    assert store.read("EID-1") is not None
    stale = tmp_path / "clone" / "refs" / "sdlc" / "fetched" / "EID-1.lock"
    stale.write_text("")  # as a writer killed inside git update-ref leaves it
    assert append_to(store, "EID-1", event()).number == 1
    assert not stale.exists()
    assert os.listdir(tmp_path / "clone" / "refs" / "sdlc" / "fetched") == ["EID-1"]


def test_a_runner_may_work_in_its_own_checkout(
    bare: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``SDLC_STORE_CLONE`` names the repository to work in (a CI checkout, whose
    configuration holds the runner's credentials)."""
    checkout = tmp_path / "checkout"
    git(checkout / ".git", "init", "-q", str(checkout))
    monkeypatch.setenv("SDLC_STORE_CLONE", str(checkout / ".git"))
    store = open_store(f"git+file://{bare}")
    create_in(store, "EID-1.yaml", record())
    append_to(store, "EID-1", event())
    assert git(checkout / ".git", "rev-parse", "refs/sdlc/seen/EID-1") == git(
        bare, "rev-parse", "refs/sdlc/records/EID-1"
    )
