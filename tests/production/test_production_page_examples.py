"""Each production rule's page shows `sdlc deployed` output that it really prints.

A page's "## Example" holds a console block: the command (`$ sdlc deployed
SNAPSHOT ...`, run from the repository's root) and what it prints, without the
hint lines. The snapshot is the one of the rule's golden case
(tests/cases/deployed/<rule>/SNAPSHOT). The test runs the command and asserts the
page shows exactly its output, less the hints, and names the page's rule.
"""

from __future__ import annotations

import re
import shlex

import pytest

from sdlc.rules.catalogue import RULES

from ..conftest import ROOT, RunCli

_BLOCK = re.compile(r"## Example\n\n```console\n\$ (.*?)```\n", re.DOTALL)
_CASES = ROOT / "tests" / "cases" / "deployed"

PRODUCTION_RULES = sorted(slug for slug, rule in RULES.items() if rule.area == "production")
PENDING: frozenset[str] = frozenset()
"""Production rules whose page example is not checked here."""


def _example(slug: str) -> tuple[list[str], list[str]] | None:
    found = _BLOCK.search(RULES[slug].page())
    if found is None:
        return None
    command, *shown = found.group(1).replace("\\\n", " ").splitlines()
    argv = shlex.split(command)
    if argv[:2] != ["sdlc", "deployed"]:
        return None
    return argv[2:], shown


@pytest.mark.parametrize("slug", sorted(set(PRODUCTION_RULES) - PENDING))
def test_the_page_shows_what_sdlc_deployed_prints(run_cli: RunCli, slug: str) -> None:
    example = _example(slug)
    assert example is not None, f"{slug}.md: no `sdlc deployed` console example"
    (snapshot, *rest), shown = example
    case = (_CASES / slug / snapshot).relative_to(ROOT).as_posix()
    code, out, err = run_cli("deployed", case, *rest)
    assert err == ""
    printed = [
        line.replace(case, snapshot)
        for line in out.splitlines()
        if not line.lstrip().startswith("hint: ")
    ]
    assert shown == printed
    assert f" {RULES[slug].code} {slug} " in out
    assert code == (0 if RULES[slug].severity.value == "warn" else 1)


def test_pending_is_exactly_the_pages_without_a_checked_example() -> None:
    assert {slug for slug in PRODUCTION_RULES if _example(slug) is None} == PENDING
