"""The ``sdlc`` command: one module per subcommand, a parser that dispatches."""

from .app import main

__all__ = ["main"]
