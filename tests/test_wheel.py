"""The wheel stands alone: built from this checkout, installed into a fresh virtual
environment, it runs the README's quick start from an empty folder with no network
(``sdlc init``, lint, check, render, ``mkdocs build --strict``), draws diagrams with
the Mermaid it ships, and the shipped files' schema comments resolve.

The wheel is built offline with the hatchling installed here (``--no-build-isolation``)
and installed without its dependencies; those come from this project's environment,
whose site-packages the fresh one reads through a ``.pth`` file, as plain
folders: the source tree is on no path.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

SCHEMA_COMMENT = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.MULTILINE)
SHIPPED = [
    "sdlc/processes/eid-gateway.yaml",
    "sdlc/processes/baseline.roster.yaml",
    "sdlc/schemas/process.schema.json",
    "sdlc/schemas/record.schema.json",
    "sdlc/schemas/roster.schema.json",
    "sdlc/assets/mermaid.min.js",
    "sdlc/assets/mermaid.LICENSE.txt",
    "sdlc/examples/low-risk-compliant.yaml",
    "sdlc/data/init/baseline.record.yaml",
    "sdlc/templates/stage.md.j2",
    "sdlc/rules/pages/stale-approval.md",
    "sdlc/handbook/locale/nb/LC_MESSAGES/sdlc.mo",
    "sdlc/handbook/locale/nn/LC_MESSAGES/sdlc.mo",
]


def _run(*argv: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, f"{argv}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the wheel, the fresh environment's bin folder)."""
    tmp = tmp_path_factory.mktemp("wheel")
    _run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
        "--wheel-dir", tmp / "dist", ROOT, cwd=tmp,
    )  # fmt: skip
    (wheel,) = (tmp / "dist").glob("sdlc-*.whl")
    venv = tmp / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp)
    python = venv / "bin" / "python"
    _run(
        sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
        "--quiet", wheel, cwd=tmp,
    )  # fmt: skip
    ours = Path(sysconfig.get_paths()["purelib"])
    assert ours != ROOT
    assert not (ours / "sdlc" / "__init__.py").exists()  # no sdlc package there
    theirs = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                       cwd=tmp).strip())  # fmt: skip
    (theirs / "dependencies.pth").write_text(f"{ours}\n", "utf-8")
    return wheel, venv / "bin"


def _env(bin_folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env.update(PATH=f"{bin_folder}{os.pathsep}{env.get('PATH', '')}", NO_MKDOCS_2_WARNING="1")
    return env


def test_the_wheel_carries_what_sdlc_needs(installed: tuple[Path, Path]) -> None:
    wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    assert [name for name in SHIPPED if name not in names] == []
    assert not [name for name in names if name.startswith(("tests/", "docs/", "examples/"))]


def test_sdlc_runs_from_the_wheel_not_the_checkout(
    installed: tuple[Path, Path], tmp_path: Path
) -> None:
    _, bin_folder = installed
    where = _run(bin_folder / "python", "-c", "import sdlc; print(sdlc.__file__)", cwd=tmp_path)
    assert Path(where.strip()).is_relative_to(bin_folder.parent)
    paths = _run(
        bin_folder / "python", "-c", "import sys; print(*sys.path, sep='\\n')", cwd=tmp_path
    )
    assert str(ROOT) not in paths.splitlines()


def test_the_quick_start_runs_from_an_empty_folder(
    installed: tuple[Path, Path], tmp_path: Path
) -> None:
    _, bin_folder = installed
    env = _env(bin_folder)
    said = _run("sdlc", "init", "svc", cwd=tmp_path, env=env)
    assert said.startswith("sdlc init: wrote 11 files in svc; from there:\n")
    project = tmp_path / "svc"
    lint = _run("sdlc", "lint", "processes/eid-gateway.yaml", cwd=project, env=env)
    assert lint == "processes/eid-gateway.yaml: eid-gateway@3.0 is sound (0 errors, 0 warnings)\n"
    check = _run(
        "sdlc", "check", "changes", "--process", "processes/eid-gateway.yaml",
        "--roster", "processes/eid-gateway.roster.yaml", cwd=project, env=env,
    )  # fmt: skip
    assert check.endswith("checked 1 record: 1 compliant, 0 not compliant, 0 unreadable\n")
    _run("sdlc", "render", "processes/eid-gateway.yaml", "--out", "docs/handbook",
         cwd=project, env=env)  # fmt: skip
    _run(bin_folder / "python", "-m", "mkdocs", "build", "--strict", "--quiet",
         cwd=project, env=env)  # fmt: skip
    overview = project / "site" / "handbook" / "eid-gateway" / "overview" / "index.html"
    page = overview.read_text("utf-8")
    assert 'class="mermaid"' in page
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert "../../../assets/javascripts/mermaid.min.js" in scripts
    assert all(not s.startswith(("http:", "https:", "//")) for s in scripts), scripts
    local = project / "site" / "assets" / "javascripts" / "mermaid.min.js"
    assert local.read_bytes() == (ROOT / "docs/assets/javascripts/mermaid.min.js").read_bytes()
    _assert_schema_comments_resolve(project)


def test_a_shipped_process_is_linted_by_name(installed: tuple[Path, Path], tmp_path: Path) -> None:
    _, bin_folder = installed
    said = _run("sdlc", "lint", "eid-gateway", "baseline", cwd=tmp_path, env=_env(bin_folder))
    assert said == (
        "eid-gateway: eid-gateway@3.0 is sound (0 errors, 0 warnings)\n"
        "baseline: baseline@1.0 is sound (0 errors, 0 warnings)\n"
    )


def _assert_schema_comments_resolve(folder: Path, skip: str = "") -> int:
    """How many schema comments the YAML files under ``folder`` hold; each resolves."""
    commented = 0
    for path in sorted([*folder.rglob("*.yaml"), *folder.rglob("*.yml")]):
        if skip and path.is_relative_to(folder / skip):
            continue
        for target in SCHEMA_COMMENT.findall(path.read_text("utf-8")):
            commented += 1
            assert (path.parent / target).is_file(), f"{path}: {target}"
    return commented


def test_the_shipped_files_schema_comments_resolve(installed: tuple[Path, Path]) -> None:
    _, bin_folder = installed
    (sdlc,) = bin_folder.parent.glob("lib/python*/site-packages/sdlc")
    # data/init holds what `sdlc init` writes elsewhere; the quick start checks those
    assert _assert_schema_comments_resolve(sdlc, skip="data/init") >= 5
