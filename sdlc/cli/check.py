"""``sdlc check``: change records checked against a process, as a report."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from .options import (
    colour,
    command,
    format_option,
    parse_severity,
    records_argument,
    reports_exit,
    roster_option,
    severity_options,
    write,
)

if TYPE_CHECKING:
    from .options import Subcommands

_PROGRESS_EVERY = 500
"""On a terminal, say how far the check has come after this many records."""


def register(subparsers: Subcommands) -> None:
    """Add ``sdlc check``."""
    p = command(
        subparsers,
        "check",
        "Check change records against a process.",
        "  sdlc check examples/ --process processes/eid-gateway.yaml \\\n"
        "      --roster processes/eid-gateway.roster.yaml --format sarif --output sdlc.sarif",
        run,
        limits=True,
    )
    records_argument(p)
    p.add_argument(
        "--process",
        required=True,
        metavar="PROCESS",
        help="the process file, or a folder of process versions (records name theirs)",
    )
    roster_option(p)
    p.add_argument(
        "--waivers", metavar="FILE", help="waivers to apply (needs --roster; docs/evolution.md)"
    )
    format_option(p, "text", "json", "sarif", "junit")
    p.add_argument("--output", metavar="FILE", help="write the report here, not to stdout")
    p.add_argument(
        "--in-flight",
        action="store_true",
        help="changes not yet deployed pass: 'incomplete' becomes info",
    )
    p.add_argument(
        "--require-chain",
        action="store_true",
        help="a record without a hash chain is broken-chain (docs/integrity.md)",
    )
    p.add_argument(
        "--head",
        action="append",
        default=[],
        metavar="RECORD=SHA256",
        help="a head 'sdlc record append' printed for a record (repeatable): the record "
        "must still hold that event, and must be among those checked",
    )
    severity_options(p)


def run(args: argparse.Namespace) -> int:
    """Check every record against the process version it names."""
    from ..checking.checker import CheckOptions
    from ..evolution.versions import VersionedChecker
    from ..integrity.heads import parse_heads, unseen
    from ..load.records import load_records
    from ..report.reporters import render_reports

    heads = parse_heads(args.head)
    options = CheckOptions(
        severity=parse_severity(args.severity),
        strict=args.strict,
        in_flight=args.in_flight,
        require_chain=args.require_chain,
        heads=heads,
    )
    checker = VersionedChecker.open(args.process, args.roster, options, args.waivers)
    reports = []
    progress = sys.stderr.isatty()
    for count, report in enumerate(checker.check_loaded(load_records(args.records)), 1):
        reports.append(report)
        if progress and count % _PROGRESS_EVERY == 0:
            print(f"\rchecked {count} records…", end="", file=sys.stderr, flush=True)
    if progress and len(reports) >= _PROGRESS_EVERY:
        print(file=sys.stderr)
    reports += unseen(heads, (r.record for r in reports), options.severity, strict=args.strict)
    color = args.output is None and args.format == "text" and colour(sys.stdout)
    write(render_reports(reports, args.format, color=color), args.output)
    return reports_exit(reports)
