"""Evolving the process: versions, diffs and weakenings, impact on changes under
way, waivers and deviation statistics.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._faces import face

if TYPE_CHECKING:
    from .diff import Change, ProcessDiff, diff
    from .diff_report import history_page, render_diff
    from .impact import impact
    from .stats import Stats, collect, health_page
    from .versions import ProcessFolder, VersionedChecker
    from .waivers import Waiver, WaiverFile, apply_waivers, load_waivers

_EXPORTS = {
    "ProcessFolder": "versions",
    "VersionedChecker": "versions",
    "diff": "diff",
    "ProcessDiff": "diff",
    "Change": "diff",
    "render_diff": "diff_report",
    "history_page": "diff_report",
    "impact": "impact",
    "WaiverFile": "waivers",
    "Waiver": "waivers",
    "apply_waivers": "waivers",
    "load_waivers": "waivers",
    "Stats": "stats",
    "collect": "stats",
    "health_page": "stats",
}
__getattr__, __dir__ = face(__name__, _EXPORTS, globals())

__all__ = [
    "Change",
    "ProcessDiff",
    "ProcessFolder",
    "Stats",
    "VersionedChecker",
    "Waiver",
    "WaiverFile",
    "apply_waivers",
    "collect",
    "diff",
    "health_page",
    "history_page",
    "impact",
    "load_waivers",
    "render_diff",
]
