"""Attack: script in every text field of a process, through Markdown, mkdocs and a browser.

The corpus (:mod:`.payloads`) goes into every text field a process has: its title,
owners and description; each stage's title, description and how to comply; each
role's, evidence kind's and risk rule's title and description; the production
profile; the version history and process health pages. The handbook is rendered,
built with ``mkdocs build --strict`` as ``make demo`` builds it, served on
127.0.0.1 and opened page by page in headless Chromium, diagrams drawn, and the
site's search is run for the payloads. On no page may a dialog open, an element
carry an ``on…`` attribute or a ``javascript:`` link, a script run that the site
did not bring, or an element appear in the page's content that the handbook does
not write; and every payload must be on its pages, as text.
"""

from __future__ import annotations

import html.parser
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdlc.evolution.counts import Cell, Stats
from sdlc.handbook.health import health_page
from sdlc.handbook.history import history_page
from sdlc.handbook.markdown import block, inline
from sdlc.handbook.site import render
from sdlc.handbook.templating import render_pages
from sdlc.load.loaders import load_process
from sdlc.model.process import Process

from ..conftest import ROOT
from .payloads import CORPUS, flat, hostile_data, write_hostile
from .site_tools import (
    attributes,
    chromium,
    diagram_nodes,
    diagrams_drawn,
    dom_nodes,
    hooked,
    mkdocs_build,
    whole_dom,
)
from .site_tools import served as serving

OUR_TAGS = re.compile(r"<pre><code>|</code></pre>|</?code>")
"""The only HTML the handbook writes around text from YAML."""
SCHEMES = re.compile(r"^\s*(javascript|data|vbscript)\s*:", re.IGNORECASE)
URL_ATTRIBUTES = frozenset({"href", "xlink:href", "src", "action", "formaction", "data", "srcdoc"})
CONTENT_TAGS = frozenset(
    {"a", "br", "button", "code", "div", "em", "hr", "li", "nav", "ol", "p", "pre", "span"}
    | {"strong", "table", "tbody", "td", "th", "thead", "tr", "ul"}
    | {f"h{n}" for n in range(1, 7)}
)
"""The elements the handbook's pages hold (mkdocs-material adds the nav, span and
button of tags and code blocks)."""


def _old(data: dict[str, Any]) -> dict[str, Any]:
    """An earlier version: fewer stages, so the versions page has changes to show."""
    stages = data["stages"][:-2]
    return {**data, "version": "0.9", "effective": "2025-01-01", "stages": stages}


def _stats() -> Stats:
    """Statistics whose teams and stages are payloads (the loaders allow only identifiers
    there, which the page escapes all the same)."""
    teams = {flat(p.text): Cell(1, 0, 1, 0) for p in CORPUS}
    month = "2026-01"
    return Stats(
        records=len(CORPUS),
        failures=Counter({("missing-stage", team, month): 1 for team in teams}),
        teams=teams,
        months={month: Cell(len(CORPUS), 0, len(CORPUS), 0)},
        skipped=Counter({flat(p.text): 1 for p in CORPUS}),
    )


@pytest.fixture(scope="module")
def attack(tmp_path_factory: pytest.TempPathFactory) -> tuple[Process, Process]:
    """The hostile process, read by the real loader, and an earlier version of it."""
    folder = tmp_path_factory.mktemp("attack")
    new = load_process(write_hostile(folder))
    (folder / "old").mkdir()
    old = load_process(write_hostile(folder / "old", _old(hostile_data())))
    return old, new


# -- the Markdown, before a site is built ---------------------------------------------------


def _inert(markdown: str) -> str:
    """What is left of ``markdown`` once the handbook's own tags and links are taken out;
    it must hold nothing that can start HTML or markup."""
    rest = OUR_TAGS.sub("", markdown)
    return re.sub(r"\]\((?:https?://|mailto:)[A-Za-z0-9\-._~:/?#@!$&+,;=%]+\)", "](URL)", rest)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_no_character_of_a_markdown_field_can_start_html(text: str) -> None:
    written = _inert(block(text))
    for mark in '<>`"{}|\\~^=$':
        assert mark not in written, (mark, written)
    for line in written.split("\n"):
        body = re.sub(r"^(?:    )*(?:-|\d+\.) ", "", line)  # the lists block writes
        assert not body[:1].isspace(), line
        # no block can start: only the emphasis block writes, never '* ' (a list item)
        assert re.match(r"[#+\-!?:/>|=_]|\*\s", body) is None, line


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_no_character_of_an_inline_field_can_start_html(text: str) -> None:
    written = inline(text)
    assert "\n" not in written
    for mark in '<>`"{}|\\~^=$*_[]':
        assert mark not in written, (mark, written)
    assert not written[:1].isspace()
    assert written[:1] not in set("#+-!?:/.()")


