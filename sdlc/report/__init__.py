"""Reporters: findings as text, JSON, SARIF 2.1.0 or JUnit XML, looked up by name.

:mod:`.reporters` names them and renders with any of them, whole or a report at a
time (:mod:`.stream`); each format has its own module (:mod:`.text`, :mod:`.json`,
:mod:`.sarif`, :mod:`.junit`). :class:`Audience` says how SARIF, JSON and JUnit show
paths and links to the tools that read them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._faces import face

if TYPE_CHECKING:
    from .audience import Audience
    from .reporters import FORMATS, REPORTERS, WRITERS, open_writer, render_reports

_EXPORTS = {
    "Audience": "audience",
    "FORMATS": "reporters",
    "REPORTERS": "reporters",
    "WRITERS": "reporters",
    "open_writer": "reporters",
    "render_reports": "reporters",
}
__getattr__, __dir__ = face(__name__, _EXPORTS, globals())

__all__ = [
    "FORMATS",
    "REPORTERS",
    "WRITERS",
    "Audience",
    "open_writer",
    "render_reports",
]
