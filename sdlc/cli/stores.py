"""``--store``: the record store a command reads or writes (see docs/integrity.md,
"The git store"), shared by every command that touches records.

Without ``--store`` a command reads and writes files as it always has. With a
folder as the store, record names are paths from that folder, and everything else
is as without it. With a git store (``git+…``), record names are the records'
names in the store (``EID-2417`` or ``EID-2417.yaml``), and commands that read
records read every record the store holds when none is named.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UsageError

if TYPE_CHECKING:
    from ..importers.appending import Signer
    from ..importers.ledger import Plan
    from ..importers.sources import Proven
    from ..integrity.writer import Appended
    from ..load.records import LoadedRecord
    from ..model.record import Record
    from ..store.git_store import GitStore
    from ..store.stored import RecordStore

STORE_HELP = (
    "the record store: a folder, or a git repository as git+file:///…, git+https://…, "
    "git+ssh://… or git+PATH (docs/integrity.md, 'The git store')"
)


def store_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--store ADDRESS``."""
    parser.add_argument("--store", metavar="ADDRESS", help=STORE_HELP)


def opened(args: argparse.Namespace) -> RecordStore:
    """The store ``--store`` names, opened once per command."""
    from ..store.address import open_store

    store: RecordStore | None = getattr(args, "opened_store", None)
    if store is None:
        store = args.opened_store = open_store(args.store)
    return store


def git_store(args: argparse.Namespace) -> GitStore | None:
    """The git store ``--store`` names, or ``None`` (no ``--store``, or a folder)."""
    from ..store.git_store import GitStore

    if getattr(args, "store", None) is None:
        return None
    store = opened(args)
    return store if isinstance(store, GitStore) else None


def record_path(args: argparse.Namespace, name: str) -> Path:
    """The file of the record ``name``: as given, or inside the folder ``--store``
    names (call only when :func:`git_store` gave ``None``)."""
    from ..store.folder import FolderStore

    if getattr(args, "store", None) is None:
        return Path(name)
    store = opened(args)
    assert isinstance(store, FolderStore)
    return store.path(name)


def store_name(name: str) -> str:
    """A record's name in a git store: ``name``, with ``.yaml`` when it has no suffix."""
    from ..store.stored import record_id

    return name if record_id(name) != name else f"{name}.yaml"


def wanted(args: argparse.Namespace) -> list[str]:
    """The records named on the command line: with ``--store``, none means all."""
    names: list[str] = list(args.records)
    if not names and getattr(args, "store", None) is None:
        raise UsageError(
            "give RECORD_OR_DIR (record files or folders of them), or --store ADDRESS to "
            "read every record of a store"
        )
    return names


def loaded(args: argparse.Namespace) -> Iterator[LoadedRecord]:
    """The records the command line names, from files or from ``--store``."""
    from ..load.records import load_records
    from ..store.reading import stored_records

    names = wanted(args)
    if args.store is None:
        return load_records(names)
    return stored_records(opened(args), names)


def sources(args: argparse.Namespace) -> Sequence[str]:
    """What a command read records from, for a message saying it found none."""
    return list(args.records) or [args.store]


def import_into(
    store: GitStore, plan: Plan, key: Signer | None, *, chain: bool
) -> list[tuple[Proven, Appended, bool]]:
    """Append a plan's new events to a record in a git store, in order, as
    :func:`sdlc.importers.appending.apply` does to a file."""
    from ..importers.appending import check_signer
    from ..store.appending import append_to

    if key is not None:
        check_signer(plan, key)
    done = []
    for proven in plan.new:
        signing = key is not None and key.signs(proven)
        written = append_to(
            store,
            plan.path.name,
            proven.event,
            key=key.key if key is not None and signing else None,
            chain=chain,
        )
        done.append((proven, written, signing))
    return done


def read_record(args: argparse.Namespace, name: str) -> Record:
    """The one record ``name``: a file, or a record of ``--store``."""
    from ..load.loaders import load_record
    from ..store.reading import stored_records

    store = git_store(args)
    if store is None:
        return load_record(record_path(args, name))
    (item,) = stored_records(store, [name])
    if item.record is None:
        assert item.error is not None
        raise item.error
    return item.record
