"""Every rule of the catalogue has a golden case named by its slug.

For each slug in :data:`sdlc.RULES` some folder ``tests/cases/<area>/<slug>/``
must exist, and one of its expected files (``expected.txt`` or ``expected.json``)
must name the rule: the case shows the finding, not only a folder of that name.
"""

from __future__ import annotations

import re
from pathlib import Path

import sdlc

from .conftest import ROOT

CASES = ROOT / "tests" / "cases"


def _mentions(folder: Path, slug: str) -> bool:
    word = re.compile(rf"(?<![\w-]){re.escape(slug)}(?![\w-])")
    return any(word.search(p.read_text(encoding="utf-8")) for p in folder.glob("expected.*"))


def _uncovered() -> dict[str, str]:
    """The slugs without a case that shows them, each with what is missing."""
    missing: dict[str, str] = {}
    for slug in sdlc.RULES:
        folders = sorted(p for p in CASES.glob(f"*/{slug}") if p.is_dir())
        if not folders:
            missing[slug] = "no folder tests/cases/<area>/" + slug
        elif not any(_mentions(folder, slug) for folder in folders):
            named = ", ".join(p.relative_to(ROOT).as_posix() for p in folders)
            missing[slug] = f"{named}: no expected output names the rule"
    return missing


def test_every_rule_has_a_golden_case_that_shows_it() -> None:
    missing = _uncovered()
    assert not missing, "rules without a golden case: " + "; ".join(
        f"{slug} ({why})" for slug, why in missing.items()
    )


def test_a_case_must_name_its_rule(tmp_path: Path) -> None:
    """The mention is a whole slug: ``waiver-level-lowered`` does not show ``waiver-level``."""
    (tmp_path / "expected.txt").write_text("error D015 waiver-level-lowered\n", encoding="utf-8")
    assert not _mentions(tmp_path, "waiver-level")
    (tmp_path / "expected.json").write_text('{"rule": "waiver-level"}\n', encoding="utf-8")
    assert _mentions(tmp_path, "waiver-level")
