"""Checking large batches with more than one process, or more than one machine.

:func:`check_many` cuts the input into tasks (slices of JSON Lines files, as raw
lines, and groups of record files, as paths) and submits them to any
:class:`concurrent.futures.Executor`: a local process pool, or a cluster's (Dask's
``distributed.Client.get_executor()``). Each task parses, validates and checks its
records where it runs and returns their reports; reports come back in input order
and streamed, with only a bounded number of tasks in flight, so an archive of any
size is never held whole. The reports are the same as checking in one process.

Each process builds its checker once per batch: by default a
:class:`~sdlc.checking.shapes.CachedChecker`, whose rules run once per shape of
record. :func:`check_with` takes any checker a picklable function builds (``sdlc
check`` gives one that picks the process version each record names).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..errors import InputError
from ..load.json_lines import iter_json_line_bytes
from ..load.records import LoadedRecord, json_line_records, load_records, record_files
from ..model.process import Process
from ..model.roster import Roster
from ..rules.findings import Report
from .checker import Checker
from .context import CheckOptions
from .records import check_records
from .shapes import CachedChecker

if TYPE_CHECKING:  # imported when a pool is started: they cost a one-record check ~0.1 s
    from concurrent.futures import Executor, Future

__all__ = [
    "CHUNK_FILES",
    "CHUNK_LINES",
    "POOL_MIN_BYTES",
    "Checks",
    "check_many",
    "check_with",
    "default_workers",
]

CHUNK_LINES = 1000
"""JSON Lines records per task."""
CHUNK_FILES = 100
"""Record files (YAML or JSON) per task."""
POOL_MIN_BYTES = 16 * 1024 * 1024
"""Inputs at least this large are checked in a process pool unless told otherwise
(about 4,000 typical JSON Lines records: below that, starting workers costs more
than it saves)."""


class Checks(Protocol):
    """What checks a batch's records: reports of loaded records, in their order."""

    def check_loaded(self, loaded: Iterable[LoadedRecord]) -> Iterator[Report]: ...


@dataclass(frozen=True, slots=True)
class _Job:
    """What every task needs: a picklable function that builds the checker, and a
    token that lets a worker build it once and reuse it for later tasks."""

    token: str
    make: Callable[[], Checks]


@dataclass(frozen=True, slots=True)
class _Records:
    """One checker's reports, as :class:`Checks`."""

    checker: Checker

    def check_loaded(self, loaded: Iterable[LoadedRecord]) -> Iterator[Report]:
        return check_records(self.checker, loaded)


@dataclass(frozen=True, slots=True)
class _Plain:
    """Builds :func:`check_many`'s checker: one process, roster and options."""

    process: Process
    roster: Roster | None
    options: CheckOptions | None
    cache: bool

    def __call__(self) -> Checks:
        kind = CachedChecker if self.cache else Checker
        return _Records(kind(self.process, self.roster, self.options))


_CHECKERS: dict[str, Checks] = {}
"""Checkers already built in this (worker) process, by job token."""


def _checker(job: _Job) -> Checks:
    checker = _CHECKERS.get(job.token)
    if checker is None:
        if len(_CHECKERS) >= 4:  # keep the few most recent batches
            _CHECKERS.pop(next(iter(_CHECKERS)))
        checker = _CHECKERS[job.token] = job.make()
    return checker


def _check_lines(job: _Job, name: str, lines: list[tuple[int, bytes | InputError]]) -> list[Report]:
    """A task: check a slice of the JSON Lines file ``name``."""
    return list(_checker(job).check_loaded(json_line_records(name, lines)))


def _check_files(job: _Job, paths: list[str]) -> list[Report]:
    """A task: check record files (YAML or JSON, one record each)."""
    return list(_checker(job).check_loaded(load_records(paths)))


