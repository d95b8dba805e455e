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
    busy = max(before[0], after[0], after[1]) >= 0.5 * int(machine["cores"])
    add(
        f"- **Load average** (1, 5, 15 min) at the start {before[0]:.1f}, {before[1]:.1f}, "
        f"{before[2]:.1f} and at the end {after[0]:.1f}, {after[1]:.1f}, {after[2]:.1f}"
        + (
            ": other work shared the machine. "
            if busy
            else " (this run's own processes included). "
        )
        + "Quick measurements were repeated and the fastest kept."
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
    peak_small = max(small["rss"], small["workers_rss"])
    peak_large = max(large["rss"], large["workers_rss"])
    memory = peak_large / peak_small
    rows.append(
        (
            f"Peak memory, {large['records']:,} / {small['records']:,} records (largest process)",
            "≤ 1.5×",
            f"{memory:.2f}× ({peak_large:.0f} / {peak_small:.0f} MiB)",
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
    unmet = [name for name, _, _, ok in rows if not ok]
    if unmet:
        add("### What limits the targets not met")
        add("")
        for paragraph in _limits(r, unmet):
            add(f"- {paragraph}")
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
    cores = pool["cpu"] / pool["seconds"]
    add(
        f"The process pool of {pool['workers']} workers checks "
        f"{check['seconds'] / pool['seconds']:.2f}× as fast as one process. Its processes "
        f"used {pool['cpu']:.1f} CPU seconds in {pool['seconds']:.1f} s, that is "
        f"{cores:.2f} cores on average"
        + (
            ": the rest of the machine was busy with other work, so this is the speed-up of "
            "the cores that were free, not of the machine."
            if cores < pool["workers"] * 0.8
            else "."
        )
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
    add(
        f"Small and large sizes are checked as `check_many` checks a large batch by default, "
        f"in a process pool ({small['workers']} workers); peak memory is the reading process's "
        "and the largest worker's. The events-per-record rows are one process."
    )
    add("")
    add(
        "| data | records | events per record | µs per record | µs per event | "
        "peak memory: reader | largest worker |"
    )
    add("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, key in (
        ("small", "small"),
        ("large", "large"),
        ("10 events per record", "ev10"),
        ("70 events per record", "ev70"),
    ):
        m = r[key]
        worker = f"{m['workers_rss']:.0f} MiB" if m.get("workers_rss") else "–"
        add(
            f"| {name} | {m['records']:,} | {m['events'] / m['records']:.0f} | "
            f"{_us(m['seconds'], m['records'])} | {_us(m['seconds'], m['events'])} | "
            f"{m['rss']:.0f} MiB | {worker} |"
        )
    if pm and "ev10" in pm:
        a, b = pm["ev10"], pm["ev70"]
        pa, pb = a["seconds"] / a["records"], b["seconds"] / b["records"]
        add("")
        add(
            f"PM4Py's per-trace alignments, on the first {a['records']} records of each: "
            f"{pa * 1e6:,.0f} µs per record at 10 events and {pb * 1e6:,.0f} µs at 70 "
            f"({pb / pa:.2f}×); sdlc is {pa / per10:.1f}× and {pb / per70:.1f}× faster."
        )
    add("")
    cold = r["cold"]
    add("## Cold start")
    add("")
    add("Wall time of each command, medians of interleaved runs.")
    add("")
    add("| command | ms | × reference |")
    add("| --- | ---: | ---: |")
    base = cold["import"]["median"]
    for key, name in (
        ("import", '`python -c "import pydantic, yaml"` (the reference)'),
        ("basemodel", '`python -c "import yaml; from pydantic import BaseModel"`'),
        ("modules", '`python -c "import sdlc.cli, sdlc.checking, sdlc.load, sdlc.report"`'),
        ("check", "`sdlc check` on one record, with process and roster"),
    ):
        if key in cold:
            t = cold[key]["median"]
            add(f"| {name} | {t * 1000:.0f} | {t / base:.2f} |")
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


def _limits(r: dict[str, Any], unmet: list[str]) -> list[str]:
    """For each target not met, what the measurements say limits it."""
    check, parse, typed = r["check"], r["parse"], r["typed"]
    n, events = check["records"], check["events"]
    us = 1e6 / n
    per_check = check["seconds"] * us
    reader = typed["load_records"] * us
    out: list[str] = []
    if any(name.startswith("Check time") for name in unmet):
        out.append(
            f"**Check against parse.** Of sdlc's {per_check:.0f} µs per record, "
            f"{reader:.0f} µs is reading it the way sdlc must (`json.loads` alone is "
            f"{parse['seconds'] * us:.0f} µs; pydantic's validation into typed, frozen "
            f"records makes it {typed['loads_validate'] * us:.0f} µs, "
            f"{typed['loads_validate'] / parse['seconds']:.1f}× parse, before any rule; "
            f"refusing duplicate keys adds the rest) and {per_check - reader:.0f} µs is the "
            f"rules themselves, {(per_check - reader) * n / events:.0f} µs per event in pure "
            "Python: roles on the day, dependencies for the same subject through build "
            "lineage, invalidation, k-of-n, segregation, approver levels, evidence, the "
            "integrity audit, and the smallest repair of every non-compliant record. 3× "
            f"parse is {3 * parse['seconds'] * us:.0f} µs per record, "
            + (
                "less than reading and validating alone, before any rule"
                if 3 * parse["seconds"] * us < reader
                else f"which would leave {3 * parse['seconds'] * us - reader:.0f} µs for them"
            )
            + ". Reaching it would take a checker compiled to native code, or rules "
            "evaluated in bulk rather than event by event: the semantics, not the parsing, "
            "is the cost."
        )
    pm = r.get("pm4py")
    if pm and any("per trace" in name for name in unmet):
        per_trace = pm["per_trace"]["seconds"] * us
        out.append(
            f"**PM4Py per trace.** PM4Py's alignment of one trace on this net took "
            f"{per_trace:,.0f} µs; 50× faster would be {per_trace / 50:.0f} µs per record, "
            f"less than sdlc needs just to read and validate a record ({reader:.0f} µs). "
            "The hand-built net is small and its traces short; *Growth* shows how both grow "
            "with the events per record."
        )
    if pm and any("de-duplicated" in name for name in unmet):
        out.append(
            f"**PM4Py per variant.** PM4Py aligned {pm['variants']['variants']:,} distinct "
            f"activity sequences for {n:,} records; the more records share a sequence, the "
            "less de-duplicated alignments cost per record."
        )
    cold = r["cold"]
    if any(name.startswith("`sdlc check` on one record") for name in unmet):
        base = cold["import"]["median"]
        parts = [
            f"**Cold start.** `import pydantic` is lazy and loads none of pydantic's model "
            f"machinery, so the reference takes {base * 1000:.0f} ms"
        ]
        if "basemodel" in cold:
            parts.append(
                f"; `from pydantic import BaseModel` alone takes "
                f"{cold['basemodel']['median'] * 1000:.0f} ms "
                f"({cold['basemodel']['median'] / base:.1f}× the reference)"
            )
        if "modules" in cold:
            parts.append(
                f", and importing the modules `sdlc check` needs, which build sdlc's pydantic "
                f"models, {cold['modules']['median'] * 1000:.0f} ms "
                f"({cold['modules']['median'] / base:.1f}×), before any file is read"
            )
        parts.append(
            f"; `sdlc check` itself then takes {cold['check']['median'] * 1000:.0f} ms "
            "in all. Most of it is importing: pydantic builds and compiles a validator for "
            "every model class when its module is imported, at every start"
        )
        if cold.get("imports"):
            top = ", ".join(f"{name} {ms:.0f} ms" for name, ms in cold["imports"][:6])
            parts.append(f" (largest imports, own time: {top})")
        parts.append(".")
        out.append("".join(parts))
    lr = r["lint_render"]
    few, many = lr["stages"]
    if any(name.startswith("`sdlc render`") for name in unmet):
        a, b = lr[f"render-{few}"], lr[f"render-{many}"]
        out.append(
            f"**Render.** {b['pages']:,} pages at {many:,} stages against {a['pages']:,} at "
            f"{few:,}, and each stage's page lists what needs it and its place in the RACI "
            "matrix, found by looking through every other stage: work per page grows with the "
            "stages, so the whole grows with their square."
        )
    if any(name.startswith("`sdlc lint`") for name in unmet):
        out.append(
            "**Lint.** The gate and route rules hold, for every scenario, the set of stages "
            "each stage requires before it; those sets together grow with the square of the "
            "stages."
        )
    if any(name.startswith("Time per record") or name.startswith("Peak memory") for name in unmet):
        out.append(
            "**Growth or memory.** See the table under *Growth and memory*; the load average "
            "above shows how busy the machine was."
        )
    return out
