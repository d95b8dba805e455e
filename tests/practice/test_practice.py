"""sdlc practice on a realistic, seeded archive (tests/practice/archive.py): it names
the deviations planted there, with figures recomputed here from the records."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from ..conftest import ROOT, RunCli, golden
from . import archive, recount

SINCE = dt.date(2026, 3, 1)
GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("archive")
    archive.write(out, seed=2026, count=300, today=dt.date.today())
    return out


def _records(folder: Path) -> list[dict[str, Any]]:
    lines = (folder / "records.jsonl").read_text(encoding="utf-8").splitlines()
    return [r for r in map(json.loads, lines) if recount.first_day(r) >= SINCE]


def _practice(run_cli: RunCli, folder: Path, *extra: str) -> tuple[int, str, str]:
    return run_cli(
        "practice",
        str(folder / "records.jsonl"),
        "--process",
        "processes",
        "--roster",
        "processes/eid-gateway.roster.yaml",
        "--waivers",
        str(folder / "waivers.yaml"),
        "--since",
        SINCE.isoformat(),
        *extra,
    )


def _group(records: list[dict[str, Any]], team: str, risk: str) -> list[dict[str, Any]]:
    return [r for r in records if r["team"] == team and r["declared_risk"] == risk]


def test_it_names_the_planted_deviations_with_their_figures(run_cli: RunCli, folder: Path) -> None:
    code, out, err = _practice(run_cli, folder)
    assert (code, err) == (0, "")
    records = _records(folder)

    tokens = _group(records, "tokens", "medium")
    waived = [r for r in tokens if "design-review" not in recount.stages(r)]
    assert len(waived) >= 3
    share = round(100 * len(waived) / len(tokens))
    assert (
        f"'design-review' was waived in {share} % of medium-risk changes of team tokens since "
        f"2026-03-01 ({len(waived)} of {len(tokens)})."
    ) in out
    assert f"{len(waived)} waivers approved by eva-lund (director)" in out
    assert (
        "Process change: make 'design-review' not apply at risk medium. This WEAKENS the "
        "process; sdlc diff would report: stage 'design-review' no longer required at risk "
        "medium. A weakening needs approval at level director."
    ) in out

    for team in ("login", "tokens"):
        high = _group(records, team, "high")
        waits = recount.security_test_waits(high)
        assert len(waits) == len(high)
        assert (
            f"'security-test' waits a median of {recount.days(recount.median(waits))} (90 % "
            f"within {recount.days(recount.percentile_90(waits))}) in high-risk changes of team "
            f"{team} since 2026-03-01, the longest of any stage."
        ) in out
        assert (
            f"performed as security-champion in {len(waits)} of {len(waits)} events, and 2 "
            "people hold that role"
        ) in out

    login = _group(records, "login", "low")
    early = [r for r in login if recount.tested_before_the_last_build(r)]
    assert len(early) >= 3
    assert (
        f"'login-e2e-tests' was recorded before 'build', which it depends on, in "
        f"{round(100 * len(early) / len(login))} % of low-risk changes of team login since "
        f"2026-03-01 ({len(early)} of {len(login)})."
    ) in out
    # the approvals and deployments that follow from those tests are not a second suggestion
    assert "'approval' came after" not in out


def test_rework_is_counted_from_the_new_commits(run_cli: RunCli, folder: Path) -> None:
    code, out, _ = _practice(run_cli, folder, "--format", "json")
    assert code == 0
    data = json.loads(out)
    records = _records(folder)
    reworked = [r for r in records if recount.stages(r).count("implementation") == 2]
    (loop,) = data["all"]["flow"]["rework"]
    assert (loop["stage"], loop["changes"], loop["times"]) == (
        "implementation",
        len(reworked),
        len(reworked),
    )
    assert loop["after"] == {"code-review": len(reworked)}


def test_flow_and_lead_time_agree_with_the_records(run_cli: RunCli, folder: Path) -> None:
    code, out, _ = _practice(run_cli, folder, "--format", "json", "--top", "3")
    assert code == 0
    data = json.loads(out)
    records = _records(folder)
    whole = data["all"]
    outside = 300 - len(records)
    assert data["records"] == {"read": 300, "unreadable": 0, "outside": outside, "studied": 251}
    assert len(records) == 251
    assert whole["changes"] == len(records)
    assert whole["events"] == sum(len(r["events"]) for r in records)
    got = Counter({(f["from"], f["to"]): f["count"] for f in whole["flow"]["follows"]})
    assert got == recount.follows(records)
    variants = Counter(recount.stages(r) for r in records)
    assert whole["flow"]["variants"]["distinct"] == len(variants)
    top = sorted(variants.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    assert [(tuple(v["stages"]), v["count"]) for v in whole["flow"]["variants"]["top"]] == top
    starts = Counter(recount.stages(r)[0] for r in records)
    assert {s["stage"]: s["count"] for s in whole["flow"]["starts"]} == starts
    lead = recount.lead_to_deployment(records)
    assert whole["times"]["lead"]["deployment"] == {
        "count": len(lead),
        "median_s": recount.median(lead),
        "p90_s": pytest.approx(recount.percentile_90(lead)),
    }
    for group in data["groups"]:
        members = _group(records, group["team"], group["risk"])
        assert group["changes"] == len(members)
        got = Counter({(f["from"], f["to"]): f["count"] for f in group["flow"]["follows"]})
        assert got == recount.follows(members)


def test_the_weakening_named_is_the_one_sdlc_diff_reports(
    run_cli: RunCli, folder: Path, tmp_path: Path
) -> None:
    _, out, _ = _practice(run_cli, folder, "--format", "json")
    (suggestion,) = [s for s in json.loads(out)["suggestions"] if s["kind"] == "waived"]
    data = yaml.safe_load((ROOT / "processes" / "eid-gateway.yaml").read_text(encoding="utf-8"))
    stage = next(s for s in data["stages"] if s["id"] == "design-review")
    stage["applies_when"] = {"all": [stage["applies_when"], {"not": {"risk_in": ["medium"]}}]}
    changed = tmp_path / "changed.yaml"
    changed.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, diffed, _ = run_cli(
        "diff", "processes/eid-gateway.yaml", str(changed), "--format", "json"
    )
    assert code == 1
    report = json.loads(diffed)
    weakenings = [f"{c['subject']} {c['text']}" for c in report["changes"] if c["weakening"]]
    assert suggestion["proposal"] == {
        "change": "make 'design-review' not apply at risk medium",
        "weakenings": weakenings,
        "approval_level": report["approval_level"],
    }


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_output_is_pinned(run_cli: RunCli, tmp_path: Path, fmt: str) -> None:
    archive.write(tmp_path, seed=7, count=80, today=dt.date.today())
    code, out, err = _practice(run_cli, tmp_path, "--format", fmt, "--top", "3")
    assert (code, err) == (0, "")
    golden(GOLDEN / f"seed-7.{'txt' if fmt == 'text' else 'md'}", out.replace(str(tmp_path), "…"))


def test_without_the_waivers_the_design_review_is_skipped(run_cli: RunCli, folder: Path) -> None:
    code, out, _ = run_cli(
        "practice",
        str(folder / "records.jsonl"),
        "--process",
        "processes",
        "--roster",
        "processes/eid-gateway.roster.yaml",
        "--since",
        SINCE.isoformat(),
    )
    assert code == 0
    tokens = _group(_records(folder), "tokens", "medium")
    skipped = [r for r in tokens if "design-review" not in recount.stages(r)]
    assert (
        f"'design-review' was skipped in {round(100 * len(skipped) / len(tokens))} % of "
        f"medium-risk changes of team tokens since 2026-03-01 ({len(skipped)} of {len(tokens)})."
    ) in out


def test_the_selection_keeps_one_team_and_a_period(run_cli: RunCli, folder: Path) -> None:
    until = dt.date(2026, 6, 30)
    code, out, _ = _practice(
        run_cli, folder, "--team", "login", "--until", until.isoformat(), "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    kept = [r for r in _records(folder) if r["team"] == "login" and recount.first_day(r) <= until]
    assert data["selection"] == {"since": "2026-03-01", "until": "2026-06-30", "teams": ["login"]}
    assert data["records"]["studied"] == len(kept)
    assert {g["team"] for g in data["groups"]} == {"login"}
    assert sum(g["changes"] for g in data["groups"]) == len(kept)
