"""The handbook as a site: real mkdocs builds, and a real browser on the built site.

The site is built once per session, as ``make demo`` builds it: the repository's
``mkdocs.yml`` and ``docs/``, with the generated reference pages and the handbook
of the shipped processes rendered into a copy. The browser test serves it on
127.0.0.1 and drives Debian's headless Chromium through its ChromeDriver.
"""

from __future__ import annotations

import functools
import hashlib
import html.parser
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sdlc.handbook.reference import write_all
from sdlc.handbook.site import render
from sdlc.load.loaders import load_process

from ..conftest import EID, ROOT

HOSTILE = ROOT / "tests" / "cases" / "render" / "hostile" / "process.yaml"
HOSTILE_IDS = ROOT / "tests" / "cases" / "render" / "hostile-ids" / "process.yaml"
"""Stage ids named like the handbook's own pages (index, overview, rules …), and more
ways into script: autolinks, reference links, entities, SVG and Mermaid directives."""
BASELINE = ROOT / "processes" / "baseline.yaml"
MERMAID = ROOT / "docs" / "assets" / "javascripts" / "mermaid.min.js"
MERMAID_SHA256 = "581ed7d74bd9048d0e3a91363927d72ef22942d7722546b27f7cc29e35390eb8"
"""mermaid@11.17.2 dist/mermaid.min.js from the npm registry (see mkdocs.yml)."""
GENERATED = ("handbook", "cli.md", "record-file.md", "roster-file.md")
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,1400",
)


def mkdocs_build(config: Path, site: Path) -> None:
    """``mkdocs build --strict``; fail with mkdocs' own words if it fails."""
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for the built sites, served as one (mkdocs' links are relative)."""
    return tmp_path_factory.mktemp("sites")


@pytest.fixture(scope="module")
def repo_site(tmp_path_factory: pytest.TempPathFactory, sites: Path) -> Path:
    """The repository's site, built from a copy of docs/ as `make demo` builds it."""
    root = tmp_path_factory.mktemp("repo-site")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", root / "docs", ignore=shutil.ignore_patterns(*GENERATED))
    write_all(root / "docs" / "reference")
    render([load_process(EID), load_process(BASELINE)], root / "docs" / "handbook")
    mkdocs_build(root / "mkdocs.yml", sites / "repo")
    return sites / "repo"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory, sites: Path) -> Path:
    """The handbook of processes whose text attacks the page, with the same mkdocs.yml."""
    root = tmp_path_factory.mktemp("hostile-site")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    render([load_process(HOSTILE), load_process(HOSTILE_IDS)], root / "docs" / "handbook")
    shutil.copytree(ROOT / "docs" / "assets", root / "docs" / "assets")
    mkdocs_build(root / "mkdocs.yml", sites / "hostile")
    return sites / "hostile"


def test_the_repository_site_builds_strictly_with_the_handbook(repo_site: Path) -> None:
    overview = repo_site / "handbook" / "eid-gateway" / "overview" / "index.html"
    assert '<pre class="mermaid"><code>flowchart TD' in overview.read_text("utf-8")
    assert (repo_site / "reference" / "process-file" / "index.html").is_file()
    assert (repo_site / "handbook" / "rules" / "stale-approval" / "index.html").is_file()
    assert (repo_site / "assets" / "javascripts" / "mermaid.min.js").is_file()


def test_the_vendored_mermaid_is_the_pinned_release() -> None:
    assert hashlib.sha256(MERMAID.read_bytes()).hexdigest() == MERMAID_SHA256


def test_the_cli_reference_shows_every_command(repo_site: Path) -> None:
    cli = (repo_site / "reference" / "cli" / "index.html").read_text("utf-8")
    for command in ("lint", "check", "explain", "schema", "render"):
        assert f'id="sdlc-{command}"' in cli, command


