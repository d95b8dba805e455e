"""Fuzzing at smoke length: nothing escapes the loaders or the checker but InputError.

Hypothesis drives the loaders with arbitrary bytes and text, the models with
arbitrary changes to sound documents, JSON Lines files with arbitrary lines, and
the checker with arbitrary event sequences against the shipped eID process. The
atheris targets of ``make fuzz`` (``fuzz/targets.py``) run here too: over their
seeds and every crash found so far (``fuzz/regressions/``), under hypothesis, and,
where atheris is installed, coverage-guided for a few seconds each through the
one entry point ``python -m fuzz TARGET``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz import TARGETS, targets
from fuzz import __main__ as entry_point
from sdlc.errors import InputError
from sdlc.evolution.waivers import WaiverFile
from sdlc.load.loaders import validate
from sdlc.load.records import load_records
from sdlc.load.source import parse_yaml
from sdlc.load.text import decode
from sdlc.model.process import Process
from sdlc.model.record import Record
from sdlc.model.roster import Roster

from .conftest import ROOT

FUZZ = ROOT / "fuzz"
BASE = ROOT / "tests" / "cases" / "bad-input" / "_base"
EXAMPLES = int(os.environ.get("SDLC_FUZZ_EXAMPLES", "100"))
"""Examples per property: a smoke run in CI; set SDLC_FUZZ_EXAMPLES for a long hunt."""
_quick = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _inputs(target: str) -> Iterator[Path]:
    for folder in (FUZZ / "seeds" / target, FUZZ / "regressions" / target):
        yield from sorted(p for p in folder.iterdir() if p.is_file() and p.name != "README.md")


@pytest.mark.parametrize("target", TARGETS)
def test_seeds_and_every_crash_found_so_far_pass(target: str) -> None:
    run = getattr(targets, target)
    inputs = list(_inputs(target))
    assert inputs
    for path in inputs:
        run(path.read_bytes())


# -- the loaders ---------------------------------------------------------------------------


def _refusal(read: Callable[[], object]) -> str | None:
    """The message of the InputError ``read`` raises, or ``None`` if it succeeds."""
    try:
        read()
    except InputError as exc:
        return exc.user_message()
    return None


@_quick
@given(st.binary(max_size=3000))
def test_any_bytes(data: bytes) -> None:
    targets.loaders(data)


@_quick
@given(st.text(max_size=400))
def test_any_text(text: str) -> None:
    refusal = _refusal(lambda: parse_yaml(text, "fuzz.yaml"))
    assert refusal is None or refusal.startswith("fuzz.yaml")


_YAMLISH = st.text(alphabet="-:[]{},&*!|>'\"#%@`? \n\tax0.\\\u00e9\ufeff", max_size=200)


@_quick
@given(_YAMLISH)
def test_text_made_of_yaml_syntax(text: str) -> None:
    targets.loaders(text.encode("utf-8"))


_WORDS = [
    "demo", "demo@1", "1", "low", "high", "team", "director", "developer", "reviewer",
    "implementation", "code-review", "approval", "deploy", "approved", "done", "ola",
    "2026-01-01", "2026-02-30", "2026-03-02T09:15:00+01:00", "2026-03-02T09:15:00", "",
    "<script>alert(1)</script>", "../../etc/passwd", "con", "x" * 70, "stale-approval",
    "CHG-1", "09dec5bbe55d3ab0f7ea7dd3e71792f381be0511", "sha256:" + "a" * 64, "a" * 64,
    "id", "stages", "events", "stage", "when", "not", "all", "any", "risk_at_least",
]  # fmt: skip
_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.sampled_from(_WORDS)
    | st.text(max_size=12)
)
_JSON = st.recursive(
    _LEAVES,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(_WORDS) | st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_BASES: dict[str, tuple[type[Any], Any]] = {
    "process": (Process, yaml.safe_load((BASE / "process.yaml").read_text())),
    "roster": (Roster, yaml.safe_load((BASE / "roster.yaml").read_text())),
    "record": (Record, yaml.safe_load((BASE / "record.yaml").read_text())),
    "waivers": (WaiverFile, yaml.safe_load((BASE / "waivers.yaml").read_text())),
}


def _mutate(data: st.DataObject, node: Any) -> Any:
    """``node`` with one value somewhere inside it replaced, removed or added."""
    if isinstance(node, dict) and node and data.draw(st.integers(0, 3)):
        key = data.draw(st.sampled_from(sorted(node, key=str)))
        return {**node, key: _mutate(data, node[key])}
    if isinstance(node, list) and node and data.draw(st.integers(0, 3)):
        at = data.draw(st.integers(0, len(node) - 1))
        return [*node[:at], _mutate(data, node[at]), *node[at + 1 :]]
    action = data.draw(st.sampled_from(["replace", "drop", "add"]))
    if action == "drop" and isinstance(node, dict | list) and node:
        if isinstance(node, dict):
            gone = data.draw(st.sampled_from(sorted(node, key=str)))
            return {k: v for k, v in node.items() if k != gone}
        return node[1:]
    if action == "add" and isinstance(node, dict):
        return {**node, data.draw(st.sampled_from(_WORDS)): data.draw(_JSON)}
    return data.draw(_JSON)


@_quick
@given(st.sampled_from(sorted(_BASES)), st.data())
def test_sound_documents_changed_anywhere(kind: str, data: st.DataObject) -> None:
    """The models and the message translation take any change to a sound document:
    it validates, or becomes one located InputError."""
    model, base = _BASES[kind]
    changed = _mutate(data, base)
    text = yaml.safe_dump(changed, default_flow_style=data.draw(st.booleans()), sort_keys=False)
    refusal = _refusal(lambda: validate(model, parse_yaml(text, "fuzz.yaml")))
    assert refusal is None or refusal.startswith("fuzz.yaml:")
    targets.loaders(text.encode("utf-8"))


@_quick
@given(st.lists(st.binary(max_size=200) | _JSON.map(json.dumps).map(str.encode), max_size=6))
def test_any_json_lines(lines: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "records.jsonl"
        path.write_bytes(b"\n".join(line.replace(b"\n", b" ") for line in lines) + b"\n")
        for loaded in load_records([path]):
            assert (loaded.record is None) != (loaded.error is None)
            if loaded.error is not None:
                assert loaded.error.user_message().startswith(str(path))


@_quick
@given(st.data())
def test_records_changed_anywhere_as_json_lines(data: st.DataObject) -> None:
    """A sound record changed anywhere, as one JSON line between two sound ones: it
    loads or is one error at its own line, and the lines around it still load."""
    _, base = _BASES["record"]
    changed = json.dumps(_mutate(data, base), default=str)
    sound = json.dumps(base, default=str)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "records.jsonl"
        path.write_text(f"{sound}\n{changed}\n{sound}\n", encoding="utf-8")
        loaded = list(load_records([path]))
    assert [item.line for item in loaded] == [1, 2, 3]
    assert loaded[0].record is not None
    assert loaded[2].record is not None
    if loaded[1].error is not None:
        assert loaded[1].error.user_message().startswith(f"{path}:2")


def test_decode_names_the_first_bad_byte() -> None:
    with pytest.raises(InputError) as caught:
        decode(b"ok\n\xc3\x28", "x")
    assert str(caught.value.location) == "x:2:1"


# -- the checker ---------------------------------------------------------------------------


@settings(
    max_examples=EXAMPLES * 4 // 5, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.binary(min_size=40, max_size=800))
def test_any_event_sequence(data: bytes) -> None:
    """Any stages, actors, outcomes, times (backwards, in the future, across zones),
    subjects, evidence, chains and signatures: the checker, waivers, integrity and
    every reporter take it."""
    targets.checker(data)


def test_the_draws_make_varied_records() -> None:
    """The checker target is not stuck on one shape of record."""
    rng = random.Random(8)
    records = [targets.record_from(targets.Draw(rng.randbytes(300))) for _ in range(30)]
    assert len({len(r.events) for r in records}) > 1
    assert len({e.stage for r in records for e in r.events}) > 5
    assert any(e.signature is not None for r in records for e in r.events)


def test_a_process_with_a_loop_built_in_code_is_an_input_error_not_a_crash() -> None:
    """load_process refuses a loop; a process made from data in code reaches the
    checker, whose repair needs an order of the stages."""
    from sdlc.checking import Checker

    data = yaml.safe_load((FUZZ / "regressions" / "loaders" / "process-with-a-loop").read_text())
    process = Process.model_validate(data)
    record = Record.model_validate({"id": "CHG-1", "process": process.ref})
    with pytest.raises(InputError) as caught:
        Checker(process).check(record)
    assert caught.value.user_message() == (
        "demo@1: stages depend on each other in a loop: a → b → a, so they have no order\n"
        "  hint: remove one of these dependencies ('sdlc lint' names every loop)"
    )


# -- atheris -------------------------------------------------------------------------------

SMOKE_SECONDS = 2


def _run_module(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m fuzz ARGS`` from the repository root, as ``make fuzz`` runs it."""
    return subprocess.run(
        [sys.executable, "-m", "fuzz", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "usage: python -m fuzz {loaders,checker} CORPUS"),
        (("parser", "corpus"), "fuzz: unknown target 'parser' (expected one of: loaders, checker)"),
    ],
)
def test_the_entry_point_names_its_targets(args: tuple[str, ...], message: str) -> None:
    """A missing or unknown target is refused before anything runs, atheris or not."""
    done = _run_module(*args)
    assert (done.returncode, done.stdout) == (2, "")
    assert message in done.stderr


def test_the_entry_point_says_how_to_install_atheris(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(entry_point, "atheris_installed", lambda: False)
    assert entry_point.main(["fuzz", "loaders", "corpus"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("fuzz: atheris is not installed; 'make .venv/.fuzz-installed'")


@pytest.mark.skipif(
    importlib.util.find_spec("atheris") is None,
    reason="atheris is not installed ('make fuzz' installs it); the targets ran above",
)
@pytest.mark.parametrize("target", TARGETS)
def test_coverage_guided_smoke(target: str, tmp_path: Path) -> None:
    done = _run_module(
        target,
        str(tmp_path),
        str(FUZZ / "seeds" / target),
        str(FUZZ / "regressions" / target),
        f"-max_total_time={SMOKE_SECONDS}",
        "-rss_limit_mb=2048",
        f"-artifact_prefix={tmp_path}/",
        "-print_final_stats=1",
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "stat::number_of_executed_units" in done.stderr
