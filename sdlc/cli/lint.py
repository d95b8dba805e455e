"""``sdlc lint``: whether process files are sound, as text or JSON."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..errors import SdlcError
from .options import Exit, command, format_option, parse_severity, severity_options, write

if TYPE_CHECKING:
    from ..rules.findings import Finding
    from .options import Subcommands


def register(subparsers: Subcommands) -> None:
    """Add ``sdlc lint``."""
    p = command(
        subparsers,
        "lint",
        "Check that process files are sound.",
        "  sdlc lint processes/eid-gateway.yaml\n"
        "  sdlc lint processes/eid-gateway.yaml --language nb",
        run,
        limits=True,
    )
    p.add_argument(
        "process",
        nargs="+",
        metavar="PROCESS",
        help="process YAML files, or the name of a process that ships with sdlc "
        "(eid-gateway, baseline)",
    )
    format_option(p, "text", "json", help="output format")
    p.add_argument(
        "--language",
        choices=("en", "nb", "nn"),
        help="the handbook's language: warn (untranslated-text) about each text field "
        "without it; the process's own 'language' by default",
    )
    severity_options(p)


def run(args: argparse.Namespace) -> int:
    """Lint every process given; one that cannot be read does not stop the others."""
    from ..linting.linter import lint
    from ..load.loaders import load_process_document
    from ..shipped import process_path

    severity = parse_severity(args.severity)
    results: list[tuple[str, str, list[Finding]]] = []
    unreadable = 0
    for path in args.process:
        try:
            process, doc = load_process_document(process_path(path))
        except SdlcError as exc:
            print(f"sdlc: {exc.user_message()}", file=sys.stderr)
            unreadable += 1
            continue
        results.append(
            (
                path,
                process.ref,
                lint(process, doc, severity=severity, strict=args.strict, language=args.language),
            )
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
        write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", None)
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
        write("".join(line + "\n" for line in lines), None)
    if unreadable:
        return Exit.INPUT
    return Exit.FINDINGS if any(_failing(f) for _, _, f in results) else Exit.CLEAN


def _failing(findings: Sequence[Finding]) -> bool:
    from ..rules.catalogue import Severity

    return any(f.severity is Severity.ERROR for f in findings)


def _count(findings: Sequence[Finding]) -> str:
    from ..rules.catalogue import Severity

    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = sum(f.severity is Severity.WARN for f in findings)
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
