"""The demo archive (examples/archive/generate.py) the site's health and practice pages
are made from: signed with keys its roster lists, and holding the deviations it
plants, which ``sdlc practice`` names with the figures recomputed here, in plain
Python over the record files, without sdlc's code."""

from __future__ import annotations

import datetime as dt
import json
import math
import statistics
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from sdlc.rules.catalogue import RULES

from ..conftest import RunCli
from .demo_site import generator, write_archive

Record = dict[str, Any]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_archive(tmp_path_factory.mktemp("demo-archive"))


def records(folder: Path) -> list[Record]:
    lines = (folder / "records.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def stages(record: Record) -> list[str]:
    return [e["stage"] for e in record["events"]]


def group(all_records: Iterable[Record], team: str, risk: str) -> list[Record]:
    return [r for r in all_records if r["team"] == team and r["declared_risk"] == risk]


def share(part: int, whole: int) -> int:
    return round(100 * part / whole)


def days(seconds: float) -> str:
    return f"{seconds / 86400:.1f} days"


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    rank = 0.9 * (len(ordered) - 1)
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def security_waits(members: Iterable[Record]) -> list[float]:
    """Each security test, from the build before it (the one stage it depends on)."""
    waits = []
    for record in members:
        built = None
        for event in record["events"]:
            at = dt.datetime.fromisoformat(event["at"])
            if event["stage"] == "build":
                built = at
            elif event["stage"] == "security-test":
                assert built is not None
                waits.append((at - built).total_seconds())
    return waits


def e2e_before_the_last_build(done: list[str]) -> bool:
    """Whether the login tests came before the build of the commit that was deployed."""
    last_build = len(done) - 1 - done[::-1].index("build")
    return done.index("login-e2e-tests") < last_build


def practice(run_cli: RunCli, folder: Path) -> str:
    code, out, err = run_cli(
        "practice",
        str(folder / "records.jsonl"),
        "--process",
        "processes",
        "--roster",
        str(folder / "roster.yaml"),
        "--waivers",
        str(folder / "waivers.yaml"),
    )
    assert (code, err) == (0, "")
    return out


def test_the_same_seed_gives_the_same_records(archive: Path, tmp_path: Path) -> None:
    generator().write(tmp_path, today=dt.date(2030, 1, 1))
    assert (tmp_path / "records.jsonl").read_bytes() == (archive / "records.jsonl").read_bytes()
    assert (tmp_path / "roster.yaml").read_bytes() == (archive / "roster.yaml").read_bytes()


def test_it_is_a_year_of_signed_records_of_three_teams(archive: Path) -> None:
    found = records(archive)
    assert len(found) == 360
    months = {r["events"][0]["at"][:7] for r in found}
    assert months == {f"2026-{m:02d}" for m in range(1, 12)}
    assert {r["team"] for r in found} == {"login", "tokens", "platform"}
    assert all(e["signature"]["key"] == f"{e['actor']}-demo" for r in found for e in r["events"])


def test_every_signature_verifies_and_only_the_planted_changes_fail(
    run_cli: RunCli, archive: Path
) -> None:
    """No integrity finding (unknown key, bad signature, broken chain …): the roster
    knows every key. The changes that fail are exactly those with an ordering or a
    skipped stage planted in them, and their findings are about the planted stages and
    what follows them (the approval and deployment that came after)."""
    code, out, _ = run_cli(
        "check",
        str(archive / "records.jsonl"),
        "--process",
        "processes",
        "--roster",
        str(archive / "roster.yaml"),
        "--waivers",
        str(archive / "waivers.yaml"),
        "--format",
        "json",
    )
    assert code == 1
    reports = json.loads(out)
    findings = [f for r in reports for f in r["findings"]]
    assert [f["rule"] for f in findings if RULES[f["rule"]].code.startswith("I")] == []
    found = records(archive)
    planted = {
        r["id"]
        for r in found
        if (
            (r["team"], r["declared_risk"]) == ("login", "low")
            and e2e_before_the_last_build(stages(r))
        )
        or (
            (r["team"], r["declared_risk"]) == ("platform", "medium")
            and "rollback-plan" not in stages(r)
        )
    }
    assert len(planted) >= 8
    assert {r["id"] for r in reports if not r["compliant"]} == planted
    failing = {f["stage"] for f in findings if f.get("waived") is None}
    assert failing <= {"login-e2e-tests", "rollback-plan", "approval", "deployment"}
    assert {"login-e2e-tests", "rollback-plan"} <= failing
    waived = {(f["rule"], f["stage"]) for f in findings if f.get("waived") is not None}
    assert waived == {("missing-stage", "design-review")}


def test_sdlc_practice_names_the_planted_deviations(run_cli: RunCli, archive: Path) -> None:
    out = practice(run_cli, archive)
    found = records(archive)

    tokens = group(found, "tokens", "medium")
    waived = [r for r in tokens if "design-review" not in stages(r)]
    assert len(waived) >= 5
    assert (
        f"'design-review' was waived in {share(len(waived), len(tokens))} % of medium-risk "
        f"changes of team tokens ({len(waived)} of {len(tokens)})."
    ) in out
    assert f"{len(waived)} waivers approved by eva-lund (director)" in out

    for team, role, people in (
        ("login", "security-champion", "2 people hold that role"),
        ("tokens", "security-champion", "2 people hold that role"),
        ("platform", "security-officer", "1 person holds that role"),
    ):
        waits = security_waits(group(found, team, "high"))
        assert (
            f"'security-test' waits a median of {days(statistics.median(waits))} (90 % within "
            f"{days(p90(waits))}) in high-risk changes of team {team}, the longest of any stage."
        ) in out
        assert f"performed as {role} in {len(waits)} of {len(waits)} events, and {people}" in out

    login = group(found, "login", "low")
    early = [r for r in login if e2e_before_the_last_build(stages(r))]
    assert len(early) >= 5
    assert (
        f"'login-e2e-tests' was recorded before 'build', which it depends on, in "
        f"{share(len(early), len(login))} % of low-risk changes of team login "
        f"({len(early)} of {len(login)})."
    ) in out

    platform = group(found, "platform", "medium")
    skipped = [r for r in platform if "rollback-plan" not in stages(r)]
    assert len(skipped) >= 3
    assert (
        f"'rollback-plan' was skipped in {share(len(skipped), len(platform))} % of "
        f"medium-risk changes of team platform ({len(skipped)} of {len(platform)})."
    ) in out
