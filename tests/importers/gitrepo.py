"""Real git repositories for the importer tests, made with git itself."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

OLA = ("Ola Nordmann", "ola@example.no")
KARI = ("Kari Larsen", "Kari@Example.NO")
T0 = dt.datetime(2026, 3, 12, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run git in ``repo`` without the machine's or the user's configuration."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    base.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, **(env or {}))
    done = subprocess.run(
        ["git", "-C", str(repo), *args], env=base, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def new_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "commit.gpgsign", "false")
    return path


def commit(repo: Path, message: str, *, by: tuple[str, str] = OLA, at: dt.datetime = T0) -> str:
    """Commit a change to a file named after ``message``; return the commit's id."""
    name = "".join(c if c.isalnum() else "-" for c in message.lower())
    (repo / f"{name}.txt").write_text(message + "\n", "utf-8")
    git(repo, "add", f"{name}.txt")
    when = at.isoformat()
    git(
        repo, "commit", "-q", "-m", message,
        env={
            "GIT_AUTHOR_NAME": by[0], "GIT_AUTHOR_EMAIL": by[1], "GIT_AUTHOR_DATE": when,
            "GIT_COMMITTER_NAME": by[0], "GIT_COMMITTER_EMAIL": by[1], "GIT_COMMITTER_DATE": when,
        },
    )  # fmt: skip
    return git(repo, "rev-parse", "HEAD")
