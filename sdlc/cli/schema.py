"""``sdlc schema``: the JSON Schema of process, roster or record files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .options import Exit, command

if TYPE_CHECKING:
    from .options import Subcommands


def register(subparsers: Subcommands) -> None:
    """Add ``sdlc schema``."""
    p = command(
        subparsers,
        "schema",
        "Print the JSON Schema of process, roster or record files.",
        "  sdlc schema process > process.schema.json\n  sdlc schema --out schemas/",
        run,
    )
    p.add_argument(
        "kind",
        nargs="?",
        choices=("process", "roster", "record"),
        default="process",
        help="which schema to print (default: process)",
    )
    p.add_argument("--out", metavar="DIR", help="write all three schemas into DIR")


def run(args: argparse.Namespace) -> int:
    """Print one schema, or write every one into ``--out``."""
    import json

    from ..model.schema import SCHEMAS, schema_for

    if args.out is not None:
        from ..integrity.fileio import atomic_write

        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        for kind in SCHEMAS:
            atomic_write(out / f"{kind}.schema.json", json.dumps(schema_for(kind), indent=2) + "\n")
            print(f"wrote {out / f'{kind}.schema.json'}")
        return Exit.CLEAN
    sys.stdout.write(json.dumps(schema_for(args.kind), indent=2) + "\n")
    return Exit.CLEAN
