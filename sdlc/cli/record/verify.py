"""``sdlc record verify``: records' integrity (hash chain, signatures, evidence
digests), for people (text) and for tools (JSON, SARIF, JUnit).

The checks are :func:`sdlc.integrity.verification.verify`.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import UsageError
from ..options import colour, command, format_option, records_argument, reports_exit

if TYPE_CHECKING:
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
    records_argument(p)
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
    from ...integrity.verification import IntegrityOptions, verify
    from ...load.loaders import load_process, load_roster
    from ...load.records import load_records
    from ...report.reporters import render_reports
    from ...rules.findings import Report

    if args.head is not None and not re.fullmatch(r"[0-9a-f]{64}", args.head):
        raise UsageError(f"--head {args.head!r}: expected a hex SHA-256 (64 characters)")
    roster = load_roster(args.roster) if args.roster else None
    process = load_process(args.process) if args.process else None
    options = IntegrityOptions(require_chain=args.require_chain, head=args.head)
    reports: list[Report] = []
    unchecked = 0
    for item in load_records(args.records):
        if item.record is None:
            assert item.error is not None
            reports.append(
                Report(item.label, path=item.path, error=item.error.user_message(), line=item.line)
            )
            continue
        record = item.record
        report = Report(record.id, path=item.path, event_lines=item.event_lines, line=item.line)
        if process is not None and record.process != process.ref:
            report.error = (
                f"record {record.id} follows {record.process}, but the process given is "
                f"{process.ref}"
            )
        else:
            report.findings = verify(
                record,
                roster=roster,
                process=process,
                folder=Path(item.path).parent,
                options=options,
            )
        if roster is None:
            unchecked += sum(e.signature is not None for e in record.events)
        reports.append(report)
    if args.head is not None and len(reports) != 1:
        raise UsageError("--head names the head of one record; give exactly one record")
    sys.stdout.write(render_reports(reports, args.format, color=colour(sys.stdout)))
    if unchecked:
        print(
            f"sdlc: note: {unchecked} signed event{'s' * (unchecked != 1)} not checked: give "
            "--roster to verify signatures",
            file=sys.stderr,
        )
    return reports_exit(reports)
