"""What every subcommand shares: the exit codes, the help layout, the common options
and the way results are written.

The one definition of the exit codes is :class:`Exit` (see docs/design.md, "Errors
and exit codes"). Each command module calls :func:`command` to add itself; this
module imports none of them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..errors import UsageError
from ..limits import limits_help

if TYPE_CHECKING:
    from ..rules.catalogue import Severity
    from ..rules.findings import Report

    Subcommands = argparse._SubParsersAction[argparse.ArgumentParser]

Command = Callable[[argparse.Namespace], int]
"""A subcommand: its parsed arguments in, its exit code out."""


class Exit(enum.IntEnum):
    """How the ``sdlc`` command ends, the same for every subcommand."""

    CLEAN = 0
    FINDINGS = 1
    INPUT = 2  # unusable input, or a usage error
    BUG = 3  # a bug in sdlc; --verbose shows the traceback
    INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT


EXIT_HELP = (
    f"exit codes: {Exit.CLEAN:d} clean, {Exit.FINDINGS:d} findings, "
    f"{Exit.INPUT:d} unusable input or usage, {Exit.BUG:d} a bug in sdlc"
)
"""The exit codes, as the top-level ``--help`` states them."""


class Formatter(argparse.RawDescriptionHelpFormatter):
    """Help as ``sdlc`` lays it out: 88 columns, examples kept as written."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=30, width=88)


def command(
    subparsers: Subcommands,
    name: str,
    summary: str,
    example: str,
    func: Command,
    *,
    limits: bool = False,
) -> argparse.ArgumentParser:
    """Add the subcommand ``name``, run by ``func``, with ``example`` in its help;
    ``limits`` lists the input limits there too."""
    epilog = f"example:\n{example}"
    if limits:
        epilog = f"{epilog}\n\n{limits_help()}"
    parser = subparsers.add_parser(
        name, help=summary, description=summary, epilog=epilog, formatter_class=Formatter
    )
    parser.add_argument("--verbose", action="store_true", help="show tracebacks of bugs")
    parser.set_defaults(command=func)
    return parser


def records_argument(parser: argparse.ArgumentParser, *, store: bool = False) -> None:
    """The records a command reads: files or directories, read recursively; with
    ``store``, also ``--store`` (then the records are optional: see :mod:`.stores`)."""
    parser.add_argument(
        "records",
        nargs="*" if store else "+",
        metavar="RECORD_OR_DIR",
        help="record files (YAML, JSON, JSON Lines) or directories of them"
        + ("; with --store, records of the store (default: all)" if store else ""),
    )
    if store:
        from .stores import store_option

        store_option(parser)


def roster_option(parser: argparse.ArgumentParser) -> None:
    """``--roster``: the people, their roles and keys."""
    parser.add_argument("--roster", metavar="ROSTER", help="the roster file (people and roles)")


def format_option(parser: argparse.ArgumentParser, *choices: str, help: str = "") -> None:
    """``--format``, one of ``choices``, the first the default; ``help`` defaults to
    saying so."""
    parser.add_argument(
        "--format",
        choices=choices,
        default=choices[0],
        help=help or f"output format (default: {choices[0]})",
    )


def severity_options(parser: argparse.ArgumentParser) -> None:
    """``--severity RULE=LEVEL`` and ``--strict``; read them with :func:`parse_severity`."""
    parser.add_argument(
        "--severity",
        action="append",
        default=[],
        metavar="RULE=LEVEL",
        help="set a rule's severity: error, warn, info or off (repeatable)",
    )
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")


def parse_severity(items: Sequence[str]) -> dict[str, Severity]:
    """The rule severities ``--severity`` sets, by rule slug."""
    from ..errors import suggest
    from ..rules.catalogue import RULES, Severity

    levels = [s.value for s in Severity]
    out: dict[str, Severity] = {}
    for item in items:
        rule, sep, level = item.partition("=")
        if not sep:
            raise UsageError(f"--severity {item!r}: expected RULE=LEVEL, e.g. time-order=warn")
        if rule not in RULES:
            raise UsageError(
                suggest(f"--severity: unknown rule {rule!r}", rule, RULES)
                + "\n  hint: run 'sdlc explain' to list every rule"
            )
        if level not in levels:
            raise UsageError(
                f"--severity {rule}: unknown level {level!r} (expected one of: {', '.join(levels)})"
            )
        out[rule] = Severity(level)
    return out


def write(text: str, output: str | None) -> None:
    """Write to ``output`` atomically (or to stdout)."""
    if output is None:
        sys.stdout.write(text)
        return
    from ..integrity.fileio import atomic_write

    atomic_write(Path(output), text)


def colour(stream: TextIO) -> bool:
    """Whether to colour what goes to ``stream``: a terminal, and no ``NO_COLOR``."""
    return stream.isatty() and "NO_COLOR" not in os.environ


def reports_exit(reports: Sequence[Report]) -> Exit:
    """The exit code of checked or verified records: input errors first, then findings."""
    if any(r.error is not None for r in reports):
        return Exit.INPUT
    return Exit.CLEAN if all(r.compliant for r in reports) else Exit.FINDINGS


def parse_time(value: str, option: str) -> dt.datetime:
    """The ISO 8601 time given to ``option``, which must carry its time zone."""
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"{option} {value!r}: expected a date and time (ISO 8601, e.g. "
            "2026-03-12T07:30:00+01:00)"
        ) from None
    if parsed.tzinfo is None:
        raise UsageError(f"{option} {value!r}: add the time zone, e.g. +01:00, or Z for UTC")
    return parsed


def now_option(parser: argparse.ArgumentParser) -> None:
    """``--now TIME``: the clock waiver expiry and future timestamps are judged by."""
    parser.add_argument(
        "--now",
        metavar="TIME",
        help="judge waiver expiry and future timestamps as at this time (ISO 8601 with "
        "zone, e.g. 2026-03-12T07:30:00+01:00); default: the wall clock",
    )


def now_or(value: str | None, option: str) -> dt.datetime:
    """The time given to ``option``, or now to the second."""
    if value is None:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    return parse_time(value, option)


def archive_options(parser: argparse.ArgumentParser) -> None:
    """``--process``, ``--roster``, ``--waivers`` and ``--in-flight``, for commands that
    study an archive of records."""
    parser.add_argument(
        "--process",
        required=True,
        metavar="PROCESS",
        help="the process file, or a folder of process versions",
    )
    roster_option(parser)
    parser.add_argument("--waivers", metavar="FILE", help="waivers to apply (needs --roster)")
    parser.add_argument(
        "--in-flight", action="store_true", help="changes not yet deployed are not failures"
    )
