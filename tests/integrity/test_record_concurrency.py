"""Safe appends: writers running at once take turns, and a writer killed at any
moment leaves the old record or the new one, whole and valid."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sdlc.integrity.verification import IntegrityOptions, verify
from sdlc.integrity.writer import append, create
from sdlc.load.loaders import load_record
from sdlc.model.record import Record
from sdlc.model.roster import Roster

from ..conftest import ROOT
from ..signed_records import rework, with_keys

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses POSIX signals")

WORKER = """
import hashlib, sys, time
from pathlib import Path
from sdlc.model.record import Event
from sdlc.integrity.writer import append
from sdlc.integrity.signing import SigningKey, from_seed

path, name, count, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
seed = hashlib.sha256(b"sdlc example key: ci").digest()
key = SigningKey("ci-2026", from_seed(seed))
while not go.exists():
    time.sleep(0.001)
for i in range(count):
    event = Event(
        stage="unit-tests", actor="ci", at="2026-03-09T10:33:00+01:00",
        subject="e16f242821aeb85e085c2ec0e67a20b6db30f360", note=f"{name}-{i}",
    )
    append(path, event, key=key, timeout=120)
    print(i, flush=True)
"""


def _start(path: Path, name: str, count: int, go: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, str(path), name, str(count), str(go)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _empty(path: Path) -> None:
    create(path, rework().model_copy(update={"events": ()}))


def _clean(record: Record, roster: Roster) -> None:
    assert verify(record, roster=roster, options=IntegrityOptions(require_chain=True)) == []


@pytest.mark.parametrize(
    ("suffix", "workers", "each"),
    [pytest.param(".json", 8, 200, id="8x200-json"), pytest.param(".yaml", 4, 25, id="4x25-yaml")],
)
def test_concurrent_appenders_lose_and_duplicate_nothing(
    tmp_path: Path, eid_roster: Roster, suffix: str, workers: int, each: int
) -> None:
    path = tmp_path / f"EID-2417{suffix}"
    _empty(path)
    go = tmp_path / "go"
    running = [_start(path, f"w{n}", each, go) for n in range(workers)]
    began = time.monotonic()
    go.touch()
    for worker in running:
        _, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
    took = time.monotonic() - began
    record = load_record(path)
    notes = [e.note for e in record.events]
    assert len(notes) == workers * each
    assert set(notes) == {f"w{n}-{i}" for n in range(workers) for i in range(each)}
    for n in range(workers):  # each writer's events stay in its own order
        mine = [int(note.split("-")[1]) for note in notes if note.startswith(f"w{n}-")]
        assert mine == sorted(mine)
    _clean(record, with_keys(eid_roster))
    assert took < 120, f"{workers * each} appends took {took:.1f} s"


def test_a_writer_killed_mid_append_leaves_a_valid_record(
    tmp_path: Path, eid_roster: Roster
) -> None:
    path = tmp_path / "EID-2417.yaml"
    _empty(path)
    roster = with_keys(eid_roster)
    rng = random.Random(2417)
    seen = 0
    kills = 0
    for round_ in range(12):
        go = tmp_path / f"go-{round_}"
        worker = _start(path, f"r{round_}", 1000, go)
        go.touch()
        # wait for its first append (the interpreter has started), then kill it at a
        # random moment of a later one
        assert worker.stdout is not None
        worker.stdout.readline()
        time.sleep(rng.uniform(0, 0.05))
        worker.send_signal(signal.SIGKILL)
        worker.communicate(timeout=30)  # reaps it and closes its pipes
        kills += worker.returncode == -signal.SIGKILL
        record = load_record(path)  # never half a file
        _clean(record, roster)
        assert len(record.events) > seen
        seen = len(record.events)
    assert kills == 12
    # a writer killed between writing its temporary file and renaming it leaves that
    # file behind; the next append removes it
    append(path, rework().events[0])
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


KILLER = """
import os, signal, sys
from pathlib import Path
import sdlc.integrity.writer
from sdlc.model.record import Event
from sdlc.integrity.writer import append

path, where = Path(sys.argv[1]), sys.argv[2]


def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)


if where == "mid-write":
    os.fsync = die  # the temporary file is written but not yet flushed
elif where == "before-rename":
    os.replace = die  # flushed, not yet renamed over the record
else:
    sdlc.integrity.writer._sync_folder = die  # renamed; the folder not yet flushed
append(path, Event(
    stage="unit-tests", actor="ci", at="2026-03-09T10:33:00+01:00",
    subject="e16f242821aeb85e085c2ec0e67a20b6db30f360", note="killed",
))
"""


@pytest.mark.parametrize(
    ("where", "appended"),
    [("mid-write", False), ("before-rename", False), ("after-rename", True)],
)
def test_a_writer_killed_at_each_step_of_a_write(
    tmp_path: Path, where: str, appended: bool
) -> None:
    path = tmp_path / "EID-2417.yaml"
    _empty(path)
    for event in rework().events[:3]:
        append(path, event)
    before = path.read_bytes()
    killed = subprocess.run(
        [sys.executable, "-c", KILLER, str(path), where],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL
    record = load_record(path)
    assert [e.note for e in record.events][3:] == (["killed"] if appended else [])
    assert (path.read_bytes() == before) is not appended
    assert verify(record, options=IntegrityOptions(require_chain=True)) == []
    left = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(left) == (0 if appended else 1)
    append(path, rework().events[3])  # the next writer is not held up, and tidies up
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    assert len(load_record(path).events) == (5 if appended else 4)
