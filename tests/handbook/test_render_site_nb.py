"""The Bokmål handbook as a site: built with ``mkdocs build --strict`` and the theme
in Bokmål, then opened in headless Chromium (see test_render_site.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sdlc.handbook.site import render
from sdlc.load.loaders import load_process

from ..conftest import EID, ROOT
from .site_tools import chromium, mkdocs_build, served


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Bokmål handbook of the eID gateway, in a site whose theme speaks Bokmål."""
    root = tmp_path_factory.mktemp("nb-site")
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert "\n  language: en\n" in config
    (root / "mkdocs.yml").write_text(config.replace("\n  language: en\n", "\n  language: nb\n"))
    render([load_process(EID)], root / "docs" / "handbook-nb", language="nb")
    shutil.copytree(ROOT / "docs" / "assets", root / "docs" / "assets")
    mkdocs_build(root / "mkdocs.yml", root / "site")
    return root / "site"


def test_the_bokmal_handbook_builds_strictly_with_the_theme_in_bokmal(site: Path) -> None:
    page = (site / "handbook-nb" / "eid-gateway" / "overview" / "index.html").read_text("utf-8")
    assert '<html lang="nb"' in page
    assert '<h1 id="oversikt">Oversikt' in page


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as driver:
        yield driver


@pytest.mark.browser
def test_the_browser_finds_norwegian_on_the_overview_a_stage_and_the_roles(
    browser: Any, site: Path
) -> None:
    from selenium.webdriver.common.by import By

    seen = {}
    with served(site) as url:
        for page in (
            "eid-gateway/overview/",
            "eid-gateway/stages/code-review/",
            "eid-gateway/roles/",
        ):
            browser.get(url + "handbook-nb/" + page)
            article = browser.find_element(By.CSS_SELECTOR, "article")
            seen[page] = (article.find_element(By.CSS_SELECTOR, "h1").text, article.text)
    assert seen["eid-gateway/overview/"][0] == "Oversikt"
    assert "Alle stegene i prosessen og hva de avhenger av." in seen["eid-gateway/overview/"][1]
    assert seen["eid-gateway/stages/code-review/"][0] == "Kodegjennomgang"
    assert "Hvem som kan utføre det" in seen["eid-gateway/stages/code-review/"][1]
    assert seen["eid-gateway/roles/"][0] == "Roller"
    assert "Sikkerhetsforkjemper" in seen["eid-gateway/roles/"][1]
