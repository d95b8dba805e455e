"""The layout keeps its promises (docs/design.md, "Layout").

The import graph of ``sdlc/`` is read from the source, every import counted:
at module level, inside functions and under ``TYPE_CHECKING``, because a cycle
hidden by an import inside a function is still a cycle. It must have no cycle
between modules, no module may import another module's underscore name, and a
``_module.py`` is private to its own package.
"""

from __future__ import annotations

import ast
import importlib
import statistics
import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pytest

from .conftest import ROOT

MAX_LINES = 300
"""No module may grow past this: split it first."""


@dataclass(frozen=True)
class Import:
    importer: str
    line: int
    target: str
    """The module imported (a package's face when a name comes from its ``__init__``)."""
    name: str | None
    """The name taken from ``target``, or None for ``import target``."""


def modules(root: Path, package: str) -> dict[str, Path]:
    """Every module of ``package`` (rooted at ``root``) by dotted name."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(root: Path, package: str) -> Iterator[Import]:
    """Every import of a module of ``package`` by another, wherever it stands."""
    known = modules(root, package)
    for name, path in known.items():
        here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == package:
                        yield Import(name, node.lineno, alias.name, None)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here[: len(here) - node.level + 1]
                    source = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    source = node.module or ""
                if source.split(".")[0] != package:
                    continue
                for alias in node.names:
                    submodule = f"{source}.{alias.name}"
                    if submodule in known:  # from package import module
                        yield Import(name, node.lineno, submodule, None)
                    else:
                        yield Import(name, node.lineno, source, alias.name)


def cycles(found: list[Import]) -> list[list[str]]:
    """Each group of modules that import each other, directly or round a loop."""
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_edges_from((i.importer, i.target) for i in found if i.importer != i.target)
    groups = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    return sorted(groups)


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_imports(found: list[Import]) -> list[str]:
    """Imports of another module's private names, or of a private module from outside
    its package."""
    bad = []
    for i in found:
        if i.name is not None and _private(i.name):
            bad.append(f"{i.importer}:{i.line} imports {i.name} from {i.target}")
        parts = i.target.split(".")
        for depth, part in enumerate(parts):
            owner = ".".join(parts[:depth])
            if _private(part) and not (i.importer + ".").startswith(owner + "."):
                bad.append(f"{i.importer}:{i.line} imports {i.target}, private to {owner}")
    return bad


SDLC = list(imports(ROOT, "sdlc"))


def test_no_import_cycles() -> None:
    assert cycles(SDLC) == []


def test_no_private_names_cross_modules() -> None:
    assert private_imports(SDLC) == []


def test_modules_stay_small() -> None:
    lines = {
        name: len(p.read_text("utf-8").splitlines()) for name, p in modules(ROOT, "sdlc").items()
    }
    assert {name: n for name, n in lines.items() if n > MAX_LINES} == {}
    assert statistics.median(lines.values()) < 150


def test_only_the_cli_prints_or_exits() -> None:
    offenders = []
    for name, path in modules(ROOT, "sdlc").items():
        if name.startswith(("sdlc.cli", "sdlc.__main__")):
            continue
        tree = ast.parse(path.read_text("utf-8"))
        for statement in tree.body:
            if isinstance(statement, ast.If) and ast.unparse(statement.test) == (
                "__name__ == '__main__'"
            ):
                continue  # a module run as a script (python -m) may print its result
            for node in ast.walk(statement):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                    if node.func.id in {"print", "exit"}:
                        offenders.append(f"{name}:{node.lineno} calls {node.func.id}()")
                elif isinstance(node, ast.Raise) and "SystemExit" in ast.unparse(node):
                    offenders.append(f"{name}:{node.lineno} raises SystemExit")
    assert offenders == []


def test_nothing_imports_the_cli() -> None:
    assert [
        f"{i.importer}:{i.line}"
        for i in SDLC
        if i.target.startswith("sdlc.cli")
        and not i.importer.startswith(("sdlc.cli", "sdlc.__main__"))
    ] == []


def _plant(tmp_path: Path, files: dict[str, str]) -> list[Import]:
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return list(imports(tmp_path, "pkg"))


def test_a_planted_cycle_through_a_function_import_is_found(tmp_path: Path) -> None:
    found = _plant(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from .b import thing\n",
            "pkg/sub/__init__.py": "",
            "pkg/b.py": "def thing():\n    from .sub import c\n",
            "pkg/sub/c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from ..a import x\n",
        },
    )
    assert cycles(found) == [["pkg.a", "pkg.b", "pkg.sub.c"]]


def test_a_planted_private_import_is_found(tmp_path: Path) -> None:
    found = _plant(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from .b import _helper, public\n",
            "pkg/b.py": "",
            "pkg/sub/__init__.py": "from ._inner import fine\n",
            "pkg/sub/_inner.py": "",
            "pkg/c.py": "from .sub._inner import fine\n",
        },
    )
    assert private_imports(found) == [
        "pkg.a:1 imports _helper from pkg.b",
        "pkg.c:1 imports pkg.sub._inner, private to pkg.sub",
    ]


def test_no_exported_name_is_also_a_submodule() -> None:
    """Importing a submodule binds its name on the package, so an exported function
    of the same name (``sdlc.check`` beside a ``sdlc/check/`` package) would turn
    into the module as soon as anything imported it."""
    known = modules(ROOT, "sdlc")
    clashes = []
    for face in [name for name, path in known.items() if path.name == "__init__.py"]:
        exported = importlib.import_module(face).__all__
        clashes += [f"{face}.{n}" for n in exported if f"{face}.{n}" in known]
    assert clashes == []


def test_every_exported_name_resolves_after_every_module_is_imported() -> None:
    known = modules(ROOT, "sdlc")
    for name in known:
        if not name.endswith("__main__"):  # running it is the command itself
            importlib.import_module(name)
    faces = [name for name, path in known.items() if path.name == "__init__.py"]
    wrong = [
        f"{face}.{n}"
        for face in faces
        for n in importlib.import_module(face).__all__
        if isinstance(getattr(importlib.import_module(face), n), types.ModuleType)
    ]
    assert wrong == []


@pytest.mark.parametrize("package", ["sdlc"])
def test_every_subpackage_has_a_face(package: str) -> None:
    """Each subpackage's ``__init__`` lists its public names in ``__all__``."""
    faceless = [
        str(init.relative_to(ROOT))
        for init in sorted((ROOT / package).glob("*/__init__.py"))
        if "__all__" not in init.read_text("utf-8")
    ]
    assert faceless == []
