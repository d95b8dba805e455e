"""A process diff as text, JSON or Markdown, looked up by name.

Like :mod:`sdlc.report`, each renderer returns the whole output as a string and
never prints; the same diff always gives the same bytes. The Markdown is the
handbook's (:mod:`sdlc.handbook.diff_markdown`), as is the versions page
(:mod:`sdlc.handbook.history`).
"""

from __future__ import annotations

import json

from ..errors import UsageError, did_you_mean, one_of
from ..handbook.diff_markdown import render_markdown
from .differences import ProcessDiff

__all__ = ["FORMATS", "RENDERERS", "render_diff", "render_json", "render_text"]

FORMATS = ("text", "json", "markdown")


def render_text(d: ProcessDiff, old_label: str, new_label: str) -> str:
    """Weakenings first (marked ``!``), then the other changes (marked ``-``)."""
    lines = [f"{d.heading}: {d.summary}", f"  old: {old_label}", f"  new: {new_label}"]
    if d.weakenings:
        lines += ["", f"Weakenings ({d.approval_note}):"]
        lines += [f"  ! {c.subject}: {c.text}" for c in d.weakenings]
    if d.others:
        lines += ["", "Other changes:"]
        lines += [f"  - {c.subject}: {c.text}" for c in d.others]
    return "\n".join(lines) + "\n"


def render_json(d: ProcessDiff, old_label: str, new_label: str) -> str:
    """``old``/``new`` (process and source), ``weakenings`` (count), ``approval_level``
    (needed for the weakenings, or null) and ``changes`` (area, subject, text, weakening)."""
    payload = {
        "old": {"process": d.old.ref, "source": old_label},
        "new": {"process": d.new.ref, "source": new_label},
        "weakenings": len(d.weakenings),
        "approval_level": d.approval_level if d.weakenings else None,
        "changes": [c.as_dict() for c in d.changes],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown}


def render_diff(d: ProcessDiff, fmt: str, old_label: str, new_label: str) -> str:
    """Render ``d`` in the format named ``fmt`` (one of :data:`FORMATS`)."""
    renderer = RENDERERS.get(fmt)
    if renderer is None:
        raise UsageError(f"unknown format {fmt!r} ({one_of(FORMATS)}).{did_you_mean(fmt, FORMATS)}")
    return renderer(d, old_label, new_label)