def default_workers() -> int:
    """Processes a default pool uses: the CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def input_bytes(paths: Iterable[str | Path]) -> int:
    """The total size of the record files under ``paths``."""
    total = 0
    for path in record_files(paths):
        try:
            total += path.stat().st_size
        except OSError:
            continue  # reported as unreadable when it is checked
    return total


def check_many(
    process: Process,
    paths: Iterable[str | Path],
    roster: Roster | None = None,
    options: CheckOptions | None = None,
    *,
    executor: Executor | None = None,
    workers: int | None = None,
    cache: bool = True,
) -> Iterator[Report]:
    """Check every record in files and directories, in input order, streaming: JSON
    Lines archives are read a line at a time and never held whole. Unreadable records
    yield reports whose ``error`` says why. With ``cache`` (the default), the rules
    run once per shape of record (:mod:`sdlc.checking.shapes`); the reports are the
    same either way.

    With an ``executor`` (a Dask cluster's, say; docs/scaling.md), tasks go to it.
    Otherwise ``workers`` decides: ``1`` checks in this process, more starts a process
    pool of that size, and ``None`` (the default) starts a pool of
    :func:`default_workers` when the input is at least :data:`POOL_MIN_BYTES` and
    there is more than one CPU.
    """
    make = _Plain(process, roster, options, cache)
    return check_with(make, paths, executor=executor, workers=workers)


def check_with(
    make: Callable[[], Checks],
    paths: Iterable[str | Path],
    *,
    executor: Executor | None = None,
    workers: int | None = None,
) -> Iterator[Report]:
    """As :func:`check_many`, with the checker ``make()`` builds, once in each process
    that checks (``make`` must be picklable for a pool or a cluster). It is built here
    before anything else, so that an error in building it is raised at once."""
    paths = list(paths)
    job = _Job(os.urandom(16).hex(), make)
    local = make()
    return _reports(job, local, paths, executor, workers)


def _reports(
    job: _Job,
    local: Checks,
    paths: list[str | Path],
    executor: Executor | None,
    workers: int | None,
) -> Iterator[Report]:
    if executor is not None:
        yield from _submit_all(executor, job, local, paths, ahead=8)
        return
    if workers is None:
        workers = default_workers() if input_bytes(paths) >= POOL_MIN_BYTES else 1
        if workers > 1:
            import multiprocessing

            # a daemonic process (a pool's worker) may not start processes of its own
            workers = 1 if multiprocessing.current_process().daemon else workers
    if workers <= 1:
        yield from local.check_loaded(load_records(paths))
        return
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        yield from _submit_all(pool, job, local, paths, ahead=2 * workers + 1)
    finally:  # also when the caller stops reading early: drop the tasks not started
        pool.shutdown(wait=True, cancel_futures=True)


def _submit_all(
    executor: Executor, job: _Job, local: Checks, paths: list[str | Path], *, ahead: int
) -> Iterator[Report]:
    """Submit every task, keeping at most ``ahead`` in flight; yield reports in order."""
    pending: deque[Future[list[Report]] | list[Report]] = deque()
    for task in _tasks(job, local, paths):
        pending.append(task if isinstance(task, list) else executor.submit(task[0], *task[1]))
        while len(pending) > ahead:
            yield from _result(pending.popleft())
    while pending:
        yield from _result(pending.popleft())


def _result(item: Future[list[Report]] | list[Report]) -> list[Report]:
    return item if isinstance(item, list) else item.result()


_Task = tuple[Callable[..., list[Report]], tuple[object, ...]]


def _tasks(job: _Job, local: Checks, paths: list[str | Path]) -> Iterator[_Task | list[Report]]:
    """Tasks in input order: ``(function, arguments)`` to submit, or reports made here
    (for a JSON Lines file that cannot be opened)."""
    files: list[str] = []
    for path in record_files(paths):
        if path.suffix != ".jsonl":
            files.append(str(path))
            if len(files) >= CHUNK_FILES:
                yield (_check_files, (job, files))
                files = []
            continue
        if files:
            yield (_check_files, (job, files))
            files = []
        name = str(path)
        lines: list[tuple[int, bytes | InputError]] = []
        try:
            for line in iter_json_line_bytes(path):
                lines.append(line)
                if len(lines) >= CHUNK_LINES:
                    yield (_check_lines, (job, name, lines))
                    lines = []
        except InputError as exc:  # the file cannot be opened: reported as load_records does
            yield list(local.check_loaded([LoadedRecord(name, None, exc, 1, ())]))
        if lines:
            yield (_check_lines, (job, name, lines))
    if files:
        yield (_check_files, (job, files))
