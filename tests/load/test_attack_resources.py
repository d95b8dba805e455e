"""Inputs within the default limits that used to cost minutes and gigabytes: a 3 MB
line of a million empty events (38 s, 4.9 GB), a 20 MB YAML file of empty lists
(3.3 GB, because values were counted only after the whole tree was built), a
record of 200,000 events (each validated before they were counted), and a check of
many records (every report kept until the end). Each is now refused, or done, within
the figures docs/limits.md states, and these tests pin them."""

from __future__ import annotations

import os
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from sdlc.cli import main
from sdlc.load.records import json_line_records
from sdlc.report.reporters import FORMATS
from sdlc.rules.catalogue import Severity
from sdlc.rules.findings import Finding, RepairStep, Report

from ..conftest import ROOT

BASE = ROOT / "tests" / "cases" / "bad-input" / "_base"
MiB = 1 << 20
YAML_PEAK = 512 * MiB
"""Most resident memory reading a YAML file at the default limits costs (docs/limits.md)."""


def _traced(work: object) -> tuple[object, int]:
    """``work()``'s result and the peak memory it allocated (time is the benchmark's to
    measure, never a test's: see bench/README.md)."""
    assert callable(work)
    tracemalloc.start()
    try:
        result = work()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_line_of_a_million_empty_events_is_refused_by_counting() -> None:
    line = ('{"id": "CHG-1", "process": "demo@1", "events": [' + "{}, " * 999_999 + "{}]}").encode()
    loaded, peak = _traced(lambda: list(json_line_records("r.jsonl", [(1, line)])))
    assert isinstance(loaded, list)
    (record,) = loaded
    assert record.error.user_message() == (
        "r.jsonl:1:1: the document expands to more than 1,000,000 values\n"
        "  hint: split the document, or raise the limit with SDLC_MAX_NODES"
    )
    assert peak < 16 * MiB + 2 * len(line), f"{peak / MiB:.0f} MiB"


def test_a_line_of_many_strings_is_counted_in_little_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Strings may hold commas and brackets: they are skipped, a slice at a time."""
    monkeypatch.setenv("SDLC_MAX_NODES", "100000")
    line = ("[" + '"a,b]", ' * 100_000 + '"a,b"]').encode()
    loaded, peak = _traced(lambda: list(json_line_records("r.jsonl", [(1, line)])))
    assert isinstance(loaded, list)
    assert loaded[0].error.message == "the document expands to more than 100,000 values"
    assert peak < 16 * MiB + 2 * len(line), f"{peak / MiB:.0f} MiB"


def test_more_events_than_the_limit_are_refused_before_any_is_validated() -> None:
    line = ('{"id": "CHG-1", "process": "demo@1", "events": [' + "{}, " * 199_999 + "{}]}").encode()
    loaded, _ = _traced(lambda: list(json_line_records("r.jsonl", [(1, line)])))
    assert isinstance(loaded, list)
    assert loaded[0].error.user_message() == (
        "r.jsonl:1:48: At key: events ==> a record MUST hold at most 10,000 events (it holds "
        "200,000); split the change, or raise the limit with SDLC_MAX_EVENTS"
    )


_PEAK = """
import sys
from sdlc.load.source import load_file
from sdlc.errors import InputError

try:
    load_file(sys.argv[1])
except InputError as exc:
    print(exc.user_message())
with open("/proc/self/status") as status:
    kib = next(line for line in status if line.startswith("VmHWM:")).split()[1]
