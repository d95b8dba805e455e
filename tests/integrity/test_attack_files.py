"""Attacks on the record writer through the file system: deleting whatever lock file
there is while writers run, record paths that are symbolic links, and files planted
where the writer keeps its temporary files. Each test performs the attack and checks
the refusal (with its exact message) or that the outcome is safe."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sdlc.errors import InputError
from sdlc.integrity.verification import IntegrityOptions, verify
from sdlc.integrity.writer import append, create
from sdlc.load.loaders import load_record
from sdlc.model.record import Event
from sdlc.model.roster import Roster

from ..conftest import ROOT, RunCli
from ..signed_records import rework, with_keys

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX links and locks")

SUBJECT = "e16f242821aeb85e085c2ec0e67a20b6db30f360"
APPEND = ("--stage", "unit-tests", "--actor", "ci", "--subject", SUBJECT)


def _event(note: str) -> Event:
    return Event.model_validate(
        {"stage": "unit-tests", "actor": "ci", "at": "2026-03-09T10:33:00+01:00",
         "subject": SUBJECT, "note": note}
    )  # fmt: skip


def _empty(path: Path) -> None:
    create(path, rework().model_copy(update={"events": ()}))


def _run(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


# -- deleting the lock -------------------------------------------------------------------------

WRITER = """
import hashlib, sys, time
from pathlib import Path
from sdlc.model.record import Event
from sdlc.integrity.writer import append
from sdlc.integrity.signing import SigningKey, from_seed

path, name, count, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
key = SigningKey("ci-2026", from_seed(hashlib.sha256(b"sdlc example key: ci").digest()))
while not go.exists():
    time.sleep(0.001)
for i in range(count):
    done = append(path, Event(
        stage="unit-tests", actor="ci", at="2026-03-09T10:33:00+01:00",
        subject="e16f242821aeb85e085c2ec0e67a20b6db30f360", note=f"{name}-{i}",
    ), key=key, timeout=120)
    print(f"{name}-{i} {done.number}", flush=True)  # acknowledged: event number done.number
"""

DELETER = """
import os, sys, time
from pathlib import Path

folder, go, stop = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
deleted = 0
while not go.exists():
    time.sleep(0.001)
while not stop.exists():
    for name in os.listdir(folder):  # whatever lock file there is, the moment it is there
        if "lock" in name.lower():
            try:
                os.unlink(folder / name)
                deleted += 1
            except OSError:
                pass
print(deleted, flush=True)
"""


def test_deleting_the_lock_mid_run_loses_no_acknowledged_append(
    tmp_path: Path, eid_roster: Roster
) -> None:
    folder = tmp_path / "changes"
    folder.mkdir()
    path = folder / "EID-2417.json"
    _empty(path)
    go, stop = tmp_path / "go", tmp_path / "stop"
    workers, each = 6, 120
    writers = [_run(WRITER, str(path), f"w{n}", str(each), str(go)) for n in range(workers)]
    deleter = _run(DELETER, str(folder), str(go), str(stop))
    go.touch()
    acknowledged: dict[str, int] = {}
    try:
        for writer in writers:
            out, err = writer.communicate(timeout=300)
            assert writer.returncode == 0, err
            for line in out.splitlines():
                note, number = line.split()
                acknowledged[note] = int(number)
    finally:
        stop.touch()
        deleter.communicate(timeout=60)
    assert deleter.returncode == 0
    assert len(acknowledged) == workers * each
    record = load_record(path)
    notes = [e.note for e in record.events]
    # every acknowledged append is there, exactly once, at the number it was told
    assert sorted(notes) == sorted(acknowledged)
    assert {note: notes.index(note) + 1 for note in notes} == acknowledged
    assert verify(record, roster=with_keys(eid_roster),
                  options=IntegrityOptions(require_chain=True)) == []  # fmt: skip
    assert sorted(p.name for p in folder.iterdir()) == ["EID-2417.json"]


# -- symbolic links ----------------------------------------------------------------------------


def test_a_link_inside_its_folder_is_written_through_and_kept(
    tmp_path: Path, run_cli: RunCli
) -> None:
    path = tmp_path / "EID-2417.yaml"
    _empty(path)
    link = tmp_path / "current.yaml"
    link.symlink_to("EID-2417.yaml")
    append(link, _event("through the link"))
    assert run_cli("record", "append", str(link), *APPEND, "--note", "by the CLI")[0] == 0
    assert link.is_symlink()
    assert os.readlink(link) == "EID-2417.yaml"
    assert [e.note for e in load_record(path).events] == ["through the link", "by the CLI"]
    assert verify(load_record(path), options=IntegrityOptions(require_chain=True)) == []
    # a new record through a link that leads nowhere yet creates the file it names
    fresh = tmp_path / "next.yaml"
    fresh.symlink_to("sub/EID-2418.yaml")
    (tmp_path / "sub").mkdir()
    create(fresh, rework().model_copy(update={"id": "EID-2418", "events": ()}))
    assert fresh.is_symlink()
    assert (tmp_path / "sub" / "EID-2418.yaml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "EID-2417.yaml", "current.yaml", "next.yaml", "sub",
    ]  # fmt: skip


def test_writers_through_a_link_and_through_the_file_take_the_same_lock(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    path = archive / "EID-2417.json"
    _empty(path)
    link = tmp_path / "current.json"  # in another folder than the file it leads to
    link.symlink_to("archive/EID-2417.json")
    go, each = tmp_path / "go", 60
    writers = [
        _run(WRITER, str(p), name, str(each), str(go)) for p, name in [(link, "l"), (path, "f")]
    ]
    go.touch()
    acknowledged: dict[str, int] = {}
    for writer in writers:
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
        for line in out.splitlines():
            note, number = line.split()
            acknowledged[note] = int(number)
    notes = [e.note for e in load_record(path).events]
    assert {note: n for n, note in enumerate(notes, 1)} == acknowledged
    assert len(notes) == 2 * each
    assert link.is_symlink()


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside the records' folder, that a record path must not overwrite."""
    (tmp_path / "changes").mkdir()
    (tmp_path / "elsewhere").mkdir()
    victim = tmp_path / "elsewhere" / "authorized_keys"
    victim.write_text("ssh-ed25519 AAAA... admin\n")
    return victim


