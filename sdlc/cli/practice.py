"""``sdlc practice``: the process as practised, read from an archive of records, per
risk level and team: flow, time, deviations and suggestions (see docs/practice.md).

The study is :mod:`sdlc.practice`.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

from .options import Exit, archive_options, command, format_option, records_argument, write

if TYPE_CHECKING:
    from .options import Subcommands


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a day as YYYY-MM-DD, e.g. 2026-03-01, found {text!r}"
        ) from None


def _count(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, found {text!r}")
    return int(text)


def register(subparsers: Subcommands) -> None:
    """Add ``sdlc practice``."""
    p = command(
        subparsers,
        "practice",
        "Show how the process is practised: flow, time, deviations and suggestions, "
        "per risk level and team.",
        "  sdlc practice records/ --process processes/ --roster processes/eid-gateway.roster.yaml"
        " \\\n      --waivers waivers.yaml --since 2026-03-01 --team login --format markdown",
        run,
    )
    records_argument(p, store=True)
    archive_options(p)
    p.add_argument(
        "--since",
        type=_day,
        metavar="DAY",
        help="only changes whose first event is on or after DAY",
    )
    p.add_argument(
        "--until",
        type=_day,
        metavar="DAY",
        help="only changes whose first event is on or before DAY",
    )
    p.add_argument(
        "--team", action="append", default=[], metavar="TEAM", help="only this team (repeatable)"
    )
    p.add_argument(
        "--top", type=_count, default=5, metavar="N", help="paths and steps shown per group (5)"
    )
    format_option(p, "text", "json", "markdown")
    p.add_argument("--output", metavar="FILE", help="write here, not to stdout")


def run(args: argparse.Namespace) -> int:
    """Study the records; unreadable records make it exit 2."""
    from ..checking.checker import CheckOptions
    from ..errors import UsageError
    from ..evolution.versions import VersionedChecker
    from ..practice.analysis import observe
    from ..practice.cases import Selection
    from ..practice.page import practice_markdown
    from ..practice.shape import practice_json
    from ..practice.text import practice_text
    from .stores import loaded

    if args.since is not None and args.until is not None and args.until < args.since:
        raise UsageError(f"--until {args.until} is before --since {args.since}")
    options = CheckOptions(in_flight=args.in_flight)
    checker = VersionedChecker.open(args.process, args.roster, options, args.waivers)
    selection = Selection(args.since, args.until, tuple(dict.fromkeys(args.team)))
    practice = observe(loaded(args), checker, selection)
    render = {"json": practice_json, "markdown": practice_markdown}.get(args.format, practice_text)
    write(render(practice, args.top), args.output)
    return Exit.INPUT if practice.unreadable else Exit.CLEAN
