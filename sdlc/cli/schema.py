"""``sdlc schema``: the JSON Schema of process, roster, record or waiver files, or of
the JSON report of ``sdlc check``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .options import Exit, command

if TYPE_CHECKING:
    from typing import Any

    from .options import Subcommands

KINDS = ("process", "roster", "record", "waivers", "report")
"""The schemas ``sdlc schema`` prints: three of files people write, that of waiver
files, and that of the JSON report."""


def register(subparsers: Subcommands) -> None:
    """Add ``sdlc schema``."""
    p = command(
        subparsers,
        "schema",
        "Print the JSON Schema of process, roster, record or waiver files, or of the JSON "
        "report of 'sdlc check'.",
        "  sdlc schema process > process.schema.json\n  sdlc schema --out schemas/",
        run,
    )
    p.add_argument(
        "kind",
        nargs="?",
        choices=KINDS,
        default="process",
        help="which schema to print (default: process)",
    )
    p.add_argument("--out", metavar="DIR", help="write every schema into DIR")


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of ``kind``."""
    if kind == "report":
        from ..checking.report_schema import report_schema

        return report_schema()
    if kind == "waivers":
        from ..evolution.waiver_file import WaiverFile
        from ..model.schema import model_schema

        return model_schema(WaiverFile, kind)
    from ..model.schema import schema_for

    return schema_for(kind)


def run(args: argparse.Namespace) -> int:
    """Print one schema, or write every one into ``--out``."""
    import json

    if args.out is not None:
        from ..integrity.fileio import atomic_write

        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        for kind in KINDS:
            atomic_write(out / f"{kind}.schema.json", json.dumps(schema(kind), indent=2) + "\n")
            print(f"wrote {out / f'{kind}.schema.json'}")
        return Exit.CLEAN
    sys.stdout.write(json.dumps(schema(args.kind), indent=2) + "\n")
    return Exit.CLEAN
