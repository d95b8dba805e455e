"""``sdlc record verify`` and ``sdlc record attest``: what a record's integrity and
check result say, for people (text) and for tools (JSON, SARIF, JUnit, in-toto).

Registered by :mod:`sdlc.cli.record`; exit codes as everywhere: 0 clean, 1
findings, 2 unusable input or usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, Location, UsageError

if TYPE_CHECKING:
    from ..rules.findings import Report

EXIT_CLEAN, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


# -- verify ---------------------------------------------------------------------------------


def verify_options(p: argparse.ArgumentParser) -> None:
    from .app import records_argument

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
    p.add_argument(
        "--format",
        choices=("text", "json", "sarif", "junit"),
        default="text",
        help="output format (default: text)",
    )


def run_verify(args: argparse.Namespace) -> int:
    from ..integrity.verify import IntegrityOptions, verify
    from ..load.loaders import load_process, load_records, load_roster
    from ..report.reporters import render_reports
    from ..rules.findings import Report

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
    sys.stdout.write(render_reports(reports, args.format, color=_colour()))
    if unchecked:
        print(
            f"sdlc: note: {unchecked} signed event{'s' * (unchecked != 1)} not checked: give "
            "--roster to verify signatures",
            file=sys.stderr,
        )
    return _exit(reports)


def _exit(reports: Sequence[Report]) -> int:
    if any(r.error is not None for r in reports):
        return EXIT_INPUT
    return EXIT_CLEAN if all(r.compliant for r in reports) else EXIT_FINDINGS


def _colour() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


# -- attest ---------------------------------------------------------------------------------


def attest_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("record", metavar="RECORD", help="the record file")
    p.add_argument("--process", required=True, metavar="PROCESS", help="the process file")
    p.add_argument("--roster", metavar="ROSTER", help="the roster file (people, roles, keys)")
    p.add_argument(
        "--verifier", metavar="URI", help="the verifier's id (default: sdlc's project URI)"
    )
    p.add_argument("--resource-uri", metavar="URI", help="the resource verified")
    p.add_argument("--key", metavar="FILE", help="sign: wrap the statement in a DSSE envelope")
    p.add_argument("--key-id", metavar="ID", help="the signing key's id (with --key)")
    p.add_argument("--output", metavar="FILE", help="write here, not to stdout")


def run_attest(args: argparse.Namespace) -> int:
    from ..check.checker import Checker
    from ..integrity import attest
    from ..integrity.fileio import atomic_write
    from ..integrity.signing import SigningKey, read_private_key
    from ..load.loaders import load_process, load_records, load_roster
    from ..report.reporters import TOOL_VERSION

    process = load_process(args.process)
    roster = load_roster(args.roster, process) if args.roster else None
    loaded = list(load_records([args.record]))
    if len(loaded) != 1:
        raise UsageError(f"{args.record}: attest takes one record, found {len(loaded)}")
    item = loaded[0]
    if item.record is None:
        assert item.error is not None
        raise item.error
    report = Checker(process, roster).check(
        item.record, path=item.path, event_lines=item.event_lines, line=item.line
    )
    if report.error is not None:
        raise InputError(report.error, location=Location(item.path))
    payload: dict[str, Any] = attest.statement(
        item.record,
        report,
        process,
        policy_uri=Path(args.process).as_posix(),
        policy_sha256=hashlib.sha256(Path(args.process).read_bytes()).hexdigest(),
        time=_verified_at(),
        verifier=args.verifier or attest.DEFAULT_VERIFIER,
        version=TOOL_VERSION,
        resource_uri=args.resource_uri,
    )
    if args.key is not None:
        if args.key_id is None:
            raise UsageError("--key needs --key-id, the id the key is known by")
        payload = attest.envelope(payload, SigningKey(args.key_id, read_private_key(args.key)))
    text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    if args.output is None:
        sys.stdout.write(text)
    else:
        atomic_write(Path(args.output), text)
    result = "PASSED" if report.compliant else "FAILED"
    print(
        f"sdlc: {item.record.id}: {result} ({len(report.findings)} findings; 'sdlc check' "
        f"shows them)",
        file=sys.stderr,
    )
    return EXIT_CLEAN if report.compliant else EXIT_FINDINGS


def _verified_at() -> dt.datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set, for reproducible output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)
