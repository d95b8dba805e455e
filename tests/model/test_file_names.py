"""Ids become file names in the handbook: any id a process may hold gives a page
inside the output, and no two pages meet on any file system, however it folds
names (case, Unicode normalisation, Windows' trailing dots and device names)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from sdlc.handbook.output import inside
from sdlc.handbook.templating import plan
from sdlc.model.process import Process
from sdlc.model.types import WINDOWS_DEVICES

SLUG = r"[a-z0-9][a-z0-9._-]{0,63}"


def _valid(name: str) -> bool:
    return name.split(".", 1)[0] not in WINDOWS_DEVICES and not name.endswith(".")


_IDS = st.from_regex(SLUG, fullmatch=True).filter(_valid)


def _process(process_id: str, stage_ids: list[str]) -> Process:
    """A chain of stages with the given ids: implementation first, deployment last."""
    kinds = ["implementation"] + ["test"] * (len(stage_ids) - 2) + ["deployment"]
    stages = [
        {
            "id": stage_id,
            "title": f"Stage {n}",
            "kind": kind,
            "performers": ["dev"],
            "depends_on": [stage_ids[n - 1]] if n else [],
        }
        for n, (stage_id, kind) in enumerate(zip(stage_ids, kinds, strict=True))
    ]
    return Process.model_validate(
        {
            "id": process_id,
            "version": "1",
            "title": "Names",
            "owners": ["me"],
            "effective": "2026-01-01",
            "roles": {"dev": {"title": "Dev", "level": "team"}},
            "risk": {"levels": ["low", "high"], "default": "low"},
            "stages": stages,
        }
    )


def _folded(path: str) -> str:
    """``path`` as the most forgiving file system sees it."""
    parts = unicodedata.normalize("NFC", path).casefold().split("/")
    return "/".join(part.rstrip(". ") for part in parts)


@settings(max_examples=60, deadline=None)
@given(_IDS.filter(lambda i: i != "rules"), st.lists(_IDS, min_size=2, max_size=8, unique=True))
def test_any_ids_give_pages_of_their_own_inside_the_output(
    process_id: str, stage_ids: list[str]
) -> None:
    paths = [page.path for page in plan([_process(process_id, stage_ids)])]
    root = Path("/nonexistent/handbook")
    for path in paths:
        inside(root, path)  # raises for anything that could leave the output
        for part in path.split("/"):
            assert part.split(".", 1)[0] not in WINDOWS_DEVICES, path
    assert len({_folded(p) for p in paths}) == len(paths)
    assert len({p.casefold() for p in paths}) == len(set(paths))


@pytest.mark.parametrize(
    "bad",
    ["../x", "/etc", "a/b", "a\\b", "A", "con", "nul.x", "com1", "lpt9.md", "x.", ".x", "-x", ""],
)
def test_ids_that_would_not_be_a_file_of_their_own_are_refused(bad: str) -> None:
    with pytest.raises(ValidationError):
        _process("demo", ["implementation", bad, "deploy"])
    with pytest.raises(ValidationError):
        _process(bad, ["implementation", "deploy"])


@pytest.mark.parametrize("fine", ["index", "overview", "rules", "console", "con-x", "a..b", "x.md"])
def test_ids_like_the_handbooks_own_pages_are_fine(fine: str) -> None:
    paths = [page.path for page in plan([_process("demo", ["implementation", fine, "deploy"])])]
    assert f"demo/stages/{fine}.md" in paths
    assert len(set(paths)) == len(paths)
