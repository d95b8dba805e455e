"""The bad-input catalogue: every malformed file gets one located message and exit 2.

Each folder of ``tests/cases/bad-input/`` is one case: the broken input file(s),
``args.txt`` (the command line, one word a line, after ``#`` comments that say
what the case is; leading ``NAME=value`` words set environment variables), and
``expected.txt`` (the exit code, then stderr and stdout exactly). A case may
also hold ``generate.json``, which describes an input too big to commit, written
at run time as ``{"file": [[text, times], ...]}``. Sound files the cases start
from are in ``_base/``; a case names them as ``../_base/...``.

The command runs in-process, through :func:`sdlc.cli.main`, in a copy of the
case folder; run with ``SDLC_REGEN=1`` to rewrite the expected files. Beside the
exact text, every case must: exit 2 (or 1 where the case is a lint finding, as
a dependency cycle is), print no traceback, name where the problem is, leave
every file it read as it was and write nothing, and stay within generous bounds
of time and memory.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from sdlc.cli import main

from .conftest import ROOT, golden

CASES = ROOT / "tests" / "cases" / "bad-input"
NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))
META = frozenset({"args.txt", "expected.txt", "generate.json"})
PEAK_BYTES = 64 * 1024 * 1024
"""Most memory one case may allocate (tracemalloc's peak), whatever the input's size."""
FINDINGS = {"process-dependency-cycle"}
"""Cases that are lint findings about a file that was read (exit 1), not bad input."""


def _parse_args(folder: Path) -> tuple[dict[str, str], list[str]]:
    words = [
        line
        for line in (folder / "args.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    env: dict[str, str] = {}
    while words and "=" in words[0] and words[0].split("=", 1)[0].isupper():
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    return env, words


def _generate(folder: Path) -> None:
    spec = folder / "generate.json"
    if not spec.exists():
        return
    for name, pieces in json.loads(spec.read_text(encoding="utf-8")).items():
        with (folder / name).open("wb") as handle:
            for text, times in pieces:
                chunk = text.encode("utf-8")
                whole, rest = divmod(times, 1 << 16)
                block = chunk * (1 << 16) if whole else b""
                for _ in range(whole):
                    handle.write(block)
                handle.write(chunk * rest)


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(root).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in root.rglob("*")
    }


def _stage(tmp_path: Path, name: str) -> Path:
    """Copy the case and the sound files into ``tmp_path``; return the case's copy."""
    shutil.copytree(CASES / "_base", tmp_path / "_base")
    work = tmp_path / name
    shutil.copytree(CASES / name, work, ignore=shutil.ignore_patterns("expected.txt"))
    _generate(work)
    return work


def _transcript(code: int, out: str, err: str) -> str:
    text = f"exit {code}\n"
    if err:
        text += f"--- stderr\n{err}"
    if out:
        text += f"--- stdout\n{out}"
    return text


@pytest.mark.parametrize("name", NAMES)
def test_bad_input(
    name: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    work = _stage(tmp_path, name)
    env, argv = _parse_args(work)
    for variable, value in env.items():
        monkeypatch.setenv(variable, value)
    monkeypatch.chdir(work)
    inputs = sorted(p.name for p in work.iterdir() if p.name not in META)
    before = _snapshot(tmp_path)

    tracemalloc.start()
    try:
        code = main(argv)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    out, err = capsys.readouterr()

    golden(CASES / name / "expected.txt", _transcript(code, out, err))
    assert code == (1 if name in FINDINGS else 2)
    text = out + err
    assert "Traceback" not in text
    assert "unexpected error" not in text
    assert err.count("sdlc: ") <= 1, "one message, not one per problem"
    if not env or inputs:  # a bad setting is named by its variable, a file by its name
        assert any(f"{name}:" in text for name in inputs), f"no input named in {text!r}"
    assert _snapshot(tmp_path) == before, "an input was changed, or something was written"
    assert peak < PEAK_BYTES, f"{peak / 2**20:.1f} MiB"


def test_the_catalogue_covers_every_kind_of_file() -> None:
    kinds = {name.split("-", 1)[0] for name in NAMES}
    assert {"process", "roster", "record", "waiver"} <= kinds
    assert len(NAMES) >= 40


_PEAK = """
import sys
from sdlc.cli import main

peak_file, argv = sys.argv[1], sys.argv[2:]
code = main(argv)
with open("/proc/self/status") as status, open(peak_file, "w") as peak:
    peak.write(next(line for line in status if line.startswith("VmHWM:")).split()[1])
sys.exit(code)
"""
"""Runs ``sdlc`` and notes its peak resident memory (KiB) from the kernel, which counts
from the moment the interpreter started, not from the test process that forked it."""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("name", ["process-100mb-string", "record-jsonl-100mb-line"])
def test_a_huge_file_is_refused_by_the_real_command_in_little_memory(
    name: str, tmp_path: Path
) -> None:
    """``sdlc`` in a process of its own: its peak resident memory stays below the
    100 MB it was given, and the output is the catalogue's."""
    work = _stage(tmp_path, name)
    env, argv = _parse_args(work)
    peak = tmp_path / "peak"
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, str(peak), *argv],
        cwd=work,
        env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    transcript = _transcript(done.returncode, done.stdout, done.stderr)
    assert transcript == (CASES / name / "expected.txt").read_text(encoding="utf-8")
    kib = int(peak.read_text())
    assert kib < 100 * 1024, f"{kib / 1024:.0f} MiB"


def test_the_readme_shows_a_case_as_it_is() -> None:
    case = CASES / "process-stage-id-dot-dot"
    assert _parse_args(case) == ({}, ["lint", "process.yaml"])
    message = (case / "expected.txt").read_text(encoding="utf-8").split("--- stderr\n", 1)[1]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"```console\n$ sdlc lint process.yaml\n{message}```\n" in readme
