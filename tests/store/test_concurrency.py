"""Many CI runners appending to one record of a git store at once: 8 writer
processes, each working in its own clone and pushing to one real bare repository,
50 appends each. Every acknowledged append must be in the record once, in one
valid hash chain; with writers killed (SIGKILL) at random moments, only the
acknowledged appends must be there for certain, and none twice.

The writers are forked from the test process (each its own process, with its own
clone), so that 8 interpreters need not import sdlc again; each acknowledges an
append by writing a line to a pipe the moment the append returns, which survives
the writer being killed right after.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from sdlc.integrity.verification import IntegrityOptions, verify
from sdlc.model.record import Record
from sdlc.store.address import open_store
from sdlc.store.appending import append_to, create_in
from sdlc.store.git_store import GitStore
from sdlc.store.history import history_findings

from .conftest import event, git, record

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses fork and POSIX signals")

WRITERS, APPENDS = 8, 50
NAME = "EID-1.json"


def _writer(address: str, clone: str, notes: list[str], fd: int) -> None:
    """Append one event per note, acknowledging each on ``fd``."""
    store = open_store(address, cache=Path(clone))
    for note in notes:
        done = append_to(store, NAME, event(note))
        os.write(fd, f"{note} {done.number}\n".encode())
    os._exit(0)


class Writer:
    """One writer process, its pipe, and the notes it has acknowledged."""

    def __init__(self, address: str, clone: Path, notes: list[str]) -> None:
        read, write = os.pipe()
        context = multiprocessing.get_context("fork")
        self.process = context.Process(target=_writer, args=(address, str(clone), notes, write))
        self.process.start()
        os.close(write)
        self.pipe = read
        self.notes = notes

    def acknowledged(self) -> list[str]:
        """The notes acknowledged (read once the process has ended)."""
        self.process.join()
        data = b""
        while chunk := os.read(self.pipe, 65536):
            data += chunk
        os.close(self.pipe)
        return [line.split()[0] for line in data.decode().splitlines()]


def _start(bare: Path, tmp_path: Path) -> str:
    address = f"git+file://{bare}"
    create_in(open_store(address, cache=tmp_path / "clone-setup"), NAME, record())
    return address


def _final(bare: Path) -> Record:
    text = git(bare, "cat-file", "blob", f"refs/sdlc/records/EID-1:{NAME}")
    return Record.model_validate(json.loads(text))


def _intact(bare: Path, final: Record) -> None:
    """One valid hash chain, and a history in which each version extends the last."""
    assert verify(final, options=IntegrityOptions(require_chain=True)) == []
    local = open_store(f"git+{bare}")
    assert isinstance(local, GitStore)
    assert local.read(NAME) is not None
    assert history_findings(local, final, NAME) == []


def test_eight_writers_in_their_own_clones_lose_and_repeat_nothing(
    bare: Path, tmp_path: Path
) -> None:
    address = _start(bare, tmp_path)
    writers = [
        Writer(address, tmp_path / f"clone-{w}", [f"w{w}-{i}" for i in range(APPENDS)])
        for w in range(WRITERS)
    ]
    acknowledged = [note for writer in writers for note in writer.acknowledged()]
    assert [w.process.exitcode for w in writers] == [0] * WRITERS
    final = _final(bare)
    notes = Counter(e.note for e in final.events)
    assert len(acknowledged) == WRITERS * APPENDS
    assert sorted(notes) == sorted(acknowledged)  # all 400 there, and nothing else
    assert set(notes.values()) == {1}  # each once
    for writer in writers:  # each writer's events in its own order
        mine = [e.note for e in final.events if e.note in set(writer.notes)]
        assert mine == writer.notes
    _intact(bare, final)


def test_writers_killed_at_random_lose_no_acknowledged_append(bare: Path, tmp_path: Path) -> None:
    address = _start(bare, tmp_path)
    chance = random.Random(19)
    todo = {w: [f"w{w}-{i}" for i in range(APPENDS)] for w in range(WRITERS)}
    running = {w: Writer(address, tmp_path / f"clone-{w}", todo[w]) for w in todo}
    acknowledged: list[str] = []
    kills = 0
    while running:
        time.sleep(chance.uniform(0.2, 1.0))
        alive = [w for w, writer in running.items() if writer.process.is_alive()]
        if alive and kills < 12:
            victim = chance.choice(alive)
            os.kill(running[victim].process.pid or 0, signal.SIGKILL)
            kills += 1
        for w, writer in list(running.items()):
            if writer.process.is_alive():
                continue
            done = writer.acknowledged()
            acknowledged += done
            left = writer.notes[len(done) :]
            del running[w]
            if left:  # the one in flight may have landed: it is retried under a new name
                again = [f"{note}.k{kills}" if i == 0 else note for i, note in enumerate(left)]
                running[w] = Writer(address, tmp_path / f"clone-{w}", again)
    assert kills >= 6
    final = _final(bare)
    notes = Counter(e.note for e in final.events)
    assert set(notes.values()) == {1}  # no event twice
    assert set(acknowledged) <= set(notes)  # every acknowledged append survived
    unacknowledged = set(notes) - set(acknowledged)
    assert len(unacknowledged) <= kills  # at most the one in flight per kill
    _intact(bare, final)
