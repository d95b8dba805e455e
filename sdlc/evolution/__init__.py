"""Evolving the process: versions, diffs and weakenings, impact on changes under
way, waivers and deviation statistics.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._faces import face

if TYPE_CHECKING:
    from ..handbook.health import health_page
    from ..handbook.history import history_page
    from .changes import Change
    from .counts import Stats
    from .diff_report import render_diff
    from .differences import ProcessDiff, diff
    from .impacts import impact
    from .stats import collect
    from .versions import ProcessFolder, VersionedChecker
    from .waiver_file import Waiver, WaiverFile, load_waivers, sign_waiver, waiver_payload
    from .waivers import apply_waivers

_EXPORTS = {
    "ProcessFolder": "versions",
    "VersionedChecker": "versions",
    "diff": "differences",
    "ProcessDiff": "differences",
    "Change": "changes",
    "render_diff": "diff_report",
    "history_page": ".handbook.history",  # the page is the handbook's
    "impact": "impacts",
    "WaiverFile": "waiver_file",
    "Waiver": "waiver_file",
    "apply_waivers": "waivers",
    "load_waivers": "waiver_file",
    "sign_waiver": "waiver_file",
    "waiver_payload": "waiver_file",
    "Stats": "counts",
    "collect": "stats",
    "health_page": ".handbook.health",
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
    "sign_waiver",
    "waiver_payload",
]
