"""The ``sdlc`` command: the parser, made of the command modules, and the one place
that turns errors into exit codes (see docs/design.md, "Errors and exit codes").

Each module in :data:`COMMANDS` adds its subcommand with ``register``; the function
it sets as ``command`` does the work and returns an :class:`~.options.Exit`.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence

from ..errors import SdlcError
from ..limits import check_settings, limits_help
from . import (
    check,
    deployed,
    diff,
    explain,
    gate,
    impact,
    init,
    lint,
    practice,
    render,
    schema,
    stats,
)
from .options import EXIT_HELP, Command, Exit, Formatter
from .record import group as record

COMMANDS = (
    init,
    lint,
    check,
    gate,
    deployed,
    explain,
    schema,
    render,
    record,
    diff,
    impact,
    stats,
    practice,
)
"""The modules of the subcommands, in the order ``sdlc --help`` lists them."""


def parser() -> argparse.ArgumentParser:
    """The parser of the whole command line."""
    from .. import __version__

    top = argparse.ArgumentParser(
        prog="sdlc",
        description="A secure development process as code: lint the process, check change "
        "records against it, render it as a handbook.",
        epilog=f"{EXIT_HELP}\n\n{limits_help()}",
        formatter_class=Formatter,
    )
    top.add_argument("--version", action="version", version=f"sdlc {__version__}")
    subcommands = top.add_subparsers(title="commands", metavar="COMMAND")
    for module in COMMANDS:
        module.register(subcommands)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    cli = parser()
    return int(_run(cli, cli.parse_args(argv)))


def _run(cli: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """Run the subcommand ``args`` name; report an error once, a bug as a bug."""
    command: Command | None = getattr(args, "command", None)
    if command is None:
        cli.print_help(sys.stderr)
        return Exit.INPUT
    try:
        check_settings()
        return command(args)
    except SdlcError as exc:
        print(f"sdlc: {exc.user_message()}", file=sys.stderr)
        return Exit.INPUT
    except KeyboardInterrupt:
        print("sdlc: interrupted", file=sys.stderr)
        return Exit.INTERRUPTED
    except Exception:
        if getattr(args, "verbose", False):
            traceback.print_exc()
        else:
            print(
                "sdlc: unexpected error (a bug in sdlc); run again with --verbose for the "
                "traceback, and report it",
                file=sys.stderr,
            )
        return Exit.BUG
