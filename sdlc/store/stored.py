"""What a record store is: a place that holds records by name, reads one with its
version, lists them, and writes a new version only over the version the writer
read (a compare-and-swap). :mod:`.folder` and :mod:`.git_store` are the two kinds;
:mod:`.appending` appends through any of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

RECORD_SUFFIXES = (".yaml", ".yml", ".json")
"""The suffixes of a record in a store: one record a file, YAML or JSON."""


@dataclass(frozen=True, slots=True)
class Stored:
    """One record as a store holds it: its name there, its text, and its version (what
    a write must name to replace it)."""

    name: str
    text: str
    version: str
    rewritten: bool = False
    """Whether the store knows the record was rewritten since it last saw it (its
    history no longer holds a version seen earlier)."""


class Conflict(Exception):
    """Another writer replaced the version a write named: read again and retry."""


class RecordStore(Protocol):
    """A store of records: what appends, checks and verification read and write."""

    @property
    def address(self) -> str:
        """The store's address as shown to people: never with credentials."""
        ...

    def names(self) -> list[str]:
        """The names of the records held, sorted."""
        ...

    def read(self, name: str) -> Stored | None:
        """The record named ``name`` as it is now, or ``None`` when there is none."""
        ...

    def write(self, name: str, text: str, expected: str | None, note: str) -> str:
        """Replace version ``expected`` of the record (``None``: there must be none yet)
        with ``text``, saying ``note`` where the store keeps notes; return the new
        version. Raise :class:`Conflict` when the record is no longer at
        ``expected``."""
        ...

    def where(self, name: str) -> str:
        """Where the record named ``name`` is, as messages name it."""
        ...


def record_id(name: str) -> str:
    """The record id a store name stands for: the name without its suffix."""
    for suffix in RECORD_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name
