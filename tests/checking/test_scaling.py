"""Checking beyond one process: a local pool, any Executor, and a Dask cluster.

Every way of spreading the work must give the reports checking in one process
gives, in the same order, including reports for lines and files that cannot be read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from bench.generate import Settings, write
from sdlc.checking import batch, check_many
from sdlc.load.loaders import load_process, load_roster
from sdlc.model.process import Process
from sdlc.model.roster import Roster

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def bench_process() -> Process:
    return load_process(BENCH / "process.yaml")


@pytest.fixture(scope="module")
def bench_roster(bench_process: Process) -> Roster:
    return load_roster(BENCH / "roster.yaml", bench_process)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of 120 generated records in two JSON Lines files with one bad line, and
    a JSON record file."""
    root = tmp_path_factory.mktemp("archive")
    write(root / "a", 70, Settings(seed=3), log=False)
    write(root / "b", 50, Settings(seed=4), log=False, start=70)
    with open(root / "a" / "records.jsonl", "a", encoding="utf-8") as handle:
        handle.write('{"id": "broken", "process": \n')
    first = json.loads((root / "b" / "records.jsonl").read_text("utf-8").splitlines()[0])
    first["id"] = "single-file"
    (root / "b" / "single.json").write_text(json.dumps(first), encoding="utf-8")
    return root


def _reports(process: Process, roster: Roster, root: Path, **how: Any) -> list[dict[str, object]]:
    paths = [root, root / "missing.jsonl"]  # and a file that cannot be opened
    return [r.as_dict() for r in check_many(process, paths, roster, **how)]


@pytest.fixture(scope="module")
def serial(bench_process: Process, bench_roster: Roster, archive: Path) -> list[dict[str, object]]:
    return _reports(bench_process, bench_roster, archive, workers=1)


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many small tasks, so that order and boundaries are exercised."""
    monkeypatch.setattr(batch, "CHUNK_LINES", 16)
    monkeypatch.setattr(batch, "CHUNK_FILES", 1)


def test_the_archive_has_every_kind_of_input(
    archive: Path, serial: list[dict[str, object]]
) -> None:
    ids = [r["id"] for r in serial]
    assert len(ids) == 120 + 3
    assert "single-file" in ids
    errors = [r["path"] for r in serial if r["error"] is not None]
    assert errors == [str(archive / "a" / "records.jsonl"), str(archive / "missing.jsonl")]
    assert any(not r["compliant"] and r["error"] is None for r in serial)


@pytest.mark.usefixtures("small_chunks")
def test_a_process_pool_gives_the_same_reports_in_order(
    bench_process: Process, bench_roster: Roster, archive: Path, serial: list[dict[str, object]]
) -> None:
    assert _reports(bench_process, bench_roster, archive, workers=2) == serial


@pytest.mark.usefixtures("small_chunks")
def test_any_executor_gives_the_same_reports_in_order(
    bench_process: Process, bench_roster: Roster, archive: Path, serial: list[dict[str, object]]
) -> None:
    with ThreadPoolExecutor(max_workers=3) as pool:
        assert _reports(bench_process, bench_roster, archive, executor=pool) == serial


class _Counting(Executor):
    """Runs tasks at once, and records how many were in flight at most."""

    def __init__(self) -> None:
        self.submitted = 0

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.submitted += 1
        future: Future[Any] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


@pytest.mark.usefixtures("small_chunks")
def test_tasks_are_submitted_as_reports_are_read(
    bench_process: Process, bench_roster: Roster, archive: Path
) -> None:
    executor = _Counting()
    reports: Iterator[object] = check_many(
        bench_process, [archive], bench_roster, executor=executor
    )  # 10 tasks of at most 16 lines, and 1 of one file
    next(reports)
    assert executor.submitted <= 9  # the first task and at most 8 ahead, not all of them
    list(reports)
    assert executor.submitted > 9


def test_small_batches_stay_in_this_process(archive: Path) -> None:
    assert batch.input_bytes([archive]) < batch.POOL_MIN_BYTES


def test_a_dask_cluster_gives_the_same_reports_in_order(
    bench_process: Process, bench_roster: Roster, archive: Path, serial: list[dict[str, object]]
) -> None:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=1,
            threads_per_worker=2,
            processes=True,
            dashboard_address=None,
            worker_dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        reports = _reports(bench_process, bench_roster, archive, executor=client.get_executor())
    assert reports == serial
