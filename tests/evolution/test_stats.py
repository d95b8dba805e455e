"""sdlc stats on a generated, seeded set of records: exact totals, CSV, the health page."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from sdlc.evolution.counts import Cell, Stats
from sdlc.handbook.health import health_page

from ..conftest import EID, ROOT, RunCli, golden

BASE = ROOT / "examples" / "high-risk-rework.yaml"
TEAMS = ("login", "tokens", "platform")
MONTHS = ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06")
DEFECTS: dict[str, list[tuple[str, str]]] = {
    "none": [],
    "skip-threat-model": [("missing-stage", "threat-modelling")],
    "one-reviewer": [("too-few-actors", "code-review")],
    "early-security-test": [
        ("out-of-order", "security-test"),  # before the build it tests
        ("out-of-order", "approval"),  # both approvals: the security test was redone since
        ("out-of-order", "approval"),
        ("out-of-order", "deployment"),
    ],
}
"""Each defect the generator can put in a record, and the findings it causes."""


def generate(path: Path, *, seed: int, count: int) -> list[tuple[str, str, str, str]]:
    """Write ``count`` records as JSON Lines; return (id, team, month, defect) of each."""
    rng = random.Random(seed)
    base: dict[str, Any] = yaml.safe_load(BASE.read_text(encoding="utf-8"))
    plan = []
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            team, month, defect = rng.choice(TEAMS), rng.choice(MONTHS), rng.choice(list(DEFECTS))
            record = json.loads(json.dumps(base, default=str))
            record["id"] = f"GEN-{n:03d}"
            record["team"] = team
            year, mon = (int(part) for part in month.split("-"))
            for event in record["events"]:  # the base happens in March 2026
                at = dt.datetime.fromisoformat(event["at"])
                event["at"] = at.replace(year=year, month=mon).isoformat()
            events = record["events"]
            if defect == "skip-threat-model":
                events.remove(next(e for e in events if e["stage"] == "threat-modelling"))
            elif defect == "one-reviewer":
                events.remove(
                    next(
                        e
                        for e in events
                        if e["stage"] == "code-review" and e["actor"] == "lars-berg"
                    )
                )
            elif defect == "early-security-test":
                test = next(e for e in events if e["stage"] == "security-test")
                events.remove(test)
                second_implementation = [
                    i for i, e in enumerate(events) if e["stage"] == "implementation"
                ][1]
                test["at"] = events[second_implementation]["at"]
                events.insert(second_implementation + 1, test)
            out.write(json.dumps(record) + "\n")
            plan.append((record["id"], team, month, defect))
    return plan


WAIVERS = """waivers:
  - id: WV-GEN
    rule: missing-stage
    record: GEN-00?
    stage: threat-modelling
    reason: Threat modelling done in the quarterly workshop instead.
    approver: eva-lund
    approved: 2025-06-01
    expires: 2099-12-31
