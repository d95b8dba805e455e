"""The demo archive (examples/archive/generate.py) and the handbook pages made from it,
as ``make demo`` makes them, for the tests."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path
from types import ModuleType

from sdlc.evolution.stats import collect
from sdlc.evolution.versions import ProcessFolder, VersionedChecker
from sdlc.handbook.health import health_page
from sdlc.load.loaders import load_process
from sdlc.load.records import load_records
from sdlc.practice.handbook_pages import practice_pages

from ..conftest import ROOT

GENERATOR = ROOT / "examples" / "archive" / "generate.py"
PROCESSES = ROOT / "processes"


def generator() -> ModuleType:
    """examples/archive/generate.py, imported from its file (it is a script, not a module
    of the package)."""
    spec = importlib.util.spec_from_file_location("demo_archive_generate", GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_archive(folder: Path) -> Path:
    """The demo archive in ``folder``, its waivers in force today; returns ``folder``."""
    generator().write(folder, today=dt.date.today())
    return folder


def demo_pages(archive: Path) -> dict[str, str]:
    """The health page and the practice pages of the shipped processes, from ``archive``,
    as ``make demo`` renders them."""
    records, roster, waivers = (
        archive / "records.jsonl",
        archive / "roster.yaml",
        archive / "waivers.yaml",
    )
    checker = VersionedChecker(ProcessFolder.open(PROCESSES), roster, None, waivers)
    pages = {"health.md": health_page(collect(checker.results(load_records([records]))))}
    shipped = [
        (load_process(PROCESSES / f"{p}.yaml"), PROCESSES) for p in ("eid-gateway", "baseline")
    ]
    pages.update(practice_pages(shipped, [records], roster, waivers))
    return pages
