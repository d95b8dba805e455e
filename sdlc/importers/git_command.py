"""Running ``git`` itself on a local clone, with fixed options and nothing else.

No network, no pager, no colour, no signature checking, no file-system monitor,
no optional locks, no prompt for credentials, and none of the caller's ``GIT_*``
variables: what a repository's configuration or the environment says cannot make
git run anything else (see docs/collecting.md).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from ..errors import InputError, Location

TIMEOUT = 120.0


def run_git(repo: Path, args: Sequence[str], what: str, hint: str) -> bytes:
    """What ``git -C repo args`` writes; an :class:`InputError` (``what`` failed,
    with ``hint``) when git is missing, too slow or fails."""
    command = [
        "git", "-C", str(repo), "-c", "core.fsmonitor=false", "-c", "log.showSignature=false",
        "--no-pager", *args,
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
        raise InputError(f"{what} took more than {TIMEOUT:g} s", location=where) from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(
            f"{what} failed: {said[0] if said else f'exit {done.returncode}'}",
            location=where,
            hint=hint,
        )
    return done.stdout


def changed_files(repo: Path, commit: str) -> tuple[str, ...]:
    """The paths ``commit`` changed, against its first parent (every file, for a
    root commit), sorted; renames count as both names."""
    out = run_git(
        repo,
        ["diff-tree", "-r", "--diff-merges=first-parent", "--root", "--no-commit-id",
         "--no-renames", "--name-only", "-z", "--end-of-options", commit],
        f"git diff-tree {commit}",
        "give --repo a local clone that has the commits (git fetch first)",
    )  # fmt: skip
    names = out.decode("utf-8", "replace").split("\0")
    return tuple(sorted({n for n in names if n}))
