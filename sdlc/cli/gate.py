"""``sdlc gate``: may this stage happen now, for this subject, by this actor?"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from .options import Exit, command, format_option, now_or, roster_option, write
from .stores import store_option

if TYPE_CHECKING:
    from ..checking.gate import Decision
    from .options import Subcommands


def register(subparsers: Subcommands) -> None:
    """Add ``sdlc gate``."""
    p = command(
        subparsers,
        "gate",
        "Decide whether a stage may happen now: exit 0 allowed, 1 refused, 2 unusable input.",
        "  sdlc gate changes/EID-2417.yaml --stage deployment --actor nora-bakken \\\n"
        '      --subject "$(cat image.digest)" \\\n'
        "      --process processes/ --roster processes/eid-gateway.roster.yaml",
        run,
        limits=True,
    )
    p.add_argument("record", metavar="RECORD", help="the change record (YAML or JSON)")
    p.add_argument("--stage", required=True, help="the stage about to be performed")
    p.add_argument("--subject", required=True, help="the commit or artifact digest it is about")
    p.add_argument("--actor", help="who performs it, as the roster names them")
    p.add_argument(
        "--process",
        required=True,
        metavar="PROCESS",
        help="the process file, or a folder of process versions (the record names its own)",
    )
    roster_option(p)
    p.add_argument(
        "--now", metavar="TIME", help="decide as at this time (ISO 8601 with zone); default now"
    )
    format_option(p, "text", "json")
    store_option(p)


def run(args: argparse.Namespace) -> int:
    """Decide, write nothing but the answer."""
    from ..checking.context import CheckOptions
    from ..evolution.versions import VersionedChecker
    from .stores import read_record

    now = now_or(args.now, "--now")
    record = read_record(args, args.record)
    checker = VersionedChecker.open(args.process, args.roster, CheckOptions(now=now))
    decision = checker.checker(record.process).may_perform(
        record, stage=args.stage, subject=args.subject, actor=args.actor, now=now
    )
    write(_json(decision) if args.format == "json" else _text(decision), None)
    return Exit.CLEAN if decision.allowed else Exit.FINDINGS


def _text(decision: Decision) -> str:
    lines = [decision.summary]
    for f in decision.reasons:
        lines.append(f"  {f.severity.value:<5} {f.code} {f.rule}  {f.message}")
        lines.append(f"    hint: {f.hint}")
    if decision.steps:
        lines.append(
            f"  to allow it ({len(decision.steps)} step{'s' * (len(decision.steps) > 1)}):"
        )
        lines += [f"    {n}. {step}" for n, step in enumerate(decision.steps, start=1)]
    return "\n".join(lines) + "\n"


def _json(decision: Decision) -> str:
    return json.dumps(decision.as_dict(), indent=2, ensure_ascii=False) + "\n"
