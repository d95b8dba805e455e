"""One measurement, in a fresh process: ``python -m bench.measure KIND ARGS``.

bench/run.py starts one process per measurement so that each reports its own peak
memory and none warms another's caches. Each prints one JSON object. Times are
wall-clock seconds of the work itself (imports and loading the process excluded);
``rss`` is the process's peak resident memory in MiB.

Kinds:

``parse FILE``
    ``json.loads`` on every line: the floor any JSON Lines reader pays.
``typed FILE``
    the same, plus pydantic validation into :class:`sdlc.model.record.Record`, both ways
    (``json.loads`` then ``model_validate``, and ``model_validate_json``), and
    sdlc's own reader (:func:`sdlc.load.load_records`), which also refuses
    duplicate keys and keeps line numbers.
``check FILE TRUTH [--workers N] [--no-cache] [--repair]``
    ``sdlc.check_many`` over the file, parsing included, with verdicts compared
    to the ground truth; without the shape cache with ``--no-cache``, and with the
    smallest repair of every non-compliant record with ``--repair``.
``cli FILE -- ARGS``
    ``sdlc check FILE --format sarif ARGS`` in a child process, its report read as
    it streams; the peak resident memory of the largest of the child and its workers
    (``ru_maxrss`` of the finished children; this process itself stays small).
``lint PROCESS`` / ``render PROCESS OUT``
    load the process, then lint it or render its handbook.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent


def _rss() -> float:
    """Peak resident memory of this process, MiB.

    Linux's ``ru_maxrss`` survives ``exec``: a process started by a large parent
    (bench/run.py, with PM4Py loaded) would report the parent's size. ``VmHWM`` is
    the peak of this program's own memory."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _children_rss() -> float:
    """Peak resident memory of the largest finished child process (a pool's worker), MiB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _cpu() -> float:
    """CPU seconds used so far by this process and its finished children (a pool's
    workers): over wall time, how many cores the work actually got."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def parse(path: Path) -> dict[str, Any]:
    started = time.perf_counter()
    count = 0
    with open(path, "rb") as handle:
        for line in handle:
            json.loads(line)
            count += 1
    return {"seconds": time.perf_counter() - started, "records": count, "rss": _rss()}


def typed(path: Path) -> dict[str, Any]:
    from sdlc.load.records import load_records
    from sdlc.model.record import Record

    out: dict[str, Any] = {}
    started = time.perf_counter()
    with open(path, "rb") as handle:
        for line in handle:
            Record.model_validate(json.loads(line))
    out["loads_validate"] = time.perf_counter() - started
    started = time.perf_counter()
    with open(path, "rb") as handle:
        for line in handle:
            Record.model_validate_json(line)
    out["validate_json"] = time.perf_counter() - started
    started = time.perf_counter()
    count = sum(1 for _ in load_records([path]))
    out["load_records"] = time.perf_counter() - started
    out["records"] = count
    out["rss"] = _rss()
    return out


