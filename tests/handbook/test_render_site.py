"""The handbook as a site: real mkdocs builds, and a real browser on the built site.

The site is built once per session, as ``make demo`` builds it: the repository's
``mkdocs.yml`` and ``docs/``, with the generated reference pages and the handbook
of the shipped processes rendered into a copy. The browser test serves it on
127.0.0.1 and drives Debian's headless Chromium through its ChromeDriver.
"""

from __future__ import annotations

import hashlib
import html.parser
import json
import os
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sdlc.handbook.reference import write_all
from sdlc.handbook.site import render
from sdlc.load.loaders import load_process

from ..conftest import EID, ROOT
from .demo_site import demo_pages, write_archive
from .site_tools import chromium, diagram_nodes, diagrams_drawn, hooked, mkdocs_build
from .site_tools import served as serving

HOSTILE = ROOT / "tests" / "cases" / "render" / "hostile" / "process.yaml"
HOSTILE_IDS = ROOT / "tests" / "cases" / "render" / "hostile-ids" / "process.yaml"
"""Stage ids named like the handbook's own pages (index, overview, rules …), and more
ways into script: autolinks, reference links, entities, SVG and Mermaid directives."""
BASELINE = ROOT / "processes" / "baseline.yaml"
MERMAID = ROOT / "docs" / "assets" / "javascripts" / "mermaid.min.js"
MERMAID_SHA256 = "581ed7d74bd9048d0e3a91363927d72ef22942d7722546b27f7cc29e35390eb8"
"""mermaid@11.17.2 dist/mermaid.min.js from the npm registry (see mkdocs.yml)."""
GENERATED = ("handbook", "handbook-nb", "cli.md", "record-file.md", "roster-file.md")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for the built sites, served as one (mkdocs' links are relative)."""
    return tmp_path_factory.mktemp("sites")


@pytest.fixture(scope="module")
def demo_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo archive `make demo` makes the health and practice pages from."""
    return write_archive(tmp_path_factory.mktemp("demo-archive"))


@pytest.fixture(scope="module")
def repo_site(tmp_path_factory: pytest.TempPathFactory, sites: Path, demo_archive: Path) -> Path:
    """The repository's site, built from a copy of docs/ as `make demo` builds it."""
    root = tmp_path_factory.mktemp("repo-site")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", root / "docs", ignore=shutil.ignore_patterns(*GENERATED))
    write_all(root / "docs" / "reference")
    handbook = [load_process(EID), load_process(BASELINE)]
    render(handbook, root / "docs" / "handbook", extra=demo_pages(demo_archive))
    render([load_process(EID)], root / "docs" / "handbook-nb", language="nb")
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
    bokmal = repo_site / "handbook-nb" / "eid-gateway" / "roles" / "index.html"
    assert '<h1 id="roller">Roller' in bokmal.read_text("utf-8")


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
    assert "&lt;script&gt;alert(&quot;description&quot;)&lt;&#8203;/script&gt;" in index
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
    with serving(sites) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as driver:
        yield driver


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("SDLC_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.browser
def test_the_overview_diagram_renders_with_a_node_per_stage(
    browser: Any, served: str, screenshots: Path
) -> None:
    browser.get(served + "repo/handbook/eid-gateway/overview/")
    labels = diagram_nodes(browser)
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
        labels = diagram_nodes(browser)
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
    labels = diagram_nodes(browser)
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


@pytest.mark.browser
def test_no_script_of_the_hostile_processes_runs_on_any_page(
    browser: Any, served: str, hostile_site: Path
) -> None:
    """Every page of both hostile handbooks, diagrams drawn: no dialog, no window, and
    no link a click would run as script."""
    with hooked(browser):
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
                diagram_nodes(browser)  # the diagram is drawn: its script has run
            ran = browser.execute_script("return window.__sdlc_ran;")
            links = browser.execute_script(
                "return [...document.querySelectorAll('a[href], [*|href]')]"
                ".map(a => a.getAttribute('href') || a.getAttribute('xlink:href') || '')"
                ".filter(h => /^\\s*(javascript|data|vbscript):/i.test(h));"
            )
            assert (page, ran, links) == (page, [], [])


# -- reading at 1,400 x 1,000 --------------------------------------------------------------

READ_AT_1400 = {
    "overview": "handbook/eid-gateway/overview/",
    "risk-high": "handbook/eid-gateway/risk-levels/3-high/",
    "stage-approval": "handbook/eid-gateway/stages/approval/",
    "roles": "handbook/eid-gateway/roles/",
    "health": "handbook/health/",
    "practice": "handbook/eid-gateway/practice/",
}
OVERFLOWING = """
return [...document.querySelectorAll("article table")].map((table, i) => {
  const box = table.closest(".md-typeset__scrollwrap") || table.parentElement;
  return [i, box.scrollWidth, box.clientWidth];
}).filter(([i, scroll, client]) => scroll > client);
"""
"""Each table whose column (mkdocs-material's scrolling wrapper) it overflows."""


@pytest.mark.browser
@pytest.mark.parametrize("name", list(READ_AT_1400))
def test_pages_fit_a_1400_by_1000_screen_without_scrolling_sideways(
    browser: Any, served: str, repo_site: Path, screenshots: Path, name: str
) -> None:
    """Every table fits its column, every diagram is drawn; the screenshots (the top of
    the page, and its first table) are for a person to judge."""
    browser.set_window_size(1400, 1000)
    built = (repo_site / READ_AT_1400[name] / "index.html").read_text("utf-8")
    browser.get(served + "repo/" + READ_AT_1400[name])
    assert diagrams_drawn(browser, built.count('class="mermaid"')), name
    assert browser.execute_script("return window.innerWidth;") == 1400
    browser.save_screenshot(str(screenshots / f"1400-{name}.png"))
    tables = browser.execute_script("return document.querySelectorAll('article table').length;")
    assert tables == built.count("<table>"), name
    if tables:
        browser.execute_script("document.querySelector('article table').scrollIntoView();")
        browser.save_screenshot(str(screenshots / f"1400-{name}-table.png"))
    assert browser.execute_script(OVERFLOWING) == []
    print(f"screenshots in {screenshots}")


@pytest.mark.browser
def test_the_practice_page_draws_the_written_and_the_practised_process(
    browser: Any, served: str, demo_archive: Path
) -> None:
    """Both graphs and the time chart are drawn; the practised graph's nodes count the
    events of each stage, counted here from the demo archive's records."""
    browser.get(served + "repo/handbook/eid-gateway/practice/")
    assert diagrams_drawn(browser, 2)
    labels = diagram_nodes(browser)
    process = load_process(EID)
    events = Counter(
        event["stage"]
        for line in (demo_archive / "records.jsonl").read_text("utf-8").splitlines()
        for event in json.loads(line)["events"]
    )
    titles = {stage.id: str(stage.title) for stage in process.stages}
    written = [titles[s.id] for s in process.stages]
    practised = [f"{titles[s]} ({events[s]})" for s in titles if events[s]]
    assert sorted(labels) == sorted(written + practised)
