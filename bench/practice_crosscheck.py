"""Cross-check ``sdlc practice`` against PM4Py's discovery on the benchmark's records.

The benchmark generator (:mod:`bench.generate`) writes records on
``bench/process.yaml``; ``sdlc practice`` (:func:`sdlc.practice.analysis.observe`)
reads them, and the same events, one row per event (case: the record's id,
activity: the event's stage, timestamp: its time), go to PM4Py as a pandas
DataFrame. For every group sdlc makes (all changes, and each risk level of each
team) the directly-follows counts, the start and end activities, and the variants
with their counts must be the same, exactly: ``pm4py.discover_dfg`` and
``pm4py.get_variants`` on the group's cases. The generator's times rise strictly
within a record, so PM4Py's order by timestamp is the records' own order (checked
before the comparison).

Runs in the benchmark's own environment, ``bench/.venv`` (``make
bench/.venv/.installed``); PM4Py is never a dependency of sdlc::

    bench/.venv/bin/python -m bench.practice_crosscheck            # 10,000 records
    bench/.venv/bin/python -m bench.practice_crosscheck --smoke    # 500, prints only

It prints the agreement and, unless ``--smoke``, replaces its own section of
bench/RESULTS.md (or adds it at the end).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import tempfile
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import generate

BENCH = Path(__file__).resolve().parent
HEADING = "## sdlc practice against PM4Py's discovery"
Counts = tuple[Counter[tuple[str, str]], Counter[str], Counter[str], Counter[tuple[str, ...]]]
"""Directly-follows pairs, start activities, end activities, variants."""


@dataclass(frozen=True)
class Agreement:
    """One group's counts as sdlc and PM4Py give them."""

    group: str
    cases: int
    events: int
    edges: int
    variants: int
    differences: tuple[str, ...]

    @property
    def agrees(self) -> bool:
        return not self.differences


def sdlc_counts(records: Path) -> dict[str, tuple[list[str], Counts]]:
    """Per group of ``sdlc practice`` (``all``, then ``<risk>/<team>``): its case ids
    and its counts."""
    from sdlc.evolution.versions import VersionedChecker
    from sdlc.load.records import load_records
    from sdlc.practice.analysis import observe

    checker = VersionedChecker.open(BENCH / "process.yaml", BENCH / "roster.yaml")
    practice = observe(load_records([records]), checker)
    out = {}
    for group in [practice.overall, *practice.groups]:
        name = "all" if group.risk is None else f"{group.risk}/{group.team}"
        flow = group.flow
        ids = [c.record.id for c in group.cases]
        out[name] = (ids, (flow.follows, flow.starts, flow.ends, flow.variants))
    return out


def event_rows(records: Path) -> list[dict[str, Any]]:
    """One row per event, read from the JSON Lines file, not through sdlc; refuses a
    record whose times do not rise strictly."""
    rows = []
    for line in records.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        times = [dt.datetime.fromisoformat(e["at"]) for e in data["events"]]
        if any(b <= a for a, b in itertools.pairwise(times)):
            raise SystemExit(f"{data['id']}: times do not rise strictly; PM4Py would reorder it")
        rows += [
            {"case:concept:name": data["id"], "concept:name": e["stage"], "time:timestamp": t}
            for e, t in zip(data["events"], times, strict=True)
        ]
    return rows


def pm4py_counts(rows: list[dict[str, Any]], cases: Sequence[str]) -> Counts:
    """PM4Py's directly-follows graph and variants of the events of ``cases``."""
    import pandas as pd
    import pm4py

    frame = pd.DataFrame(rows)
    frame["time:timestamp"] = pd.to_datetime(frame["time:timestamp"], utc=True)
    frame = frame[frame["case:concept:name"].isin(set(cases))]
    dfg, starts, ends = pm4py.discover_dfg(frame)
    variants = pm4py.get_variants(frame)
    return (
        Counter(dfg),
        Counter(starts),
        Counter(ends),
        Counter({tuple(v): int(n if isinstance(n, int) else len(n)) for v, n in variants.items()}),
    )


def compare(name: str, ids: list[str], ours: Counts, theirs: Counts, events: int) -> Agreement:
    differences = []
    pairs: list[tuple[str, Mapping[Any, int], Mapping[Any, int]]] = [
        ("directly-follows", ours[0], theirs[0]),
        ("starts", ours[1], theirs[1]),
        ("ends", ours[2], theirs[2]),
        ("variants", ours[3], theirs[3]),
    ]
    for what, mine, other in pairs:
        a: Counter[object] = Counter({k: v for k, v in mine.items() if v})
        b: Counter[object] = Counter({k: v for k, v in other.items() if v})
        for key in sorted(set(a) | set(b), key=str):
            if a[key] != b[key]:
                differences.append(f"{what} {key}: sdlc {a[key]}, PM4Py {b[key]}")
    return Agreement(name, len(ids), events, len(ours[0]), len(ours[3]), tuple(differences))


def section(found: list[Agreement], records: int, seed: int, seconds: float) -> str:
    import pm4py

    from sdlc import __version__

    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    agree = sum(a.agrees for a in found)
    lines = [
        HEADING,
        "",
        f"Written by `python -m bench.practice_crosscheck` on {now} ({seconds:.0f} s): "
        f"{records:,} records of bench/generate.py (seed {seed}), sdlc {__version__}, PM4Py "
        f"{pm4py.__version__}. For each group of `sdlc practice`, its directly-follows "
        "counts, start and end activities and variant counts against `pm4py.discover_dfg` and "
        "`pm4py.get_variants` on the same events (activity: the stage), compared exactly.",
        "",
        f"**{agree} of {len(found)} groups agree exactly.**",
        "",
        "| group | cases | events | directly-follows pairs | variants | agreement |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for a in found:
        verdict = "exact" if a.agrees else f"{len(a.differences)} differences"
        lines.append(
            f"| {a.group} | {a.cases:,} | {a.events:,} | {a.edges:,} | {a.variants:,} | {verdict} |"
        )
    for a in found:
        lines += [f"- {a.group}: {d}" for d in a.differences[:10]]
    return "\n".join(lines) + "\n"


def record_section(path: Path, text: str) -> None:
    """Replace this script's section of RESULTS.md, or add it at the end."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    start = old.find(HEADING)
    if start < 0:
        new = old.rstrip("\n") + "\n\n" + text
    else:
        after = old.find("\n## ", start + len(HEADING))
        new = old[:start] + text + ("" if after < 0 else old[after:])
    path.write_text(new, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.practice_crosscheck")
    parser.add_argument("--records", type=int, default=10_000, help="how many (10,000)")
    parser.add_argument("--seed", type=int, default=7, help="the generator's seed (7)")
    parser.add_argument("--smoke", action="store_true", help="500 records; print only")
    parser.add_argument("--results", type=Path, default=BENCH / "RESULTS.md")
    args = parser.parse_args(argv)
    count = 500 if args.smoke else args.records
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate.write(folder, count, generate.Settings(seed=args.seed), log=False)
        ours = sdlc_counts(folder / "records.jsonl")
        rows = event_rows(folder / "records.jsonl")
    per_case = Counter(row["case:concept:name"] for row in rows)
    found = [
        compare(name, ids, counts, pm4py_counts(rows, ids), sum(per_case[i] for i in ids))
        for name, (ids, counts) in ours.items()
    ]
    text = section(found, count, args.seed, time.monotonic() - started)
    print(text, end="")
    if not args.smoke:
        record_section(args.results, text)
        print(f"wrote {args.results}")
    return 0 if all(a.agrees for a in found) else 1


if __name__ == "__main__":
    raise SystemExit(main())
