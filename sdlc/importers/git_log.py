"""A range of commits of a local git repository, as implementation events.

The commits are read with ``git log`` itself, run with fixed options on the
repository given and nothing else (:mod:`~sdlc.importers.git_command`), the range
passed after ``--end-of-options`` so it can never be taken for an option. Each
commit is an event at its committer date, by the person whose roster
``accounts.email`` lists its author's address (an address no one has is an error
naming it), that ``touches`` the files the commit changed against its first
parent, from which the checker derives what the change touches (see
docs/collecting.md).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Location, UsageError
from ..model.stage import StageKind
from .git_command import changed_files, run_git
from .setting import Setting
from .sources import Evidence, commit_proven, counted, short

RANGE = re.compile(r"^(?!-)(?P<base>[^\s]+?)(?<!\.)\.\.(?!\.)(?P<head>[^\s]+)$")
"""``BASE..HEAD``: no spaces, no leading ``-`` (never an option), not ``A...B``."""
FIELDS = ("%H", "%P", "%an", "%ae", "%aI", "%cI", "%s")


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
    where = Location(str(repo))
    out = run_git(
        repo,
        ["log", "--no-color", "--no-show-signature", "--reverse", "--topo-order", "-z",
         f"--format={'%x00'.join(FIELDS)}", "--end-of-options", span],
        f"git log {span}",
        "give --repo a local clone that has both ends of the range (git fetch first)",
    )  # fmt: skip
    fields = out.decode("utf-8", "replace").split("\0")
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
        lines = [f"git: {commit.subject}", f"author: {commit.author} <{commit.email}>"]
        if len(commit.parents) > 1:
            lines.append(f"merges {len(commit.parents)} parents")
        touches = changed_files(repo, commit.sha)
        lines.append(f"touches {counted(len(touches), 'file')}")
        made = (commit.sha, commit.committed, commit.subject)
        proven.append(commit_proven(stage, actor, made, lines, Location(str(repo)), touches))
    return Evidence("git", tuple(proven))
