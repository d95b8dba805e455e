"""What the importer tests share: the small process fed by imports, its roster,
a record to import into, and the importer run as people run it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sdlc.load.loaders import load_record
from sdlc.model.record import Event, Record

from ..conftest import ROOT, RunCli

__all__ = [
    "COMMIT",
    "DATA",
    "HERE",
    "PROCESS",
    "ROSTER",
    "Import",
    "RunCli",
    "copied",
    "events",
    "read",
]

DATA = ROOT / "tests" / "importers" / "data"
HERE = Path("tests/importers/data")
"""The data folder from the root, where the CLI runs, so messages name it so."""
PROCESS = DATA / "import-demo.yaml"
ROSTER = DATA / "import-demo.roster.yaml"
COMMIT = "e16f242821aeb85e085c2ec0e67a20b6db30f360"

Import = Callable[..., tuple[int, str, str]]


@pytest.fixture
def record(run_cli: RunCli, tmp_path: Path) -> Path:
    """A new, empty record of import-demo@1.0 in ``tmp_path``."""
    path = tmp_path / "CH-1.yaml"
    code, _, err = run_cli("record", "new", str(path), "--id", "CH-1", "--process", str(PROCESS))
    assert (code, err) == (0, "")
    return path


@pytest.fixture
def run_import(run_cli: RunCli, record: Path, tmp_path: Path) -> Import:
    """``sdlc record import KIND ARGS... --record RECORD``; stdout and stderr with the
    temporary folder written as <tmp>."""

    def run(kind: str, *args: str, into: Path | None = None) -> tuple[int, str, str]:
        code, out, err = run_cli("record", "import", kind, *args, "--record", str(into or record))
        return code, out.replace(str(tmp_path), "<tmp>"), err.replace(str(tmp_path), "<tmp>")

    return run


def copied(path: Path, folder: Path) -> Path:
    """A copy of the fixture ``path`` in ``folder``, as a run leaves its report beside
    the record."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    shutil.copyfile(path, target)
    return target


def events(path: Path) -> tuple[Event, ...]:
    return load_record(path).events


def read(path: Path) -> Record:
    return load_record(path)
