"""The process health page in a real mkdocs-material site: its charts render.

The page is made from seeded generated records (see ``test_stats``), built with
the repository's ``mkdocs.yml`` and vendored Mermaid, and opened in headless
Chromium, as ``test_render_site`` does for the handbook.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from sdlc.checking import CheckOptions
from sdlc.evolution.counts import Stats
from sdlc.evolution.stats import collect
from sdlc.evolution.versions import VersionedChecker
from sdlc.handbook.health import health_page
from sdlc.load.records import load_records

from ..conftest import EID_ROSTER, ROOT
from ..handbook.site_tools import dom_nodes, mkdocs_build
from ..handbook.test_render_site import MERMAID, browser, screenshots
from .test_stats import generate

__all__ = ["browser", "screenshots"]  # fixtures shared with test_render_site


@pytest.fixture(scope="module")
def stats(tmp_path_factory: pytest.TempPathFactory) -> Stats:
    records = tmp_path_factory.mktemp("records") / "records.jsonl"
    generate(records, seed=2026, count=60)
    checker = VersionedChecker.open(ROOT / "processes", EID_ROSTER, CheckOptions())
    return collect(checker.results(load_records([records])))


@pytest.fixture(scope="module")
def health_site(tmp_path_factory: pytest.TempPathFactory, stats: Stats) -> Path:
    root = tmp_path_factory.mktemp("health-site")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    docs = root / "docs"
    (docs / "assets" / "javascripts").mkdir(parents=True)
    shutil.copy(MERMAID, docs / "assets" / "javascripts" / "mermaid.min.js")
    (docs / "index.md").write_text(health_page(stats), encoding="utf-8")
    site = root / "site"
    mkdocs_build(root / "mkdocs.yml", site)
    return site


def test_the_health_page_builds_strictly(health_site: Path) -> None:
    page = (health_site / "index.html").read_text(encoding="utf-8")
    assert page.count('<pre class="mermaid">') == 2


def _drawn(driver: Any) -> dict[str, int]:
    """How many bars, lines and pie slices Mermaid drew (in closed shadow roots)."""
    import time

    deadline = time.monotonic() + 30
    while True:
        root = driver.execute_cdp_cmd("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
        counts = {"bars": 0, "lines": 0, "slices": 0}
        for node in dom_nodes(root):
            attributes = node.get("attributes", [])
            classes = dict(zip(attributes[::2], attributes[1::2], strict=True)).get("class", "")
            names = classes.split()
            group = node.get("nodeName", "").lower() == "g"
            if group and "bar-plot-0" in names:
                children = node.get("children", [])
                counts["bars"] = sum(c.get("nodeName", "").lower() == "rect" for c in children)
            if group and "line-plot-1" in names:
                counts["lines"] += 1
            if "pieCircle" in names:
                counts["slices"] += 1
        if all(counts.values()) or time.monotonic() > deadline:
            return counts
        time.sleep(0.25)


@pytest.mark.browser
def test_the_health_charts_render(
    browser: Any, health_site: Path, stats: Stats, screenshots: Path
) -> None:
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(health_site))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        browser.get(f"http://127.0.0.1:{server.server_address[1]}/")
        drawn = _drawn(browser)
        browser.save_screenshot(str(screenshots / "health.png"))
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)
    months = [m for m in stats.months if m != "none"]
    failing_rules = [r for r, f, _ in stats.rules() if f]
    assert drawn == {"bars": len(months), "lines": 1, "slices": len(failing_rules)}
