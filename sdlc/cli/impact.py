"""``sdlc impact``: the changes under way that a new process version would make
non-compliant (see docs/design.md, "Evolving the process").

The work is :mod:`sdlc.evolution.impacts`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from .options import (
    Exit,
    command,
    format_option,
    now_option,
    parse_time,
    records_argument,
    roster_option,
    write,
)

if TYPE_CHECKING:
    from .options import Subcommands


def register(subparsers: Subcommands) -> None:
    """Add ``sdlc impact``."""
    p = command(
        subparsers,
        "impact",
        "List the changes under way that a new process version would make non-compliant.",
        "  sdlc impact draft/eid-gateway.yaml records/ --process processes/ \\\n"
        "      --roster processes/eid-gateway.roster.yaml",
        run,
    )
    p.add_argument("new", metavar="NEW", help="the new version: a file, or REV:path from git")
    records_argument(p)
    p.add_argument(
        "--process",
        metavar="PROCESS",
        help="where the versions records follow are: a folder, file or REV:path "
        "(default: the folder NEW is in)",
    )
    roster_option(p)
    now_option(p)
    format_option(p, "text", "json", help="output format")


def run(args: argparse.Namespace) -> int:
    """Check the records against the new version; each one it would fail is a finding."""
    from ..checking.context import CheckOptions
    from ..evolution.impacts import impact, render_json, render_text
    from ..evolution.versions import ProcessFolder, read_process
    from ..load.records import load_records

    new, label = read_process(args.new)
    folder = args.process or str(Path(label.split(":", 1)[-1] if ":" in label else label).parent)
    versions = ProcessFolder.open(folder)
    options = CheckOptions(now=None if args.now is None else parse_time(args.now, "--now"))
    result = impact(new, load_records(args.records), versions, args.roster, options)
    render = render_json if args.format == "json" else render_text
    write(render(result, label), None)
    if result.unreadable:
        return Exit.INPUT
    return Exit.FINDINGS if result.affected else Exit.CLEAN
