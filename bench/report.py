"""bench/RESULTS.md from what bench/run.py measured: figures, ratios and targets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bench.limits import limits

Row = tuple[str, str, str, bool]


def _rate(count: float, seconds: float) -> str:
    return f"{count / seconds:,.0f}" if seconds > 0 else "–"


def _us(seconds: float, count: float) -> str:
    return f"{seconds / count * 1e6:,.1f}"


def _verdict(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def times(ratio: float) -> str:
    """A ratio as people read it: 2.4×, 0.05×; 1.98× where one decimal would round it
    to a whole number it does not reach (a target's 2×, say)."""
    if ratio < 1 or round(ratio, 1) == round(ratio) != ratio:
        return f"{ratio:.2f}×"
    return f"{ratio:.1f}×"


def per_record(m: dict[str, Any], key: str = "seconds", count: str = "records") -> float:
    """Seconds per record (or per trace) of one measurement."""
    return float(m[key]) / max(1, int(m[count]))


def write_report(
    results: dict[str, Any], machine: dict[str, str], date: dt.datetime, notes: list[str]
) -> str:
    r = results
    check = r["check"]
    n, events = check["records"], check["events"]
    low = r["low"]
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
    busy = max(before[0], after[0], after[1]) >= 0.5 * int(machine["cores"])
    add(
        f"- **Load average** (1, 5, 15 min) at the start {before[0]:.1f}, {before[1]:.1f}, "
        f"{before[2]:.1f} and at the end {after[0]:.1f}, {after[1]:.1f}, {after[2]:.1f}"
        + (": other work shared the machine. " if busy else " (this run's own processes). ")
        + "Quick measurements were repeated and the fastest kept."
    )
    lc = low["cached"]
    add(
        f"- **Data:** two generated data sets on bench/process.yaml, about 15% of records "
        f"with one deviation each (bench/generate.py). *High variety:* {n:,} records "
        f"({events:,} events, {events / n:.1f} per record; seed 7), every choice per record. "
        f"*Low variety:* {lc['records']:,} records ({lc['events']:,} events, "
        f"{lc['events'] / lc['records']:.1f} per record; seed 11), each record's structure "
        "one of 1,000 (a few hundred distinct stage sequences), its people, commits, "
        "digests and times its own."
    )
    add("")
    rows = targets(r)
    add("## Targets")
    add("")
    add("| target | wanted | measured | |")
    add("| --- | --- | --- | --- |")
    for name, wanted, got, ok in rows:
        add(f"| {name} | {wanted} | {got} | {_verdict(ok)} |")
    add("")
    for note in notes:
        add(f"> {note}")
        add("")
    unmet = [name for name, _, _, ok in rows if not ok]
    if unmet:
        add("### What limits the targets not met")
        add("")
        for paragraph in limits(r, unmet):
            add(f"- {paragraph}")
        add("")
    lines.extend(throughput(r))
    lines.extend(verdicts(r))
    lines.extend(growth(r))
    lines.extend(cold_and_render(r))
    return "\n".join(lines)


MILLION = 1_000_000
"""The size the memory target names."""


def targets(r: dict[str, Any]) -> list[Row]:
    check, parse, low = r["check"], r["parse"], r["low"]
    n = check["records"]
    rows: list[Row] = []
    runs = [r[k] for k in ("check", "cached", "pool", "repair", "ev10", "ev70")]
    runs += [low["cached"]]
    agree_all = all(m["agree"] == m["records"] for m in runs)
    rows.append(
        (
            "Verdicts agree with ground truth",
            "100%",
            f"{check['agree'] / n:.2%} ({check['agree']:,} of {n:,}; every data set: "
            f"{'all agree' if agree_all else 'NOT all agree'})",
            agree_all and check["agree"] == n,
        )
    )
    for label, data in (("high variety", r), ("low variety", low)):
        pm = data.get("pm4py")
        if not pm:
            continue
        ours = per_record(data["cached"])
        variants = per_record(pm["variants"], count="traces") / ours
        per_trace = per_record(pm["per_trace"], count="traces") / ours
        rows.append(
            (
                f"Faster than PM4Py alignments, variants de-duplicated ({label})",
                "≥ 2×",
                f"{times(variants)} ({pm['variants']['variants']:,} variants)",
                variants >= 2,
            )
        )
        rows.append(
            (
                f"Faster than PM4Py alignments, per trace ({label})",
                "≥ 50×",
                times(per_trace),
                per_trace >= 50,
            )
        )
    ratio_parse = check["seconds"] / parse["seconds"]
    rows.append(
        (
            "Check without the cache / `json.loads` (high variety, per record)",
            "≤ 6×",
            f"{ratio_parse:.1f}×",
            ratio_parse <= 6,
        )
    )
    small, large = r["small"], r["large"]
    growth = per_record(large) / per_record(small)
    rows.append(
        (
            f"`sdlc check` time per record, {large['records']:,} / {small['records']:,} records",
            "≤ 1.3×",
            f"{growth:.2f}×",
            growth <= 1.3,
        )
    )
    ev10, ev70 = r["ev10"], r["ev70"]
    evr = per_record(ev70) / per_record(ev10)
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
    full = large["records"] >= MILLION  # the target's size; a smaller run proves less
    rows.append(
        (
            f"`sdlc check` peak memory, {large['records']:,} / {small['records']:,} records "
            "(largest process)",
            f"≤ 1.3× at {MILLION:,}",
            f"{memory:.2f}× ({large['rss']:.0f} / {small['rss']:.0f} MiB)"
            + ("" if full else f"; {MILLION:,} not run"),
            memory <= 1.3 and full,
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
    for what, key, wanted in (("lint", "seconds", 15), ("render", "render", 12)):
        a, b = lr[f"{what}-{few}"], lr[f"{what}-{many}"]
        ratio = b[key] / a[key]
        shown = "load + lint" if what == "lint" else "render alone, without start-up or load"
        rows.append(
            (
                f"`sdlc {what}`, {many:,} / {few:,} stages (5 risk levels; {shown})",
                f"≤ {wanted}×",
                f"{ratio:.1f}× ({b[key]:.2f} / {a[key]:.3f} s)",
                ratio <= wanted,
            )
        )
    return rows


def throughput(r: dict[str, Any]) -> list[str]:
    out = ["## Throughput", ""]
    out.append(
        "One process unless stated. Parsing is included wherever sdlc reads the file. sdlc's "
        "rows give every verdict and finding with full semantics; the smallest repair of "
        "each non-compliant record is measured on its own below. PM4Py's times exclude "
        "reading its event log (shown separately)."
    )
    for label, data, typed in (("High variety", r, r["typed"]), ("Low variety", r["low"], None)):
        out += _table(label, data, typed)
    pool, check = r["pool"], r["cached"]
    cores = pool["cpu"] / pool["seconds"]
    out += [""]
    out.append(
        f"The process pool of {pool['workers']} workers checks "
        f"{check['seconds'] / pool['seconds']:.2f}× as fast as one process (both cached); its "
        f"processes used {cores:.2f} cores on average."
    )
    rep, plain = r["repair"], r["repair_plain"]
    wrong = sum(c[3] for c in rep["confusion"] if not c[2])
    out.append("")
    out.append(
        f"**The repair.** On the first {rep['records']:,} high-variety records ({wrong:,} not "
        f"compliant), checking with the smallest repair of every non-compliant record took "
        f"{rep['seconds']:.2f} s against {plain['seconds']:.2f} s without: "
        f"{(rep['seconds'] - plain['seconds']) / max(1, wrong) * 1e3:,.1f} ms per repair. "
        "`sdlc check` builds it for every report that shows it (not for SARIF)."
    )
    out.append("")
    return out


def _table(label: str, data: dict[str, Any], typed: dict[str, Any] | None) -> list[str]:
    """The throughput table of one data set."""
    out: list[str] = []
    parse, check = data["parse"], data.get("check") or data["cached"]
    n = check["records"]
    floor = per_record(parse)
    out += ["", f"### {label}: {n:,} records", ""]
    out.append("| what | seconds | records/s | µs per record | × parse |")
    out.append("| --- | ---: | ---: | ---: | ---: |")

    def row(name: str, seconds: float, count: int = n) -> None:
        us = seconds / count
        out.append(
            f"| {name} | {seconds:.2f} | {_rate(count, seconds)} | {us * 1e6:,.1f} | "
            f"{us / floor:.1f} |"
        )

    row("parse: `json.loads` per line (the floor)", parse["seconds"])
    if typed:
        row(
            "typed parse: `json.loads` + pydantic `Record.model_validate`",
            typed["loads_validate"],
        )
        row("typed parse: pydantic `Record.model_validate_json`", typed["validate_json"])
        row("sdlc's reader: `load_records` (duplicate keys refused)", typed["load_records"])
    if "check" in data:
        row("sdlc check: `check_many`, without the shape cache", check["seconds"])
    row(
        "**sdlc check**: `check_many`, with the shape cache (the default)",
        data["cached"]["seconds"],
    )
    if "pool" in data:
        row(f"sdlc check, process pool of {data['pool']['workers']}", data["pool"]["seconds"])
    pm = data.get("pm4py")
    if pm:
        row("PM4Py: token-based replay", pm["replay"]["seconds"])
        row("PM4Py: alignments, variants de-duplicated", pm["variants"]["seconds"])
        row(
            f"PM4Py: alignments, per trace ({pm['per_trace']['traces']:,} traces)",
            pm["per_trace"]["seconds"],
            pm["per_trace"]["traces"],
        )
        row("PM4Py: reading the CSV event log (not in the rows above)", pm["read"])
        out.append("")
        with_read = (pm["variants"]["seconds"] + pm["read"]) / data["cached"]["seconds"]
        out.append(
            f"PM4Py aligned {pm['variants']['variants']:,} variants (distinct activity "
            f"sequences). With reading its log included, as sdlc's times include parsing, "
            f"de-duplicated alignments take {times(with_read)} the time of sdlc's check "
            "(cached)."
        )
    return out


def verdicts(r: dict[str, Any]) -> list[str]:
    out = ["## Verdicts against ground truth", ""]
    for label, data in (("high variety", r), ("low variety", r["low"])):
        check, pm = data["cached"], data.get("pm4py")
        n = check["records"]
        kinds = sorted({k for k, _, _, _ in check["confusion"]})
        header = f"| deviation ({label}) | records | ground truth | sdlc agrees |"
        if pm:
            header += " PM4Py replay agrees | alignments agree |"
        out.append(header)
        out.append("| --- | ---: | --- | ---: |" + (" ---: | ---: |" if pm else ""))
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
            out.append(line)
        agreed = f"| **all** | {n:,} | | {check['agree'] / n:.2%} |"
        if pm:
            agreed += f" {pm['replay']['agree'] / n:.2%} | {pm['variants']['agree'] / n:.2%} |"
        out += [agreed, ""]
    return out


def growth(r: dict[str, Any]) -> list[str]:
    small, large = r["small"], r["large"]
    out = ["## Growth and memory", ""]
    out.append(
        f"`sdlc check --format sarif --jobs {r['pool']['workers']}` on the low-variety records "
        f"(the first {small['records']:,}, and the {r['low']['cached']['records']:,} repeated "
        "with new ids), its report read as it streams; peak memory is the largest of the "
        "command's processes (`ru_maxrss`). The events-per-record rows are the library in "
        "one process, without the cache."
    )
    out += ["", "| data | records | µs per record | peak memory |", "| --- | ---: | ---: | ---: |"]
    for name, m in (("`sdlc check`, small", small), ("`sdlc check`, large", large)):
        out.append(
            f"| {name} | {m['records']:,} | {_us(m['seconds'], m['records'])} | "
            f"{m['rss']:.0f} MiB |"
        )
    for name in ("ev10", "ev70"):
        m = r[name]
        out.append(
            f"| {m['events'] / m['records']:.0f} events per record | {m['records']:,} | "
            f"{_us(m['seconds'], m['records'])} | {m['rss']:.0f} MiB |"
        )
    pm = r.get("pm4py")
    if pm and "ev10" in pm:
        a, b = pm["ev10"], pm["ev70"]
        pa, pb = per_record(a), per_record(b)
        p10, p70 = per_record(r["ev10"]), per_record(r["ev70"])
        out += [""]
        out.append(
            f"PM4Py's per-trace alignments, on the first {a['records']} records of each: "
            f"{pa * 1e6:,.0f} µs per record at 10 events and {pb * 1e6:,.0f} µs at 70 "
            f"({pb / pa:.2f}×); sdlc without the cache is {pa / p10:.1f}× and "
            f"{pb / p70:.1f}× faster."
        )
    out.append("")
    return out


def cold_and_render(r: dict[str, Any]) -> list[str]:
    cold = r["cold"]
    out = ["## Cold start", ""]
    out.append(
        "Wall time of each command, medians of interleaved runs, from compiled bytecode "
        "as an installed sdlc runs (each command ran once before, untimed)."
    )
    out.append("")
    out += ["| command | ms | × reference |", "| --- | ---: | ---: |"]
    base = cold["import"]["median"]
    for key, name in (
        ("import", '`python -c "import pydantic, yaml"` (the reference)'),
        ("basemodel", '`python -c "import yaml; from pydantic import BaseModel"`'),
        ("one_model", "a program that defines and validates one pydantic model of one field"),
        ("modules", f"importing what `sdlc check` imports (`{cold.get('modules_command')}`)"),
        ("check", "`sdlc check` on one record, with process and roster"),
    ):
        if key in cold:
            t = cold[key]["median"]
            out.append(f"| {name} | {t * 1000:.0f} | {t / base:.2f} |")
    lr = r["lint_render"]
    out += ["", "## Lint and render", ""]
    out.append("In one process with the libraries imported (no start-up).")
    out += ["", "| process | load s | lint s | render s | pages |"]
    out.append("| --- | ---: | ---: | ---: | ---: |")
    for stages in lr["stages"]:
        li, re_ = lr[f"lint-{stages}"], lr[f"render-{stages}"]
        out.append(
            f"| {stages:,} stages, 5 risk levels | {li['load']:.3f} | {li['lint']:.3f} | "
            f"{re_['render']:.2f} | {re_['pages']:,} |"
        )
    out.append("")
    return out
