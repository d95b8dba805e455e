"""Each waiver rule's page shows an example that `sdlc check --waivers` really
judges so.

A page's "## Example" holds a waiver file, after the process's `waivers` policy
when there is one (two YAML documents). The waiver's record is the golden case
of the rule it waives (tests/cases/check/<rule>/record.yaml) under the id the
waiver names. The prose says the day it is checked on ("Checked on 1 April
2026"), against "the shipped `eid-gateway@3.0`" ("with that waiver policy", "with
a roster that lists" the approver's key), and which rules `sdlc check` reports;
the test asserts each backquoted rule it names is reported, the page's own rule
among them. A signed waiver's comment says what it was signed with: the test
re-signs it so, and its signature must be the one the page shows.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from sdlc.checking import Checker, CheckOptions
from sdlc.evolution.waiver_file import Waiver, sign_waiver
from sdlc.evolution.waivers import apply_waivers, load_waivers
from sdlc.load.loaders import load_record
from sdlc.model.process import Process
from sdlc.model.roster import Roster
from sdlc.rules.catalogue import RULES

from ..conftest import ROOT
from ..page_examples import EXAMPLE
from ..signed_records import signing_key, with_keys

_DAY = re.compile(r"Checked on (\d{1,2} [A-Z][a-z]+ \d{4}) against the shipped `eid-gateway@3.0`")
_SIGNED = re.compile(r"expires: \S+ +# signed with (\S+), changed afterwards")

WAIVER_RULES = sorted(slug for slug, rule in RULES.items() if rule.area == "waiver")
PENDING: frozenset[str] = frozenset()
"""Waiver rules whose page example is not checked here."""


def _example(slug: str) -> tuple[list[dict[str, Any]], str, str] | None:
    found = EXAMPLE.search(RULES[slug].page())
    if found is None:
        return None
    prose = " ".join(found.group(2).split())
    if _DAY.search(prose) is None or "`sdlc check --waivers waivers.yaml` reports" not in prose:
        return None
    return list(yaml.safe_load_all(found.group(1))), found.group(1), prose


def _named(prose: str) -> set[str]:
    """The rules the prose says `sdlc check` reports."""
    after = prose.split("`sdlc check --waivers waivers.yaml` reports", 1)[1]
    head = after.split(":", 1)[0].split(" so ", 1)[0]
    return set(re.findall(r"`([a-z]+(?:-[a-z]+)+)`", head)) & set(RULES)


@pytest.mark.parametrize("slug", sorted(set(WAIVER_RULES) - PENDING))
def test_the_page_example_is_judged_as_the_page_says(
    eid: Process, eid_roster: Roster, slug: str, tmp_path: Path
) -> None:
    example = _example(slug)
    assert example is not None, f"{slug}.md: no example checked on a day against the shipped"
    documents, text, prose = example
    *policy, waiver_file = documents
    process = eid
    if policy:
        assert "with that waiver policy" in prose
        data = eid.model_dump(by_alias=True) | {"waivers": policy[0]["waivers"]}
        process = Process.model_validate(data)
    roster = with_keys(eid_roster) if "with a roster that lists" in prose else eid_roster
    path = tmp_path / "waivers.yaml"
    path.write_text(text.split("---\n")[-1], encoding="utf-8")
    waivers = load_waivers(path)
    ((entry,),) = [waiver_file["waivers"]]
    signed = _SIGNED.search(text)
    if signed is not None:
        original = Waiver.model_validate({**entry, "expires": signed.group(1)})
        again = sign_waiver(
            original.model_copy(update={"signature": None}), signing_key(entry["approver"])
        )
        assert again.signature == waivers.waivers[0].signature, "the page's signature is not real"
    on = _DAY.search(prose)
    assert on is not None
    day = dt.datetime.strptime(on.group(1), "%d %B %Y")
    options = CheckOptions(now=day.replace(hour=12, tzinfo=dt.UTC))
    case = load_record(ROOT / "tests" / "cases" / "check" / entry["rule"] / "record.yaml")
    record = case.model_copy(update={"id": entry["record"]})
    report = Checker(process, roster, options).check(record)
    report = apply_waivers(report, waivers, process, roster, options)
    failing = {finding.rule for finding in report.findings if finding.waived is None}
    named = _named(prose)
    assert slug in named, (slug, prose)
    assert named <= failing, (sorted(named), sorted(failing), [f.message for f in report.findings])
    assert entry["rule"] in failing, "the waived finding still fails"


def test_pending_is_exactly_the_pages_without_a_checked_example() -> None:
    assert {slug for slug in WAIVER_RULES if _example(slug) is None} == PENDING
