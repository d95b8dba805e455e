"""The handbook's "Versions" page: what each version of a process changed from the one
before it (see docs/design.md, "Evolving the process")."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from ..evolution.differences import diff
from ..model.process import Process
from .diff_markdown import render_markdown
from .markdown import plain


def history_page(versions: Sequence[Process]) -> str:
    """The handbook's "Versions" page: what each version changed from the one before.

    ``versions`` are versions of one process, oldest first (see
    :meth:`sdlc.evolution.versions.ProcessFolder.versions`). Deterministic Markdown with
    mkdocs-material admonitions for weakenings.
    """
    if not versions:
        return "# Versions\n\nNo versions.\n"
    newest = versions[-1]
    lines = [
        "---",
        'title: "Versions"',  # the navigation's title; see .titles
        "---",
        "",
        f"# Versions of {plain(newest.title)}",
        "",
        "| Version | Effective from |",
        "| --- | --- |",
    ]
    lines += [f"| {plain(p.version)} | {p.effective.isoformat()} |" for p in reversed(versions)]
    lines.append("")
    for old, new in reversed(list(itertools.pairwise(versions))):
        lines.append(render_markdown(diff(old, new), old.ref, new.ref, admonitions=True))
    return "\n".join(lines).rstrip("\n") + "\n"
