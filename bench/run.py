"""The benchmark: sdlc against parsing and against PM4Py, as ratios measured in one run.

``make bench`` runs this in the benchmark's own environment (``bench/.venv``, with
PM4Py and pandas); it writes ``bench/RESULTS.md``. What it measures, on records
from :mod:`bench.generate` (DESIGN §9, issue 7):

1. **Comparison**, on the identical records, on two data sets (high variety:
   10,000 records, about 2,000 distinct activity sequences; low variety: 100,000
   records, a few hundred): sdlc's batch check (parsing included), with and
   without its shape cache, against the floor of parsing the same file, and
   against PM4Py's conformance checking on the same control flow (hand-built nets,
   see :mod:`bench.pm4py_side`): alignments per trace, alignments with PM4Py's
   variant de-duplication, and token-based replay. Verdicts are compared with the
   ground truth. A process pool's speed-up is measured on the same file.
2. **Linear growth and streaming**: ``sdlc check``'s time per record and peak
   memory at 10,000 records and at the large size; time per record at 10 and at
   70 events.
3. **Cold start**: ``sdlc check`` on one record against
   ``python -c "import pydantic, yaml"``.
4. **Lint and render** of generated processes of 100 and 1,000 stages.

Every measurement runs in a fresh process (:mod:`bench.measure`). The machine is
shared and noisy, so the quick measurements are repeated and the fastest kept.

    python -m bench.run                # full size, about 5-9 minutes
    python -m bench.run --smoke        # tiny sizes, seconds, no RESULTS.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from bench import generate
from bench.processes import dump as dump_process
from bench.processes import process as make_process

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
BUDGET = 570
"""Seconds the whole run may take (10 minutes at most, with a margin); the large size
is chosen to fit."""
LARGE_SIZES = (1_000_000, 500_000, 300_000, 200_000, 100_000, 50_000)
AFTER_GROWTH = 45
"""Seconds kept for what follows the large run (events per record, cold start, lint
and render: about 40 s on a quiet machine)."""


@dataclass
class Run:
    """Settings and everything measured, for the report."""

    out: Path
    records: int
    events_records: int
    small: int
    pm4py: bool
    low: int = 100_000
    """Records of the low-variety data set."""
    sample: int = 500
    """Records of each risk level PM4Py aligns one by one on the low-variety set, and
    records checked with the repair."""
    repeats: int = 3
    """Runs of each quick measurement; the fastest is kept."""
    stages: tuple[int, int] = (100, 1000)
    """Sizes of the generated processes for lint and render."""
    started: float = field(default_factory=time.perf_counter)
    results: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def elapsed(self) -> float:
        return time.perf_counter() - self.started


_STARTED = time.perf_counter()


def log(message: str) -> None:
    """Say what the run does now, after how many seconds (to see what the budget buys)."""
    print(f"[bench {time.perf_counter() - _STARTED:3.0f} s] {message}", file=sys.stderr, flush=True)


def measure(*args: str) -> dict[str, Any]:
    """Run one :mod:`bench.measure` in a fresh process; return what it printed."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.measure", *args],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "SDLC_MAX_STAGES": "2000"},  # the generated 1,000-stage process
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def best(repeats: int, run: Callable[[], dict[str, Any]], key: str = "seconds") -> dict[str, Any]:
    """The fastest of ``repeats`` runs (the least disturbed by other load)."""
    return min((run() for _ in range(repeats)), key=lambda r: float(r[key]))


# -- data ------------------------------------------------------------------------------


