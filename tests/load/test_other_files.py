"""A waiver file, process or roster among the records is named for what it is."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sdlc.load import load_records

from ..conftest import EID, EID_ROSTER, ROOT

WAIVERS = ROOT / "tests" / "cases" / "waivers" / "waiver-expired" / "waivers.yaml"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (WAIVERS, "a waiver file, not a change record: pass it with --waivers"),
        (EID, "a process file, not a change record: pass it with --process"),
        (EID_ROSTER, "a roster, not a change record: pass it with --roster"),
    ],
)
def test_another_kind_of_file_is_not_read_as_a_broken_record(
    tmp_path: Path, source: Path, expected: str
) -> None:
    shutil.copy(source, tmp_path / "other.yaml")
    (loaded,) = list(load_records([tmp_path]))
    assert loaded.record is None
    assert loaded.error is not None
    assert str(loaded.error).split(": ", 1)[1].splitlines()[0] == expected
    assert "unknown field" not in str(loaded.error)