def test_hostile_text_stays_text_in_the_built_html(hostile_site: Path) -> None:
    pages = [
        *(hostile_site / "handbook" / "hostile").rglob("*.html"),
        *(hostile_site / "handbook" / "index").rglob("*.html"),
    ]
    assert len(pages) > 20
    for page in pages:
        text = page.read_text("utf-8")
        # <title> holds text only, up to the first '</title': exactly one may appear
        assert text.lower().count("</title") == 1, page
        head, _title, rest = re.split(r"<title>(.*?)</title>", text, maxsplit=1, flags=re.S)
        markup = _Markup()
        markup.feed(head + rest)
        assert not markup.live, f"{page}: {markup.live}"
    index = (hostile_site / "handbook" / "hostile" / "index.html").read_text("utf-8")
    assert '&lt;script&gt;alert("description")&lt;/script&gt;' in index
    assert '<a href="https://example.org/ok">fine</a>' in index


class _Markup(html.parser.HTMLParser):
    """Collects every piece of markup that could run script or load a resource."""

    def __init__(self) -> None:
        super().__init__()
        self.live: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("img", "iframe", "object", "embed"):
            self.live.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.live.append(f"<{tag} {name}={value!r}>")
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert" in data:
            self.live.append(f"<script>{data[:40]}")


# -- the browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(sites: Path, repo_site: Path, hostile_site: Path) -> Iterator[str]:
    """The built sites on http://127.0.0.1:<free port>/, until the module is done."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(sites))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def _need_chromium() -> None:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if not missing:
        return
    reason = (
        f"headless Chromium is not installed ({', '.join(missing)} missing): "
        "apt-get install chromium chromium-driver"
    )
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; .ci/run installs it, so CI must have it")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    _need_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("SDLC_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _dom_nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every node of a DevTools DOM tree, shadow roots included."""
    yield node
    for key in ("children", "shadowRoots"):
        for child in node.get(key, ()):
            yield from _dom_nodes(child)


def _text(node: dict[str, Any]) -> str:
    return "".join(n.get("nodeValue", "") for n in _dom_nodes(node) if n.get("nodeType") == 3)


def _diagram_nodes(driver: Any, timeout: float = 30) -> list[str]:
    """The labels of the flowchart nodes Mermaid drew on the page.

    mkdocs-material draws each diagram into a closed shadow root, which page
    scripts cannot see; the DevTools protocol can (``pierce``).
    """
    deadline = time.monotonic() + timeout
    while True:
        root = driver.execute_cdp_cmd("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
        nodes = []
        for node in _dom_nodes(root):
            attributes = node.get("attributes", [])
            classes = dict(zip(attributes[::2], attributes[1::2], strict=True)).get("class", "")
            if node.get("nodeName", "").lower() == "g" and "node" in classes.split():
                nodes.append(_text(node).strip())
        if nodes or time.monotonic() > deadline:
            return nodes
        time.sleep(0.25)


@pytest.mark.browser
def test_the_overview_diagram_renders_with_a_node_per_stage(
    browser: Any, served: str, screenshots: Path
) -> None:
    browser.get(served + "repo/handbook/eid-gateway/overview/")
    labels = _diagram_nodes(browser)
    browser.save_screenshot(str(screenshots / "overview.png"))
    print(f"screenshots in {screenshots}")
    assert labels == [stage.title for stage in load_process(EID).stages]


@pytest.mark.browser
def test_every_risk_level_path_renders(browser: Any, served: str, screenshots: Path) -> None:
    from sdlc.graph.process_graph import ProcessGraph
    from sdlc.graph.scenario import Scenario

    process = load_process(EID)
    graph = ProcessGraph(process)
    for rank, level in enumerate(process.risk.levels, 1):
        browser.get(served + f"repo/handbook/eid-gateway/risk-levels/{rank}-{level}/")
        labels = _diagram_nodes(browser)
        browser.save_screenshot(str(screenshots / f"risk-{level}.png"))
        view = graph.view(Scenario(level))
        assert labels == [process.stage(s).title for s in view.stages], level


@pytest.mark.browser
def test_search_finds_a_stage_by_its_name(browser: Any, served: str, screenshots: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(served + "repo/handbook/eid-gateway/")
    box = browser.find_element(By.CSS_SELECTOR, "input.md-search__input")
    box.click()
    box.send_keys("Login end-to-end tests")
    WebDriverWait(browser, 30).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".md-search-result__item a")
    )
    browser.save_screenshot(str(screenshots / "search.png"))
    first = browser.find_element(By.CSS_SELECTOR, ".md-search-result__item a")
    assert "/repo/handbook/eid-gateway/stages/login-e2e-tests/" in first.get_attribute("href")
    first.click()
    WebDriverWait(browser, 30).until(lambda d: "login-e2e-tests" in d.current_url)
    heading = browser.find_element(By.CSS_SELECTOR, "article h1")
    assert heading.text == "Login end-to-end tests"


