"""Each record rule's page shows an example that the checker really judges so.

A page's "## Example" holds a YAML block: a record, or a record's `events` (and
any header fields, such as `declared_risk`) with the rest of the header taken
from :data:`HEADER`. The prose after it names the process it is checked against
("Checked against the shipped `eid-gateway@3.0`"), and says what `sdlc check`
makes of it: "reports" means the page's rule fires, "compliant" that the record
passes. The test checks the example exactly so, with the shipped roster and a
fixed clock, and asserts that outcome.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import yaml

from sdlc.checking import Checker, CheckOptions
from sdlc.model.process import Process
from sdlc.model.record import Record
from sdlc.model.roster import Roster
from sdlc.rules.catalogue import RULES

HEADER: dict[str, Any] = {
    "id": "EXAMPLE-1",
    "process": "eid-gateway@3.0",
    "title": "The example of a rule's page",
    "team": "login",
    "author": "ola-nordmann",
    "declared_risk": "low",
    "attributes": {"components": ["ui-texts"], "data_classes": ["public"]},
}
NOW = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
_BLOCK = re.compile(r"## Example\n\n```yaml\n(.*?)```\n\n(.*)", re.DOTALL)
_SHIPPED = "Checked against the shipped `eid-gateway@3.0`"

RECORD_RULES = sorted(slug for slug, rule in RULES.items() if rule.area == "record")
PENDING = frozenset(
    {
        "evidence-digest-mismatch",
        "unverifiable",
        "diff-underdeclared",
    }
)
"""Record rules whose page example is not yet written against a shipped process."""


def _example(slug: str) -> tuple[dict[str, Any], str] | None:
    found = _BLOCK.search(RULES[slug].page())
    if found is None or _SHIPPED not in " ".join(found.group(2).split()):
        return None
    data = yaml.safe_load(found.group(1))
    return {**HEADER, **data}, found.group(2)


@pytest.mark.parametrize("slug", sorted(set(RECORD_RULES) - PENDING))
def test_the_page_example_is_judged_as_the_page_says(
    eid: Process, eid_roster: Roster, slug: str
) -> None:
    example = _example(slug)
    assert example is not None, f"{slug}.md: no example checked against the shipped process"
    data, text = example
    prose = " ".join(text.split())
    report = Checker(eid, eid_roster, CheckOptions(now=NOW)).check(Record.model_validate(data))
    rules = {f.rule for f in report.findings}
    if "`sdlc check` reports" in prose:
        assert slug in rules, (slug, sorted(rules))
    else:
        assert "compliant" in prose, f"{slug}.md: the prose says neither 'reports' nor 'compliant'"
        assert report.compliant, [f.message for f in report.findings]


@pytest.mark.parametrize("slug", sorted(PENDING & set(RECORD_RULES)))
def test_a_pending_page_is_still_pending(slug: str) -> None:
    """A page converted to a checked example leaves :data:`PENDING`, so it is tested."""
    assert _example(slug) is None, f"{slug}.md has a checked example: remove it from PENDING"
