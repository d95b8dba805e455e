"""Faults while writing: nothing half-written is ever left where a reader looks.

A render that fails partway (an error raised mid-write, a full disk, a read-only
file system, the process killed with SIGKILL at random moments) leaves the old
handbook whole and in place; a report or a record written to a full disk keeps
its old content, with a clear message and exit 2. The full disk and the
read-only file system are real: small tmpfs mounts, where the tests run as root
(CI does); elsewhere those tests are skipped and the monkeypatched ones still run.
Appends killed at random points are in ``tests/integrity/test_record_concurrency.py``.
"""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sdlc.integrity.writer import create
from sdlc.load.loaders import load_record

from ..conftest import EID, EID_ROSTER, ROOT, RunCli

SMALL = ROOT / "tests" / "cases" / "render" / "small" / "process.yaml"
BASELINE = ROOT / "processes" / "baseline.yaml"
RECORD = ROOT / "examples" / "low-risk-compliant.yaml"

KILLS = int(os.environ.get("SDLC_FAULT_KILLS", "6"))
"""Renders killed at random moments; set SDLC_FAULT_KILLS for a longer run."""

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and mounts")


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _start(*args: str | Path) -> subprocess.Popen[bytes]:
    """``sdlc render ARGS`` in a process of its own, to be killed."""
    return subprocess.Popen(
        [sys.executable, "-m", "sdlc", "render", *map(str, args)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _render(*args: str | Path) -> None:
    """``sdlc render ARGS`` in a process of its own, to the end."""
    done = subprocess.run(
        [sys.executable, "-m", "sdlc", "render", *map(str, args)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


# -- a render interrupted partway ----------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "No space left on device"),
        (errno.EACCES, "Permission denied"),
        (errno.EIO, "Input/output error"),
    ],
)
def test_a_render_failing_mid_write_leaves_the_old_site(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    out = tmp_path / "handbook"
    assert run_cli("render", str(SMALL), "--out", str(out))[0] == 0
    before = _tree(out)
    real_write = Path.write_text
    written: list[Path] = []

    def write_then_fail(self: Path, *args: object, **kwargs: object) -> int:
        if len(written) == 20:  # partway through the pages
            raise OSError(code, words)
        written.append(self)
        return real_write(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", write_then_fail)
    result = run_cli("render", str(EID), str(BASELINE), "--out", str(out))
    monkeypatch.undo()
    assert result == (2, "", f"sdlc: {out}: cannot write the handbook: {words}\n")
    assert len(written) == 20
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handbook"]  # no staging left


def test_a_render_killed_at_random_moments_leaves_a_whole_site(tmp_path: Path) -> None:
    """SIGKILL at random moments of a render over an earlier one: the folder is always
    the old handbook or the new one, whole; the next render clears what was left."""
    new_site = tmp_path / "complete"
    started = time.monotonic()
    _render(EID, BASELINE, "--out", new_site)
    took = time.monotonic() - started
    new = _tree(new_site)
    out = tmp_path / "handbook"
    _render(SMALL, "--out", out)
    old = _tree(out)
    rng = random.Random(2020)
    outcomes = {"old": 0, "new": 0, "killed while writing": 0}
    for kill in range(KILLS):
        child = _start(EID, BASELINE, "--out", out)
        if kill % 2:  # anywhere in the render
            time.sleep(rng.uniform(0.3, 1.0) * took)
        else:  # while it writes: once its staging folder appears
            deadline = time.monotonic() + 60
            while child.poll() is None and time.monotonic() < deadline:
                if any(p.name.startswith(".handbook.render-") for p in tmp_path.iterdir()):
                    break
                time.sleep(0.001)
            time.sleep(rng.uniform(0, 0.1))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        outcomes["killed while writing"] += any(
            p.name.startswith(".handbook.render-") for p in tmp_path.iterdir()
        )
        now = _tree(out)
        assert now in (old, new), "a half-written handbook"
        outcomes["old" if now == old else "new"] += 1
        if now == new:  # start over from the old handbook
            shutil.rmtree(out)
            _render(SMALL, "--out", out)
    _render(EID, BASELINE, "--out", out)
    assert _tree(out) == new
    assert sorted(p.name for p in tmp_path.iterdir()) == ["complete", "handbook"]
    print(f"killed {KILLS} renders: {outcomes}")


def test_a_render_left_half_swapped_is_put_back(tmp_path: Path) -> None:
    """Where folders cannot be exchanged in one step, a render killed between its
    two renames leaves the old handbook beside the output; the next render puts
    it back before anything else, so it is never lost."""
    from sdlc.handbook import output

    out = tmp_path / "handbook"
    _render(SMALL, "--out", out)
    old = _tree(out)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True)  # fmt: skip
    aside = tmp_path / f".handbook.render-{dead.stdout.strip()}-x1y2.old"
    os.replace(out, aside)
    output._recover(out)
    assert _tree(out) == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handbook"]


# -- real faults: a full disk, a read-only file system -------------------------------------


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    """A 400 KiB tmpfs: room for a small handbook, not for a second, larger one beside it."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small file system needs root")
    where = tmp_path / "disk"
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=400k,mode=0755", "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(disk: Path) -> None:
    """Fill the disk to the last byte."""
    with (disk / "filler").open("wb", buffering=0) as handle:
        for _ in range(1_000):
            try:
                handle.write(b"\0" * 4096)
            except OSError as exc:
                full = exc.errno
                break
    assert full == errno.ENOSPC


def test_a_render_onto_a_full_disk(run_cli: RunCli, disk: Path) -> None:
    out = disk / "handbook"
    assert run_cli("render", str(SMALL), "--out", str(out))[0] == 0
    before = _tree(out)
    code, stdout, err = run_cli("render", str(EID), str(BASELINE), "--out", str(out))
    assert (code, stdout) == (2, "")
    assert err.startswith("sdlc: ")
    assert err.endswith(": cannot write the handbook: No space left on device\n")
    assert _tree(out) == before
    assert sorted(p.name for p in disk.iterdir()) == ["handbook"]


def test_a_report_onto_a_full_disk(run_cli: RunCli, disk: Path) -> None:
    report = disk / "report.json"
    report.write_text("old report\n")
    _fill(disk)
    code, out, err = run_cli(
        "check", "examples", "--process", str(EID), "--roster", str(EID_ROSTER),
        "--format", "json", "--output", str(report),
    )  # fmt: skip
    assert (code, out, err) == (2, "", f"sdlc: {report}: cannot write: No space left on device\n")
    assert report.read_text() == "old report\n"
    assert sorted(p.name for p in disk.iterdir()) == ["filler", "report.json"]


def test_an_append_onto_a_full_disk(run_cli: RunCli, disk: Path) -> None:
    record = disk / "EID-1.yaml"
    create(record, load_record(RECORD).model_copy(update={"id": "EID-1", "events": ()}))
    before = record.read_bytes()
    listing = sorted(p.name for p in disk.iterdir())
    _fill(disk)
    code, out, err = run_cli(
        "record", "append", str(record), "--stage", "implementation", "--actor", "ola-nordmann",
        "--subject", "09dec5bbe55d3ab0f7ea7dd3e71792f381be0511",
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert err == f"sdlc: {record}: cannot write: No space left on device\n"
    assert record.read_bytes() == before
    assert sorted(p.name for p in disk.iterdir()) == sorted([*listing, "filler"])


def test_a_render_onto_a_read_only_file_system(run_cli: RunCli, disk: Path) -> None:
    out = disk / "handbook"
    assert run_cli("render", str(SMALL), "--out", str(out))[0] == 0
    before = _tree(out)
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    try:
        code, stdout, err = run_cli("render", str(EID), "--out", str(out))
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
    assert (code, stdout) == (2, "")
    assert err.endswith(": cannot write the handbook: Read-only file system\n"), err
    assert _tree(out) == before
