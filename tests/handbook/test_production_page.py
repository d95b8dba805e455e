"""``sdlc render --snapshot``: the "In production" page of what runs where."""

from __future__ import annotations

from pathlib import Path

from ..conftest import RunCli

PODS = "tests/production/data/pods.json"
RECORDS = [
    "examples/high-risk-rework.yaml",
    "examples/incident-2020.yaml",
    "examples/low-risk-compliant.yaml",
]
ROSTER = "processes/eid-gateway.roster.yaml"


def _render(run_cli: RunCli, out: Path, *snapshots: str) -> tuple[int, str, str]:
    args = ["render", "processes/eid-gateway.yaml", "--out", str(out), "--stats", *RECORDS]
    args += ["--roster", ROSTER]
    for snapshot in snapshots:
        args += ["--snapshot", snapshot]
    return run_cli(*args)


def test_the_page_names_each_running_artifact_and_its_record(
    run_cli: RunCli, tmp_path: Path
) -> None:
    code, _, err = _render(run_cli, tmp_path / "site", PODS)
    assert (code, err) == (0, "")
    page = (tmp_path / "site" / "production.md").read_text().splitlines()
    assert page[:8] == [
        "# In production",
        "",
        "What the snapshots show running, and for every running artifact the change record "
        "that deployed it and whether that record followed the process. Anything not "
        "compliant here runs in production without the proof the process asks for.",
        "",
        "11 running artifacts; 2 with a compliant record, 9 without.",
        "",
        "| Where | Artifact | Status | Deployed by | Since |",
        "| --- | --- | --- | --- | --- |",
    ]
    assert (
        "| eid/eid-gateway-7c9d8f6b5-2xk4q/gateway | sha256:32b8f63b340a… | compliant | "
        "EID-2417, event #17 | 2026-03-12T07:30:00+01:00 |"
    ) in page
    assert (
        "| eid/eid-gateway-canary-5f8b9c7d6-lq8wd/gateway | sha256:748c00b62af1… | "
        "**not compliant** | EID-1203, event #9 | 2026-10-01T07:30:00+02:00 |"
    ) in page
    assert (
        "| monitoring/log-shipper-x7k2p/shipper | registry.example.no/ops/log-shipper:2.3 | "
        "**unverifiable: no digest** |  |  |"
    ) in page
    assert page[-3:] == [
        "## Deployed, but not seen running",
        "",
        "- EID-2381, event #7: sha256:2c530b51a2df56f8dc5a9a572930fa76473a3935045ae17184cf6f2"
        "75313931f (deployed 2026-03-03T08:30:00+01:00)",
    ]


def test_names_from_a_snapshot_cannot_start_html(run_cli: RunCli, tmp_path: Path) -> None:
    listing = tmp_path / "running.txt"
    digest = "sha256:32b8f63b340ae821db9b6d7dd9ca1b100fb2021189f0de050081d9e7a0a30086"
    listing.write_text(f"<img/src=x/onerror=alert(1)> {digest}\n")
    code, _, err = _render(run_cli, tmp_path / "site", str(listing))
    assert (code, err) == (0, "")
    page = (tmp_path / "site" / "production.md").read_text()
    assert "<img" not in page
    assert (
        "| &lt;img/src&#61;x/onerror&#61;alert(1)&gt; | sha256:32b8f63b340a… | compliant |" in page
    )


def test_a_snapshot_needs_the_records(run_cli: RunCli, tmp_path: Path) -> None:
    code, out, err = run_cli(
        "render", "processes/eid-gateway.yaml", "--out", str(tmp_path), "--snapshot", PODS
    )
    assert (code, out) == (2, "")
    assert err == (
        "sdlc: --snapshot needs --stats RECORDS and --roster: the page says which record "
        "deployed each running artifact\n"
    )
    assert list(tmp_path.iterdir()) == []  # nothing rendered
