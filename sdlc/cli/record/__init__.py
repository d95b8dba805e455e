"""``sdlc record``: start, extend, verify and attest change records, one module per
action (see docs/design.md, "Integrity").

:mod:`.group` adds the command and its actions; :mod:`.new`, :mod:`.append`,
:mod:`.verify`, :mod:`.keygen` and :mod:`.attest` are the actions, and
:mod:`.fields` names the option behind a record field in an error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._faces import face

if TYPE_CHECKING:
    from .group import register

_EXPORTS = {
    "register": "group",
}
__getattr__, __dir__ = face(__name__, _EXPORTS, globals())

__all__ = [
    "register",
]
