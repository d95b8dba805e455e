"""The files that ship with sdlc: the example processes and their rosters, the JSON
Schemas, the vendored Mermaid, and what ``sdlc init`` starts a project from.

In a wheel they are inside the package (``sdlc/processes``, ``sdlc/schemas``,
``sdlc/assets``, ``sdlc/examples``; pyproject.toml puts them there); in a source
checkout they are the top-level folders (``processes/``, ``schemas/``,
``docs/assets/javascripts/``, ``examples/``).
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import InputError, Location

PROCESSES = ("eid-gateway", "baseline")
"""The processes that ship with sdlc, by name: ``sdlc lint eid-gateway`` lints one."""
SCHEMAS = ("process", "record", "roster")
"""The JSON Schemas, as ``schemas/<name>.schema.json``."""
MERMAID = ("mermaid.min.js", "mermaid.LICENSE.txt")
"""The vendored Mermaid and its licence."""

_PACKAGE = Path(__file__).resolve().parent
_WHERE = {
    "processes": ("processes", "processes"),
    "schemas": ("schemas", "schemas"),
    "assets": ("assets", "docs/assets/javascripts"),
    "examples": ("examples", "examples"),
    "init": ("data/init", "sdlc/data/init"),
}
"""Each kind of shipped file: its folder in the package, and in a source checkout."""


def shipped(kind: str, name: str) -> Path:
    """The shipped file ``name`` of ``kind`` (a key of the table above)."""
    inside, checkout = _WHERE[kind]
    for folder in (_PACKAGE / inside, _PACKAGE.parent / checkout):
        if (folder / name).is_file():
            return folder / name
    raise InputError(
        f"cannot find sdlc's own {kind}/{name}",
        location=Location(str(_PACKAGE / inside / name)),
        hint="reinstall sdlc; the file ships inside the package",
    )


def process_path(argument: str) -> str:
    """A process argument as a path: a shipped process's file when ``argument`` is its
    name (``eid-gateway``) and no file of that name is here; else ``argument``."""
    if argument in PROCESSES and not os.path.exists(argument):
        return str(shipped("processes", f"{argument}.yaml"))
    return argument
