"""A process diff as Markdown: a pull-request comment, or a section of the handbook's
versions page.

Every subject and text of a change goes through :func:`~sdlc.handbook.markdown.plain`,
and every label (a file name or a process version) is written as a ``<code>`` element
of escaped text, so a process's own words cannot add markup or HTML to the comment.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..evolution.changes import Change, plural
from ..evolution.differences import ProcessDiff
from .markdown import plain


def _table(changes: Sequence[Change]) -> list[str]:
    rows = ["| What | Change |", "| --- | --- |"]
    rows += [f"| {plain(c.subject)} | {plain(c.text)} |" for c in changes]
    return rows


def _code(text: str) -> str:
    """``text`` as code: an element, so no character in it can end a code span."""
    return f"<code>{plain(text)}</code>"


def render_markdown(
    d: ProcessDiff, old_label: str, new_label: str, *, level: int = 2, admonitions: bool = False
) -> str:
    """Markdown for a pull-request comment (GitHub alerts), or for the handbook
    (``admonitions=True``: mkdocs-material admonitions); ``level`` is the heading level."""
    hashes = "#" * level
    lines = [f"{hashes} {plain(d.heading)}", ""]
    lines += [f"From {_code(old_label)} to {_code(new_label)}: {plain(d.summary)}.", ""]
    if d.weakenings:
        text = f"**{plural(len(d.weakenings), 'weakening')}**: {plain(d.approval_note)}."
        if admonitions:
            lines += ['!!! warning "Weakens the process"', "", f"    {text}", ""]
        else:
            lines += ["> [!WARNING]", f"> {text}", ""]
        lines += [f"{hashes}# Weakenings", "", *_table(d.weakenings), ""]
    if d.others:
        lines += [f"{hashes}# Other changes", "", *_table(d.others), ""]
    return "\n".join(lines)
