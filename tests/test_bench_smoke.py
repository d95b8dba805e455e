"""The benchmark keeps working: its generator, its ground truth and every step of
bench/run.py, at smoke size and without PM4Py (which lives in bench/.venv only).

Nothing here asserts a timing: times belong in bench/RESULTS.md, never in a test.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from bench import generate, run
from bench.processes import dump, process
from sdlc.checking import check_many
from sdlc.linting.linter import lint
from sdlc.load.loaders import load_process, load_roster
from sdlc.load.source import parse_yaml

BENCH = Path(__file__).resolve().parent.parent / "bench"


def test_sdlc_agrees_with_the_ground_truth_on_every_kind_of_deviation(tmp_path: Path) -> None:
    truths = generate.write(tmp_path, 400, generate.Settings(seed=11, deviation_rate=0.5))
    assert {t.deviation for t in truths} == {"none", *generate.DEVIATIONS}
    process = load_process(BENCH / "process.yaml")
    roster = load_roster(BENCH / "roster.yaml", process)
    reports = list(check_many(process, [tmp_path / "records.jsonl"], roster, workers=1))
    wrong = Counter(
        (t.deviation, sorted({f.rule for f in r.findings}))[0]
        for t, r in zip(truths, reports, strict=True)
        if r.record != t.id or r.compliant != t.compliant
    )
    assert not wrong


def test_the_event_log_holds_the_same_events(tmp_path: Path) -> None:
    truths = generate.write(tmp_path, 50, generate.Settings(seed=5))
    with open(tmp_path / "log.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(generate.LOG_COLUMNS)
    assert Counter(row["case:concept:name"] for row in rows) == {t.id: t.events for t in truths}


def test_records_depend_only_on_seed_and_number() -> None:
    settings = generate.Settings(seed=3)
    assert generate.record(17, settings) == generate.record(17, settings)
    assert generate.record(17, settings) != generate.record(18, settings)


@pytest.mark.parametrize("stages", [20, 100, 1000])
def test_generated_processes_are_sound(monkeypatch: pytest.MonkeyPatch, stages: int) -> None:
    monkeypatch.setenv("SDLC_MAX_STAGES", "2000")
    doc = parse_yaml(dump(process(stages, 5)), f"generated-{stages}.yaml")
    from sdlc.load.loaders import validate
    from sdlc.model.process import Process

    generated = validate(Process, doc)
    assert len(generated.stages) == stages
    assert lint(generated, doc) == []


def test_the_benchmark_runs_at_smoke_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run.main(["--smoke", "--no-pm4py", "--out", str(tmp_path / "out")]) == 0
    report = capsys.readouterr().out
    assert "| Verdicts agree with ground truth | 100% | 100.00% (200 of 200; every data set: " in (
        report
    )
    assert "all agree) | **met** |" in report
    assert "### High variety: 200 records" in report
    assert "### Low variety: 300 records" in report