print(kib)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("item", ["[]", "{}", "0", "''"])
def test_a_yaml_file_at_the_default_limits_is_refused_in_bounded_memory(
    tmp_path: Path, item: str
) -> None:
    """20 MB of values, far more than SDLC_MAX_NODES: refused when the limit is reached,
    in a process of its own so that its peak resident memory can be read."""
    path = tmp_path / "big.yaml"
    each = f"{item}, ".encode()
    with path.open("wb") as handle:
        handle.write(b"[")
        handle.write(each * ((20 * MiB - 3) // len(each)))
        handle.write(b"0]")
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, str(path)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    message, _, figures = done.stdout.splitlines()
    assert message.startswith(f"{path}:1:")
    assert message.endswith(": the document expands to more than 1,000,000 values")
    kib = int(figures)
    assert kib * 1024 < YAML_PEAK, f"{kib / 1024:.0f} MiB"


def _heavy(number: int) -> Report:
    """A report as large as a record with many findings makes (about 20 KB)."""
    findings = [
        Finding(
            "too-few-actors",
            Severity.ERROR,
            f"record CHG-{number}, event #{n}: needs 2 distinct reviewers " + "x" * 1000,
            "have a second reviewer review it " + "y" * 500,
            record=f"CHG-{number}",
            event=n,
            stage="code-review",
        )
        for n in range(1, 13)
    ]
    repair = [RepairStep("add", "code-review", "add a review " + "z" * 200, 2)] * 5
    return Report(
        f"CHG-{number}", path=f"r/{number}.yaml", findings=findings, repair=repair, line=1
    )


def _reports(count: int) -> Iterator[Report]:
    for number in range(count):
        yield (
            _heavy(number)
            if number % 3
            else Report(f"CHG-{number}", path=f"r/{number}.yaml", error="r.yaml:1:1: bad")
        )


_WRITER_PEAKS = """
import os, sys, tracemalloc
from sdlc.report.reporters import open_writer
from tests.load.test_attack_resources import _reports

def write(count):
    with open(os.devnull, "w", encoding="utf-8") as null:
        writer = open_writer(sys.argv[1], null)
        for report in _reports(count):
            writer.add(report)
        writer.close()

write(10)  # imports and caches, once
for count in (100, 1_000):
    tracemalloc.start()
    write(count)
    print(tracemalloc.get_traced_memory()[1])
    tracemalloc.stop()
"""
"""The writer's peaks, measured in an interpreter of its own: tracemalloc counts every
thread, and threads other tests leave behind (Dask's, for one) allocate meanwhile."""


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_writer_holds_one_report_at_a_time(fmt: str) -> None:
    """Each format's memory stays the same for 100 and 1,000 reports of about 20 KB
    (20 MB of reports in all): a report, and up to 1 MiB of what SARIF and JUnit keep
    for the end, beyond which it goes to a temporary file."""
    done = subprocess.run(
        [sys.executable, "-c", _WRITER_PEAKS, fmt],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    peaks = [int(line) for line in done.stdout.split()]
    assert peaks[1] < 2 * MiB, f"{peaks[1] / MiB:.1f} MiB"
    assert peaks[1] - peaks[0] < MiB + 256 * 1024, f"{(peaks[1] - peaks[0]) / MiB:.1f} MiB"


def test_check_holds_one_report_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``sdlc check`` of 40 and of 240 records, in every format, to a file: the peak
    does not grow with the records (it did by about 3 KB a record)."""
    monkeypatch.setattr("sdlc.report.stream.SPILL_BYTES", 4096)
    line = (BASE / "record.yaml").read_text()
    import json

    import yaml

    data = json.loads(json.dumps(yaml.safe_load(line), default=str))
    for count in (40, 240):
        with (tmp_path / f"{count}.jsonl").open("w") as handle:
            for number in range(count):
                handle.write(json.dumps({**data, "id": f"CHG-{number}"}) + "\n")
    process = str(BASE / "process.yaml")
    out = str(tmp_path / "report")

    def check(count: int, fmt: str) -> None:
        records = str(tmp_path / f"{count}.jsonl")
        assert main(["check", records, "--process", process, "--format", fmt, "--output", out]) == 1

    check(40, "text")  # imports and caches, once
    for fmt in FORMATS:
        small, large = (_traced(lambda n=count, f=fmt: check(n, f))[1] for count in (40, 240))
        assert large - small < 256 * 1024, f"{fmt}: {(large - small) / 1024:.0f} KiB"
