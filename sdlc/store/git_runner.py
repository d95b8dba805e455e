"""Running the git command line for a store: one repository, no prompts, messages in
English, and no credentials in anything shown.

Credentials are git's own business (credential helpers, the SSH agent, a CI
token in git's configuration): sdlc passes none and stores none. Git never asks
for one on a terminal (``GIT_TERMINAL_PROMPT=0``), so a job without access fails
at once, and every message taken from git has the user and password part of any
URL in it removed (:func:`scrub`).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from ..errors import InputError

_QUIET = ("-c", "gc.auto=0", "-c", "maintenance.auto=false", "-c", "core.hooksPath=/dev/null")
"""No housekeeping in the background while the store works, and no hooks of the
repository run by sdlc's commands."""

_USERINFO = re.compile(r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.-]*://)[^/@\s]*@")


def scrub(text: str) -> str:
    """``text`` with the credentials of every URL in it removed."""
    return _USERINFO.sub(r"\g<scheme>", text)


class GitFailed(Exception):
    """A git command ended with an error; ``message`` is what it said, scrubbed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Git:
    """The git command line, run against the repository at ``git_dir``."""

    def __init__(self, git_dir: Path) -> None:
        self.git_dir = git_dir
        env = dict(os.environ)
        env.update({"GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "LANGUAGE": "C"})
        env.pop("GIT_WORK_TREE", None)
        env["GIT_DIR"] = str(git_dir)
        self.env = env

    def run(self, *args: str, stdin: bytes | None = None) -> bytes:
        """What ``git ARGS`` writes to stdout; :class:`GitFailed` when it fails."""
        try:
            done = subprocess.run(
                ["git", *_QUIET, *args],
                input=stdin,
                capture_output=True,
                env=self.env,
                check=False,
            )
        except FileNotFoundError:
            raise InputError(
                "the git store needs the git command, and it is not installed",
                hint="install git, or keep the records in a folder",
            ) from None
        if done.returncode != 0:
            said = (
                done.stderr.decode("utf-8", "replace").strip()
                or done.stdout.decode("utf-8", "replace").strip()
            )
            raise GitFailed(scrub(said) or f"git {args[0]} failed ({done.returncode})")
        return done.stdout

    def attempt(self, *args: str) -> tuple[int, str, str]:
        """Run ``git ARGS`` whatever comes of it: its exit code, stdout and stderr
        (both scrubbed)."""
        try:
            done = subprocess.run(
                ["git", *_QUIET, *args], capture_output=True, env=self.env, check=False
            )
        except FileNotFoundError:
            raise InputError(
                "the git store needs the git command, and it is not installed",
                hint="install git, or keep the records in a folder",
            ) from None
        out = done.stdout.decode("utf-8", "replace")
        return done.returncode, scrub(out), scrub(done.stderr.decode("utf-8", "replace"))

    def text(self, *args: str, stdin: bytes | None = None) -> str:
        """The stdout of ``git ARGS`` as text, without the final newline."""
        return self.run(*args, stdin=stdin).decode("utf-8", "replace").rstrip("\n")

    def objects(self, *names: str) -> list[tuple[str, bytes] | None]:
        """Each object ``names`` name (a ref, ``commit:path``…) as its id and content,
        or ``None`` where there is none, read by one ``git cat-file --batch``."""
        out = self.run("cat-file", "--batch", stdin="".join(f"{n}\n" for n in names).encode())
        found: list[tuple[str, bytes] | None] = []
        at = 0
        for _ in names:
            end = out.index(b"\n", at)
            header = out[at:end].decode("utf-8", "replace").split(" ")
            if len(header) != 3 or not header[2].isdigit():  # "<name> missing"
                found.append(None)
                at = end + 1
                continue
            size = int(header[2])
            found.append((header[0], out[end + 1 : end + 1 + size]))
            at = end + 1 + size + 1
        return found
