"""sdlc.limits: every limit is set the same way, documented, and enforced with one message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sdlc import cli
from sdlc.errors import InputError
from sdlc.integrity.writer import append, create
from sdlc.limits import DEPTH, LIMITS, limits_help
from sdlc.load.loaders import load_record

from ..conftest import ROOT, RunCli

DOC = ROOT / "docs" / "limits.md"
RECORD = ROOT / "tests" / "cases" / "bad-input" / "_base" / "record.yaml"


def test_every_limit_is_in_the_docs_with_its_default() -> None:
    rows = re.findall(r"^\| `(SDLC_[A-Z_]+)` \| (\d+) \|", DOC.read_text("utf-8"), re.MULTILINE)
    assert rows == [(limit.variable, str(limit.default)) for limit in LIMITS]


@pytest.mark.parametrize("command", [[], ["lint"], ["check"]])
def test_help_lists_every_limit(
    command: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "88")
    with pytest.raises(SystemExit):
        cli.main([*command, "--help"])
    out = capsys.readouterr().out
    assert out.rstrip("\n").endswith(limits_help())
    for limit in LIMITS:
        assert f"{limit.variable}={limit.default}" in out


@pytest.mark.parametrize("limit", LIMITS, ids=lambda limit: limit.variable)
def test_each_limit_is_set_by_its_variable(limit: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from sdlc.limits import Limit

    assert isinstance(limit, Limit)
    assert limit.value() == limit.default
    monkeypatch.setenv(limit.variable, " 7 ")
    assert limit.value() == 7
    monkeypatch.setenv(limit.variable, "7.5")
    with pytest.raises(InputError) as caught:
        limit.value()
    assert caught.value.user_message() == (
        f"{limit.variable} is '7.5', expected a positive whole number of {limit.unit}\n"
        f"  hint: unset it for the default of {limit.default}, or set it to a number"
    )


def test_a_bad_setting_is_one_error_before_any_file_is_read(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDLC_MAX_NODES", "-1")
    assert run_cli("check", "no-such-record.yaml", "--process", "no-such-process.yaml") == (
        2,
        "",
        "sdlc: SDLC_MAX_NODES is '-1', expected a positive whole number of values\n"
        "  hint: unset it for the default of 1000000, or set it to a number\n",
    )


def test_depth_has_a_ceiling(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDLC_MAX_DEPTH", "250")
    assert DEPTH.value() == 250
    monkeypatch.setenv("SDLC_MAX_DEPTH", "251")
    with pytest.raises(InputError, match=r"more than the most sdlc can honour \(250 levels\)"):
        DEPTH.value()


def test_deep_documents_read_up_to_the_ceiling(monkeypatch: pytest.MonkeyPatch) -> None:
    """At the highest depth allowed, reading stays within the interpreter's stack."""
    from sdlc.load.source import parse_yaml

    monkeypatch.setenv("SDLC_MAX_DEPTH", "250")
    assert parse_yaml("[" * 250 + "]" * 250, "deep.yaml").data is not None
    with pytest.raises(InputError, match="nested more deeply than the limit of 250 levels"):
        parse_yaml("[" * 252 + "]" * 252, "deep.yaml")


def test_append_stops_at_the_event_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    record = load_record(RECORD)
    path = tmp_path / "CHG-1.yaml"
    create(path, record.model_copy(update={"events": ()}))
    monkeypatch.setenv("SDLC_MAX_EVENTS", "3")
    for event in record.events[:3]:
        append(path, event)
    with pytest.raises(InputError) as caught:
        append(path, record.events[3])
    assert caught.value.user_message() == (
        f"{path}: the record already holds 3 events, the most a record may hold\n"
        "  hint: start a new record for further work, or raise the limit with SDLC_MAX_EVENTS"
    )
    assert len(load_record(path).events) == 3
