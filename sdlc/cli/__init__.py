"""The ``sdlc`` command: one module per subcommand, a parser that dispatches.

:mod:`.app` builds the parser and maps errors to exit codes; :mod:`.options` holds
what the subcommands share; each other module (and the :mod:`.record` group) is one
subcommand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._faces import face

if TYPE_CHECKING:
    from .app import main, parser
    from .options import Exit

_EXPORTS = {
    "main": "app",
    "parser": "app",
    "Exit": "options",
}
__getattr__, __dir__ = face(__name__, _EXPORTS, globals())

__all__ = [
    "Exit",
    "main",
    "parser",
]