"""


def _expected(plan: list[tuple[str, str, str, str]]) -> dict[str, Any]:
    failures: Counter[tuple[str, str, str]] = Counter()
    waived: Counter[tuple[str, str, str]] = Counter()
    compliant = 0
    for record, team, month, defect in plan:
        findings = DEFECTS[defect]
        excused = record.startswith("GEN-00") and defect == "skip-threat-model"
        compliant += not findings or excused
        for rule, _ in findings:
            (waived if excused else failures)[rule, team, month] += 1
    rows = sorted(set(failures) | set(waived))
    return {
        "records": len(plan),
        "compliant": compliant,
        "failures": sum(failures.values()),
        "waived": sum(waived.values()),
        "rows": [
            {
                "rule": r,
                "team": t,
                "month": m,
                "failures": failures[r, t, m],
                "waived": waived[r, t, m],
            }
            for r, t, m in rows
        ],
    }


def _run(
    run_cli: RunCli, tmp_path: Path, *extra: str
) -> tuple[list[tuple[str, str, str, str]], int, str]:
    records = tmp_path / "records.jsonl"
    plan = generate(records, seed=2026, count=60)
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(WAIVERS, encoding="utf-8")
    process = tmp_path / "processes" / "eid-gateway.yaml"  # whose policy allows WV-GEN
    process.parent.mkdir()
    policy = "waivers:\n  max_days: 36525\n  record_patterns: true\n"
    process.write_text(EID.read_text(encoding="utf-8") + policy, encoding="utf-8")
    code, out, err = run_cli(
        "stats",
        str(records),
        "--process",
        str(process.parent),
        "--roster",
        "processes/eid-gateway.roster.yaml",
        "--waivers",
        str(waivers),
        *extra,
    )
    assert err == ""
    return plan, code, out


def test_stats_count_exactly_what_was_generated(run_cli: RunCli, tmp_path: Path) -> None:
    plan, code, out = _run(run_cli, tmp_path)
    assert code == 0
    data = json.loads(out)
    expected = _expected(plan)
    assert {key: data[key] for key in expected} == expected
    # pinned for seed 2026, so a change in the generator or the checker shows
    assert (data["records"], data["compliant"], data["failures"], data["waived"]) == (
        60,
        17,
        103,
        2,
    )
    defects = Counter(defect for *_, defect in plan)
    assert data["skipped_stages"] == [
        {"stage": "threat-modelling", "count": defects["skip-threat-model"]}
    ]
    assert data["out_of_order_stages"] == [
        {"stage": "approval", "count": 2 * defects["early-security-test"]},
        {"stage": "deployment", "count": defects["early-security-test"]},
        {"stage": "security-test", "count": defects["early-security-test"]},
    ]
    by_team = {t["team"]: t["records"] for t in data["teams"]}
    assert by_team == dict(Counter(team for _, team, _, _ in plan))
    assert [m["month"] for m in data["months"]] == sorted({m for _, _, m, _ in plan})


def test_stats_as_csv(run_cli: RunCli, tmp_path: Path) -> None:
    plan, code, out = _run(run_cli, tmp_path, "--format", "csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "rule,code,team,month,failures,waived"
    assert len(lines) == 1 + len(_expected(plan)["rows"])
    assert all(line.split(",")[1][0] == "C" for line in lines[1:])


def test_stats_write_files_and_the_health_page(run_cli: RunCli, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    _, code, out = _run(run_cli, tmp_path, "--out", str(out_dir))
    assert code == 0
    names = ["stats.json", "stats.csv", "stages.csv", "health.md"]
    assert out == "".join(f"wrote {out_dir / name}\n" for name in names)
    page = (out_dir / "health.md").read_text(encoding="utf-8")
    assert page.startswith("# Process health\n")
    assert "```mermaid\n%%{init: " in page
    assert "}%%\nxychart-beta\n" in page
    assert '    x-axis ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]\n' in page
    assert "}%%\npie showData\n    title Failing findings by rule\n" in page
    assert (
        (out_dir / "stages.csv")
        .read_text(encoding="utf-8")
        .startswith("deviation,stage,count\nskipped,threat-modelling,")
    )


def test_the_health_page_of_nothing() -> None:
    page = health_page(Stats())
    assert "No dated records." in page
    assert "No failing findings." in page
    assert "mermaid" not in page


def test_the_health_page_is_pinned() -> None:
    stats = Stats(records=3, compliant=1)
    stats.failures.update(
        {("missing-stage", "login", "2026-01"): 2, ("time-order", "tokens", "2026-02"): 1}
    )
    stats.waived.update({("missing-stage", "login", "2026-02"): 1})
    stats.teams = {"login": Cell(2, 1, 2, 1), "tokens": Cell(1, 0, 1, 0)}
    stats.months = {"2026-01": Cell(1, 0, 2, 0), "2026-02": Cell(2, 1, 1, 1)}
    stats.skipped.update({"threat-modelling": 3})
    golden(ROOT / "tests" / "cases" / "stats" / "health.md", health_page(stats))
