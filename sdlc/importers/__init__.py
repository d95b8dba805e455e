"""Importers: the events that evidence from other tools proves (test reports, scans,
commits, reviews, build provenance), planned against what a record holds and
appended through the record writer. Nothing is fetched from the network.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._faces import face

if TYPE_CHECKING:
    from .appending import Signer, apply, signer
    from .approvals import ApprovalOptions, prove_approvals
    from .coverage import Patterns, patterns
    from .directory import Directory
    from .git_log import prove_commits
    from .ledger import Plan, plan
    from .links import prove_link
    from .reviews import ReviewOptions, prove_reviews
    from .runs import RunOptions, prove_run
    from .scans import ScanOptions, prove_scan
    from .setting import Setting
    from .slsa import prove_build
    from .sources import Evidence, Proven

_EXPORTS = {
    "Evidence": "sources",
    "Proven": "sources",
    "Plan": "ledger",
    "plan": "ledger",
    "Signer": "appending",
    "signer": "appending",
    "apply": "appending",
    "Directory": "directory",
    "Setting": "setting",
    "Patterns": "coverage",
    "patterns": "coverage",
    "RunOptions": "runs",
    "prove_run": "runs",
    "ScanOptions": "scans",
    "prove_scan": "scans",
    "prove_commits": "git_log",
    "ReviewOptions": "reviews",
    "prove_reviews": "reviews",
    "prove_build": "slsa",
    "prove_link": "links",
    "ApprovalOptions": "approvals",
    "prove_approvals": "approvals",
}
__getattr__, __dir__ = face(__name__, _EXPORTS, globals())

__all__ = [
    "ApprovalOptions",
    "Directory",
    "Evidence",
    "Patterns",
    "Plan",
    "Proven",
    "ReviewOptions",
    "RunOptions",
    "ScanOptions",
    "Setting",
    "Signer",
    "apply",
    "patterns",
    "plan",
    "prove_approvals",
    "prove_build",
    "prove_commits",
    "prove_link",
    "prove_reviews",
    "prove_run",
    "prove_scan",
    "signer",
]
