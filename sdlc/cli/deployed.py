"""``sdlc deployed``: what runs in production, which change record deployed each
running artifact, whether that record is compliant, and since when it runs."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from .options import (
    Exit,
    command,
    format_option,
    parse_severity,
    roster_option,
    severity_options,
    write,
)

if TYPE_CHECKING:
    from .options import Subcommands

_KINDS = (
    "the kind of every snapshot: 'kubernetes' (kubectl get pods -A -o json, or -o yaml), "
    "'docker' (docker inspect of containers, and of their images for repository digests) "
    "or 'list' (one 'NAME DIGEST' a line); default: found from what each file holds"
)


def register(subparsers: Subcommands) -> None:
    """Add ``sdlc deployed``."""
    p = command(
        subparsers,
        "deployed",
        "Say which change record deployed each running artifact, and whether it is compliant.",
        "  sdlc deployed pods.json --records changes/ --process processes/ \\\n"
        "      --roster processes/eid-gateway.roster.yaml\n"
        "  sdlc deployed pods.json --since pods-yesterday.json --records changes/ \\\n"
        "      --process processes/ --roster processes/eid-gateway.roster.yaml\n"
        "  # pods.json made with: kubectl get pods -A -o json > pods.json",
        run,
        limits=True,
    )
    p.add_argument(
        "snapshots",
        nargs="+",
        metavar="SNAPSHOT",
        help="what runs: files made by kubectl, docker inspect, or NAME DIGEST lines",
    )
    p.add_argument(
        "--records",
        required=True,
        nargs="+",
        action="extend",
        metavar="RECORD_OR_DIR",
        help="the change records (files or directories of them) whose deployments count",
    )
    p.add_argument(
        "--process",
        required=True,
        metavar="PROCESS",
        help="the process file, or a folder of process versions (records name theirs)",
    )
    roster_option(p)
    p.add_argument("--kind", choices=("kubernetes", "docker", "list"), help=_KINDS)
    p.add_argument(
        "--since",
        metavar="OLD_SNAPSHOT",
        help="an older snapshot: say what started, stopped or was replaced since, and "
        "judge only what is new",
    )
    format_option(p, "text", "json", "sarif")
    p.add_argument("--output", metavar="FILE", help="write the report here, not to stdout")
    severity_options(p)


def run(args: argparse.Namespace) -> int:
    """Read the snapshots, check the records, and judge every running artifact."""
    from ..checking.context import CheckOptions
    from ..evolution.versions import VersionedChecker
    from ..load.records import load_records
    from ..production.inventory import take_inventory
    from ..production.ledger import read_ledger
    from ..production.reader import read_snapshot
    from ..production.text_view import render_inventory_text
    from ..production.verdicts import Judging
    from ..report.reporters import render_reports

    severity = parse_severity(args.severity)
    snapshots = [read_snapshot(path, args.kind) for path in args.snapshots]
    since = None if args.since is None else read_snapshot(args.since, args.kind)
    checker = VersionedChecker.open(
        args.process, args.roster, CheckOptions(severity=severity, strict=args.strict)
    )
    ledger = read_ledger(checker, load_records(args.records))
    inventory = take_inventory(snapshots, ledger, Judging(severity, args.strict), since)
    if args.format == "json":
        text = json.dumps(inventory.as_dict(), indent=2, ensure_ascii=False) + "\n"
    elif args.format == "sarif":
        text = render_reports(inventory.reports(), "sarif")
    else:
        text = render_inventory_text(inventory)
    write(text, args.output)
    if ledger.unreadable:
        return Exit.INPUT
    return Exit.FINDINGS if inventory.failing else Exit.CLEAN
