"""For bench/RESULTS.md: what the measurements say limits each target not met."""

from __future__ import annotations

from typing import Any


def _per(m: dict[str, Any], count: str = "records") -> float:
    return float(m["seconds"]) / max(1, int(m[count]))


def limits(r: dict[str, Any], unmet: list[str]) -> list[str]:
    """A paragraph per kind of target not met."""
    check, parse, typed = r["check"], r["parse"], r["typed"]
    n, events = check["records"], check["events"]
    us = 1e6 / n
    per_check = check["seconds"] * us
    reader = typed["load_records"] * us
    out: list[str] = []
    load = max(r["load"][0][0], r["load"][1][0], r["load"][1][1])
    pool = r["pool"]
    cores = pool["cpu"] / pool["seconds"]
    if cores < 0.8 * pool["workers"]:
        out.append(
            f"**This run's machine.** The load average was about {load:.0f} on "
            f"{pool['workers']} cores, and the process pool got {cores:.2f} cores of them: "
            f"every process here shared its core with several others, the run took "
            f"{r['seconds']:.0f} s instead of the 10 minutes it aims at, and the large size "
            "was cut to what fitted. Ratios within the run stay comparable, as both sides "
            "shared the load, but PM4Py's long in-process loops and sdlc's many short "
            "processes do not suffer it alike."
        )
    cached, plain = r["cached"], r["check"]
    if cached["seconds"] > plain["seconds"]:
        out.append(
            f"**The cache on varied records.** On the high-variety records the cache "
            f"answered few records (nearly every record has a shape of its own: who did "
            f"what differs from record to record), so it cost its key without saving the "
            f"rules: {_per(cached) * 1e6:.0f} µs per record against {_per(plain) * 1e6:.0f} "
            "without it."
        )
    if any(name.startswith("Check without the cache") for name in unmet):
        out.append(
            f"**Check against parse.** Of sdlc's {per_check:.0f} µs per record without the "
            f"cache, {reader:.0f} µs is reading it the way sdlc must (`json.loads` alone is "
            f"{parse['seconds'] * us:.0f} µs; pydantic's validation into typed, frozen "
            f"records makes it {typed['loads_validate'] * us:.0f} µs, "
            f"{typed['loads_validate'] / parse['seconds']:.1f}× parse, before any rule; "
            f"refusing duplicate keys adds the rest) and {per_check - reader:.0f} µs is the "
            f"rules and the integrity audit, {(per_check - reader) * n / events:.0f} µs per "
            "event in pure Python: roles on the day, dependencies for the same subject "
            "through build lineage, invalidation, k-of-n, segregation, approver levels, "
            f"evidence. 6× parse is {6 * parse['seconds'] * us:.0f} µs per record, "
            + (
                "less than reading and validating alone"
                if 6 * parse["seconds"] * us < reader
                else f"which would leave {6 * parse['seconds'] * us - reader:.0f} µs for them"
            )
            + ". The shape cache (the default) is what takes the rules out of most records' "
            "cost; without it, reaching the target would take rules evaluated in bulk or "
            "compiled, and a reader that validates less than pydantic does."
        )
    for label, data in (("high variety", r), ("low variety", r["low"])):
        pm = data.get("pm4py")
        if not pm:
            continue
        ours = _per(data["cached"]) * 1e6
        if any("per trace" in name and label in name for name in unmet):
            per_trace = _per(pm["per_trace"], "traces") * 1e6
            out.append(
                f"**PM4Py per trace ({label}).** PM4Py's alignment of one trace took "
                f"{per_trace:,.0f} µs; 50× faster would be {per_trace / 50:.0f} µs per record, "
                f"against sdlc's {ours:.0f} µs (reading and validating alone take "
                f"{reader:.0f} µs on the high-variety records)."
            )
        if any("de-duplicated" in name and label in name for name in unmet):
            per_variant = _per(pm["variants"], "traces") * 1e6
            out.append(
                f"**PM4Py per variant ({label}).** PM4Py aligned "
                f"{pm['variants']['variants']:,} distinct activity sequences for "
                f"{pm['variants']['traces']:,} records: {per_variant:.0f} µs per record, "
                f"against sdlc's {ours:.0f} µs with the cache, of which reading and "
                f"validating each record with pydantic is about {reader:.0f} µs (on the "
                "high-variety records): PM4Py reads nothing per record in that time (its log "
                "is read before, and not counted), and checks only the activity sequence, "
                "once per variant, while sdlc reads every record, audits its integrity and "
                "computes its shape, which also holds who did what, in which role, and when."
            )
    cold = r["cold"]
    if any(name.startswith("`sdlc check` on one record") for name in unmet):
        out.append(_cold(cold))
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
    if any("time per record" in name or "peak memory" in name for name in unmet):
        out.append(
            "**Growth or memory.** See the table under *Growth and memory*; the load average "
            "above shows how busy the machine was."
        )
    return out


def _cold(cold: dict[str, Any]) -> str:
    """What the cold start of ``sdlc check`` is made of, against the reference."""
    base = cold["import"]["median"]

    def ms(key: str) -> str:
        t = cold[key]["median"] if key in cold else 0.0
        return f"{t * 1000:.0f} ms ({t / base:.1f}×)"

    parts = [
        "**Cold start.** `import pydantic` is lazy and loads none of pydantic's model "
        f"machinery, so the reference takes {base * 1000:.0f} ms; "
        f"`from pydantic import BaseModel` alone takes {ms('basemodel')}"
    ]
    if "one_model" in cold:
        parts.append(
            f", and a program that defines and validates a single model of one field "
            f"{ms('one_model')}: the least any program that validates with pydantic pays, "
            "already about the whole target"
        )
    if "modules" in cold:
        parts.append(
            f". Importing what `sdlc check` imports takes {ms('modules')}; its validators "
            "are built on first use, and a check imports neither the repair search, nor "
            "the waivers, nor the other subcommands and report formats unless they are "
            "used"
        )
    parts.append(
        f". `sdlc check` on one record takes {ms('check')} in all: besides those imports, "
        "building the process's, roster's and record's validators when first used, "
        "pydantic's search for plugins when it builds the first one, and reading the "
        "process and roster. Reaching 2× would take validating the check's input without "
        "pydantic, or a process that stays running between checks"
    )
    if cold.get("imports"):
        top = ", ".join(f"{name} {t:.0f} ms" for name, t in cold["imports"][:6])
        parts.append(f" (largest imports, own time: {top})")
    parts.append(".")
    return "".join(parts)