@pytest.mark.browser
def test_hostile_titles_are_drawn_as_written(browser: Any, served: str, screenshots: Path) -> None:
    browser.get(served + "hostile/handbook/hostile/overview/")
    labels = _diagram_nodes(browser)
    browser.save_screenshot(str(screenshots / "hostile-overview.png"))
    assert labels == [stage.title for stage in load_process(HOSTILE).stages]
    from selenium.common.exceptions import NoAlertPresentException

    with pytest.raises(NoAlertPresentException):  # no alert(…) ran
        _ = browser.switch_to.alert


def test_every_stage_has_a_page_of_its_own_whatever_its_id(hostile_site: Path) -> None:
    """Stage ids named like the handbook's own pages still get one page each, inside
    the handbook, under the title they were given."""
    stages = hostile_site / "handbook" / "index" / "stages"
    process = load_process(HOSTILE_IDS)
    found = {}
    for stage in process.stages:
        page = stages / ("index.html" if stage.id == "index" else f"{stage.id}/index.html")
        heading = re.search(r"<h1[^>]*>(.*?)<", page.read_text("utf-8"), flags=re.S)
        assert heading is not None, page
        found[stage.id] = html.unescape(heading.group(1)).replace("\u200b", "")
    assert found == {stage.id: stage.title for stage in process.stages}


_HOOKS = """
window.__sdlc_ran = [];
for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
  const real = window[name];
  window[name] = function (...args) { window.__sdlc_ran.push(name + ":" + args.join(",")); };
}
"""
"""Run before any script of each page: records every dialog or window a script opens."""


@pytest.mark.browser
def test_no_script_of_the_hostile_processes_runs_on_any_page(
    browser: Any, served: str, hostile_site: Path
) -> None:
    """Every page of both hostile handbooks, diagrams drawn: no dialog, no window, and
    no link a click would run as script."""
    hook = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": _HOOKS})
    try:
        pages = sorted(
            page.relative_to(hostile_site).parent.as_posix()
            for process in ("hostile", "index")
            for page in (hostile_site / "handbook" / process).rglob("index.html")
        )
        assert len(pages) > 20
        browser.get(f"{served}hostile/{pages[0]}/")  # the hooks see a script that does run
        browser.execute_script("alert('probe');")
        assert browser.execute_script("return window.__sdlc_ran;") == ["alert:probe"]
        for page in pages:
            browser.get(f"{served}hostile/{page}/")
            if 'class="mermaid"' in (hostile_site / page / "index.html").read_text("utf-8"):
                _diagram_nodes(browser)  # the diagram is drawn: its script has run
            ran = browser.execute_script("return window.__sdlc_ran;")
            links = browser.execute_script(
                "return [...document.querySelectorAll('a[href], [*|href]')]"
                ".map(a => a.getAttribute('href') || a.getAttribute('xlink:href') || '')"
                ".filter(h => /^\\s*(javascript|data|vbscript):/i.test(h));"
            )
            assert (page, ran, links) == (page, [], [])
    finally:
        browser.execute_cdp_cmd(
            "Page.removeScriptToEvaluateOnNewDocument", {"identifier": hook["identifier"]}
        )
