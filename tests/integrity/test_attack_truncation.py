"""Attack: cutting events off the end of a record, or keeping it unchained.

A shorter chain is still a valid chain, so removing the last events (the failed
verification, say) shows only against a head noted earlier. ``sdlc check`` takes
those heads (``--head RECORD=SHA256``, repeatable) and ``--require-chain``; and a
process can demand chained records itself (``integrity: {chained: true}``), so an
unchained record of it fails without any option.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sdlc.integrity.record_text import record_data, render
from sdlc.load.loaders import load_record

from ..conftest import EID, ROOT, RunCli
from ..signed_records import sign_record

COMPLIANT = ROOT / "examples" / "low-risk-compliant.yaml"
ROSTER = ("--roster", "processes/eid-gateway.roster.yaml")


def _findings(out: str) -> list[tuple[str, int | None, str]]:
    return [
        (f["rule"], f["event"], f["message"])
        for report in json.loads(out)
        for f in report["findings"]
    ]


@pytest.fixture
def chained(tmp_path: Path) -> tuple[Path, str]:
    """The compliant example re-recorded hash-chained; and its head."""
    path = tmp_path / "records" / "EID-2381.yaml"
    path.parent.mkdir()
    written = sign_record(load_record(COMPLIANT), path, sign=False)
    return path, written[-1].head


def _check(run_cli: RunCli, path: Path, *extra: str, process: str = str(EID)) -> tuple[int, str]:
    code, out, err = run_cli(
        "check", str(path), "--process", process, *ROSTER, "--format", "json", *extra
    )
    assert err == ""
    return code, out


def test_the_chained_record_passes_with_its_head(
    run_cli: RunCli, chained: tuple[Path, str]
) -> None:
    path, top = chained
    code, out = _check(run_cli, path, "--require-chain", "--head", f"EID-2381={top}")
    assert (code, _findings(out)) == (0, [])


def test_cutting_the_last_two_events_is_caught_by_the_noted_head(
    run_cli: RunCli, chained: tuple[Path, str]
) -> None:
    path, top = chained
    record = load_record(path)
    cut = record.model_copy(update={"events": record.events[:-2]})
    path.write_text(render(record_data(cut), "yaml"), encoding="utf-8")
    # Without the head, the shorter chain is whole: nothing integrity can say.
    _, out = _check(run_cli, path, "--require-chain")
    assert [f for f in _findings(out) if f[0] == "broken-chain"] == []
    code, out = _check(run_cli, path, "--require-chain", "--head", f"EID-2381={top}")
    assert code == 1
    assert (
        "broken-chain",
        None,
        f"record EID-2381: no event has the hash {top}, the head noted earlier: events at "
        "the end were removed, or the record was rewritten",
    ) in _findings(out)


def test_a_deleted_record_with_a_noted_head_is_a_broken_chain(
    run_cli: RunCli, chained: tuple[Path, str]
) -> None:
    path, top = chained
    code, out = _check(run_cli, path, "--head", f"EID-2381={top}", "--head", f"EID-2382={top}")
    assert code == 1
    reports = {r["id"]: r for r in json.loads(out)}
    assert reports["EID-2381"]["compliant"]
    assert [(f["rule"], f["message"]) for f in reports["EID-2382"]["findings"]] == [
        (
            "broken-chain",
            f"record EID-2382: its head {top} was noted earlier, but no record EID-2382 was "
            "checked: the record was removed, or its file was not given",
        )
    ]


def test_require_chain_reports_an_unchained_record(run_cli: RunCli) -> None:
    code, out = _check(run_cli, COMPLIANT, "--require-chain")
    assert code == 1
    assert _findings(out) == [
        (
            "broken-chain",
            None,
            "record EID-2381: the record has no hash chain: no event carries a 'prev'",
        )
    ]


def test_a_process_that_requires_a_chain_refuses_an_unchained_record_without_options(
    run_cli: RunCli, tmp_path: Path, chained: tuple[Path, str]
) -> None:
    process = tmp_path / "eid-gateway.yaml"
    text = EID.read_text(encoding="utf-8")
    assert "\nintegrity:" not in text
    process.write_text(text + "integrity:\n  chained: true\n", encoding="utf-8")
    code, out = _check(run_cli, COMPLIANT, process=str(process))
    assert code == 1
    assert _findings(out) == [
        (
            "broken-chain",
            None,
            "record EID-2381: the record has no hash chain, which eid-gateway@3.0 requires: "
            "no event carries a 'prev'",
        )
    ]
    code, out = _check(run_cli, chained[0], process=str(process))
    assert (code, _findings(out)) == (0, [])


@pytest.mark.parametrize(
    "head",
    ["EID-2381", "EID-2381=abc", "=" + "a" * 64, "EID 2381=" + "a" * 64, "EID-2381=" + "A" * 64],
)
def test_a_malformed_head_is_refused(run_cli: RunCli, head: str) -> None:
    code, out, err = run_cli(
        "check", str(COMPLIANT), "--process", str(EID), *ROSTER, "--head", head
    )
    assert (code, out) == (2, "")
    assert err == (
        f"sdlc: --head {head!r}: expected RECORD=SHA256, a record id and the head 'sdlc "
        "record append' printed for it (64 lower-case hex digits)\n"
    )


def test_two_heads_for_one_record_are_refused(run_cli: RunCli) -> None:
    a, b = "a" * 64, "b" * 64
    code, out, err = run_cli(
        "check", str(COMPLIANT), "--process", str(EID), *ROSTER,
        "--head", f"EID-2381={a}", "--head", f"EID-2381={b}",
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert err == (
        f"sdlc: --head: record EID-2381 is given two heads, {a} and {b}; give the last one noted\n"
    )
