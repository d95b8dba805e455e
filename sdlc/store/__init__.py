"""Record stores: where records are kept and how appends reach them safely.

A store holds records by name, reads one with its version and writes a new
version only over the one read (:mod:`.stored`). The folder store (:mod:`.folder`)
is a folder of files; the git store (:mod:`.git_store`) keeps each record on a ref
of a git repository that every CI runner can push to, and its history is
evidence (:mod:`.history`). :func:`open_store` opens either from an address
(:mod:`.address`); :func:`append_to` appends through either (:mod:`.appending`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._faces import face

if TYPE_CHECKING:
    from .address import open_store
    from .appending import append_to, create_in
    from .folder import FolderStore
    from .git_store import GitStore
    from .stored import Conflict, RecordStore, Stored

_EXPORTS = {
    "Conflict": "stored",
    "FolderStore": "folder",
    "GitStore": "git_store",
    "RecordStore": "stored",
    "Stored": "stored",
    "append_to": "appending",
    "create_in": "appending",
    "open_store": "address",
}
__getattr__, __dir__ = face(__name__, _EXPORTS, globals())

__all__ = [
    "Conflict",
    "FolderStore",
    "GitStore",
    "RecordStore",
    "Stored",
    "append_to",
    "create_in",
    "open_store",
]
