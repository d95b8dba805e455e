"""How long the smallest repair is: the search's repair against the local one.

For the first :data:`SAMPLE` non-compliant records of a JSON Lines file (the
benchmark's generated records, checked against ``bench/process.yaml`` and its
roster), the repair the checker reports (:func:`sdlc.checking.repair.smallest_repair`)
and the local repair it starts from and falls back to
(:func:`sdlc.checking.repair_local.local_repair`, the repair before the search)
are measured in events added plus events removed: the mean and the largest of
each, how many repairs the search made shorter, how many it proved minimal and
how many reached its limit. A repair is never longer than the local one: that
would be a bug, and is counted as ``longer``.

    python -m bench.repair_length FILE [--sample N]   # prints the figures as JSON
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
SAMPLE = 50
"""Non-compliant records measured: each repair may check its record hundreds of times."""


def lengths(path: Path, sample: int = SAMPLE) -> dict[str, Any]:
    """The repair lengths of the first ``sample`` non-compliant records of ``path``."""
    from sdlc import load_process, load_roster
    from sdlc.checking import Checker, CheckOptions
    from sdlc.checking.event_rules import walk
    from sdlc.checking.record_pass import RecordPass
    from sdlc.checking.repair import smallest_repair
    from sdlc.checking.repair_local import local_repair
    from sdlc.load.records import load_records

    process = load_process(BENCH / "process.yaml")
    roster = load_roster(BENCH / "roster.yaml", process)
    checker = Checker(process, roster, CheckOptions(repair=False))
    context = checker.context
    new: list[int] = []
    old: list[int] = []
    unproven = 0
    started = time.perf_counter()
    for loaded in load_records([str(path)]):
        if len(new) >= sample:
            break
        if loaded.record is None or checker.check(loaded.record).compliant:
            continue
        run = RecordPass(context, loaded.record)
        findings = walk(run)
        repair = smallest_repair(context, run.trace, findings)
        new.append(_cost(repair.steps))
        old.append(_cost(local_repair(context, run.trace, findings)))
        unproven += repair.note is not None
    pairs = list(zip(new, old, strict=True))
    return {
        "repairs": len(new),
        "mean": statistics.fmean(new) if new else 0.0,
        "max": max(new, default=0),
        "old_mean": statistics.fmean(old) if old else 0.0,
        "old_max": max(old, default=0),
        "shorter": sum(n < o for n, o in pairs),
        "longer": sum(n > o for n, o in pairs),
        "proven": len(new) - unproven,
        "unproven": unproven,
        "seconds": time.perf_counter() - started,
    }


def sentence(r: dict[str, Any]) -> str:
    """The figures as one sentence of the benchmark report."""
    if not r["repairs"]:
        return "**Repair length.** No record of the sample was non-compliant."
    return (
        f"**Repair length.** Over the first {r['repairs']:,} non-compliant records, the "
        f"smallest repair adds and removes {r['mean']:.1f} events on average "
        f"({r['max']} at most), against {r['old_mean']:.1f} ({r['old_max']} at most) for the "
        f"local repair it starts from: shorter for {r['shorter']:,}, longer for "
        f"{r['longer']:,}; {r['proven']:,} proven minimal, {r['unproven']:,} reached the "
        f"search limit ({r['seconds']:.0f} s in all; bench/repair_length.py)."
    )


def _cost(steps: Sequence[Any]) -> int:
    return sum(1 for s in steps if s.action in ("add", "remove"))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.repair_length", description=__doc__)
    parser.add_argument("file", type=Path, help="a JSON Lines file of generated records")
    parser.add_argument("--sample", type=int, default=SAMPLE, help="non-compliant records")
    args = parser.parse_args(argv)
    json.dump(lengths(args.file, args.sample), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
