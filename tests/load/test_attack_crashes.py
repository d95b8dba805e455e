"""Inputs that used to end a whole batch with a crash (exit 3): a number longer than
Python reads, in YAML, JSON or JSON Lines, and folders nested more deeply than the
interpreter's stack. Each is now read, or is one located input error, and the rest of
the batch goes on."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sdlc.load.records import load_records
from sdlc.load.source import parse_yaml

from ..conftest import ROOT, RunCli

BASE = ROOT / "tests" / "cases" / "bad-input" / "_base"
CHECK = ("--process", str(BASE / "process.yaml"), "--roster", str(BASE / "roster.yaml"))
DIGITS = "7" * 5000
TOO_LONG = "the number has 5,000 digits, more than the 4,300 sdlc reads"
HINT = "  hint: put quotes around it so that it is read as text, or shorten it"


def test_a_5000_digit_number_is_a_located_error_in_every_format(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(f"id: CHG-1\nprocess: demo@1\ntitle: {DIGITS}\n")
    (tmp_path / "b.json").write_text(f'{{"id": "CHG-2",\n "title": -{DIGITS}}}\n')
    (tmp_path / "c.jsonl").write_text(
        f'{{"id": "CHG-3", "process": "demo@1", "title": {DIGITS}}}\n'
        '{"id": "CHG-4", "process": "demo@1"}\n'
    )
    shutil.copy(BASE / "record.yaml", tmp_path / "d.yaml")
    loaded = list(load_records([tmp_path]))
    assert [(r.error.user_message() if r.error else r.label) for r in loaded] == [
        f"{tmp_path / 'a.yaml'}:3:8: {TOO_LONG}\n{HINT}",
        f"{tmp_path / 'b.json'}:2:11: {TOO_LONG}\n{HINT}",
        f"{tmp_path / 'c.jsonl'}:1:47: {TOO_LONG}\n{HINT}",
        "CHG-4",
        "CHG-1",
    ]


def test_a_5000_digit_number_does_not_end_the_batch(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(f"id: CHG-1\nprocess: demo@1\nnote: {DIGITS}\n")
    shutil.copy(BASE / "record.yaml", tmp_path / "b.yaml")
    code, out, err = run_cli("check", str(tmp_path), *CHECK)
    assert (code, err) == (2, "")
    assert out.endswith("checked 2 records: 1 compliant, 0 not compliant, 1 unreadable\n")
    assert DIGITS not in out


def test_numbers_in_base_60_are_read_as_yaml_1_1_reads_them() -> None:
    doc = parse_yaml("a: 1:30\nb: -1:00:00\nc: 1:30.5\nd: 0x_ff\n", "t.yaml")
    assert doc.data == {"a": 90, "b": -3600, "c": 90.5, "d": 255}
    assert doc.texts[("a",)] == "1:30"


def _deep(root: Path, levels: int) -> Iterator[int]:
    """Make ``levels`` nested folders ``d`` under ``root`` through folder descriptors (the
    path may be longer than the system allows), yielding the innermost's descriptor."""
    fds = [os.open(root, os.O_RDONLY)]
    try:
        for _ in range(levels):
            os.mkdir("d", dir_fd=fds[-1])
            fds.append(os.open("d", os.O_RDONLY, dir_fd=fds[-1]))
        yield fds[-1]
    finally:
        for fd in reversed(fds):
            os.close(fd)


def _remove_deep(root: Path) -> None:
    """Remove what :func:`_deep` made, without recursion (shutil.rmtree recurses)."""
    fds = [os.open(root, os.O_RDONLY)]
    while True:
        names = os.listdir(fds[-1])
        if "d" in names:
            fds.append(os.open("d", os.O_RDONLY, dir_fd=fds[-1]))
            continue
        for name in names:
            os.unlink(name, dir_fd=fds[-1])
        os.close(fds.pop())
        if not fds:
            return
        os.rmdir("d", dir_fd=fds[-1])


def _record_at_the_bottom(root: Path, levels: int) -> None:
    for fd in _deep(root, levels):
        text = (BASE / "record.yaml").read_bytes()
        out = os.open("CHG-1.yaml", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, text)
        os.close(out)


@pytest.mark.skipif(sys.platform == "win32", reason="folder descriptors are POSIX")
def test_a_folder_1200_levels_deep_is_walked(run_cli: RunCli, tmp_path: Path) -> None:
    deep = tmp_path / "deep"
    deep.mkdir()
    _record_at_the_bottom(deep, 1200)
    try:
        code, out, err = run_cli("check", str(deep), str(BASE / "record.yaml"), *CHECK)
        assert (code, err) == (0, "")
        assert out.endswith("checked 2 records: 2 compliant, 0 not compliant, 0 unreadable\n")
        assert out.startswith(f"{deep}{'/d' * 1200}/CHG-1.yaml: CHG-1 (risk low): compliant\n")
    finally:
        _remove_deep(deep)


@pytest.mark.skipif(sys.platform == "win32", reason="folder descriptors are POSIX")
def test_a_folder_too_deep_to_name_is_one_located_error(tmp_path: Path) -> None:
    """Past the system's longest path, the folder cannot be read; the rest is."""
    deep = tmp_path / "deep"
    deep.mkdir()
    _record_at_the_bottom(deep, 2100)  # 4,200 characters and more
    shutil.copy(BASE / "record.yaml", tmp_path / "next.yaml")
    try:
        loaded = list(load_records([deep, tmp_path / "next.yaml"]))
        assert [r.record is not None for r in loaded] == [False, True]
        assert loaded[0].error is not None
        message = loaded[0].error.user_message()
        assert message.startswith(str(deep))
        assert message.endswith(": cannot read: File name too long")
    finally:
        _remove_deep(deep)
