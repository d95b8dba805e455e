"""``sdlc check --jobs N`` and ``--dask ADDRESS`` (sdlc/cli/workers.py): the same
report wherever the records are checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from sdlc.model.record import Record
from tests.conftest import RunCli

ROOT = Path(__file__).resolve().parents[2]
CHECK = (
    "--process",
    str(ROOT / "processes" / "eid-gateway.yaml"),
    "--roster",
    str(ROOT / "processes" / "eid-gateway.roster.yaml"),
    "--format",
    "json",
)


def _archive(tmp_path: Path) -> Path:
    """A JSON Lines archive of 2,500 records (three tasks of 1,000 lines), some failing."""
    lines = []
    for name in ("low-risk-compliant.yaml", "high-risk-rework.yaml", "incident-2020.yaml"):
        data = yaml.safe_load((ROOT / "examples" / name).read_text("utf-8"))
        lines.append(Record.model_validate(data).model_dump_json(exclude_defaults=True))
    path = tmp_path / "archive.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for number in range(2500):
            line = lines[number % 3]
            out.write(line.replace('"id":"EID-', f'"id":"N{number}-EID-', 1) + "\n")
    return path


def test_a_pool_gives_the_report_of_one_process(run_cli: RunCli, tmp_path: Path) -> None:
    archive = _archive(tmp_path)
    one = run_cli("check", str(archive), *CHECK, "--jobs", "1")
    two = run_cli("check", str(archive), *CHECK, "--jobs", "2")
    assert one[0] == two[0] == 1
    assert one[1] == two[1]
    reports = json.loads(two[1])
    assert len(reports) == 2500
    assert reports[2499]["id"] == "N2499-EID-2381"
    assert [r["compliant"] for r in reports[:3]] == [True, True, False]


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_jobs_must_be_a_whole_number_of_processes(
    run_cli: RunCli, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    with pytest.raises(SystemExit) as exited:  # argparse's refusal, with the usage
        run_cli("check", "examples/", *CHECK, f"--jobs={jobs}")
    out, err = capsys.readouterr()
    assert (exited.value.code, out) == (2, "")
    assert err.endswith(
        f"sdlc check: error: argument --jobs: expected a whole number of processes, "
        f"1 or more: {jobs}\n"
    )


def test_a_dask_cluster_gives_the_report_of_one_process(run_cli: RunCli, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    archive = _archive(tmp_path)
    one = run_cli("check", str(archive), *CHECK, "--jobs", "1")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        on_dask = run_cli("check", str(archive), *CHECK, "--dask", cluster.scheduler_address)
    assert on_dask == one
