"""Each process rule's page shows an example that `sdlc lint` really judges so.

A page's "## Example" holds a YAML fragment of a process: its `stages` replace the
stages of :data:`BASE` with the same id (or are added after them), its `roles`
are added to the base's, and any other field replaces the base's. The prose
after it says "in an otherwise sound process" (the test asserts :data:`BASE`
lints clean) and what `sdlc lint` makes of the result: "reports" or "warns"
means the page's rule fires.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from sdlc.linting import lint
from sdlc.model.process import Process
from sdlc.rules.catalogue import RULES

from ..page_examples import EXAMPLE

BASE: dict[str, Any] = yaml.safe_load(
    """
id: example
version: "1"
title: The example of a process rule's page
owners: [process-owner]
effective: 2026-01-01
roles:
  developer: {title: Developer, level: team}
  reviewer: {title: Reviewer, level: team}
  tester: {title: Tester, level: team}
  security-tester: {title: Security tester, level: team}
  team-lead: {title: Team lead, level: team}
  department-head: {title: Head of department, level: department}
  operator: {title: Operator, level: team}
risk:
  levels: [low, medium, high]
  default: low
  rules:
    - {id: admin, level: medium, when: {components_any: [admin-ui]}}
    - {id: sessions, level: high, when: {components_any: [session]}}
components: [session, admin-ui, ui-texts]
stages:
  - {id: implementation, title: Implementation, kind: implementation, performers: [developer]}
  - id: code-review
    title: Code review
    kind: code-review
    performers: [reviewer]
    differ_from: [implementation]
    depends_on: [implementation]
  - {id: build, title: Build, kind: build, performers: [operator], depends_on: [code-review]}
  - {id: login-test, title: Login test, kind: test, performers: [tester], depends_on: [build]}
  - id: security-test
    title: Security test
    kind: security-test
    performers: [security-tester]
    applies_when: {risk_at_least: high}
    depends_on: [build]
  - id: release-approval
    title: Release approval
    kind: approval
    performers: [team-lead]
    approver_level: team
    depends_on: [code-review, login-test, security-test]
  - id: deploy
    title: Deploy to production
    kind: deployment
    performers: [operator]
    depends_on: [release-approval]
"""
)
_SOUND = "in an otherwise sound process"
_FIRES = ("`sdlc lint` reports", "`sdlc lint` warns")

PROCESS_RULES = sorted(slug for slug, rule in RULES.items() if rule.area == "process")
PENDING: frozenset[str] = frozenset()
"""Process rules whose page has no example merged onto :data:`BASE`."""


def _merged(fragment: dict[str, Any]) -> dict[str, Any]:
    merged = {**BASE, **fragment, "roles": {**BASE["roles"], **fragment.get("roles", {})}}
    stages = {stage["id"]: stage for stage in BASE["stages"]}
    stages.update({stage["id"]: stage for stage in fragment.get("stages", [])})
    merged["stages"] = list(stages.values())
    return merged


def _example(slug: str) -> tuple[dict[str, Any], str] | None:
    found = EXAMPLE.search(RULES[slug].page())
    if found is None:
        return None
    prose = " ".join(found.group(2).split())
    if _SOUND not in prose.lower():
        return None
    return _merged(yaml.safe_load(found.group(1))), prose


def test_the_base_process_is_sound() -> None:
    assert lint(Process.model_validate(BASE)) == []


@pytest.mark.parametrize("slug", sorted(set(PROCESS_RULES) - PENDING))
def test_the_page_example_is_linted_as_the_page_says(slug: str) -> None:
    example = _example(slug)
    assert example is not None, f"{slug}.md: no example in an otherwise sound process"
    data, prose = example
    rules = {finding.rule for finding in lint(Process.model_validate(data))}
    if any(phrase in prose for phrase in _FIRES):
        assert slug in rules, (slug, sorted(rules))
    else:
        assert "finds nothing" in prose, f"{slug}.md: the prose says neither 'reports' nor 'warns'"
        assert not rules, sorted(rules)


def test_pending_is_exactly_the_pages_without_a_checked_example() -> None:
    assert {slug for slug in PROCESS_RULES if _example(slug) is None} == PENDING
