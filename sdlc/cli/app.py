"""The ``sdlc`` command: a thin layer over the library.

One function per subcommand; only this module prints or exits. Exit codes are
the same everywhere: 0 clean, 1 findings, 2 unusable input or usage, 3 a bug in
sdlc (the traceback is shown with ``--verbose``).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..errors import SdlcError, UsageError

if TYPE_CHECKING:
    from ..rules.catalogue import Severity
    from ..rules.findings import Finding

EXIT_CLEAN, EXIT_FINDINGS, EXIT_INPUT, EXIT_BUG = 0, 1, 2, 3

_Command = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    command: _Command | None = getattr(args, "command", None)
    if command is None:
        parser.print_help(sys.stderr)
        return EXIT_INPUT
    try:
        from ..limits import check_settings

        check_settings()
        return command(args)
    except SdlcError as exc:
        print(f"sdlc: {exc.user_message()}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("sdlc: interrupted", file=sys.stderr)
        return 130
    except Exception:
        if getattr(args, "verbose", False):
            traceback.print_exc()
        else:
            print(
                "sdlc: unexpected error (a bug in sdlc); run again with --verbose for the "
                "traceback, and report it",
                file=sys.stderr,
            )
        return EXIT_BUG


# -- shared options -------------------------------------------------------------------


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=30, width=88)


def _command(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    summary: str,
    example: str,
    func: _Command,
) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        name,
        help=summary,
        description=summary,
        epilog=f"example:\n{example}",
        formatter_class=_Formatter,
    )
    parser.add_argument("--verbose", action="store_true", help="show tracebacks of bugs")
    parser.set_defaults(command=func)
    return parser


def _severity_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--severity",
        action="append",
        default=[],
        metavar="RULE=LEVEL",
        help="set a rule's severity: error, warn, info or off (repeatable)",
    )
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")


def records_argument(parser: argparse.ArgumentParser) -> None:
    """The records a command reads: files or directories, read recursively."""
    parser.add_argument(
        "records",
        nargs="+",
        metavar="RECORD_OR_DIR",
        help="record files (YAML, JSON, JSON Lines) or directories of them",
    )


def roster_option(parser: argparse.ArgumentParser) -> None:
    """``--roster``: the people, their roles and keys."""
    parser.add_argument("--roster", metavar="ROSTER", help="the roster file (people and roles)")


def _parse_severity(items: Sequence[str]) -> dict[str, Severity]:
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


def _write(text: str, output: str | None) -> None:
    """Write to ``output`` atomically (or to stdout)."""
    if output is None:
        sys.stdout.write(text)
        return
    from ..integrity.fileio import atomic_write

    atomic_write(Path(output), text)


def _colour(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ


# -- subcommands ------------------------------------------------------------------------


def _lint(args: argparse.Namespace) -> int:
    from ..lint.linter import lint
    from ..load.loaders import load_process_document

    severity = _parse_severity(args.severity)
    results: list[tuple[str, str, list[Finding]]] = []
    unreadable = 0
    for path in args.process:
        try:
            process, doc = load_process_document(path)
        except SdlcError as exc:
            print(f"sdlc: {exc.user_message()}", file=sys.stderr)
            unreadable += 1
            continue
        results.append(
            (path, process.ref, lint(process, doc, severity=severity, strict=args.strict))
        )
    if args.format == "json":
        import json

        payload = [
            {
                "path": p,
                "process": ref,
                "sound": not _failing(f),
                "findings": [x.as_dict() for x in f],
            }
            for p, ref, f in results
        ]
        _write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", None)
    else:
        lines = []
        for path, ref, findings in results:
            for f in findings:
                lines.append(
                    f"{f.location or path}: {f.severity.value} {f.code} {f.rule}: {f.message}"
                )
                lines.append(f"  hint: {f.hint}")
            verdict = "has findings" if _failing(findings) else "is sound"
            lines.append(f"{path}: {ref} {verdict} ({_count(findings)})")
        _write("".join(line + "\n" for line in lines), None)
    if unreadable:
        return EXIT_INPUT
    return EXIT_FINDINGS if any(_failing(f) for _, _, f in results) else EXIT_CLEAN


def _failing(findings: Sequence[Finding]) -> bool:
    from ..rules.catalogue import Severity

    return any(f.severity is Severity.ERROR for f in findings)


def _count(findings: Sequence[Finding]) -> str:
    from ..rules.catalogue import Severity

    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = sum(f.severity is Severity.WARN for f in findings)
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def _check(args: argparse.Namespace) -> int:
    from ..check.checker import CheckOptions
    from ..evolution.versions import VersionedChecker
    from ..load.loaders import load_records
    from ..report.reporters import render_reports

    options = CheckOptions(
        severity=_parse_severity(args.severity), strict=args.strict, in_flight=args.in_flight
    )
    checker = VersionedChecker.open(args.process, args.roster, options, args.waivers)
    if args.roster is None:
        print(
            "sdlc: no --roster given: actors, their roles, approval levels and segregation "
            "of duties are not checked",
            file=sys.stderr,
        )
    reports = []
    progress = sys.stderr.isatty()
    for count, report in enumerate(checker.check_loaded(load_records(args.records)), 1):
        reports.append(report)
        if progress and count % 500 == 0:
            print(f"\rchecked {count} records…", end="", file=sys.stderr, flush=True)
    if progress and len(reports) >= 500:
        print(file=sys.stderr)
    color = args.output is None and args.format == "text" and _colour(sys.stdout)
    _write(render_reports(reports, args.format, color=color), args.output)
    if any(r.error is not None for r in reports):
        return EXIT_INPUT
    return EXIT_CLEAN if all(r.compliant for r in reports) else EXIT_FINDINGS


def _explain(args: argparse.Namespace) -> int:
    from ..errors import InputError, suggest
    from ..rules.catalogue import RULES, by_code_or_slug

    if args.rule is None:
        width = max(len(slug) for slug in RULES)
        for r in RULES.values():
            print(f"{r.code}  {r.slug:<{width}}  {r.severity.value:<5}  {r.summary}")
        return EXIT_CLEAN
    found = by_code_or_slug(args.rule)
    if found is None:
        raise InputError(
            suggest(f"no rule named {args.rule!r}", args.rule, RULES),
            hint="run 'sdlc explain' to list every rule",
        )
    sys.stdout.write(found.page())
    return EXIT_CLEAN


def _schema(args: argparse.Namespace) -> int:
    import json

    from ..model.schema import SCHEMAS, schema_for

    if args.out is not None:
        from ..integrity.fileio import atomic_write

        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        for kind in SCHEMAS:
            atomic_write(out / f"{kind}.schema.json", json.dumps(schema_for(kind), indent=2) + "\n")
            print(f"wrote {out / f'{kind}.schema.json'}")
        return EXIT_CLEAN
    sys.stdout.write(json.dumps(schema_for(args.kind), indent=2) + "\n")
    return EXIT_CLEAN


# -- the parser ---------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    from .. import __version__
    from ..limits import limits_help

    parser = argparse.ArgumentParser(
        prog="sdlc",
        description="A secure development process as code: lint the process, check change "
        "records against it, render it as a handbook.",
        epilog="exit codes: 0 clean, 1 findings, 2 unusable input or usage, 3 a bug in sdlc\n\n"
        + limits_help(),
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"sdlc {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = _command(
        sub,
        "lint",
        "Check that process files are sound.",
        "  sdlc lint processes/eid-gateway.yaml",
        _lint,
    )
    p.add_argument("process", nargs="+", metavar="PROCESS", help="process YAML files")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    _severity_options(p)
    p.epilog = f"{p.epilog}\n\n{limits_help()}"

    p = _command(
        sub,
        "check",
        "Check change records against a process.",
        "  sdlc check examples/ --process processes/eid-gateway.yaml \\\n"
        "      --roster processes/eid-gateway.roster.yaml --format sarif --output sdlc.sarif",
        _check,
    )
    records_argument(p)
    p.add_argument(
        "--process",
        required=True,
        metavar="PROCESS",
        help="the process file, or a folder of process versions (records name theirs)",
    )
    roster_option(p)
    p.add_argument(
        "--waivers", metavar="FILE", help="waivers to apply (needs --roster; docs/evolution.md)"
    )
    p.add_argument(
        "--format",
        choices=("text", "json", "sarif", "junit"),
        default="text",
        help="output format (default: text)",
    )
    p.add_argument("--output", metavar="FILE", help="write the report here, not to stdout")
    p.add_argument(
        "--in-flight",
        action="store_true",
        help="changes not yet deployed pass: 'incomplete' becomes info",
    )
    _severity_options(p)
    p.epilog = f"{p.epilog}\n\n{limits_help()}"

    p = _command(
        sub,
        "explain",
        "Show a rule's page: what it checks, why, how to fix it.",
        "  sdlc explain stale-approval\n  sdlc explain          # list every rule",
        _explain,
    )
    p.add_argument("rule", nargs="?", metavar="RULE", help="rule slug or code (e.g. C009)")

    p = _command(
        sub,
        "schema",
        "Print the JSON Schema of process, roster or record files.",
        "  sdlc schema process > process.schema.json\n  sdlc schema --out schemas/",
        _schema,
    )
    p.add_argument(
        "kind",
        nargs="?",
        choices=("process", "roster", "record"),
        default="process",
        help="which schema to print (default: process)",
    )
    p.add_argument("--out", metavar="DIR", help="write all three schemas into DIR")
    from ..handbook.site import register as register_render  # sdlc render, in its own module

    register_render(sub, _command)
    from .record import register as register_record  # sdlc record, in its own module

    register_record(sub, _command)
    from . import evolution as cli_evolution  # sdlc diff, impact and stats, in their own module

    cli_evolution.register_diff(sub)
    cli_evolution.register_impact(sub)
    cli_evolution.register_stats(sub)
    return parser
