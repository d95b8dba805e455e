"""``sdlc init``: a new project from a process that ships with sdlc.

It writes the process and its roster, the JSON Schemas their editor comments
name, an example change record, an mkdocs site with the vendored Mermaid, and a CI
workflow; every file from the installed package, with no network. It never
writes over a file: when one of them exists, it writes none.
"""

from __future__ import annotations

import argparse
import string
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, Location
from .options import Exit, command

if TYPE_CHECKING:
    from .options import Subcommands

_RECORDS = {
    "eid-gateway": ("examples", "low-risk-compliant.yaml", "EID-2381"),
    "baseline": ("init", "baseline.record.yaml", "PLAT-101"),
}
"""The example record of each shipped process: where it ships, and its id."""


def register(subparsers: Subcommands) -> None:
    """Add ``sdlc init``."""
    from ..shipped import PROCESSES

    p = command(
        subparsers,
        "init",
        "Start a project: a shipped process, its roster, an example record, a handbook site "
        "and a CI workflow.",
        "  sdlc init my-service\n  sdlc init my-service --from baseline",
        run,
    )
    p.add_argument("folder", metavar="DIR", help="the folder to write into (made if missing)")
    p.add_argument(
        "--from",
        dest="origin",
        choices=PROCESSES,
        default=PROCESSES[0],
        help="the shipped process to start from (default: %(default)s)",
    )


def plan(name: str) -> dict[str, Path | str]:
    """What ``sdlc init --from name`` writes: each file's path in the new folder, and
    the shipped file it copies or the text it holds."""
    from ..load.loaders import load_process
    from ..shipped import MERMAID, SCHEMAS, shipped

    process = shipped("processes", f"{name}.yaml")
    title = load_process(process).title
    kind, record, record_id = _RECORDS[name]
    files: dict[str, Path | str] = {
        f"processes/{name}.yaml": process,
        f"processes/{name}.roster.yaml": shipped("processes", f"{name}.roster.yaml"),
        f"changes/{record_id}.yaml": shipped(kind, record),
    }
    files.update(
        {f"schemas/{s}.schema.json": shipped("schemas", f"{s}.schema.json") for s in SCHEMAS}
    )
    files.update({f"docs/assets/javascripts/{m}": shipped("assets", m) for m in MERMAID})
    for target, template in (
        ("mkdocs.yml", "mkdocs.yml"),
        ("docs/index.md", "index.md"),
        (".github/workflows/sdlc.yml", "sdlc.yml"),
    ):
        text = shipped("init", template).read_text("utf-8")
        files[target] = string.Template(text).substitute(name=name, title=title)
    return files


def run(args: argparse.Namespace) -> int:
    """Write the new project, or nothing when any of its files exists."""
    from ..integrity.fileio import atomic_write

    folder = Path(args.folder)
    files = plan(args.origin)
    taken = [path for path in files if (folder / path).exists() or (folder / path).is_symlink()]
    if taken:
        raise InputError(
            f"{len(taken)} of the files sdlc init writes already exist: {', '.join(taken)}; "
            "nothing was written",
            location=Location(str(folder)),
            hint="give a new or empty folder, or move those files away first",
        )
    if folder.exists() and not folder.is_dir():
        raise InputError("not a folder", location=Location(str(folder)))
    for path, source in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, source if isinstance(source, str) else source.read_text("utf-8"))
    name = args.origin
    print(
        f"sdlc init: wrote {len(files)} files in {folder}; from there:\n"
        f"  sdlc lint processes/{name}.yaml\n"
        f"  sdlc check changes --process processes/{name}.yaml "
        f"--roster processes/{name}.roster.yaml\n"
        f"  sdlc render processes/{name}.yaml --out docs/handbook\n"
        "  mkdocs build --strict",
        file=sys.stdout,
    )
    return Exit.CLEAN
