"""The ``sdlc`` command: the parser, made of the command modules, and the one place
that turns errors into exit codes (see docs/design.md, "Errors and exit codes").

Each module in :data:`COMMANDS` adds its subcommand with ``register``; the function
it sets as ``command`` does the work and returns an :class:`~.options.Exit`. A
command line that starts with a subcommand's name imports that subcommand's module
alone (see docs/design.md, "Layout").
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from ..errors import SdlcError
from ..limits import check_settings, limits_help
from .options import EXIT_HELP, Command, Exit, Formatter

COMMANDS = {
    "init": ".init",
    "lint": ".lint",
    "check": ".check",
    "gate": ".gate",
    "deployed": ".deployed",
    "explain": ".explain",
    "schema": ".schema",
    "render": ".render",
    "record": ".record.group",
    "diff": ".diff",
    "impact": ".impact",
    "stats": ".stats",
    "practice": ".practice",
}
"""The subcommands, in the order ``sdlc --help`` lists them, and the module (in this
package) that adds each."""


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of the whole command line; given a ``command`` of
    :data:`COMMANDS`, a parser that knows that subcommand alone, for arguments that
    start with its name (the others' modules are then never imported: nothing but the
    chosen subcommand's parser reads such arguments or prints its help)."""
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
    for name, module in COMMANDS.items():
        if command is None or name == command:
            importlib.import_module(module, __package__).register(subcommands)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    words = sys.argv[1:] if argv is None else list(argv)
    cli = parser(words[0] if words and words[0] in COMMANDS else None)
    return int(_run(cli, cli.parse_args(words)))


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
            import traceback

            traceback.print_exc()
        else:
            print(
                "sdlc: unexpected error (a bug in sdlc); run again with --verbose for the "
                "traceback, and report it",
                file=sys.stderr,
            )
        return Exit.BUG
