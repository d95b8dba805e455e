"""The git checkout a check runs in: its top folder, commit, branch and remote.

SARIF consumers place results in the repository by these (``--source-root``
defaults to the top folder). Git is asked read-only, with no network, no prompt
and no hooks; a folder that is not a checkout, or a machine without git, has none.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .audience import Checkout

TIMEOUT = 10.0
"""Seconds one git command may take."""
_SCP_LIKE = re.compile(r"(?:[^@/:]+@)?(?P<host>[^/:]+):(?P<path>[^/].*)")
"""``git@github.com:owner/repo.git``: the scp-like form of an ssh remote."""


def _git(folder: Path, *args: str) -> str | None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0", LC_ALL="C")
    command = ["git", "-C", str(folder), "-c", "core.fsmonitor=false", "--no-pager", *args]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            env=env,
            timeout=TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "replace").strip() or None


def top_level(folder: Path) -> Path | None:
    """The top folder of the git checkout ``folder`` is in; ``None`` outside one."""
    top = _git(folder, "rev-parse", "--show-toplevel")
    return None if top is None else Path(top)


def remote_uri(remote: str) -> str | None:
    """A remote's URL as a URI others can use: credentials removed; the scp-like
    form as ``ssh://``; ``None`` for a local path, which would name this machine."""
    parts = urlsplit(remote)
    if parts.scheme in {"http", "https", "ssh", "git"} and parts.hostname:
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        user = f"{parts.username}@" if parts.scheme == "ssh" and parts.username else ""
        return urlunsplit((parts.scheme, user + host, parts.path, "", ""))
    scp = _SCP_LIKE.fullmatch(remote)
    if scp is not None and not parts.scheme and "\\" not in remote:
        return f"ssh://{scp['host']}/{scp['path']}"
    return None


def read_checkout(folder: Path) -> Checkout | None:
    """The commit, branch and origin of the checkout ``folder`` is in, if any."""
    revision = _git(folder, "rev-parse", "--verify", "--quiet", "HEAD")
    if revision is None:
        return None
    branch = _git(folder, "symbolic-ref", "--quiet", "--short", "HEAD")
    remote = _git(folder, "config", "--get", "remote.origin.url")
    uri = None if remote is None else remote_uri(remote)
    return Checkout(revision=revision, repository_uri=uri, branch=branch)
