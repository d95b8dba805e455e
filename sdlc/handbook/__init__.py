"""The handbook: a process rendered as Markdown pages for an mkdocs-material site.

:func:`render` is the entry point; :mod:`.pages` works out what the handbook says,
:mod:`.diagrams` draws it, :mod:`.markdown` escapes text from YAML (reading the
Markdown of description fields with :mod:`.prose`), :mod:`.templating` fills the
templates in jinja2's sandbox and :mod:`.output` swaps the result into place,
replacing only what an earlier render's manifest (:mod:`.manifest`) lists.
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
