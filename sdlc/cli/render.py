"""``sdlc render``: the handbook of processes, with the version history and the
process health pages the options ask for.

The rendering itself is :func:`sdlc.handbook.site.render`; this module reads the
arguments and gathers the extra pages.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .options import Exit, command

if TYPE_CHECKING:
    from ..model.process import Process
    from .options import Subcommands


def register(subparsers: Subcommands) -> None:
    """Add ``sdlc render``."""
    p = command(
        subparsers,
        "render",
        "Render processes as a handbook: Markdown pages for an mkdocs-material site.",
        "  sdlc render processes/eid-gateway.yaml --out docs/handbook\n"
        "  sdlc render processes/*.yaml --out docs/handbook --templates my-templates/\n"
        "  sdlc render processes/eid-gateway.yaml --out docs/handbook-nb --language nb",
        run,
    )
    p.add_argument(
        "process",
        nargs="+",
        metavar="PROCESS",
        help="process YAML files, or the name of a process that ships with sdlc "
        "(eid-gateway, baseline)",
    )
    p.add_argument(
        "--out",
        required=True,
        metavar="DIR",
        help="folder to render into: new, empty, or an earlier render (it is replaced)",
    )
    p.add_argument(
        "--templates",
        metavar="DIR",
        help="folder of .md.j2 templates that replace the built-in ones of the same name",
    )
    p.add_argument(
        "--versions",
        metavar="FOLDER",
        help="folder holding every version of the processes: adds a page per process on "
        "what each version changed",
    )
    p.add_argument(
        "--stats",
        nargs="+",
        metavar="RECORD_OR_DIR",
        help="change records to count: adds a 'process health' page with charts (needs --roster)",
    )
    p.add_argument(
        "--snapshot",
        action="append",
        metavar="FILE",
        help="what runs (kubectl get pods -A -o json, docker inspect, or NAME DIGEST lines): "
        "adds an 'in production' page, judged against the --stats records (repeatable)",
    )
    p.add_argument(
        "--practice",
        nargs="+",
        metavar="RECORD_OR_DIR",
        help="change records to study as 'sdlc practice' does: adds a 'how we really work' "
        "page per process (the written and the practised flow, time per stage, deviations, "
        "suggestions)",
    )
    p.add_argument("--roster", metavar="ROSTER", help="the roster, for --stats and --practice")
    p.add_argument(
        "--waivers",
        metavar="FILE",
        help="waivers to apply to the --stats and --practice records (needs --roster)",
    )
    p.add_argument(
        "--language",
        choices=("en", "nb", "nn"),
        help="language of the handbook: en, nb (Norwegian Bokmål) or nn (Nynorsk); "
        "the first process's 'language' (en when it names none) by default",
    )


def run(args: argparse.Namespace) -> int:
    """Render the processes into ``--out``, all or nothing."""
    from ..handbook.site import render
    from ..load.loaders import load_process
    from ..shipped import process_path

    processes = [load_process(process_path(path)) for path in args.process]
    extra = _extra_pages(processes, args)
    pages = render(processes, args.out, args.templates, extra=extra, language=args.language)
    refs = ", ".join(p.ref for p in processes)
    print(f"rendered {refs}: {len(pages)} pages in {args.out}")
    return Exit.CLEAN


def _extra_pages(processes: Sequence[Process], args: argparse.Namespace) -> dict[str, str]:
    """The version history, process health, production and practice pages the options
    ask for."""
    from ..errors import UsageError

    pages: dict[str, str] = {}
    if args.versions is not None:
        from ..evolution.versions import ProcessFolder
        from ..handbook.history import history_page

        folder = ProcessFolder.open(args.versions)
        for process in processes:
            versions = [folder.resolve(f"{process.id}@{v}") for v in folder.versions(process.id)]
            pages[f"{process.id}/versions.md"] = history_page(versions or [process])
    if args.stats is not None:
        if args.roster is None:
            raise UsageError("--stats needs --roster: the statistics come from checking records")
        from ..evolution.stats import collect
        from ..evolution.versions import ProcessFolder, VersionedChecker
        from ..handbook.health import health_page
        from ..load.records import load_records

        source = args.versions if args.versions is not None else args.process[0]
        checker = VersionedChecker(ProcessFolder.open(source), args.roster, None, args.waivers)
        pages["health.md"] = health_page(collect(checker.results(load_records(args.stats))))
    if args.snapshot:
        if args.stats is None:
            raise UsageError(
                "--snapshot needs --stats RECORDS and --roster: the page says which record "
                "deployed each running artifact"
            )
        from ..handbook.production import production_page
        from ..production.inventory import take_inventory
        from ..production.ledger import read_ledger
        from ..production.reader import read_snapshot

        snapshots = [read_snapshot(path, None) for path in args.snapshot]
        ledger = read_ledger(checker, load_records(args.stats))
        pages["production.md"] = production_page(take_inventory(snapshots, ledger))
    if args.practice is not None:
        from ..practice.handbook_pages import practice_pages
        from ..shipped import process_path

        sources = [args.versions or process_path(path) for path in args.process]
        pairs = list(zip(processes, sources, strict=True))
        pages.update(practice_pages(pairs, args.practice, args.roster, args.waivers))
    return pages
