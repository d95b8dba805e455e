"""``sdlc explain``: a rule's page, or the list of every rule."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from .options import Exit, command

if TYPE_CHECKING:
    from .options import Subcommands


def register(subparsers: Subcommands) -> None:
    """Add ``sdlc explain``."""
    p = command(
        subparsers,
        "explain",
        "Show a rule's page: what it checks, why, how to fix it.",
        "  sdlc explain stale-approval\n  sdlc explain          # list every rule",
        run,
    )
    p.add_argument("rule", nargs="?", metavar="RULE", help="rule slug or code (e.g. C009)")


def run(args: argparse.Namespace) -> int:
    """Print the page of the rule named, or one line per rule when none is."""
    from ..errors import InputError, suggest
    from ..rules.catalogue import RULES, by_code_or_slug

    if args.rule is None:
        width = max(len(slug) for slug in RULES)
        for r in RULES.values():
            print(f"{r.code}  {r.slug:<{width}}  {r.severity.value:<5}  {r.summary}")
        return Exit.CLEAN
    found = by_code_or_slug(args.rule)
    if found is None:
        raise InputError(
            suggest(f"no rule named {args.rule!r}", args.rule, RULES),
            hint="run 'sdlc explain' to list every rule",
        )
    sys.stdout.write(found.page())
    return Exit.CLEAN
