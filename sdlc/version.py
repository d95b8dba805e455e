"""The version of sdlc: this line is the only place it is written.

The package metadata reads it at build time (``[tool.hatch.version]`` in
pyproject.toml); the CLI's ``--version``, the reporters' tool version and the
attestations' verifier version import it from here.
"""

__version__ = "0.1.0.dev0"
