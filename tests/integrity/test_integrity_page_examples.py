"""Each integrity rule's page shows an example that `sdlc check` really reports.

A page's "## Example" holds a record's `events`, the rest of the header taken
from :data:`HEADER`. The chain and signature fields are not shown: the prose
says how the record was made ("Recorded with `sdlc record append`", "and
signed": each event by its actor's example key), what was edited by hand
afterwards (:data:`MADE` holds that edit, by page), and what it is checked
against ("the shipped `eid-gateway@3.0`", "with a roster that lists everyone's
key", "with `signed: true` on its `approval` stage"). The test makes the record
so, checks it with a fixed clock and asserts the page's rule fires.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from sdlc.checking import Checker, CheckOptions
from sdlc.load.loaders import load_record
from sdlc.model.process import Process
from sdlc.model.record import Record
from sdlc.model.roster import Roster
from sdlc.rules.catalogue import RULES

from ..signed_records import sign_record, signed_process, with_keys

HEADER: dict[str, Any] = {
    "id": "EXAMPLE-1",
    "process": "eid-gateway@3.0",
    "title": "The example of an integrity rule's page",
    "team": "login",
    "author": "ola-nordmann",
    "declared_risk": "low",
    "attributes": {"components": ["ui-texts"], "data_classes": ["public"]},
}
NOW = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
_BLOCK = re.compile(r"## Example\n\n```yaml\n(.*?)```\n\n(.*)", re.DOTALL)
_SHIPPED = "the shipped `eid-gateway@3.0`"
_Edit = Callable[[str], str]


def _once(old: str, new: str) -> _Edit:
    def edit(text: str) -> str:
        assert text.count(old) == 1, (old, text)
        return text.replace(old, new)

    return edit


MADE: dict[str, _Edit] = {
    "broken-chain": _once("outcome: rejected", "outcome: approved"),
    "bad-signature": _once("subject: a1f3c9e0", "subject: b7d20e41"),
}
"""The edit by hand each page describes, made to the recorded file's text."""

INTEGRITY_RULES = sorted(slug for slug, rule in RULES.items() if rule.area == "integrity")
PENDING = {
    "rewritten-history": "needs a git store holding two versions of a record; "
    "tests/store/test_attack_rewritten_history.py rewrites one",
}
"""Integrity rules whose page example is not checked here, each with the reason."""


def _example(slug: str) -> tuple[dict[str, Any], str] | None:
    found = _BLOCK.search(RULES[slug].page())
    if found is None:
        return None
    prose = " ".join(found.group(2).split())
    if _SHIPPED not in prose or "`sdlc check` reports" not in prose:
        return None
    return {**HEADER, **yaml.safe_load(found.group(1))}, prose


def _made(data: dict[str, Any], prose: str, slug: str, folder: Path) -> Record:
    record = Record.model_validate(data)
    if not prose.startswith("Recorded"):
        return record
    path = folder / "record.yaml"
    sign_record(record, path, sign=prose.startswith("Recorded and signed"))
    edit = MADE.get(slug)
    if edit is not None:
        path.write_text(edit(path.read_text("utf-8")), encoding="utf-8")
    return load_record(path)


@pytest.mark.parametrize("slug", sorted(set(INTEGRITY_RULES) - set(PENDING)))
def test_the_page_example_is_reported_as_the_page_says(
    eid: Process, eid_roster: Roster, slug: str, tmp_path: Path
) -> None:
    example = _example(slug)
    assert example is not None, f"{slug}.md: no example checked against the shipped process"
    data, prose = example
    record = _made(data, prose, slug, tmp_path)
    roster = with_keys(eid_roster) if "lists everyone's key" in prose else eid_roster
    process = signed_process(eid, {"approval"}) if "`signed: true` on its" in prose else eid
    report = Checker(process, roster, CheckOptions(now=NOW)).check(record)
    assert slug in {finding.rule for finding in report.findings}, report.findings


def test_pending_is_exactly_the_pages_without_a_checked_example() -> None:
    assert {slug for slug in INTEGRITY_RULES if _example(slug) is None} == set(PENDING)