def test_the_attacks_of_the_issue_are_text() -> None:
    """Code spans across paragraphs, list items and headings, and fences indented four
    spaces or a tab: the raw HTML that ran after them is escaped like the rest."""
    for payload in CORPUS[10:15]:
        written = block(payload.text)
        assert "<img" not in written, written
        assert "<details" not in written, written
    assert block(CORPUS[13].text) == (
        "<code>&lt;details open ontoggle&#61;alert(&quot;P14&quot;)&gt;P14&lt;/details&gt;</code>"
    )
    assert block(CORPUS[10].text) == (
        "&#96;P11\n\n&lt;img src&#61;x onerror&#61;alert(&quot;P11&quot;)&gt;&#96;"
    )


def test_every_page_of_the_hostile_process_is_inert_markdown(attack: tuple[Process, ...]) -> None:
    pages = render_pages([attack[1]])
    pages["attack/versions.md"] = history_page(list(attack))
    pages["health.md"] = health_page(_stats(), title=flat(CORPUS[1].text))
    for path, text in pages.items():
        if path.startswith("rules/"):
            continue  # the rule catalogue's own pages: no text from the process
        prose = re.sub(r"^```mermaid\n.*?^```$", "", text, flags=re.DOTALL | re.MULTILINE)
        rest = _inert(prose)
        assert "<" not in rest, (path, rest[rest.find("<") - 80 :][:200])
        assert "{:" not in rest, path


# -- the site, built and opened -------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, attack: tuple[Process, Process]) -> Path:
    """The hostile handbook, with its versions and health pages, built by mkdocs."""
    root = tmp_path_factory.mktemp("attack-site")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    extra = {
        "attack/versions.md": history_page(list(attack)),
        "health.md": health_page(_stats(), title=flat(CORPUS[1].text)),
    }
    render([attack[1]], root / "docs" / "handbook", extra=extra)
    shutil.copytree(ROOT / "docs" / "assets", root / "docs" / "assets")
    mkdocs_build(root / "mkdocs.yml", root / "site" / "attack")
    return root / "site"


def _pages(site: Path) -> list[str]:
    """Every page that shows text from the process (the rule pages show none)."""
    handbook = site / "attack" / "handbook"
    found = [p.parent.relative_to(site).as_posix() for p in handbook.rglob("index.html")]
    return sorted(p for p in found if "/rules/" not in p + "/")


def _base(text: str) -> str:
    """A page's script with its relative path to the site's root taken out."""
    text = re.sub(r"(?:\.\./)+", "ROOT/", text)
    return re.sub(r'"(?:ROOT/)?\.\.?"', '"ROOT"', text)