def _expected(truth_path: Path) -> tuple[bytearray, list[str]]:
    """The compliant flag and deviation per record, compactly: memory stays flat."""
    import csv

    with open(truth_path, encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        next(rows)
        # compliant flag and deviation per record, compactly: memory stays flat
        expected = bytearray()
        kinds: list[str] = []
        kind_index: dict[str, int] = {}
        for row in rows:
            expected.append(int(row[1]) | kind_index.setdefault(row[2], len(kind_index)) << 1)
        kinds = sorted(kind_index, key=kind_index.__getitem__)
    return expected, kinds


def check(
    path: Path, truth_path: Path, workers: int, *, cache: bool = True, repair: bool = False
) -> dict[str, Any]:
    """Check every record; compare verdicts with the ground truth, in file order."""
    from sdlc import CheckOptions, check_many, load_process, load_roster

    process = load_process(BENCH / "process.yaml")
    roster = load_roster(BENCH / "roster.yaml", process)
    options = CheckOptions(repair=repair)
    expected, kinds = _expected(truth_path)
    events = 0
    confusion: Counter[tuple[str, bool, bool]] = Counter()
    cpu = _cpu()
    started = time.perf_counter()
    reports = check_many(process, [path], roster, options, workers=workers, cache=cache)
    for number, report in enumerate(reports):
        flag = expected[number]
        confusion[(kinds[flag >> 1], bool(flag & 1), report.compliant)] += 1
        events += len(report.event_lines)
    seconds = time.perf_counter() - started
    cpu = _cpu() - cpu
    records = sum(confusion.values())
    agree = sum(n for (_, want, got), n in confusion.items() if want == got)
    return {
        "seconds": seconds,
        "records": records,
        "events": events,
        "agree": agree,
        "confusion": [[k, w, g, n] for (k, w, g), n in sorted(confusion.items())],
        "rss": _rss(),
        "workers_rss": _children_rss(),
        "workers": workers,
        "cpu": cpu,
        "cache": cache,
        "repair": repair,
    }


def cli(path: Path, args: Sequence[str]) -> dict[str, Any]:
    """``sdlc check FILE --format sarif ARGS`` (SARIF: the report that needs no repair),
    its report read as it streams and dropped."""
    import subprocess

    with open(path, "rb") as handle:
        records = sum(1 for _ in handle)
    command = [
        str(Path(sys.executable).with_name("sdlc")),
        "check",
        str(path),
        "--process",
        str(BENCH / "process.yaml"),
        "--roster",
        str(BENCH / "roster.yaml"),
        "--format",
        "sarif",
        *args,
    ]
    results = 0
    started = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.PIPE) as child:
        assert child.stdout is not None
        for line in child.stdout:
            results += line.lstrip().startswith(b'"ruleId"')
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "records": records,
        "results": results,
        "rss": _children_rss(),
        "exit": child.returncode,
    }


def _warm() -> None:
    """Import the libraries lint and render use, so that their times measure the work
    and not the imports (which ``sdlc lint`` pays once, whatever the size)."""
    import jinja2  # noqa: F401
    import networkx  # noqa: F401


def lint(path: Path) -> dict[str, Any]:
    from sdlc.linting.linter import lint as lint_process
    from sdlc.load.loaders import load_process_document

    _warm()

    started = time.perf_counter()
    process, doc = load_process_document(path)
    loaded = time.perf_counter()
    findings = lint_process(process, doc)
    done = time.perf_counter()
    return {
        "load": loaded - started,
        "lint": done - loaded,
        "seconds": done - started,
        "stages": len(process.stages),
        "findings": len(findings),
    }


def render(path: Path, out: Path) -> dict[str, Any]:
    import shutil

    from sdlc.handbook.site import render as render_handbook
    from sdlc.load.loaders import load_process

    _warm()
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    process = load_process(path)
    loaded = time.perf_counter()
    pages = render_handbook([process], out)
    done = time.perf_counter()
    return {
        "load": loaded - started,
        "render": done - loaded,
        "seconds": done - started,
        "pages": len(pages),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.measure")
    sub = parser.add_subparsers(dest="kind", required=True)
    sub.add_parser("parse").add_argument("file", type=Path)
    sub.add_parser("typed").add_argument("file", type=Path)
    p = sub.add_parser("check")
    p.add_argument("file", type=Path)
    p.add_argument("truth", type=Path)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--no-cache", action="store_true")
    p.add_argument("--repair", action="store_true")
    p = sub.add_parser("cli")
    p.add_argument("file", type=Path)
    p.add_argument("args", nargs="*")
    sub.add_parser("lint").add_argument("process", type=Path)
    p = sub.add_parser("render")
    p.add_argument("process", type=Path)
    p.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    result: dict[str, Any]
    if args.kind == "parse":
        result = parse(args.file)
    elif args.kind == "typed":
        result = typed(args.file)
    elif args.kind == "check":
        result = check(
            args.file, args.truth, args.workers, cache=not args.no_cache, repair=args.repair
        )
    elif args.kind == "cli":
        result = cli(args.file, args.args)
    elif args.kind == "lint":
        result = lint(args.process)
    else:
        result = render(args.process, args.out)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
