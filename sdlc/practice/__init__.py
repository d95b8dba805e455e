"""The process as practised: flow, time, deviations and suggestions, read from an
archive of change records (``sdlc practice``; see docs/practice.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._faces import face

if TYPE_CHECKING:
    from .analysis import Practice, observe
    from .cases import Case, Selection
    from .flow import Flow, flow_of
    from .groups import Group
    from .handbook_pages import practice_pages
    from .page import practice_markdown
    from .shape import practice_json
    from .suggestions import Suggestion
    from .text import practice_text
    from .timing import Spread, p90

_EXPORTS = {
    "Practice": "analysis",
    "observe": "analysis",
    "Case": "cases",
    "Selection": "cases",
    "Flow": "flow",
    "flow_of": "flow",
    "Group": "groups",
    "Suggestion": "suggestions",
    "Spread": "timing",
    "p90": "timing",
    "practice_json": "shape",
    "practice_markdown": "page",
    "practice_pages": "handbook_pages",
    "practice_text": "text",
}
__getattr__, __dir__ = face(__name__, _EXPORTS, globals())

__all__ = [
    "Case",
    "Flow",
    "Group",
    "Practice",
    "Selection",
    "Spread",
    "Suggestion",
    "flow_of",
    "observe",
    "p90",
    "practice_json",
    "practice_markdown",
    "practice_pages",
    "practice_text",
]
