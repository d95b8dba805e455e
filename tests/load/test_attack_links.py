"""Attacks that try to make sdlc read, and show, a file the records do not hold: a record
file that is a link to a secret, in a folder or named; a link to a folder elsewhere;
a pipe or a device in a record's place. Each is refused before a byte behind it is
read, with one message that never quotes the secret."""

from __future__ import annotations

import os
import shutil
import sys
import threading
from pathlib import Path

import pytest

from sdlc.errors import InputError
from sdlc.load.json_lines import iter_json_line_bytes
from sdlc.load.loaders import load_record
from sdlc.load.records import LoadedRecord, load_records, record_files

from ..conftest import ROOT, RunCli

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links are POSIX")

BASE = ROOT / "tests" / "cases" / "bad-input" / "_base"
SECRET = "SECRET_TOKEN=hunter2-do-not-print"
REFUSED = (
    "is a symbolic link that leads outside its folder; sdlc follows a link only into the "
    "link's own folder or below it, so that a record cannot make it read other files\n"
    "  hint: give the path of the file or folder itself, or move it into the link's folder"
)
CHECK = ("--process", str(BASE / "process.yaml"), "--roster", str(BASE / "roster.yaml"))


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the records' folder that no record may show."""
    path = tmp_path / "home" / ".env"
    path.parent.mkdir()
    path.write_text(f"{SECRET}\n")
    return path


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    folder.mkdir()
    shutil.copy(BASE / "record.yaml", folder / "CHG-1.yaml")
    return folder


@pytest.mark.parametrize("name", ["evil.yaml", "evil.JSON", "evil.jsonl"])
def test_a_record_that_is_a_link_to_a_secret_is_refused_unread(
    run_cli: RunCli, records: Path, secret: Path, name: str
) -> None:
    link = records / name
    link.symlink_to(secret)
    code, out, err = run_cli("check", str(records), *CHECK)
    assert code == 2
    assert SECRET not in out + err
    assert "hunter2" not in out + err
    assert out.split("\n")[:3] == [
        f"{records / 'CHG-1.yaml'}: CHG-1 (risk low): compliant",
        f"{link}: line 1: unreadable",
        f"  {link}: " + REFUSED.split("\n")[0],
    ]
    assert out.endswith("checked 2 records: 1 compliant, 0 not compliant, 1 unreadable\n")
    # named on the command line, the link is refused just the same
    code, out, err = run_cli("record", "verify", str(link))
    assert (code, SECRET in out + err) == (2, False)
    assert f"  {link}: {REFUSED.split(chr(10))[0]}" in out


def test_every_way_in_refuses_the_same_link(records: Path, secret: Path) -> None:
    yaml_link, lines_link = records / "a.yaml", records / "b.jsonl"
    yaml_link.symlink_to(secret)
    lines_link.symlink_to(secret)
    with pytest.raises(InputError) as refused:
        load_record(yaml_link)
    assert refused.value.user_message() == f"{yaml_link}: {REFUSED}"
    with pytest.raises(InputError) as refused:
        list(iter_json_line_bytes(lines_link))  # how a batch of many processes reads it
    assert refused.value.user_message() == f"{lines_link}: {REFUSED}"
    errors = [r.error.user_message() for r in load_records([records]) if r.error is not None]
    assert errors == [f"{yaml_link}: {REFUSED}", f"{lines_link}: {REFUSED}"]
    # record_files gives the paths, and reading any of them refuses it again
    for path in record_files([records]):
        assert SECRET not in str([r.error for r in load_records([path])])


def test_a_link_that_hops_out_through_another_link_is_refused(records: Path, secret: Path) -> None:
    (records / "hop").symlink_to(secret)
    (records / "CHG-2.yaml").symlink_to("hop")  # inside, but it goes on to outside
    errors = [r.error for r in load_records([records]) if r.error is not None]
    assert [str(e.location) for e in errors if e is not None] == [str(records / "CHG-2.yaml")]


def test_a_link_to_a_folder_elsewhere_is_refused_and_not_walked(
    records: Path, secret: Path, tmp_path: Path
) -> None:
    shutil.copy(BASE / "record.yaml", secret.parent / "stolen.yaml")
    (records / "home").symlink_to(secret.parent)
    loaded = list(load_records([records]))
    assert [(r.path, r.error is None) for r in loaded] == [
        (str(records / "CHG-1.yaml"), True),
        (str(records / "home"), False),
    ]
    assert loaded[1].error is not None
    assert loaded[1].error.user_message() == f"{records / 'home'}: {REFUSED}"


def test_links_inside_the_folder_are_read(records: Path) -> None:
    (records / "current.yaml").symlink_to("CHG-1.yaml")
    (records / "archive").mkdir()
    shutil.copy(BASE / "record.yaml", records / "archive" / "CHG-0.yaml")
    (records / "old").symlink_to("archive")  # a folder inside: read where it is, once
    loaded = [(Path(r.path).name, r.error) for r in load_records([records])]
    assert loaded == [("CHG-1.yaml", None), ("CHG-0.yaml", None), ("current.yaml", None)]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_named_as_a_record_is_refused_without_waiting(tmp_path: Path) -> None:
    pipe = tmp_path / "record.yaml"
    os.mkfifo(pipe)
    found: list[LoadedRecord] = []
    reader = threading.Thread(target=lambda: found.extend(load_records([pipe])), daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "reading a pipe blocked"
    (loaded,) = found
    assert loaded.error is not None
    assert loaded.error.user_message() == (
        f"{pipe}: expected a file, found a pipe, socket or device"
    )


def test_a_device_named_as_a_record_is_refused_unread() -> None:
    (loaded,) = load_records(["/dev/zero"])
    assert loaded.error is not None
    message = "/dev/zero: expected a file, found a pipe, socket or device"
    assert loaded.error.user_message() == message
