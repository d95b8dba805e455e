"""The ``sdlc`` mkdocs plugin: a rendered folder's section is named by its own page.

When mkdocs makes the navigation itself (no ``nav`` in ``mkdocs.yml``) it names a
folder's section after the folder ("Eid gateway"). With ``plugins: [sdlc]`` each
section whose ``index.md`` is a page ``sdlc render`` wrote (listed, unchanged, in
the ``.sdlc-render`` manifest of a folder above it) takes that page's navigation
title instead: its front matter ``title`` or else its first heading, the
process's title for a process's folder, passed through :func:`.titles.nav_title`
so that it is short and holds nothing mkdocs could read as markup. Every other
section keeps the name mkdocs gives it. This is the only module that imports
mkdocs, which only the ``docs`` extra installs.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from .manifest import MARKER, read_manifest, sha256
from .titles import nav_title

_FRONT_TITLE = re.compile(r'\A---\ntitle: ("(?:[^"\\\n]|\\.)*")\n---\n')
_HEADING = re.compile(r"^# (.+)$", re.MULTILINE)


class Options(Config):  # type: ignore[no-untyped-call]  # mkdocs builds its schema
    """The plugin takes no options."""


class SdlcPlugin(BasePlugin[Options]):  # type: ignore[no-untyped-call]  # mkdocs' own hook
    """Names each section that holds a rendered ``index.md`` after that page."""

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        docs = Path(config["docs_dir"])
        for item in nav.items:
            _retitle(item, docs)
        return nav


def _retitle(item: object, docs: Path) -> None:
    if not isinstance(item, Section):
        return
    for child in item.children:
        if isinstance(child, Page) and child.file.src_uri.rsplit("/", 1)[-1] == "index.md":
            title = rendered_title(docs, child.file.src_uri)
            if title is not None:
                item.title = title
        _retitle(child, docs)


def rendered_title(docs: Path, src_uri: str) -> str | None:
    """The navigation title of ``src_uri`` (relative to ``docs``) when it is a page an
    ``sdlc render`` wrote and has not been changed since, ``None`` otherwise."""
    parts = src_uri.split("/")
    for depth in range(len(parts) - 1, -1, -1):
        folder = docs.joinpath(*parts[:depth])
        if not (folder / MARKER).is_file():
            continue
        try:
            listed, _bad = read_manifest(folder, strict=False)
            data = docs.joinpath(*parts).read_bytes()
        except (OSError, ValueError):
            return None
        if listed.get("/".join(parts[depth:])) != sha256(data):
            return None
        return _page_title(data.decode("utf-8", errors="replace"))
    return None


def _page_title(text: str) -> str | None:
    front = _FRONT_TITLE.match(text)
    if front is not None:
        raw = str(json.loads(front[1]))
        if nav_title(raw.removesuffix("…")) is None:  # as the render writes it: plain
            return raw or None
    else:
        heading = _HEADING.search(text)
        if heading is None:
            return None
        raw = html.unescape(heading[1])
    short = nav_title(raw)
    title = " ".join(raw.split()) if short is None else short
    return title or None
