"""sdlc practice at its edges: bad input, conditional stages, the percentile, and
Markdown that text from records cannot break."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from sdlc.practice.timing import p90
from sdlc.practice.wording import duration

from ..conftest import RunCli
from . import archive

ARGS = ("--process", "processes", "--roster", "processes/eid-gateway.roster.yaml")


def _write(path: Path, records: list[dict[str, object]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def _some(count: int, *, seed: int = 3) -> list[dict[str, object]]:
    rng = random.Random(seed)
    return [archive.record(rng, n)[0] for n in range(count)]


def test_p90_interpolates_between_the_closest_ranks() -> None:
    assert p90([float(v) for v in range(1, 11)]) == pytest.approx(9.1)
    assert p90([5.0]) == 5.0
    assert p90([1.0, 3.0]) == pytest.approx(2.8)


def test_durations_are_written_in_minutes_hours_or_days() -> None:
    assert [duration(s) for s in (2700, 18720, 172799, 267840)] == [
        "45 min",
        "5.2 h",
        "48.0 h",
        "3.1 days",
    ]


def test_an_unreadable_record_is_counted_and_exits_2(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    _write(path, _some(6))
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"id": "broken"\n')
    code, out, err = run_cli("practice", str(path), *ARGS)
    assert (code, err) == (2, "")
    assert out.startswith(
        "sdlc practice: 6 changes studied (7 records read, 1 unreadable, 0 outside the selection)"
    )


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (("--since", "2026-13-01"), "expected a day as YYYY-MM-DD, e.g. 2026-03-01"),
        (("--top", "0"), "expected a whole number of 1 or more, found '0'"),
    ],
)
def test_a_bad_option_is_one_message(
    capsys: pytest.CaptureFixture[str], words: tuple[str, ...], message: str
) -> None:
    from sdlc.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["practice", "records.jsonl", *ARGS, *words])
    assert exited.value.code == 2
    assert message in capsys.readouterr().err


def test_until_before_since_is_refused(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    _write(path, _some(2))
    code, out, err = run_cli(
        "practice", str(path), *ARGS, "--since", "2026-05-01", "--until", "2026-04-01"
    )
    assert (code, out) == (2, "")
    assert err == "sdlc: --until 2026-04-01 is before --since 2026-05-01\n"


def test_a_conditional_stage_that_always_applied_is_a_suggestion(
    run_cli: RunCli, tmp_path: Path
) -> None:
    records = [r for r in _some(60) if r["declared_risk"] != "low"]
    path = tmp_path / "records.jsonl"
    _write(path, records)
    code, out, _ = run_cli("practice", str(path), *ARGS, "--format", "json")
    assert code == 0  # no waivers: the records fail, but that is for sdlc check to say
    data = json.loads(out)
    found = {(a["stage"], a["risk"]): a for a in data["conditional"]}
    assert found["design-review", None] == {
        "stage": "design-review",
        "risk": None,
        "applies": len(records),
        "of": len(records),
        "condition": "risk is medium or higher",
        "always": True,
    }
    (suggestion,) = [
        s
        for s in data["suggestions"]
        if s["kind"] == "always-applies" and s["text"].startswith("'design-review'")
    ]
    assert suggestion["text"] == (
        f"'design-review' applied to every one of the {len(records)} changes"
    )
    assert suggestion["proposal"]["change"] == "make 'design-review' apply to every change"
    assert suggestion["proposal"]["weakenings"] == []


def test_markdown_escapes_the_teams_records_name(run_cli: RunCli, tmp_path: Path) -> None:
    records = _some(8)
    for record in records:
        record["team"] = "team_x_"
    path = tmp_path / "records.jsonl"
    _write(path, records)
    code, out, _ = run_cli("practice", str(path), *ARGS, "--format", "markdown")
    assert code == 0
    assert "team_x_" not in out
    assert "team team&#95;x&#95;" in out


def test_one_record_is_counted_in_the_singular(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    _write(path, _some(1))
    code, out, err = run_cli("practice", str(path), *ARGS)
    assert (code, err) == (0, "")
    assert out.startswith(
        "sdlc practice: 1 change studied (1 record read, 0 unreadable, 0 outside the selection)"
    )
