"""``sdlc check``: change records checked against a process, as a report.

The report is written as the records are checked, one at a time (see
docs/limits.md, "Memory"); a run that checks nothing is an input error, never a
clean pass.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from ..errors import InputError, Location
from .consumers import audience, audience_options, tell
from .options import (
    Exit,
    colour,
    command,
    format_option,
    now_option,
    parse_severity,
    parse_time,
    records_argument,
    roster_option,
    severity_options,
)
from .workers import cluster, workers_options

if TYPE_CHECKING:
    from ..report.stream import Tally
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
    records_argument(p, store=True)
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
    audience_options(p)
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
    now_option(p)
    severity_options(p)
    workers_options(p)


def run(args: argparse.Namespace) -> int:
    """Check every record against the process version it names."""
    from ..checking.batch import check_with
    from ..checking.checker import CheckOptions
    from ..checking.shapes import CachedChecker
    from ..evolution.versions import VersionedChecker
    from ..integrity.heads import parse_heads, unseen
    from ..report.destination import report_destination
    from ..report.reporters import open_writer
    from .stores import loaded, sources, wanted

    heads = parse_heads(args.head)
    options = CheckOptions(
        severity=parse_severity(args.severity),
        strict=args.strict,
        in_flight=args.in_flight,
        require_chain=args.require_chain,
        heads=heads,
        now=None if args.now is None else parse_time(args.now, "--now"),
        repair=args.format != "sarif",  # the one report that does not show the repair
    )
    make = partial(
        VersionedChecker.open,
        args.process,
        args.roster,
        options,
        args.waivers,
        checker=CachedChecker,
    )
    progress = sys.stderr.isatty()
    color = args.output is None and args.format == "text" and colour(sys.stdout)
    seen: set[str] = set()  # of the records a head was noted for: no more are kept
    with cluster(args.dask) as executor, report_destination(args.output) as stream:
        if args.store is None:  # streamed from the files, checked by --jobs or --dask
            reports = check_with(make, wanted(args), executor=executor, workers=args.jobs)
        else:
            reports = make().check_loaded(loaded(args))
        writer = open_writer(args.format, stream, color=color, audience=audience(args))
        for count, report in enumerate(reports, 1):
            writer.add(report)
            if report.record in heads:
                seen.add(report.record)
            if progress and count % _PROGRESS_EVERY == 0:
                print(f"\rchecked {count} records…", end="", file=sys.stderr, flush=True)
        if progress and writer.tally.total >= _PROGRESS_EVERY:
            print(file=sys.stderr)
        if writer.tally.total == 0:
            raise nothing_checked(sources(args))
        for report in unseen(heads, seen, options.severity, strict=args.strict):
            writer.add(report)
        writer.close()
    tell(writer)
    return tally_exit(writer.tally)


def nothing_checked(paths: Sequence[str]) -> InputError:
    """The refusal of a run that found no record to check: it must not pass."""
    return InputError(
        "nothing checked: found no records"
        + ("" if len(paths) == 1 else f" in {', '.join(paths)}"),
        location=Location(paths[0]) if len(paths) == 1 else None,
        hint="give record files (.yaml, .yml, .json or .jsonl, in any case) or folders that "
        "hold them; a JSON Lines file needs at least one record",
    )


def tally_exit(tally: Tally) -> Exit:
    """The exit code of checked or verified records: input errors first, then findings."""
    if tally.unreadable:
        return Exit.INPUT
    return Exit.FINDINGS if tally.failing else Exit.CLEAN
