"""Shared by the store tests: a real bare repository, and events to append."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from sdlc.model.record import Event, Record

SUBJECT = "e16f242821aeb85e085c2ec0e67a20b6db30f360"


def git(repo: Path, *args: str, stdin: str | None = None) -> str:
    """``git ARGS`` in the repository ``repo``; its output, stripped."""
    done = subprocess.run(
        ["git", "--git-dir", str(repo), *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(repo), "LC_ALL": "C"},
    )
    return done.stdout.strip()


@pytest.fixture
def bare(tmp_path: Path) -> Path:
    """A new bare repository, as a git host keeps one."""
    repo = tmp_path / "records.git"
    subprocess.run(["git", "init", "-q", "--bare", str(repo)], check=True)
    git(repo, "config", "receive.autogc", "false")
    return repo


def record(rid: str = "EID-1") -> Record:
    return Record.model_validate({"id": rid, "process": "eid-gateway@3.0"})


def event(note: str = "", stage: str = "build", outcome: str = "done") -> Event:
    return Event.model_validate(
        {
            "stage": stage,
            "actor": "ci",
            "at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            "outcome": outcome,
            "subject": SUBJECT,
            "note": note,
        }
    )
