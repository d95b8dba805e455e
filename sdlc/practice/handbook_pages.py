"""The "How we really work" pages of ``sdlc render --practice``: the records studied as
``sdlc practice`` studies them, one page per process (laid out by :mod:`.handbook_page`).

Each process's page is made from the records that name that process, checked
against the version each names: from the folder of versions when one is given,
otherwise from the process file itself. Records that cannot be read are counted
on every page, since they name no process that can be trusted.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..evolution.versions import ProcessFolder, VersionedChecker
from ..load.records import load_records
from ..model.process import Process
from .analysis import observe
from .handbook_page import practice_page


def practice_pages(
    processes: Sequence[tuple[Process, Path | str]],
    records: Sequence[Path | str],
    roster: Path | str | None = None,
    waivers: Path | str | None = None,
) -> dict[str, str]:
    """``{"<process>/practice.md": page}`` for each (process, where its versions are)."""
    loaded = list(load_records(records))
    pages: dict[str, str] = {}
    for process, source in processes:
        mine = [
            item
            for item in loaded
            if item.record is None or item.record.process.partition("@")[0] == process.id
        ]
        checker = VersionedChecker(ProcessFolder.open(source), roster, None, waivers)
        pages[f"{process.id}/practice.md"] = practice_page(process, observe(mine, checker))
    return pages
