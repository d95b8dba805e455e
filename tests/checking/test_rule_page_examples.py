"""Each record rule's page shows an example that the checker really judges so.

A page's "## Example" holds a YAML block: a record, or a record's `events` (and
any header fields, such as `declared_risk`) with the rest of the header taken
from :data:`HEADER`. The prose after it names the process it is checked against
("Checked against the shipped `eid-gateway@3.0`"), and says what `sdlc check`
makes of it: "reports" means the page's rule fires, "compliant" that the record
passes. The test checks the example exactly so, with the shipped roster (none
when the prose says "without its roster") and a fixed clock, and asserts that
outcome. The record lies in a fresh folder, where each local evidence file the
example names exists with content that is not the one its digest records.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from sdlc.checking import Checker, CheckOptions
from sdlc.model.process import Process
from sdlc.model.record import Record
from sdlc.model.roster import Roster
from sdlc.rules.catalogue import RULES

from ..page_examples import EXAMPLE, HEADER, NOW

_SHIPPED = "Checked against the shipped `eid-gateway@3.0`"

RECORD_RULES = sorted(slug for slug, rule in RULES.items() if rule.area == "record")
PENDING: frozenset[str] = frozenset()
"""Record rules whose page example is not yet written against a shipped process."""
_OVERWRITTEN = "<html>a later run's report</html>\n"


def _example(slug: str) -> tuple[dict[str, Any], str] | None:
    found = EXAMPLE.search(RULES[slug].page())
    if found is None or _SHIPPED not in " ".join(found.group(2).split()):
        return None
    data = yaml.safe_load(found.group(1))
    return {**HEADER, **data}, found.group(2)


@pytest.mark.parametrize("slug", sorted(set(RECORD_RULES) - PENDING))
def test_the_page_example_is_judged_as_the_page_says(
    eid: Process, eid_roster: Roster, slug: str, tmp_path: Path
) -> None:
    example = _example(slug)
    assert example is not None, f"{slug}.md: no example checked against the shipped process"
    data, text = example
    prose = " ".join(text.split())
    record = Record.model_validate(data)
    for event in record.events:
        for ref in event.evidence:
            if ref.sha256 is not None and "://" not in ref.uri:
                (tmp_path / ref.uri).parent.mkdir(parents=True, exist_ok=True)
                (tmp_path / ref.uri).write_text(_OVERWRITTEN, encoding="utf-8")
    roster = None if "without its roster" in prose else eid_roster
    checker = Checker(eid, roster, CheckOptions(now=NOW))
    report = checker.check(record, path=str(tmp_path / "record.yaml"))
    rules = {f.rule for f in report.findings}
    if "`sdlc check` reports" in prose:
        assert slug in rules, (slug, sorted(rules))
    else:
        assert "compliant" in prose, f"{slug}.md: the prose says neither 'reports' nor 'compliant'"
        assert report.compliant, [f.message for f in report.findings]


def test_pending_is_exactly_the_pages_without_a_checked_example() -> None:
    """A page converted to a checked example leaves :data:`PENDING`, so it is tested."""
    assert {slug for slug in RECORD_RULES if _example(slug) is None} == PENDING
