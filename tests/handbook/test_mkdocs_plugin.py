"""The ``sdlc`` mkdocs plugin: in a project ``sdlc init`` made, whose ``mkdocs.yml`` has
no ``nav``, the section of a rendered process is named by the process's title, not by
its folder ("Eid gateway"); a page changed since the render keeps mkdocs' own name.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sdlc.cli import main
from sdlc.handbook.mkdocs_plugin import rendered_title

from .site_tools import mkdocs_build

pytest.importorskip("mkdocs")
pytest.importorskip("material")

SHORT = "Secure development of the national eID…"


class _NavText(HTMLParser):
    """The words of the site's primary navigation, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self.depth or (tag == "nav" and "md-nav--primary" in classes):
            self.depth += tag == "nav"

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "nav":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and data.strip():
            self.words.append(" ".join(data.split()))


def _project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "svc", "--from", "eid-gateway"]) == 0
    monkeypatch.chdir(tmp_path / "svc")
    assert main(["render", "processes/eid-gateway.yaml", "--out", "docs/handbook"]) == 0
    return tmp_path / "svc"


def test_an_init_project_s_navigation_names_the_process_by_its_title(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path, monkeypatch)
    capsys.readouterr()
    assert not re.search(r"^nav:", (project / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    mkdocs_build(project / "mkdocs.yml", project / "site")
    page = (project / "site" / "index.html").read_text(encoding="utf-8")
    nav = _NavText()
    nav.feed(page)
    words = nav.words
    assert "Eid gateway" not in page
    # the process's section, its label first, then its pages
    start = words.index(SHORT)
    assert words[start : start + 5] == [SHORT, SHORT, SHORT, "Framework coverage", "Overview"]
    assert re.search(r'class="md-nav__link"[^>]*>\s*<span class="md-ellipsis">\s*Handbook', page)


def test_a_page_changed_since_the_render_names_no_section(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = _project(tmp_path, monkeypatch) / "docs"
    assert rendered_title(docs, "handbook/eid-gateway/index.md") == SHORT
    assert rendered_title(docs, "handbook/index.md") == "Handbook"
    assert rendered_title(docs, "index.md") is None  # sdlc init's home, not a render's
    page = docs / "handbook" / "eid-gateway" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    assert rendered_title(docs, "handbook/eid-gateway/index.md") is None
