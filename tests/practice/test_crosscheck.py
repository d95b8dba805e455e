"""bench/practice_crosscheck.py keeps working without PM4Py (which lives in bench/.venv):
sdlc's side against counts made here from the JSON Lines, and the comparison itself."""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

from bench import generate
from bench.practice_crosscheck import Counts, compare, event_rows, record_section, sdlc_counts


def _by_hand(rows: list[dict[str, object]], ids: list[str]) -> Counts:
    traces: dict[str, list[str]] = {}
    for row in rows:
        traces.setdefault(str(row["case:concept:name"]), []).append(str(row["concept:name"]))
    chosen = [tuple(traces[i]) for i in ids]
    follows = Counter(pair for t in chosen for pair in itertools.pairwise(t))
    return follows, Counter(t[0] for t in chosen), Counter(t[-1] for t in chosen), Counter(chosen)


def test_sdlc_counts_what_the_records_hold(tmp_path: Path) -> None:
    generate.write(tmp_path, 120, generate.Settings(seed=9), log=False)
    rows = event_rows(tmp_path / "records.jsonl")
    ours = sdlc_counts(tmp_path / "records.jsonl")
    assert sorted(ours) == ["all", "high/bench", "low/bench"]
    for name, (ids, counts) in ours.items():
        found = compare(name, ids, counts, _by_hand(rows, ids), 0)
        assert found.differences == ()
    assert len(ours["all"][0]) == 120


def test_a_difference_is_named(tmp_path: Path) -> None:
    follows: Counter[tuple[str, str]] = Counter({("build", "unit-tests"): 3})
    ours: Counts = (follows, Counter({"build": 1}), Counter(), Counter({("build",): 1}))
    theirs: Counts = (follows + Counter({("build", "unit-tests"): 1}), *ours[1:])
    found = compare("all", ["a"], ours, theirs, 4)
    assert found.differences == ("directly-follows ('build', 'unit-tests'): sdlc 3, PM4Py 4",)


def test_the_section_replaces_its_earlier_self(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text("# Results\n\n## Lint\n\nfast\n", encoding="utf-8")
    heading = "## sdlc practice against PM4Py's discovery"
    record_section(results, f"{heading}\n\nfirst\n")
    record_section(results, f"{heading}\n\nsecond\n")
    assert results.read_text(encoding="utf-8") == (
        f"# Results\n\n## Lint\n\nfast\n\n{heading}\n\nsecond\n"
    )
