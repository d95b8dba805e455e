"""``sdlc stats``: which rules fail or are waived, by team and month, and which
stages are skipped, as JSON, CSV or a folder with the process health page.

The counting is :mod:`sdlc.evolution.stats`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from .options import (
    Exit,
    archive_options,
    command,
    format_option,
    now_option,
    parse_time,
    records_argument,
    write,
)

if TYPE_CHECKING:
    from .options import Subcommands


def register(subparsers: Subcommands) -> None:
    """Add ``sdlc stats``."""
    p = command(
        subparsers,
        "stats",
        "Count which rules fail or are waived, by team and month, and which stages are skipped.",
        "  sdlc stats records/ --process processes/ --roster processes/eid-gateway.roster.yaml"
        " \\\n      --waivers waivers.yaml --out site-stats/",
        run,
    )
    records_argument(p, store=True)
    archive_options(p)
    now_option(p)
    format_option(p, "json", "csv")
    p.add_argument(
        "--out",
        metavar="DIR",
        help="write stats.json, stats.csv, stages.csv and health.md (with charts) into DIR",
    )


def run(args: argparse.Namespace) -> int:
    """Count the records' results; unreadable records make it exit 2."""
    from ..checking.checker import CheckOptions
    from ..evolution.stats import collect, stages_csv, to_csv, to_json
    from ..evolution.versions import VersionedChecker
    from ..handbook.health import health_page
    from ..integrity.fileio import atomic_write
    from .stores import loaded

    now = None if args.now is None else parse_time(args.now, "--now")
    options = CheckOptions(in_flight=args.in_flight, now=now)
    checker = VersionedChecker.open(args.process, args.roster, options, args.waivers)
    stats = collect(checker.results(loaded(args)))
    if args.out is None:
        write(to_csv(stats) if args.format == "csv" else to_json(stats), None)
    else:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        files = {
            "stats.json": to_json(stats),
            "stats.csv": to_csv(stats),
            "stages.csv": stages_csv(stats),
            "health.md": health_page(stats),
        }
        for name, text in files.items():
            atomic_write(out / name, text)
            print(f"wrote {out / name}")
    return Exit.INPUT if stats.unreadable else Exit.CLEAN
