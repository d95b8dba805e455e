"""Conformance checking: does each change record follow its process, and what is
the smallest repair when it does not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._faces import face

if TYPE_CHECKING:
    from .batch import check_many
    from .checker import Checker, check
    from .context import CheckOptions, Context
    from .gate import Decision
    from .lineage import Lineage
    from .record_pass import RecordPass
    from .records import check_records
    from .repair import apply_repair
    from .trace import Completion, Trace

_EXPORTS = {
    "Checker": "checker",
    "CheckOptions": "context",
    "Context": "context",
    "RecordPass": "record_pass",
    "check": "checker",
    "check_many": "batch",
    "check_records": "records",
    "apply_repair": "repair",
    "Trace": "trace",
    "Completion": "trace",
    "Decision": "gate",
    "Lineage": "lineage",
}
__getattr__, __dir__ = face(__name__, _EXPORTS, globals())

__all__ = [
    "CheckOptions",
    "Checker",
    "Completion",
    "Context",
    "Decision",
    "Lineage",
    "RecordPass",
    "Trace",
    "apply_repair",
    "check",
    "check_many",
    "check_records",
]
