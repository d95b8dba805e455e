"""Store addresses: where records are kept, as ``--store`` and :func:`open_store` take
them.

- a folder path: the folder store (:mod:`.folder`), records as files;
- ``git+file:///srv/records.git``, ``git+https://host/group/records.git``,
  ``git+ssh://git@host/group/records.git`` (or ``git+git@host:group/records.git``):
  a git repository reached through git's own transports, worked on through a clone
  of its own under ``$SDLC_STORE_CACHE`` (default: ``$XDG_CACHE_HOME/sdlc/stores``,
  one folder per address), or in the repository ``$SDLC_STORE_CLONE`` names;
- ``git+PATH`` (``git+./records.git``, ``git+/srv/records.git``): a local git
  repository, read and written in place.

An address may carry credentials (``https://user:token@host/…``) because git
accepts them there, but sdlc never shows them: :func:`shown` is what messages
print.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from ..errors import InputError, Location
from .folder import FolderStore
from .git_runner import scrub
from .git_store import GitStore
from .stored import RecordStore

_SCHEMES = ("file", "https", "http", "ssh", "git")
_SCP = re.compile(r"^[A-Za-z0-9._-]+@[A-Za-z0-9._-]+:")


def shown(address: str) -> str:
    """``address`` as messages print it: without credentials."""
    return scrub(address)


def open_store(address: str, *, cache: Path | None = None) -> RecordStore:
    """The store at ``address`` (see the module's text); ``cache`` is the folder of a
    remote git repository's clone (default: one under ``$SDLC_STORE_CACHE``)."""
    if not address.startswith("git+"):
        if "://" in address:
            raise _bad(address, "a URL needs 'git+' before it, like git+https://…")
        root = Path(address)
        if not root.is_dir():
            raise InputError(
                "no such folder of records",
                location=Location(address),
                hint="give the folder that holds the records, or a git store's address "
                "(git+https://…, git+file:///…)",
            )
        return FolderStore(root)
    rest = address[len("git+") :]
    scheme, sep, _ = rest.partition("://")
    if sep:
        if scheme.lower() not in _SCHEMES:
            raise _bad(address, f"git cannot reach '{scheme}://'")
        return GitStore(shown(address), cache or default_cache(shown(address)), rest)
    if _SCP.match(rest):
        return GitStore(shown(address), cache or default_cache(shown(address)), rest)
    if not rest:
        raise _bad(address, "the repository is missing after 'git+'")
    path = Path(rest)
    return GitStore(address, path / ".git" if (path / ".git").is_dir() else path)


def default_cache(address: str) -> Path:
    """The folder of the clone a remote store is worked on through:
    ``$SDLC_STORE_CLONE`` when set (a repository of the runner's own, such as the
    ``.git`` of its checkout, whose configuration then gives git its credentials),
    else one folder per address under ``$SDLC_STORE_CACHE``."""
    clone = os.environ.get("SDLC_STORE_CLONE")
    if clone:
        return Path(clone)
    base = os.environ.get("SDLC_STORE_CACHE")
    if base is None:
        xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        base = str(Path(xdg) / "sdlc" / "stores")
    digest = hashlib.sha256(address.encode("utf-8")).hexdigest()[:16]
    return Path(base) / digest


def _bad(address: str, why: str) -> InputError:
    return InputError(
        f"--store {shown(address)!r}: {why}",
        hint="give a folder, git+PATH for a local repository, or git+file:///…, "
        "git+https://… or git+ssh://… for a repository git can reach",
    )