class _Scripts(html.parser.HTMLParser):
    """Every script of a page (its normalised ``src`` or text), and every attribute that
    is a handler or a script URL."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.live: list[str] = []
        self._script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on") or (name in URL_ATTRIBUTES and SCHEMES.match(value or "")):
                self.live.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._script = dict(attrs)
            if self._script.get("src"):
                self.scripts.append("src:" + _base(self._script["src"] or ""))

    def handle_data(self, data: str) -> None:
        if self._script is not None and not self._script.get("src"):
            self.scripts.append("text:" + _base(data))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None


def _read(page: Path) -> _Scripts:
    text = page.read_text("utf-8")
    # <title> holds only text, up to the first '</title': exactly one may appear
    assert text.lower().count("</title") == 1, page
    head, _title, rest = re.split(r"<title>(.*?)</title>", text, maxsplit=1, flags=re.S)
    parsed = _Scripts()
    parsed.feed(head + rest)
    return parsed


def test_the_built_pages_hold_no_handler_and_only_the_sites_scripts(site: Path) -> None:
    own = _read(site / "attack" / "handbook" / "rules" / "index.html").scripts
    assert any(s.startswith("src:ROOT/assets/javascripts/bundle.") for s in own)
    pages = _pages(site)
    assert len(pages) == len(CORPUS) + 10
    for page in pages:
        parsed = _read(site / page / "index.html")
        assert (page, parsed.live) == (page, [])
        assert (page, parsed.scripts) == (page, own)


def _expected(site_page: str) -> list[str]:
    """What each page must show as text: the payloads its fields carry."""
    page = site_page.removeprefix("attack/handbook/")
    everything = [flat(p.shows) for p in CORPUS]
    titles = [flat(p.text) for p in CORPUS]
    if page.startswith("attack/stages/s-"):
        payload = next(p for p in CORPUS if page.endswith(p.tag.lower()))
        return [flat(payload.text), flat(payload.shows)]
    return {
        "": titles,  # the owners
        "attack": everything,  # the description holds every payload
        "attack/roles": titles,
        "attack/risk-model": everything,
        "attack/production-profile": [titles[1], titles[3]],
        "attack/versions": [titles[15]],
        "health": [titles[1], *titles],
    }.get(page, [])


def _visible(driver: Any) -> str:
    text: str = driver.execute_script(
        "return document.querySelector('article').innerText.replaceAll('\\u200b', '');"
    )
    return flat(text)


def _offences(driver: Any, site_url: str, own: set[str]) -> list[str]:
    """Everything on the open page that a payload could have put there."""
    found = []
    for node in dom_nodes(whole_dom(driver)):
        for name, value in attributes(node).items():
            if name.lower().startswith("on") or (
                name.lower() in URL_ATTRIBUTES and SCHEMES.match(value)
            ):
                found.append(f"<{node['nodeName']} {name}={value!r}>")
    scripts = driver.execute_script(
        "return [...document.scripts].map(s => s.src ? 'src:' + s.src : 'text:' + s.text);"
    )
    for script in scripts:
        mine = script.startswith(f"src:{site_url}assets/") or _base(script) in own
        if not mine:
            found.append(f"script {script[:80]!r}")
    tags = driver.execute_script(
        "return [...document.querySelectorAll('article *')].map(e => e.tagName.toLowerCase());"
    )
    found += [f"<{tag}> in the page" for tag in sorted(set(tags) - CONTENT_TAGS)]
    return found


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as driver:
        yield driver


@pytest.fixture(scope="module")
def url(site: Path) -> Iterator[str]:
    with serving(site) as address:
        yield address


@pytest.mark.browser
def test_no_payload_runs_in_the_browser_and_each_shows_as_text(
    browser: Any, url: str, site: Path
) -> None:
    own = set(_read(site / "attack" / "handbook" / "rules" / "index.html").scripts)
    site_url = url + "attack/"
    with hooked(browser):
        browser.get(site_url + "handbook/")  # the hooks see a script that does run
        browser.execute_script("alert('probe');")
        assert browser.execute_script("return window.__sdlc_ran;") == ["alert:probe"]
        checked = 0
        for page in _pages(site):
            browser.get(f"{url}{page}/")
            diagrams = (site / page / "index.html").read_text("utf-8").count('class="mermaid"')
            assert diagrams_drawn(browser, diagrams), page  # drawn: their script has run
            if page.endswith("/overview"):
                assert diagram_nodes(browser) == [flat(p.text) for p in CORPUS]
            ran = browser.execute_script("return window.__sdlc_ran;")
            assert (page, ran, _offences(browser, site_url, own)) == (page, [], [])
            shown = _visible(browser)
            missing = [text for text in _expected(page) if text not in shown]
            assert (page, missing) == (page, [])
            checked += len(_expected(page))
    assert checked > 5 * len(CORPUS)


@pytest.mark.browser
@pytest.mark.parametrize(
    "words", ["onerror", "script alert", "P02", "details ontoggle", "javascript"]
)
def test_searching_for_the_payloads_runs_nothing(
    browser: Any, url: str, site: Path, words: str
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    own = set(_read(site / "attack" / "handbook" / "rules" / "index.html").scripts)
    with hooked(browser):
        browser.get(url + "attack/handbook/")
        box = browser.find_element(By.CSS_SELECTOR, "input.md-search__input")
        box.click()
        box.send_keys(words)
        WebDriverWait(browser, 30).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, ".md-search-result__item")
        )
        ran = browser.execute_script("return window.__sdlc_ran;")
        offences = [o for o in _offences(browser, url + "attack/", own) if "in the page" not in o]
        assert (ran, offences) == ([], [])
