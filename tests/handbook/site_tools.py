"""Building a handbook site with mkdocs and opening it in a real browser, for the tests.

``mkdocs build --strict`` as ``make demo`` runs it; the built site served on
127.0.0.1; Debian's headless Chromium driven through its ChromeDriver; the DOM
read through the DevTools protocol, which sees into the closed shadow roots
mkdocs-material draws diagrams in.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

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
HOOKS = """
window.__sdlc_ran = [];
for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
  const real = window[name];
  window[name] = function (...args) { window.__sdlc_ran.push(name + ":" + args.join(",")); };
}
"""
"""Run before any script of each page: records every dialog or window a script opens."""


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


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` on http://127.0.0.1:<free port>/, while the block runs."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def need_chromium() -> None:
    """Skip (or, on CI, fail) when headless Chromium is not installed."""
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


@contextmanager
def chromium(profile: Path) -> Iterator[Any]:
    """A headless Chromium with its profile in ``profile``, until the block ends."""
    need_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


@contextmanager
def hooked(driver: Any) -> Iterator[None]:
    """:data:`HOOKS` installed in every page ``driver`` opens while the block runs."""
    hook = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HOOKS})
    try:
        yield
    finally:
        driver.execute_cdp_cmd(
            "Page.removeScriptToEvaluateOnNewDocument", {"identifier": hook["identifier"]}
        )


def dom_nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every node of a DevTools DOM tree, shadow roots and frames included."""
    yield node
    for key in ("children", "shadowRoots", "pseudoElements"):
        for child in node.get(key, ()):
            yield from dom_nodes(child)
    if "contentDocument" in node:
        yield from dom_nodes(node["contentDocument"])


def whole_dom(driver: Any) -> dict[str, Any]:
    """The page's whole DOM, closed shadow roots included."""
    root: dict[str, Any] = driver.execute_cdp_cmd("DOM.getDocument", {"depth": -1, "pierce": True})[
        "root"
    ]
    return root


def attributes(node: dict[str, Any]) -> dict[str, str]:
    """A DevTools DOM node's attributes, by name."""
    values = node.get("attributes", [])
    return dict(zip(values[::2], values[1::2], strict=True))


def text_of(node: dict[str, Any]) -> str:
    """The text of a DevTools DOM node and everything under it."""
    return "".join(n.get("nodeValue", "") for n in dom_nodes(node) if n.get("nodeType") == 3)


def diagram_nodes(driver: Any, timeout: float = 30) -> list[str]:
    """The labels of the flowchart nodes Mermaid drew on the page.

    mkdocs-material draws each diagram into a closed shadow root, which page
    scripts cannot see; the DevTools protocol can (``pierce``).
    """
    deadline = time.monotonic() + timeout
    while True:
        root = whole_dom(driver)
        nodes = []
        for node in dom_nodes(root):
            classes = attributes(node).get("class", "")
            if node.get("nodeName", "").lower() == "g" and "node" in classes.split():
                nodes.append(text_of(node).strip())
        if nodes or time.monotonic() > deadline:
            return nodes
        time.sleep(0.25)


def _shadow_svgs(node: dict[str, Any], shadowed: bool = False) -> int:
    count = int(shadowed and node.get("nodeName", "").lower() == "svg")
    for child in node.get("children", ()):
        count += _shadow_svgs(child, shadowed)
    for root in node.get("shadowRoots", ()):
        count += _shadow_svgs(root, True)
    return count


def diagrams_drawn(driver: Any, expected: int, timeout: float = 30) -> bool:
    """Wait until Mermaid has drawn ``expected`` diagrams on the page (each an ``svg`` in
    the shadow root mkdocs-material gives it); whether it did in time."""
    deadline = time.monotonic() + timeout
    while _shadow_svgs(whole_dom(driver)) < expected:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True
