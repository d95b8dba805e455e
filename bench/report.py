"""bench/RESULTS.md from what bench/run.py measured: figures, ratios and targets."""

from __future__ import annotations

import datetime as dt
from typing import Any


def _rate(count: float, seconds: float) -> str:
    return f"{count / seconds:,.0f}" if seconds > 0 else "–"


def _us(seconds: float, count: float) -> str:
    return f"{seconds / count * 1e6:,.1f}"


def _verdict(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def write_report(
    results: dict[str, Any], machine: dict[str, str], date: dt.datetime, notes: list[str]
) -> str:
    r = results
    check, parse, typed, pool = r["check"], r["parse"], r["typed"], r["pool"]
    n, events = check["records"], check["events"]
    lines: list[str] = []
    add = lines.append
    add("# Benchmark results")
    add("")
    add(
        "Written by `make bench` (bench/run.py); do not edit. Every ratio compares "
        "measurements of the same run on the same machine, because absolute times on a "
        "shared machine move with its load. What is measured and why: "
        "[bench/README.md](README.md)."
    )
    add("")
    add(f"- **Date:** {date:%Y-%m-%d %H:%M} UTC; the run took {r['seconds']:.0f} s.")
    add(
        f"- **Machine:** {machine['cpu']}, {machine['cores']} cores, {machine['memory']} "
        f"memory; {machine['os']}; Python {machine['python']}."
    )
    add(
        f"- **Versions:** sdlc {machine['sdlc']}, pydantic {machine['pydantic']}, "
        f"PM4Py {machine['pm4py']}, pandas {machine['pandas']}."
    )
    before, after = r["load"]
    add(
        f"- **Load average** (1, 5, 15 min) at the start {before[0]:.1f}, {before[1]:.1f}, "
        f"{before[2]:.1f} and at the end {after[0]:.1f}, {after[1]:.1f}, {after[2]:.1f}: "
        "other work shared the machine, so quick measurements were repeated and the fastest kept."
    )
    add(
        f"- **Data:** {n:,} generated records ({events:,} events, "
        f"{events / n:.1f} per record) on bench/process.yaml, about 15% with one deviation "
        "each (bench/generate.py, seed 7)."
    )
    add("")

    # -- targets ------------------------------------------------------------------------
    rows: list[tuple[str, str, str, bool | None]] = []
    agree_all = all(
        r[k]["agree"] == r[k]["records"]
        for k in ("check", "pool", "small", "large", "ev10", "ev70")
    )
    rows.append(
        (
            "Verdicts agree with ground truth",
            "100%",
            f"{check['agree'] / n:.2%} ({check['agree']:,} of {n:,}; every data set: "
            f"{'all agree' if agree_all else 'NOT all agree'})",
            agree_all and check["agree"] == n,
        )
    )
    pm = r.get("pm4py")
    if pm:
        variants = pm["variants"]["seconds"] / check["seconds"]
        per_trace = pm["per_trace"]["seconds"] / check["seconds"]
        rows.append(
            (
                "Faster than PM4Py alignments, variants de-duplicated",
                "≥ 2×",
                f"{variants:.1f}×",
                variants >= 2,
            )
        )
        rows.append(
            (
                "Faster than PM4Py alignments, per trace",
                "≥ 50×",
                f"{per_trace:.1f}×",
                per_trace >= 50,
            )
        )
    ratio_parse = check["seconds"] / parse["seconds"]
    rows.append(
        (
            "Check time / parse-only time (`json.loads`)",
            "≤ 3×",
            f"{ratio_parse:.1f}×",
            ratio_parse <= 3,
        )
    )
    small, large = r["small"], r["large"]
    growth = (large["seconds"] / large["records"]) / (small["seconds"] / small["records"])
    rows.append(
        (
            f"Time per record, {large['records']:,} / {small['records']:,} records",
            "≤ 1.3×",
            f"{growth:.2f}×",
            growth <= 1.3,
        )
    )
    ev10, ev70 = r["ev10"], r["ev70"]
    per10, per70 = ev10["seconds"] / ev10["records"], ev70["seconds"] / ev70["records"]
    evr = per70 / per10
    rows.append(
        (
            f"Time per record, {ev70['events'] / ev70['records']:.0f} / "
            f"{ev10['events'] / ev10['records']:.0f} events per record",
            "≤ 7.5×",
            f"{evr:.2f}×",
            evr <= 7.5,
        )
    )
    memory = large["rss"] / small["rss"]
    rows.append(
        (
            f"Peak memory, {large['records']:,} / {small['records']:,} records",
            "≤ 1.5×",
            f"{memory:.2f}× ({large['rss']:.0f} / {small['rss']:.0f} MiB)",
            memory <= 1.5,
        )
    )
    cold = r["cold"]
    cold_ratio = cold["check"]["median"] / cold["import"]["median"]
    rows.append(
        (
            '`sdlc check` on one record / `python -c "import pydantic, yaml"`',
            "≤ 2×",
            f"{cold_ratio:.2f}× ({cold['check']['median'] * 1000:.0f} / "
            f"{cold['import']['median'] * 1000:.0f} ms, medians)",
            cold_ratio <= 2,
        )
    )
    lr = r["lint_render"]
    few, many = lr["stages"]
    for what in ("lint", "render"):
        a, b = lr[f"{what}-{few}"], lr[f"{what}-{many}"]
        ratio = b["seconds"] / a["seconds"]
        rows.append(
            (
                f"`sdlc {what}`, {many:,} / {few:,} stages (5 risk levels; load + {what})",
                "≤ 15×",
                f"{ratio:.1f}× ({b['seconds']:.2f} / {a['seconds']:.3f} s)",
                ratio <= 15,
            )
        )
    add("## Targets")
    add("")
    add("| target | wanted | measured | |")
    add("| --- | --- | --- | --- |")
    for name, wanted, got, ok in rows:
        add(f"| {name} | {wanted} | {got} | {_verdict(bool(ok))} |")
    add("")
    for note in notes:
        add(f"> {note}")
        add("")

    # -- throughput ---------------------------------------------------------------------
    add(f"## Throughput on the same {n:,} records")
    add("")
    add("One process unless stated. Parsing is included wherever sdlc reads the file.")
    add("")
    add("| what | seconds | records/s | events/s | µs per record | × parse |")
    add("| --- | ---: | ---: | ---: | ---: | ---: |")

    def row(name: str, seconds: float) -> None:
        add(
            f"| {name} | {seconds:.2f} | {_rate(n, seconds)} | {_rate(events, seconds)} | "
            f"{_us(seconds, n)} | {seconds / parse['seconds']:.1f} |"
        )

    row("parse: `json.loads` per line (the floor)", parse["seconds"])
    row("typed parse: `json.loads` + pydantic `Record.model_validate`", typed["loads_validate"])
    row("typed parse: pydantic `Record.model_validate_json`", typed["validate_json"])
    row("sdlc's reader: `load_records` (duplicate keys refused)", typed["load_records"])
    row("**sdlc check**: `check_many`, full semantics", check["seconds"])
    row(f"sdlc check, process pool of {pool['workers']}", pool["seconds"])
    if pm:
        row("PM4Py: token-based replay", pm["replay"]["seconds"])
        row("PM4Py: alignments, variants de-duplicated", pm["variants"]["seconds"])
        row("PM4Py: alignments, per trace", pm["per_trace"]["seconds"])
        row("PM4Py: reading the CSV event log (not in the rows above)", pm["read"])
    add("")
    add(
        f"The process pool of {pool['workers']} workers checks "
        f"{check['seconds'] / pool['seconds']:.2f}× as fast as one process."
    )
    if pm:
        with_read = (pm["variants"]["seconds"] + pm["read"]) / check["seconds"]
        with_read_pt = (pm["per_trace"]["seconds"] + pm["read"]) / check["seconds"]
        add(
            f"PM4Py's times above exclude reading its log; with reading included, as sdlc's "
            f"include parsing, sdlc is {with_read:.1f}× faster than de-duplicated alignments "
            f"and {with_read_pt:.1f}× faster than per-trace alignments. PM4Py aligned "
            f"{pm['variants']['variants']:,} variants (distinct activity sequences)."
        )
    add("")

    # -- verdicts -------------------------------------------------------------------------
    add("## Verdicts against ground truth")
    add("")
    kinds = sorted({k for k, _, _, _ in check["confusion"]})
    header = "| deviation | records | ground truth | sdlc agrees |"
    if pm:
        header += " PM4Py replay agrees | alignments agree |"
    add(header)
    add("| --- | ---: | --- | ---: |" + (" ---: | ---: |" if pm else ""))
    for kind in kinds:
        cells = [c for c in check["confusion"] if c[0] == kind]
        total = sum(c[3] for c in cells)
        agree = sum(c[3] for c in cells if c[1] == c[2])
        truth = "compliant" if cells[0][1] else "not compliant"
        line = f"| {kind} | {total:,} | {truth} | {agree / total:.0%} |"
        if pm:
            rep = pm["replay"]["by_deviation"].get(kind, [0, 0])
            ali = pm["variants"]["by_deviation"].get(kind, [0, 0])
            line += f" {rep[1] / max(1, sum(rep)):.0%} | {ali[1] / max(1, sum(ali)):.0%} |"
        add(line)
    if pm:
        add(
            f"| **all** | {n:,} | | {check['agree'] / n:.2%} | "
            f"{pm['replay']['agree'] / n:.2%} | {pm['variants']['agree'] / n:.2%} |"
        )
    add("")

    # -- growth and memory ---------------------------------------------------------------
    add("## Growth and memory")
    add("")
    add("| data | records | events per record | µs per record | µs per event | peak memory |")
    add("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, key in (
        ("small", "small"),
        ("large", "large"),
        ("10 events per record", "ev10"),
        ("70 events per record", "ev70"),
    ):
        m = r[key]
        add(
            f"| {name} | {m['records']:,} | {m['events'] / m['records']:.0f} | "
            f"{_us(m['seconds'], m['records'])} | {_us(m['seconds'], m['events'])} | "
            f"{m['rss']:.0f} MiB |"
        )
    add("")
    add("## Lint and render")
    add("")
    add("| process | load s | lint s | render s | pages |")
    add("| --- | ---: | ---: | ---: | ---: |")
    for stages in (few, many):
        li, re_ = lr[f"lint-{stages}"], lr[f"render-{stages}"]
        add(
            f"| {stages:,} stages, 5 risk levels | {li['load']:.3f} | {li['lint']:.3f} | "
            f"{re_['render']:.2f} | {re_['pages']:,} |"
        )
    add("")
    return "\n".join(lines)
