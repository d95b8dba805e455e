"""A range of commits of a local git repository, as implementation events.

The commits are read with ``git log`` itself, run with fixed options on the
repository given and nothing else: no network, no pager, no signature checking,
no colour, and the range passed after ``--end-of-options`` so it can never be
taken for an option. Each commit is an event at its committer date, by the
person whose roster ``accounts.email`` lists its author's address; an address
no one has is an error naming it (see docs/collecting.md).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Location, UsageError
from ..model.stage import StageKind
from .setting import Setting
from .sources import Evidence, Proven, new_event, note, short

RANGE = re.compile(r"^(?!-)(?P<base>[^\s]+?)(?<!\.)\.\.(?!\.)(?P<head>[^\s]+)$")
"""``BASE..HEAD``: no spaces, no leading ``-`` (never an option), not ``A...B``."""
FIELDS = ("%H", "%P", "%an", "%ae", "%aI", "%cI", "%s")
TIMEOUT = 120.0


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit as ``git log`` tells it."""

    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    authored: dt.datetime
    committed: dt.datetime
    subject: str


def read_log(repo: Path, span: str) -> list[Commit]:
    """The commits of ``span`` (``BASE..HEAD``) in ``repo``, oldest first."""
    if not RANGE.fullmatch(span):
        raise UsageError(
            f"--range {span!r}: expected BASE..HEAD, e.g. main..feature or a1b2c3..HEAD"
        )
    command = [
        "git", "-C", str(repo), "-c", "core.fsmonitor=false", "-c", "log.showSignature=false",
        "--no-pager", "log", "--no-color", "--no-show-signature", "--reverse", "--topo-order",
        "-z", f"--format={'%x00'.join(FIELDS)}", "--end-of-options", span,
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0", LC_ALL="C")
    where = Location(str(repo))
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            env=env,
            timeout=TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise InputError("git is not installed (or not on PATH)", location=where) from None
    except subprocess.TimeoutExpired:
        raise InputError(f"git log took more than {TIMEOUT:g} s", location=where) from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(
            f"git log {span} failed: {said[0] if said else f'exit {done.returncode}'}",
            location=where,
            hint="give --repo a local clone that has both ends of the range (git fetch first)",
        )
    fields = done.stdout.decode("utf-8", "replace").split("\0")
    if fields and fields[-1] in ("", "\n"):
        fields.pop()
    width = len(FIELDS)
    if len(fields) % width:
        raise InputError("git log wrote output this version cannot read", location=where)
    commits = [_commit(fields[i : i + width]) for i in range(0, len(fields), width)]
    if not commits:
        raise InputError(
            f"the range {span} holds no commits",
            location=where,
            hint="is it the right way round (BASE..HEAD)?",
        )
    return commits


def _commit(parts: list[str]) -> Commit:
    sha, parents, author, email, authored, committed, subject = parts
    return Commit(
        sha.strip(),
        tuple(parents.split()),
        author,
        email,
        dt.datetime.fromisoformat(authored),
        dt.datetime.fromisoformat(committed),
        subject,
    )


def prove_commits(setting: Setting, repo: Path, span: str, stage: str) -> Evidence:
    """The implementation events of the commits of ``span`` in ``repo``."""
    stage, _ = setting.stage(stage, (StageKind.IMPLEMENTATION,), None, "")
    people = setting.people("git")
    proven = []
    for commit in read_log(repo, span):
        what = f"commit {short(commit.sha)} by {commit.author} <{commit.email}>"
        actor = people.person("email", commit.email, what=what, location=Location(str(repo)))
        source = f"commit/{commit.sha}"
        lines = [f"git: {commit.subject}", f"author: {commit.author} <{commit.email}>"]
        if len(commit.parents) > 1:
            lines.append(f"merges {len(commit.parents)} parents")
        event = new_event(
            {
                "stage": stage,
                "actor": actor,
                "at": commit.committed,
                "subject": commit.sha,
                "note": note(lines, source),
            }
        )
        summary = f"commit {short(commit.sha)} {commit.subject!r}"
        proven.append(Proven(event, source, summary))
    return Evidence("git", tuple(proven))
