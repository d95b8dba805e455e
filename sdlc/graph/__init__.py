"""The process as a graph: networkx stays behind this package, and the rest asks
it questions in the process's own words (which gates lie on every route, what a
risk level requires before a deployment).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._faces import face

if TYPE_CHECKING:
    from .process_graph import END_KINDS, ProcessGraph
    from .scenario import Scenario
    from .view import View

_EXPORTS = {
    "ProcessGraph": "process_graph",
    "View": "view",
    "Scenario": "scenario",
    "END_KINDS": "process_graph",
}
__getattr__, __dir__ = face(__name__, _EXPORTS, globals())

__all__ = [
    "END_KINDS",
    "ProcessGraph",
    "Scenario",
    "View",
]
