"""``sdlc record list``: the records a store holds, each with its events and head.

It reads every record (a git store fetches them first); a record that cannot be
read is listed with why, and makes the command exit 2.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from ..options import Exit, command, format_option, write
from ..stores import STORE_HELP, opened

if TYPE_CHECKING:
    from ..options import Subcommands


def register(actions: Subcommands) -> None:
    """Add ``sdlc record list``."""
    p = command(
        actions,
        "list",
        "List the records a store holds: id, events and head.",
        "  sdlc record list --store git+https://git.example.no/login/records.git\n"
        "  sdlc record list --store changes/ --format json",
        run,
    )
    p.add_argument("--store", required=True, metavar="ADDRESS", help=STORE_HELP)
    format_option(p, "text", "json")


def run(args: argparse.Namespace) -> int:
    """List every record of the store, in name order."""
    from ...integrity.chain import head
    from ...store.reading import stored_records

    store = opened(args)
    rows: list[dict[str, Any]] = []
    for item in stored_records(store):
        row: dict[str, Any] = {"name": item.path, "id": None, "events": None, "head": None}
        if item.record is None:
            assert item.error is not None
            row["error"] = item.error.user_message()
        else:
            row.update(id=item.record.id, events=len(item.record.events), head=head(item.record))
        rows.append(row)
    if args.format == "json":
        write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", None)
    else:
        lines = [
            f"{r['name']}: {r['error']}"
            if "error" in r
            else f"{r['name']}: {r['id']}, {r['events']} event{'s' * (r['events'] != 1)}, "
            f"head {r['head']}"
            for r in rows
        ]
        lines.append(f"{len(rows)} record{'s' * (len(rows) != 1)} in {store.address}")
        write("\n".join(lines) + "\n", None)
    return Exit.INPUT if any("error" in r for r in rows) else Exit.CLEAN