def test_a_link_leading_outside_its_folder_is_refused(
    tmp_path: Path, outside: Path, run_cli: RunCli
) -> None:
    changes = tmp_path / "changes"
    link = changes / "EID-2417.yaml"
    link.symlink_to("../elsewhere/authorized_keys")
    message = (
        f"{link}: the record is a symbolic link to {outside}, outside the link's folder; "
        "expected the record file, or a link to a record in the same folder\n"
        f"  hint: give the record's own path, or move the record into {changes}/ and link to "
        "it there"
    )
    with pytest.raises(InputError) as refused:
        append(link, _event("overwrite"))
    assert str(refused.value) == message
    with pytest.raises(InputError) as refused:
        create(link, rework().model_copy(update={"events": ()}))
    assert str(refused.value) == message
    code, out, err = run_cli("record", "append", str(link), *APPEND)
    assert (code, out, err) == (2, "", f"sdlc: {message}\n")
    code, out, err = run_cli(
        "record", "new", str(link), "--id", "EID-2417", "--process", "eid-gateway@3.0"
    )
    assert (code, out, err) == (2, "", f"sdlc: {message}\n")
    assert outside.read_text() == "ssh-ed25519 AAAA... admin\n"
    assert os.readlink(link) == "../elsewhere/authorized_keys"
    assert sorted(p.name for p in tmp_path.glob("*/*")) == ["EID-2417.yaml", "authorized_keys"]


def test_links_that_hop_outside_or_go_round_are_refused(
    tmp_path: Path, outside: Path, run_cli: RunCli
) -> None:
    changes = tmp_path / "changes"
    (changes / "hop.yaml").symlink_to(outside)  # absolute, outside
    (changes / "EID-1.yaml").symlink_to("hop.yaml")  # inside, but it goes on to outside
    code, _, err = run_cli("record", "append", str(changes / "EID-1.yaml"), *APPEND)
    assert code == 2
    assert err.startswith(f"sdlc: {changes / 'EID-1.yaml'}: the record is a symbolic link to "
                          f"{outside}, outside the link's folder;")  # fmt: skip
    new = ("--id", "EID-2", "--process", "eid-gateway@3.0")
    (changes / "EID-2.yaml").symlink_to("../elsewhere/new.yaml")  # leads to no file yet
    assert run_cli("record", "new", str(changes / "EID-2.yaml"), *new)[0] == 2
    assert not (tmp_path / "elsewhere" / "new.yaml").exists()
    (changes / "a.yaml").symlink_to("b.yaml")
    (changes / "b.yaml").symlink_to("a.yaml")
    code, out, err = run_cli("record", "append", str(changes / "a.yaml"), *APPEND)
    assert (code, out, err) == (
        2,
        "",
        f"sdlc: {changes / 'a.yaml'}: the record is a symbolic link that goes round in a circle "
        "of links\n  hint: replace the link with the record file, or point it at the record\n",
    )
    assert outside.read_text() == "ssh-ed25519 AAAA... admin\n"
    assert sorted(p.name for p in (tmp_path / "elsewhere").iterdir()) == ["authorized_keys"]


# -- the temporary files -----------------------------------------------------------------------


def test_things_planted_where_temporary_files_go_are_not_followed_or_read(
    tmp_path: Path, outside: Path, run_cli: RunCli
) -> None:
    from sdlc.load.records import record_files

    changes = tmp_path / "changes"
    path = changes / "EID-2417.yaml"
    _empty(path)
    (changes / ".EID-2417.yaml.a1b2c3d4.tmp").write_text("id: EID-9\nprocess: x@1\n")  # killed
    (changes / ".EID-2417.yaml.planted.tmp").symlink_to(outside)
    (changes / ".EID-2417.yaml.folder.tmp").mkdir()
    assert list(record_files([changes])) == [path]  # a left-over temporary is never a record
    assert run_cli("record", "append", str(path), *APPEND)[0] == 0
    assert len(load_record(path).events) == 1
    # the killed writer's file is gone; what no writer makes is left as it was
    assert sorted(p.name for p in changes.iterdir()) == [
        ".EID-2417.yaml.folder.tmp", ".EID-2417.yaml.planted.tmp", "EID-2417.yaml",
    ]  # fmt: skip
    assert outside.read_text() == "ssh-ed25519 AAAA... admin\n"
