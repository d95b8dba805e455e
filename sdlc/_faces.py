"""Package faces that import their modules on first use.

Every subpackage's ``__init__`` names its public API in ``__all__`` and maps each
name to the module that defines it. Nothing is imported with the package: the
``sdlc`` command, which a pre-commit hook runs on every commit, loads only what
its subcommand needs (see docs/design.md, "Layout").
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def face(
    package: str, exports: Mapping[str, str], namespace: dict[str, Any]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``, whose public ``name`` is
    defined in its module ``exports[name]`` (relative to the package)."""

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{module}", package), name)
        namespace[name] = value  # later lookups skip this function
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *exports})

    return __getattr__, __dir__
