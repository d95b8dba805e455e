"""The handbook: a process rendered as Markdown pages for an mkdocs-material site.

:func:`render` is the entry point; :mod:`.pages` works out what the handbook says,
:mod:`.diagrams` draws it, :mod:`.markdown` escapes text from YAML, :mod:`.render`
fills the templates and :mod:`.output` swaps the result into place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._faces import face

if TYPE_CHECKING:
    from .output import RenderError
    from .site import render

_EXPORTS = {
    "render": "site",
    "RenderError": "output",
}
__getattr__, __dir__ = face(__name__, _EXPORTS, globals())

__all__ = [
    "RenderError",
    "render",
]
