"""``sdlc record import KIND``: append the events that evidence proves.

Each kind of evidence (:mod:`.import_kinds`) is an action of its own with its own
options; what they share is here: the record, roster, process and key, reading
the evidence into a plan (:mod:`sdlc.importers.ledger`) before anything is
written, and appending it through the same locked, chained, signed append as
``sdlc record append``. It exits 0 when the events are in the record (appended
now or before), 2 when the evidence or the command line is unusable; then
nothing was appended.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import UsageError
from ..options import Command, Exit, command, parse_time
from ..stores import git_store, import_into, read_record, record_path, store_name, store_option
from . import import_kinds

if TYPE_CHECKING:
    from ...importers.ledger import Plan
    from ..options import Subcommands

_EXAMPLE = (
    "  sdlc record import junit reports/junit.xml --record changes/EID-2417.yaml \\\n"
    "      --stage unit-tests --actor ci --subject e16f242 --roster roster.yaml\n"
    "  sdlc record import github-reviews pull.json reviews.json commits.json \\\n"
    "      --record changes/EID-2417.yaml --roster roster.yaml\n"
    "see docs/collecting.md for each kind of evidence"
)


def register(actions: Subcommands) -> None:
    """Add ``sdlc record import`` and one action per kind of evidence."""
    parser = command(
        actions,
        "import",
        "Append the events that evidence proves: test reports, scans, commits, reviews.",
        _EXAMPLE,
        _usage(actions),
    )
    kinds = parser.add_subparsers(title="kinds of evidence", metavar="KIND")
    for kind in import_kinds.KINDS:
        sub = command(kinds, kind.name, kind.summary, kind.example, run)
        kind.add(sub)
        _common(sub)
        sub.set_defaults(kind=kind)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--record", required=True, metavar="RECORD", help="the record to append to")
    p.add_argument("--roster", metavar="ROSTER", help="the people, with their accounts and keys")
    p.add_argument(
        "--process",
        metavar="PROCESS",
        help="the record's process file: check the stage, and record the evidence kind it needs",
    )
    p.add_argument("--key", metavar="FILE", help="sign its owner's events with this ed25519 key")
    p.add_argument("--key-id", metavar="ID", help="the key's id (found in --roster when absent)")
    p.add_argument("--at", metavar="TIME", help="time of events whose evidence gives none")
    p.add_argument(
        "--dry-run", action="store_true", help="say what would be appended; write nothing"
    )
    p.add_argument("--no-chain", action="store_true", help="append to an unchained record")
    p.add_argument(
        "--timeout", type=float, default=60.0, metavar="SECONDS", help="wait for the lock"
    )
    store_option(p)


def _usage(actions: Subcommands) -> Command:
    def show(args: argparse.Namespace) -> int:
        actions.choices["import"].print_help(sys.stderr)
        return Exit.INPUT

    return show


def run(args: argparse.Namespace) -> int:
    """Read the evidence, plan, then append; say what was appended and what was not."""
    from ...importers.appending import apply, check_signer, signer
    from ...importers.directory import Directory
    from ...importers.ledger import plan
    from ...importers.setting import Setting, check_process
    from ...integrity.writer import record_format
    from ...load.loaders import load_process, load_record, load_roster

    store = git_store(args)  # a record of a git store is named as its file there
    path = Path(store_name(args.record)) if store else record_path(args, args.record)
    record_format(path)
    record = read_record(args, args.record) if store else load_record(path)
    process = load_process(args.process) if args.process else None
    if process is not None:
        check_process(process, record, path)
    roster = load_roster(args.roster, process) if args.roster else None
    directory = Directory(roster, args.roster) if roster is not None else None
    setting = Setting(
        path, record, directory, process, None if args.at is None else parse_time(args.at, "--at")
    )
    evidence = args.kind.prove(setting, args)
    todo = plan(path, record, evidence)
    if args.key is None and args.key_id is not None:
        raise UsageError("--key-id needs --key, the private key to sign with")
    key = signer(args.key, args.key_id, roster) if args.key else None
    if key is not None:
        check_signer(todo, key)
    _report_found(todo)
    if args.dry_run:
        for proven in todo.new:
            print(f"would append '{proven.event.stage}' by {proven.event.actor}: {proven.summary}")
        print(f"dry run: {len(todo.new)} of {_total(todo)} events would be appended to {path}")
        return Exit.CLEAN
    if store is not None:
        done = import_into(store, todo, key, chain=not args.no_chain)
    else:
        done = apply(todo, key, chain=not args.no_chain, timeout=args.timeout)
    for proven, written, signed in done:
        mark = f" (signed with key {key.key.id})" if signed and key is not None else ""
        print(
            f"appended event #{written.number} '{proven.event.stage}' by {proven.event.actor}"
            f"{mark}: {proven.summary}"
        )
    if done:
        head = done[-1][1].head
        print(
            f"imported {len(done)} of {_total(todo)} events from {evidence.kind} into {path}; "
            f"head {head}"
        )
    else:
        print(f"nothing to append: {path} holds every event this evidence proves")
    return Exit.CLEAN


def _report_found(todo: Plan) -> None:
    """What the record already held, what the evidence left out, and what is early."""
    for proven, number in todo.present:
        print(f"already in the record as event #{number}: {proven.summary}")
    for line in todo.evidence.skipped:
        print(f"skipped {line}")
    for proven in todo.early:
        print(
            f"warning: {proven.summary} happened at {proven.event.at.isoformat()}, before the "
            f"record's last event ({todo.last.isoformat() if todo.last else ''}); "
            "sdlc check will report time-order",
            file=sys.stderr,
        )


def _total(todo: Plan) -> int:
    return len(todo.new) + len(todo.present)
