"""``sdlc record verify``: records' integrity (hash chain, signatures, evidence
digests), for people (text) and for tools (JSON, SARIF, JUnit).

The checks are :func:`sdlc.integrity.verification.verify`. The report is written as
the records are verified, one at a time; a run that verifies nothing is an input
error, never a clean pass.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import UsageError
from ..check import nothing_checked, tally_exit
from ..options import colour, command, format_option, records_argument
from ..stores import git_store, loaded, sources

if TYPE_CHECKING:
    from ...integrity.digests import DigestCache
    from ...integrity.verification import IntegrityOptions
    from ...load.records import LoadedRecord
    from ...model.process import Process
    from ...model.roster import Roster
    from ...rules.findings import Report
    from ..options import Subcommands


def register(actions: Subcommands) -> None:
    """Add ``sdlc record verify``."""
    p = command(
        actions,
        "verify",
        "Check records' integrity: chain, signatures, evidence digests.",
        "  sdlc record verify examples/tampered/EID-2417.yaml \\\n"
        "      --roster examples/tampered/signers.roster --process processes/eid-gateway.yaml",
        run,
    )
    records_argument(p, store=True)
    p.add_argument("--roster", metavar="ROSTER", help="public keys, to check signatures")
    p.add_argument(
        "--process", metavar="PROCESS", help="the process file, for stages that must be signed"
    )
    p.add_argument(
        "--require-chain", action="store_true", help="a record without a hash chain is a finding"
    )
    p.add_argument(
        "--head",
        metavar="SHA256",
        help="a head noted earlier (from 'append'): the record must still hold it",
    )
    format_option(p, "text", "json", "sarif", "junit")


def run(args: argparse.Namespace) -> int:
    """Verify every record; one that cannot be read is reported, not fatal."""
    from ...integrity.digests import DigestCache
    from ...integrity.verification import IntegrityOptions
    from ...load.loaders import load_process, load_roster
    from ...report.reporters import open_writer
    from ...store.history import deleted_reports, history_findings

    if args.head is not None and not re.fullmatch(r"[0-9a-f]{64}", args.head):
        raise UsageError(f"--head {args.head!r}: expected a hex SHA-256 (64 characters)")
    roster = load_roster(args.roster) if args.roster else None
    process = load_process(args.process) if args.process else None
    options = IntegrityOptions(require_chain=args.require_chain, head=args.head)
    writer = open_writer(args.format, sys.stdout, color=colour(sys.stdout))
    held: list[Report] = []  # with --head, the one report waits until it is the only one
    digests = DigestCache()
    unchecked = 0
    store = git_store(args)
    for item in loaded(args):
        report = _report(item, roster, process, options, digests)
        if store is not None and item.record is not None:
            report.findings += history_findings(store, item.record, item.path)
        if item.record is not None and roster is None:
            unchecked += sum(e.signature is not None for e in item.record.events)
        if args.head is None:
            writer.add(report)
            continue
        held.append(report)
        if len(held) > 1:
            break
    if args.head is not None and len(held) != 1:
        raise UsageError("--head names the head of one record; give exactly one record")
    for report in held:
        writer.add(report)
    if store is not None and not args.records:  # every record: also those deleted
        for report in deleted_reports(store, strict=False):
            writer.add(report)
    if writer.tally.total == 0:
        raise nothing_checked(sources(args))
    writer.close()
    if unchecked:
        print(
            f"sdlc: note: {unchecked} signed event{'s' * (unchecked != 1)} not checked: give "
            "--roster to verify signatures",
            file=sys.stderr,
        )
    return tally_exit(writer.tally)


def _report(
    item: LoadedRecord,
    roster: Roster | None,
    process: Process | None,
    options: IntegrityOptions,
    digests: DigestCache,
) -> Report:
    """The integrity report of one record read (or why it could not be read)."""
    from ...integrity.verification import verify
    from ...rules.findings import Report

    if item.record is None:
        assert item.error is not None
        return Report(item.label, path=item.path, error=item.error.user_message(), line=item.line)
    record = item.record
    report = Report(record.id, path=item.path, event_lines=item.event_lines, line=item.line)
    if process is not None and record.process != process.ref:
        report.error = (
            f"record {record.id} follows {record.process}, but the process given is {process.ref}"
        )
    else:
        report.findings = verify(
            record,
            roster=roster,
            process=process,
            folder=Path(item.path).parent,
            options=options,
            digests=digests,
        )
    return report
