"""``sdlc diff``: what changed between two versions of a process, and every
weakening (see docs/design.md, "Evolving the process").

The comparison is :mod:`sdlc.evolution.differences`; its wording is
:mod:`sdlc.evolution.diff_report`.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from .options import Exit, command, format_option, write

if TYPE_CHECKING:
    from .options import Subcommands


def register(subparsers: Subcommands) -> None:
    """Add ``sdlc diff``."""
    p = command(
        subparsers,
        "diff",
        "State what changed between two versions of a process, and flag every weakening.",
        "  sdlc diff processes/eid-gateway/2.0.yaml processes/eid-gateway.yaml\n"
        "  sdlc diff HEAD~1:processes/eid-gateway.yaml processes/eid-gateway.yaml "
        "--format markdown\n"
        "exit 1 when the new version weakens the old one: that needs approval at the "
        "highest level",
        run,
    )
    p.add_argument("old", metavar="OLD", help="the old version: a file, or REV:path from git")
    p.add_argument("new", metavar="NEW", help="the new version: a file, or REV:path from git")
    format_option(
        p,
        "text",
        "json",
        "markdown",
        help="output format; markdown suits a pull-request comment (default: text)",
    )
    p.add_argument("--output", metavar="FILE", help="write the diff here, not to stdout")


def run(args: argparse.Namespace) -> int:
    """Compare the two versions; a weakening is a finding."""
    from ..evolution.diff_report import render_diff
    from ..evolution.differences import diff
    from ..evolution.versions import read_process

    old, old_label = read_process(args.old)
    new, new_label = read_process(args.new)
    result = diff(old, new)
    write(render_diff(result, args.format, old_label, new_label), args.output)
    return Exit.FINDINGS if result.weakenings else Exit.CLEAN