def make_data(run: Run) -> None:
    out = run.out
    log(f"generating {run.records:,} records (and the event log)")
    generate.write(out / "cmp", run.records, generate.Settings())
    log(f"generating {run.low:,} low-variety records (and the event log)")
    generate.write(out / "low", run.low, generate.LOW_VARIETY)
    head(out / "cmp", out / "repair", run.sample)
    if run.small != run.records:
        generate.write(out / "small", run.small, generate.Settings(), log=False)
    for name, reworks in (("ev10", 0), ("ev70", 10)):  # low risk: 10 events + 6 per rework
        settings = generate.Settings(deviation_rate=0.0, reworks=reworks, retries=1, risk="low")
        generate.write(out / name, run.events_records, settings)
    one = out / "one"
    one.mkdir(parents=True, exist_ok=True)
    with open(out / "cmp" / "records.jsonl", encoding="utf-8") as handle:
        (one / "record.jsonl").write_text(handle.readline(), encoding="utf-8")
    for stages in run.stages:
        (out / f"process-{stages}.yaml").write_text(
            dump_process(make_process(stages, 5)), encoding="utf-8"
        )


def small_dir(run: Run) -> Path:
    return run.out / ("cmp" if run.small == run.records else "small")


def head(source: Path, target: Path, count: int) -> None:
    """The first ``count`` records of ``source`` (and their truth) in ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("records.jsonl", "truth.csv"):
        keep = count + (name == "truth.csv")  # the header
        with open(source / name, "rb") as src, open(target / name, "wb") as out:
            for number, line in enumerate(src):
                if number >= keep:
                    break
                out.write(line)


def replicate(source: Path, target: Path, count: int) -> None:
    """``count`` records: the records of ``source`` over and over, each copy with new
    ids. (The low-variety records already repeat their shapes, so the shape cache
    answers the copies as it answers the originals.)"""
    target.mkdir(parents=True, exist_ok=True)
    lines = (source / "records.jsonl").read_bytes().splitlines(keepends=True)
    truth = (source / "truth.csv").read_text("utf-8").splitlines(keepends=True)
    header, rows = truth[0], truth[1:]
    prefix = b'{"id":"BENCH-'
    with (
        open(target / "records.jsonl", "wb") as records,
        open(target / "truth.csv", "w", encoding="utf-8") as labels,
    ):
        labels.write(header)
        for number in range(count):
            line = lines[number % len(lines)]
            assert line.startswith(prefix)
            records.write(b'{"id":"BENCH-%07d' % number + line[len(prefix) + 7 :])
            row = rows[number % len(rows)]
            labels.write(f"BENCH-{number:07d}" + row[row.index(",") :])


# -- measurements ------------------------------------------------------------------------


def compare(run: Run) -> None:
    """sdlc against the parsing floor and against PM4Py, on the identical records."""
    data = run.out / "cmp"
    jsonl, truth = str(data / "records.jsonl"), str(data / "truth.csv")
    log("parsing floor")
    quick = run.repeats
    run.results["parse"] = best(quick, partial(measure, "parse", jsonl))
    run.results["typed"] = best(quick, partial(measure, "typed", jsonl), key="loads_validate")
    checks = max(1, quick - 1)
    log("sdlc check, one process, without the shape cache")
    plain = partial(measure, "check", jsonl, truth, "--workers", "1", "--no-cache")
    run.results["check"] = best(checks, plain)
    log("sdlc check, one process, with the shape cache")
    cached = partial(measure, "check", jsonl, truth, "--workers", "1")
    run.results["cached"] = best(checks, cached)
    log("sdlc check, process pool")
    workers = str(max(2, len(os.sched_getaffinity(0))))
    pool = partial(measure, "check", jsonl, truth, "--workers", workers)
    run.results["pool"] = best(max(1, quick - 2), pool)
    log(f"sdlc check with the repair, {run.sample:,} records")
    sample = run.out / "repair"
    run.results["repair"] = measure(
        "check", str(sample / "records.jsonl"), str(sample / "truth.csv"), "--repair"
    )
    run.results["repair_plain"] = measure(
        "check", str(sample / "records.jsonl"), str(sample / "truth.csv")
    )
    from bench.repair_length import lengths, sentence  # how long the repairs are

    run.results["repair_length"] = lengths(sample / "records.jsonl")
    run.notes.append(sentence(run.results["repair_length"]))
    if run.pm4py:
        run.results["pm4py"] = pm4py_runs(run, data, limit=run.sample)
    low = run.out / "low"
    jsonl, truth = str(low / "records.jsonl"), str(low / "truth.csv")
    log(f"low variety, {run.low:,} records: parsing, sdlc check with the cache")
    run.results["low"] = {
        "parse": measure("parse", jsonl),  # 100,000 lines: long enough to measure once
        "cached": measure("check", jsonl, truth, "--workers", "1"),
    }
    if run.pm4py:
        run.results["low"]["pm4py"] = pm4py_runs(run, low, limit=run.sample)


def pm4py_runs(run: Run, data: Path, limit: int | None = None) -> dict[str, Any]:
    """PM4Py's three methods on ``data``; per-trace alignments on the first ``limit``
    traces of each risk level when given (their time is per trace aligned)."""
    from bench import pm4py_side

    log("PM4Py: reading the event log")
    started = time.perf_counter()
    logs = pm4py_side.read_log(data / "log.csv")
    read = time.perf_counter() - started
    truth = generate.read_truth(data / "truth.csv")
    results: dict[str, Any] = {"read": read}
    methods: list[tuple[str, Callable[[], pm4py_side.Result]]] = [
        ("replay", partial(pm4py_side.replay, logs)),
        ("variants", partial(pm4py_side.align, logs, variants=True)),
        ("per_trace", partial(pm4py_side.align, logs, variants=False, limit=limit)),
    ]
    for name, method in methods:
        log(f"PM4Py: {name}")
        result = method()
        confusion: dict[str, list[int]] = {}
        for case, fitting in result.fitting.items():
            t = truth[case]
            counts = confusion.setdefault(t.deviation, [0, 0])
            counts[fitting == t.compliant] += 1
        results[name] = {
            "method": result.method,
            "seconds": result.seconds,
            "traces": len(result.fitting),
            "variants": result.variants,
            "agree": sum(c[1] for c in confusion.values()),
            "by_deviation": confusion,
        }
    if data.name != "cmp":
        return results
    sample = min(200, run.events_records)
    for name in ("ev10", "ev70"):
        log(f"PM4Py: alignments per trace, {sample} records of {name[2:]} events")
        aligned = pm4py_side.align(
            pm4py_side.read_log(run.out / name / "log.csv"), variants=False, limit=sample
        )
        results[name] = {"seconds": aligned.seconds, "records": len(aligned.fitting)}
    return results


def growth(run: Run) -> None:
    """``sdlc check``'s time per record and peak memory at the small and the large size
    of the low-variety records, with ``--jobs`` a worker per core; then the library's
    time per record at 10 and at 70 events, in one process without the cache."""
    low = run.out / "low"
    workers = str(len(os.sched_getaffinity(0)))
    small = run.out / "cli-small"
    head(low, small, run.small)
    log(f"sdlc check at {run.small:,} records, --jobs {workers}")
    first = best(
        max(1, run.repeats - 1),
        partial(measure, "cli", str(small / "records.jsonl"), "--", "--jobs", workers),
    )
    run.results["small"] = first
    # the command's start-up is paid once, whatever the size: take it out of the rate
    one = run.out / "one" / "record.jsonl"
    start = best(3, partial(measure, "cli", str(one), "--", "--jobs", workers))["seconds"]
    rate = max(first["seconds"] - start, first["seconds"] / 2) / first["records"]
    # 10,000 records also pay each worker's cache warming up; the library's rate on all
    # the low-variety records, over the speed-up of this run's pool, pays it once
    library, pool = run.results["low"]["cached"], run.results["pool"]
    speedup = run.results["cached"]["seconds"] / pool["seconds"]
    rate = min(rate, library["seconds"] / library["records"] / max(1.0, speedup))
    per_record = rate + 5e-6  # and writing the file
    remaining = BUDGET - run.elapsed() - AFTER_GROWTH - start
    large = next((n for n in LARGE_SIZES if n * per_record * 1.1 < remaining), LARGE_SIZES[-1])
    if "large_forced" in run.results:
        large = run.results["large_forced"]
    elif large < LARGE_SIZES[0]:
        run.notes.append(
            f"The large size is {large:,} records, not 1,000,000: at the "
            f"{per_record * 1e6:.0f} µs per record measured in this run, 1,000,000 records "
            f"would take {LARGE_SIZES[0] * per_record / 60:.1f} minutes, which with the rest "
            f"of the run would not fit in the {BUDGET / 60:.1f} minutes `make bench` aims at "
            f"(10 at most). `make bench BENCH_ARGS='--large 1000000'` runs the full size."
        )
    log(f"sdlc check at {large:,} records, --jobs {workers}")
    target = run.out / "large"
    replicate(low, target, large)
    run.results["large"] = measure("cli", str(target / "records.jsonl"), "--", "--jobs", workers)
    shutil.rmtree(target)  # gigabytes
    log("sdlc check at 10 and 70 events per record")
    for name in ("ev10", "ev70"):
        data = run.out / name
        run.results[name] = best(
            max(1, run.repeats - 1),
            partial(
                measure,
                "check",
                str(data / "records.jsonl"),
                str(data / "truth.csv"),
                "--no-cache",
            ),
        )


ONE_MODEL = (
    "import yaml\nfrom pydantic import BaseModel\nclass One(BaseModel):\n    a: int\nOne(a=1)"
)
"""A program that defines and validates one pydantic model of one field."""
CHECK_MODULES = ("sdlc.cli.app", "sdlc.cli.check", "sdlc.checking.batch", "sdlc.report.sarif")
"""What ``sdlc check`` imports to check records (its faces are lazy)."""


def cold_start(run: Run, repeats: int = 15) -> None:
    """Wall time of ``sdlc check`` on one record against importing pydantic and yaml."""
    log("cold start")
    sdlc_cmd = Path(sys.executable).with_name("sdlc")
    command = [str(sdlc_cmd)] if sdlc_cmd.exists() else [sys.executable, "-m", "sdlc"]
    one = run.out / "one" / "record.jsonl"
    check_cmd = [
        *command,
        "check",
        str(one),
        "--process",
        str(BENCH / "process.yaml"),
        "--roster",
        str(BENCH / "roster.yaml"),
    ]
    commands = {
        "check": check_cmd,
        "import": [sys.executable, "-c", "import pydantic, yaml"],
        # where the time goes: pydantic's model machinery (``import pydantic`` alone is
        # lazy and loads none of it), the least any program validating with pydantic
        # pays, then the modules ``sdlc check`` imports, without reading a file
        "basemodel": [sys.executable, "-c", "import yaml; from pydantic import BaseModel"],
        "one_model": [sys.executable, "-c", ONE_MODEL],
        "modules": [sys.executable, "-c", f"import {', '.join(CHECK_MODULES)}"],
    }
    # as an installed sdlc runs: from compiled bytecode (pip compiles it on install), which
    # the first, untimed run of each command writes; PYTHONDONTWRITEBYTECODE would have
    # sdlc compiled from source at every start, while the libraries' bytecode is there
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for cmd in commands.values():
        subprocess.run(cmd, cwd=ROOT, check=False, capture_output=True, env=env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeats):  # interleaved, so that load hits all alike
        for name, cmd in commands.items():
            started = time.perf_counter()
            subprocess.run(cmd, cwd=ROOT, check=False, capture_output=True, env=env)
            times[name].append(time.perf_counter() - started)
    run.results["cold"] = {
        name: {"median": statistics.median(t), "min": min(t)} for name, t in times.items()
    }
    run.results["cold"]["imports"] = import_times(commands["modules"], env)
    run.results["cold"]["modules_command"] = f'python -c "{commands["modules"][-1]}"'


def import_times(command: list[str], env: dict[str, str]) -> list[tuple[str, float]]:
    """Where the imports of ``command`` spend their time (``python -X importtime``), in
    ms of each module's own time, summed per package (per module inside sdlc)."""
    done = subprocess.run(
        [command[0], "-X", "importtime", *command[1:]],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    totals: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        own, _, name = line.removeprefix("import time:").split("|")
        name = name.strip()
        if not own.strip().isdigit():
            continue  # the header
        top = name if name.startswith("sdlc") else name.split(".")[0]
        totals[top] = totals.get(top, 0.0) + int(own) / 1000
    return sorted(totals.items(), key=lambda item: -item[1])[:8]


def lint_render(run: Run) -> None:
    small, large = run.stages
    log(f"lint and render at {small:,} and {large:,} stages")
    out: dict[str, Any] = {"stages": [small, large]}
    for stages, repeats in ((small, run.repeats), (large, max(1, run.repeats - 2))):
        path = str(run.out / f"process-{stages}.yaml")
        out[f"lint-{stages}"] = best(repeats, partial(measure, "lint", path))
        handbook = str(run.out / f"handbook-{stages}")
        out[f"render-{stages}"] = best(repeats, partial(measure, "render", path, handbook))
    run.results["lint_render"] = out


# -- the report ---------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
        memory = f"{int(mem) / 1024 / 1024:.0f} GiB"
    except OSError:  # pragma: no cover - not Linux
        memory = "unknown"
    versions = {}
    for name in ("sdlc", "pydantic", "pm4py", "pandas"):
        try:
            from importlib.metadata import version

            versions[name] = version(name)
        except Exception:
            versions[name] = "not installed"
    return {
        "cpu": cpu,
        "cores": str(len(os.sched_getaffinity(0))),
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        **versions,
    }


KEPT = ("## sdlc practice against PM4Py's discovery",)
"""Sections of RESULTS.md that other scripts write (bench/practice_crosscheck.py):
kept as they are when the rest is written anew."""


def keep_sections(path: Path, text: str) -> str:
    """``text`` with the sections of :data:`KEPT` that ``path`` holds, at the end."""
    try:
        old = path.read_text(encoding="utf-8")
    except OSError:
        return text
    kept = []
    for title in KEPT:
        start = old.find("\n" + title + "\n")
        if start < 0:
            continue
        end = old.find("\n## ", start + 1)
        kept.append(old[start + 1 : end if end >= 0 else len(old)].rstrip() + "\n")
    return text.rstrip() + "\n\n" + "\n".join(kept) if kept else text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--records", type=int, default=10_000, help="comparison size")
    parser.add_argument("--large", type=int, help="large size (default: what fits)")
    parser.add_argument("--events-records", type=int, default=2_000)
    parser.add_argument("--out", type=Path, default=BENCH / "out")
    parser.add_argument("--results", type=Path, default=BENCH / "RESULTS.md")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes; no RESULTS.md")
    parser.add_argument("--no-pm4py", action="store_true", help="skip PM4Py")
    args = parser.parse_args(argv)
    run = Run(
        args.out,
        args.records,
        args.events_records,
        small=min(args.records, 10_000),
        pm4py=not args.no_pm4py,
    )
    if args.smoke:  # every step, at sizes that take seconds: CI keeps the benchmark working
        run.records = run.small = 200
        run.low, run.sample = 300, 20
        run.events_records, args.large = 20, 400
        run.repeats, run.stages = 1, (20, 40)
    if args.large:
        run.results["large_forced"] = args.large
    shutil.rmtree(run.out, ignore_errors=True)
    run.out.mkdir(parents=True)
    load_before = os.getloadavg()
    date = dt.datetime.now(dt.UTC)
    make_data(run)
    compare(run)
    growth(run)
    cold_start(run, repeats=1 if args.smoke else 9)
    lint_render(run)
    run.results["load"] = [load_before, os.getloadavg()]
    run.results["seconds"] = run.elapsed()
    (run.out / "results.json").write_text(json.dumps(run.results, indent=2), encoding="utf-8")
    from bench.report import write_report

    text = write_report(run.results, machine(), date, run.notes)
    if not args.smoke:
        args.results.write_text(keep_sections(args.results, text), encoding="utf-8")
        log(f"wrote {args.results}")
    else:
        print(text)
    log(f"done in {run.elapsed():.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
