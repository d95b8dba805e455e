"""``python -m sdlc``: the same as the ``sdlc`` command."""

from .cli import main

raise SystemExit(main())
