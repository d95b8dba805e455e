"""``sdlc render``: the handbook of one or more processes, as Markdown for mkdocs-material.

Rendering is all or nothing: the pages are rendered in memory, written to a
temporary folder beside the output and swapped in, so a failed render leaves the
old handbook as it was. The output folder must be new, empty, or an earlier render
that holds nothing else (see :mod:`sdlc.handbook.output`). The same input gives
the same bytes.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model.process import Process

__all__ = ["register", "render"]


def render(
    processes: Sequence[Process],
    out_dir: Path | str,
    templates: Path | str | None = None,
    *,
    extra: Mapping[str, str] | None = None,
) -> list[str]:
    """Render the handbook of ``processes`` into ``out_dir``; return the pages written.

    ``templates`` is a folder whose ``*.md.j2`` files replace the built-in ones of
    the same name. ``extra`` adds finished pages by path (the version history and
    the process health page). Raises :class:`~sdlc.handbook.output.RenderError` (an
    :class:`~sdlc.errors.InputError`) when a template fails or the folder cannot
    be used; the old output is then left as it was.
    """
    from .output import publish
    from .render import render_pages

    pages = render_pages(processes, None if templates is None else Path(templates))
    pages.update(extra or {})
    publish(pages, Path(out_dir))
    return sorted(pages)


# -- the command ------------------------------------------------------------------------

_Command = Callable[[argparse.Namespace], int]
_CommandHelper = Callable[..., argparse.ArgumentParser]


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], command: _CommandHelper
) -> None:
    """Add ``sdlc render`` to the CLI's subcommands, with the CLI's ``_command`` helper."""
    parser = command(
        subparsers,
        "render",
        "Render processes as a handbook: Markdown pages for an mkdocs-material site.",
        "  sdlc render processes/eid-gateway.yaml --out docs/handbook\n"
        "  sdlc render processes/*.yaml --out docs/handbook --templates my-templates/",
        _render,
    )
    parser.add_argument("process", nargs="+", metavar="PROCESS", help="process YAML files")
    parser.add_argument(
        "--out",
        required=True,
        metavar="DIR",
        help="folder to render into: new, empty, or an earlier render (it is replaced)",
    )
    parser.add_argument(
        "--templates",
        metavar="DIR",
        help="folder of .md.j2 templates that replace the built-in ones of the same name",
    )
    parser.add_argument(
        "--versions",
        metavar="FOLDER",
        help="folder holding every version of the processes: adds a page per process on "
        "what each version changed",
    )
    parser.add_argument(
        "--stats",
        nargs="+",
        metavar="RECORD_OR_DIR",
        help="change records to count: adds a 'process health' page with charts (needs --roster)",
    )
    parser.add_argument("--roster", metavar="ROSTER", help="the roster, for --stats")


def _render(args: argparse.Namespace) -> int:
    from ..load.loaders import load_process

    processes = [load_process(path) for path in args.process]
    pages = render(processes, args.out, args.templates, extra=_extra_pages(processes, args))
    refs = ", ".join(p.ref for p in processes)
    print(f"rendered {refs}: {len(pages)} pages in {args.out}")
    return 0  # EXIT_CLEAN; errors are SdlcError, which the CLI reports with exit 2


def _extra_pages(processes: Sequence[Process], args: argparse.Namespace) -> dict[str, str]:
    """The version history and process health pages the options ask for."""
    from ..errors import UsageError

    pages: dict[str, str] = {}
    if args.versions is not None:
        from ..evolution.diff_report import history_page
        from ..evolution.versions import ProcessFolder

        folder = ProcessFolder.open(args.versions)
        for process in processes:
            versions = [folder.resolve(f"{process.id}@{v}") for v in folder.versions(process.id)]
            pages[f"{process.id}/versions.md"] = history_page(versions or [process])
    if args.stats is not None:
        if args.roster is None:
            raise UsageError("--stats needs --roster: the statistics come from checking records")
        from ..evolution.stats import collect, health_page
        from ..evolution.versions import ProcessFolder, VersionedChecker
        from ..load.loaders import load_records

        source = args.versions if args.versions is not None else args.process[0]
        checker = VersionedChecker(ProcessFolder.open(source), args.roster)
        pages["health.md"] = health_page(collect(checker.results(load_records(args.stats))))
    return pages
