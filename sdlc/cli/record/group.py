"""The ``sdlc record`` command: its help, and its actions added in order.

The actions are thin: :mod:`sdlc.integrity.writer` writes records (locked, atomic,
chained, signed), :mod:`sdlc.integrity.verification` verifies them and
:mod:`sdlc.integrity.attest` exports the result. Like the rest of the CLI they exit
0 when clean, 1 on findings and 2 on unusable input or usage.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from ..options import Command, Exit, command
from . import append, attest, importing, keygen, new, verify
from . import list as listing

if TYPE_CHECKING:
    from ..options import Subcommands

ACTIONS = (new, append, importing, verify, listing, keygen, attest)
"""The modules of the actions, in the order ``sdlc record --help`` lists them."""


def register(subparsers: Subcommands) -> None:
    """Add ``sdlc record`` and its actions."""
    parser = command(
        subparsers,
        "record",
        "Start, extend, verify and attest change records (chained, signed, locked).",
        "  sdlc record new changes/EID-2417.yaml --id EID-2417 --process eid-gateway@3.0 \\\n"
        "      --component authentication --commit e16f242\n"
        "  sdlc record append changes/EID-2417.yaml --stage code-review --actor kari-larsen \\\n"
        "      --outcome approved --subject e16f242 --key kari.pem --roster roster.yaml\n"
        "  sdlc record verify changes/ --roster roster.yaml --require-chain",
        _usage(subparsers),
    )
    actions = parser.add_subparsers(title="actions", metavar="ACTION")
    for action in ACTIONS:
        action.register(actions)


def _usage(subparsers: Subcommands) -> Command:
    """``sdlc record`` without an action: its help, on stderr, as a usage error."""

    def show(args: argparse.Namespace) -> int:
        subparsers.choices["record"].print_help(sys.stderr)
        return Exit.INPUT

    return show
