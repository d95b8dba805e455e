"""Writing records: start one, and append events to it, chained, signed and safely.

What the writer promises:

- **Turns.** Every write holds the record's lock (:mod:`sdlc.integrity.locking`, a
  lock on the record's folder that no file operation can take away), reads the
  record as it is now, and replaces it. Appenders running at the same time take
  turns: an append whose number was returned is in the record, once, at that
  number, and the hash chain stays whole.
- **Whole files.** The new text goes to a temporary file in the same folder
  (created exclusively, so nothing planted there is written through), is flushed
  to disk and renamed over the record. Readers and a writer killed at any moment
  therefore see the old record or the new one, whole. A killed writer's temporary
  file (``.<name>.<random>.tmp``, never read as a record) is removed by the next
  append; only regular files are removed.
- **Symbolic links.** A record path that is a symbolic link is written through:
  the file it leads to is replaced atomically and the link stays a link. A link
  leading outside its own folder (or round in a circle) is refused with an
  :class:`InputError` before anything is read or written, so a record path cannot
  be used to overwrite any other file (see :func:`~sdlc.integrity.fileio.record_target`).

An append adds the new event's text at the end of the file, so comments and the
layout of what is already there stay as they were. A YAML result is read back
and compared with what was meant before it replaces the record (JSON's grammar
makes that unnecessary there); where the file's layout does not allow a plain
append (a flow-style list, say), the record is written out again whole. YAML
(``.yaml``, ``.yml``) and JSON (``.json``) files are written in their own format,
that of the file the path leads to.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Location
from ..load.text import read_text
from ..model.record import Event, Record
from .chain import event_hash, header_hash
from .extending import extend
from .fileio import atomic_write
from .locking import DEFAULT_TIMEOUT, locked
from .record_text import record_data, render
from .signing import SigningKey

FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


@dataclass(frozen=True, slots=True)
class Appended:
    """What an append wrote: the event's number, the event, and the new head."""

    number: int
    event: Event
    head: str


def record_format(path: Path) -> str:
    """``yaml`` or ``json``, from the file's extension."""
    found = FORMATS.get(path.suffix.lower())
    if found is None:
        hint = "use a .yaml, .yml or .json file for one record"
        if path.suffix.lower() == ".jsonl":
            hint = "a JSON Lines file archives many records; " + hint
        raise InputError(
            f"cannot write a record to a '{path.suffix}' file",
            location=Location(str(path)),
            hint=hint,
        )
    return found


def create(path: Path, record: Record, *, timeout: float = DEFAULT_TIMEOUT) -> str:
    """Write a new record to ``path`` (which must not exist); return its header hash."""
    record_format(path)
    with locked(path, timeout) as target:
        if target.exists():
            raise InputError(
                "the record already exists",
                location=Location(str(path)),
                hint="add events to it with 'sdlc record append', or choose another file",
            )
        _replace(target, render(record_data(record), record_format(target)))
    return header_hash(record)


def append(
    path: Path,
    event: Event,
    *,
    key: SigningKey | None = None,
    chain: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
) -> Appended:
    """Append ``event`` to the record at ``path``, chained (unless ``chain`` is false)
    and signed with ``key`` when given; wait at most ``timeout`` seconds for another
    writer. Any ``prev`` or ``signature`` on ``event`` is replaced."""
    record_format(path)
    with locked(path, timeout) as target:
        fmt = record_format(target)
        _sweep(target)
        text = read_text(target)
        done = extend(text, str(path), fmt, event, key=key, chain=chain, source=str(target))
        _replace(target, done.text)
    return Appended(done.number, done.event, event_hash(done.event))


# -- writing -----------------------------------------------------------------------------


def _replace(path: Path, text: str) -> None:
    atomic_write(path, text)
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder if str(folder) else ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


_TEMP = re.compile(r"^\.(?P<name>.+)\.[^.]+\.tmp$")


def _sweep(path: Path) -> None:
    """Remove temporary files a killed writer of this record left behind. Only writers
    holding the lock create them, and this runs under the lock, so none is in use.
    Writers make only regular files, so nothing else of that name (a folder, a link
    someone put there) is touched; what cannot be removed is left."""
    folder = path.parent if str(path.parent) else Path(".")
    prefix = f".{path.name}."
    try:
        names = [n for n in os.listdir(folder) if n.startswith(prefix) and n.endswith(".tmp")]
    except OSError:
        return
    for name in names:
        match = _TEMP.match(name)
        if match and match["name"] == path.name:
            with contextlib.suppress(OSError):
                if stat.S_ISREG(os.lstat(folder / name).st_mode):
                    os.unlink(folder / name)
