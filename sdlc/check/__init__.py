"""Conformance checking: does each change record follow its process, and what is
the smallest repair when it does not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._faces import face

if TYPE_CHECKING:
    from .checker import Checker, CheckOptions, check, check_many, check_records
    from .lineage import Lineage
    from .repair import apply_repair
    from .trace import Completion, Trace

_EXPORTS = {
    "Checker": "checker",
    "CheckOptions": "checker",
    "check": "checker",
    "check_many": "checker",
    "check_records": "checker",
    "apply_repair": "repair",
    "Trace": "trace",
    "Completion": "trace",
    "Lineage": "lineage",
}
__getattr__, __dir__ = face(__name__, _EXPORTS, globals())

__all__ = [
    "CheckOptions",
    "Checker",
    "Completion",
    "Lineage",
    "Trace",
    "apply_repair",
    "check",
    "check_many",
    "check_records",
]
