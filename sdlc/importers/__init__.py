"""Importers: the events that evidence from other tools proves (test reports, scans,
commits, reviews, build provenance), planned against what a record holds and
appended through the record writer. Nothing is fetched from the network.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._faces import face

if TYPE_CHECKING:
    from .appending import Signer, apply, signer
    from .coverage import Patterns, patterns
    from .directory import Directory
    from .ledger import Plan, plan
    from .runs import RunOptions, prove_run
    from .setting import Setting
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
}
__getattr__, __dir__ = face(__name__, _EXPORTS, globals())

__all__ = [
    "Directory",
    "Evidence",
    "Patterns",
    "Plan",
    "Proven",
    "RunOptions",
    "Setting",
    "Signer",
    "apply",
    "patterns",
    "plan",
    "prove_run",
    "signer",
]
