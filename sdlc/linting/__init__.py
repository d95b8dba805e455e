"""Process lint: is a process sound before any team follows it?"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._faces import face

if TYPE_CHECKING:
    from .linter import lint

_EXPORTS = {
    "lint": "linter",
}
__getattr__, __dir__ = face(__name__, _EXPORTS, globals())

__all__ = [
    "lint",
]
