"""`sdlc render --versions/--stats`: the handbook shows version history and process health."""

from __future__ import annotations

from pathlib import Path

from sdlc.handbook.palette import chart_theme

from ..conftest import RunCli


def test_render_adds_version_history_and_health_pages(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "handbook"
    code, stdout, err = run_cli(
        "render",
        "processes/eid-gateway.yaml",
        "--out",
        str(out),
        "--versions",
        "processes/",
        "--stats",
        "examples/",
        "--roster",
        "processes/eid-gateway.roster.yaml",
    )
    assert (code, err) == (0, "")
    assert stdout.startswith("rendered eid-gateway@3.0: ")
    history = (out / "eid-gateway" / "versions.md").read_text(encoding="utf-8")
    assert history.startswith(
        '---\ntitle: "Versions"\n---\n\n# Versions of Secure development of the national eID login'
    )
    assert "## eid-gateway 2.0 → 3.0" in history
    assert "| stage 'code-review' | now needs 2 people at risk high, was 1 |" in history
    health = (out / "health.md").read_text(encoding="utf-8")
    assert health.startswith("# Process health\n")
    assert f"```mermaid\n{chart_theme()}\nxychart-beta" in health
    assert f"```mermaid\n{chart_theme()}\npie showData" in health


def test_render_stats_needs_a_roster(run_cli: RunCli, tmp_path: Path) -> None:
    code, out, err = run_cli(
        "render", "processes/eid-gateway.yaml", "--out", str(tmp_path / "h"), "--stats", "examples/"
    )
    assert (code, out) == (2, "")
    assert err == "sdlc: --stats needs --roster: the statistics come from checking records\n"
    assert not (tmp_path / "h").exists()
