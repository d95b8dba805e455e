"""The handbook's "How we really work" page (sdlc render --practice): its figures
recomputed here from the record files, and readable over hundreds of paths."""

from __future__ import annotations

import itertools
import json
import random
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from sdlc.practice.charts import STEPS

from ..conftest import RunCli
from ..handbook.demo_site import write_archive
from . import archive

Record = dict[str, Any]


def render(run_cli: RunCli, out: Path, records: Path, *extra: str) -> dict[str, str]:
    code, stdout, err = run_cli(
        "render",
        "processes/eid-gateway.yaml",
        "processes/baseline.yaml",
        "--out",
        str(out),
        "--versions",
        "processes",
        "--practice",
        str(records),
        *extra,
    )
    assert (code, err) == (0, ""), err
    assert stdout.startswith("rendered eid-gateway@3.0, baseline@1.0: ")
    return {p: (out / p).read_text("utf-8") for p in ("eid-gateway/practice.md",
                                                     "baseline/practice.md")}  # fmt: skip


def stages(record: Record) -> list[str]:
    return [e["stage"] for e in record["events"]]


def follows(records: list[Record]) -> Counter[tuple[str, str]]:
    pairs: Counter[tuple[str, str]] = Counter()
    for record in records:
        s = stages(record)
        pairs.update(itertools.pairwise(s))
    return pairs


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_archive(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def demo_records(demo: Path) -> list[Record]:
    lines = (demo / "records.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_the_practised_graph_draws_the_most_frequent_steps_with_their_counts(
    run_cli: RunCli, tmp_path: Path, demo: Path, demo_records: list[Record]
) -> None:
    pages = render(
        run_cli,
        tmp_path / "h",
        demo / "records.jsonl",
        "--roster",
        str(demo / "roster.yaml"),
        "--waivers",
        str(demo / "waivers.yaml"),
    )
    page = pages["eid-gateway/practice.md"]
    assert page.startswith("---\nhide:\n  - navigation\n  - toc\n---\n\n# How we really work\n")
    ids = {m[1]: m[0] for m in re.findall(r'    (p\d+)\["([^"]+) \(\d+\)"\]', page)}
    by_title = {
        "threat-modelling": "Threat modelling",
        "design-review": "Design review",
        "implementation": "Implementation",
        "code-review": "Code review",
        "build": "Build",
        "unit-tests": "Unit and integration tests",
        "login-e2e-tests": "Login end-to-end tests",
        "security-test": "Security test",
        "rollback-plan": "Rollback plan",
        "approval": "Release approval",
        "deployment": "Deployment",
        "verification": "Post-deployment verification",
    }
    node = {stage: ids[title] for stage, title in by_title.items()}
    counted = follows(demo_records)
    ranked = sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))[:STEPS]
    expected = [(pair, n) for pair, n in ranked if n >= len(demo_records) // 100]
    drawn = re.findall(r'    (p\d+) (-->|-\.->)\|"(\d+)(?: (back|again))?"\| (p\d+)', page)
    assert [(a, b, int(n)) for a, _, n, _, b in drawn] == [
        (node[x], node[y], n) for (x, y), n in expected
    ]
    kinds = {(a, b): (arrow, kind) for a, arrow, _, kind, b in drawn}
    assert kinds[node["build"], node["unit-tests"]] == ("-->", "")  # a dependency
    assert kinds[node["unit-tests"], node["login-e2e-tests"]] == ("-.->", "")  # any order
    assert kinds[node["login-e2e-tests"], node["build"]] == ("-.->", "back")  # forbidden
    assert kinds[node["code-review"], node["implementation"]] == ("-.->", "back")  # rework
    assert kinds[node["approval"], node["approval"]] == ("-.->", "again")  # second approver
    assert "    written ~~~ practised\n" in page

    variants = Counter(tuple(stages(r)) for r in demo_records)
    top = sorted(variants.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    rest = len(demo_records) - sum(n for _, n in top)
    assert (
        f"The other {len(variants) - 10} paths cover {round(100 * rest / len(demo_records))} % "
        f"of the changes ({rest} of {len(demo_records)})."
    ) in page
    assert f"| {round(100 * top[0][1] / len(demo_records))} % | {top[0][1]} | " in page
    assert "design-review' was waived in " in page  # the suggestions of sdlc practice
    assert pages["baseline/practice.md"].endswith("No change records of this process were given.\n")


def test_hundreds_of_paths_stay_a_page_of_the_top_ones(run_cli: RunCli, tmp_path: Path) -> None:
    rng = random.Random(5)
    records = []
    for number in range(400):
        data, _ = archive.record(rng, number)
        events = data["events"]
        rng.shuffle(events)
        records.append(data)
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    page = render(run_cli, tmp_path / "h", path)["eid-gateway/practice.md"]
    variants = Counter(tuple(stages(r)) for r in records)
    assert len(variants) > 300
    paths = page.split("## The most frequent paths", 1)[1].split("## Time per stage", 1)[0]
    assert len(re.findall(r"^\| \d+ % \| \d+ \| ", paths, flags=re.M)) == 10
    assert f"400 changes took {len(variants)} distinct paths through the process." in paths
    assert f"The other {len(variants) - 10} paths cover " in paths
    pairs = sorted(follows(records).values(), reverse=True)
    shown = [n for n in pairs[:STEPS] if n >= 4]  # 1 % of 400 changes
    drawn = re.findall(r'\|"\d+(?: back| again)?"\|', page)
    assert len(drawn) == len(shown) > 20
    left = pairs[len(shown) :]
    assert (
        f"The {len(shown)} most frequent steps are drawn; the {len(left)} rarer left out "
        f"happened {sum(left)} times in all."
    ) in page
