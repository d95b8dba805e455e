"""A process diff as text, JSON or Markdown; and the handbook's page of versions.

Like :mod:`sdlc.report`, each renderer returns the whole output as a string and
never prints; the same diff always gives the same bytes.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Sequence

from ..errors import UsageError, did_you_mean, one_of
from ..model.process import Process
from .diff import Change, ProcessDiff, diff

FORMATS = ("text", "json", "markdown")


def _header(d: ProcessDiff) -> str:
    old, new = d.old, d.new
    name = old.id if old.id == new.id else f"{old.id}@{old.version} → {new.id}@{new.version}"
    versions = "" if old.id != new.id else f" {old.version} → {new.version}"
    return f"{name}{versions}"


def _summary(d: ProcessDiff) -> str:
    weak = len(d.weakenings)
    other = len(d.changes) - weak
    if not d.changes:
        return "no changes"
    return f"{_plural(weak, 'weakening')}, {_plural(other, 'other change')}"


def _approval(d: ProcessDiff) -> str:
    return (
        f"each needs approval at level {d.approval_level}, the highest organisational "
        f"level of {d.new.id}, before this version takes effect"
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def render_text(d: ProcessDiff, old_label: str, new_label: str) -> str:
    """Weakenings first (marked ``!``), then the other changes (marked ``-``)."""
    lines = [f"{_header(d)}: {_summary(d)}", f"  old: {old_label}", f"  new: {new_label}"]
    if d.weakenings:
        lines += ["", f"Weakenings ({_approval(d)}):"]
        lines += [f"  ! {c.subject}: {c.text}" for c in d.weakenings]
    others = [c for c in d.changes if not c.weakening]
    if others:
        lines += ["", "Other changes:"]
        lines += [f"  - {c.subject}: {c.text}" for c in others]
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


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


def _md(text: str) -> str:
    """Text for a Markdown table cell: markup characters escaped, HTML refused."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(text.split())


def _table(changes: Sequence[Change]) -> list[str]:
    rows = ["| What | Change |", "| --- | --- |"]
    rows += [f"| {_md(c.subject)} | {_md(c.text)} |" for c in changes]
    return rows


def render_markdown(
    d: ProcessDiff, old_label: str, new_label: str, *, level: int = 2, admonitions: bool = False
) -> str:
    """Markdown for a pull-request comment (GitHub alerts), or for the handbook
    (``admonitions=True``: mkdocs-material admonitions); ``level`` is the heading level."""
    hashes = "#" * level
    lines = [f"{hashes} {_md(_header(d))}", ""]
    lines += [f"From `{_code(old_label)}` to `{_code(new_label)}`: {_md(_summary(d))}.", ""]
    if d.weakenings:
        text = f"**{_plural(len(d.weakenings), 'weakening')}**: {_md(_approval(d))}."
        if admonitions:
            lines += ['!!! warning "Weakens the process"', "", f"    {text}", ""]
        else:
            lines += ["> [!WARNING]", f"> {text}", ""]
        lines += [f"{hashes}# Weakenings", "", *_table(d.weakenings), ""]
    others = [c for c in d.changes if not c.weakening]
    if others:
        lines += [f"{hashes}# Other changes", "", *_table(others), ""]
    return "\n".join(lines)


def _code(text: str) -> str:
    return text.replace("`", "'")


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown}


def render_diff(d: ProcessDiff, fmt: str, old_label: str, new_label: str) -> str:
    """Render ``d`` in the format named ``fmt`` (one of :data:`FORMATS`)."""
    renderer = RENDERERS.get(fmt)
    if renderer is None:
        raise UsageError(f"unknown format {fmt!r} ({one_of(FORMATS)}).{did_you_mean(fmt, FORMATS)}")
    return renderer(d, old_label, new_label)


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
        f"# Versions of {_md(newest.title)}",
        "",
        "| Version | Effective from |",
        "| --- | --- |",
    ]
    lines += [f"| {_md(p.version)} | {p.effective.isoformat()} |" for p in reversed(versions)]
    lines.append("")
    for old, new in reversed(list(itertools.pairwise(versions))):
        lines.append(render_markdown(diff(old, new), old.ref, new.ref, admonitions=True))
    return "\n".join(lines).rstrip("\n") + "\n"
