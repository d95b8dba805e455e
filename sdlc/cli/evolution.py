"""The ``sdlc diff``, ``sdlc impact`` and ``sdlc stats`` commands (DESIGN §6).

Part of the command line, like :mod:`sdlc.cli`: each ``register_*`` function adds
one subcommand with ``cli._command``, and each command function is a thin layer
over the library (:mod:`sdlc.evolution.diff`, :mod:`sdlc.evolution.impact`,
:mod:`sdlc.evolution.stats`).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from . import app as cli

if TYPE_CHECKING:
    _Sub = argparse._SubParsersAction[argparse.ArgumentParser]


def register_diff(sub: _Sub) -> None:
    p = cli._command(
        sub,
        "diff",
        "State what changed between two versions of a process, and flag every weakening.",
        "  sdlc diff processes/eid-gateway/2.0.yaml processes/eid-gateway.yaml\n"
        "  sdlc diff HEAD~1:processes/eid-gateway.yaml processes/eid-gateway.yaml "
        "--format markdown\n"
        "exit 1 when the new version weakens the old one: that needs approval at the "
        "highest level",
        _diff,
    )
    p.add_argument("old", metavar="OLD", help="the old version: a file, or REV:path from git")
    p.add_argument("new", metavar="NEW", help="the new version: a file, or REV:path from git")
    p.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="output format; markdown suits a pull-request comment (default: text)",
    )
    p.add_argument("--output", metavar="FILE", help="write the diff here, not to stdout")


def _diff(args: argparse.Namespace) -> int:
    from ..evolution.diff import diff
    from ..evolution.diff_report import render_diff
    from ..evolution.versions import read_process

    old, old_label = read_process(args.old)
    new, new_label = read_process(args.new)
    result = diff(old, new)
    cli._write(render_diff(result, args.format, old_label, new_label), args.output)
    return cli.EXIT_FINDINGS if result.weakenings else cli.EXIT_CLEAN


def register_impact(sub: _Sub) -> None:
    p = cli._command(
        sub,
        "impact",
        "List the changes under way that a new process version would make non-compliant.",
        "  sdlc impact draft/eid-gateway.yaml records/ --process processes/ \\\n"
        "      --roster processes/eid-gateway.roster.yaml",
        _impact,
    )
    p.add_argument("new", metavar="NEW", help="the new version: a file, or REV:path from git")
    cli.records_argument(p)
    p.add_argument(
        "--process",
        metavar="PROCESS",
        help="where the versions records follow are: a folder, file or REV:path "
        "(default: the folder NEW is in)",
    )
    cli.roster_option(p)
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")


def _impact(args: argparse.Namespace) -> int:
    from ..evolution.impact import impact, render_json, render_text
    from ..evolution.versions import ProcessFolder, read_process
    from ..load.loaders import load_records

    new, label = read_process(args.new)
    folder = args.process or str(Path(label.split(":", 1)[-1] if ":" in label else label).parent)
    versions = ProcessFolder.open(folder)
    result = impact(new, load_records(args.records), versions, args.roster)
    render = render_json if args.format == "json" else render_text
    cli._write(render(result, label), None)
    if result.unreadable:
        return cli.EXIT_INPUT
    return cli.EXIT_FINDINGS if result.affected else cli.EXIT_CLEAN


def register_stats(sub: _Sub) -> None:
    p = cli._command(
        sub,
        "stats",
        "Count which rules fail or are waived, by team and month, and which stages are skipped.",
        "  sdlc stats records/ --process processes/ --roster processes/eid-gateway.roster.yaml"
        " \\\n      --waivers waivers.yaml --out site-stats/",
        _stats,
    )
    cli.records_argument(p)
    p.add_argument(
        "--process",
        required=True,
        metavar="PROCESS",
        help="the process file, or a folder of process versions",
    )
    cli.roster_option(p)
    p.add_argument("--waivers", metavar="FILE", help="waivers to apply (needs --roster)")
    p.add_argument(
        "--in-flight", action="store_true", help="changes not yet deployed are not failures"
    )
    p.add_argument(
        "--format", choices=("json", "csv"), default="json", help="output format (default: json)"
    )
    p.add_argument(
        "--out",
        metavar="DIR",
        help="write stats.json, stats.csv, stages.csv and health.md (with charts) into DIR",
    )


def _stats(args: argparse.Namespace) -> int:
    from ..check.checker import CheckOptions
    from ..evolution.stats import collect, health_page, stages_csv, to_csv, to_json
    from ..evolution.versions import VersionedChecker
    from ..integrity.fileio import atomic_write
    from ..load.loaders import load_records

    options = CheckOptions(in_flight=args.in_flight)
    checker = VersionedChecker.open(args.process, args.roster, options, args.waivers)
    stats = collect(checker.results(load_records(args.records)))
    if args.out is None:
        cli._write(to_csv(stats) if args.format == "csv" else to_json(stats), None)
    else:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        files = {
            "stats.json": to_json(stats),
            "stats.csv": to_csv(stats),
            "stages.csv": stages_csv(stats),
            "health.md": health_page(stats),
        }
        for name, text in files.items():
            atomic_write(out / name, text)
            print(f"wrote {out / name}")
    return cli.EXIT_INPUT if stats.unreadable else cli.EXIT_CLEAN
