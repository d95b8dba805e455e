"""The handbook of one or more processes, as Markdown for mkdocs-material.

Rendering is all or nothing: the pages are rendered in memory, written to a
temporary folder beside the output and swapped in, so a failed render leaves the
old handbook as it was. The output folder must be new, empty, or an earlier render
holding only the files its manifest lists, unchanged (see :mod:`sdlc.handbook.output`).
The same input gives the same bytes. The ``sdlc render`` command is :mod:`sdlc.cli.render`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model.process import Process

__all__ = ["render"]


def render(
    processes: Sequence[Process],
    out_dir: Path | str,
    templates: Path | str | None = None,
    *,
    extra: Mapping[str, str] | None = None,
    language: str | None = None,
) -> list[str]:
    """Render the handbook of ``processes`` into ``out_dir``; return the pages written.

    ``templates`` is a folder whose ``*.md.j2`` files replace the built-in ones of
    the same name; they run in jinja2's sandbox, as the built-in ones do. ``extra``
    adds finished pages by path (the version history and the process health page).
    ``language`` (en, nb or nn; the first process's when ``None``) is the language of
    the pages' fixed text and of the processes' text fields where they give it.
    Raises :class:`~sdlc.handbook.output.RenderError` (an
    :class:`~sdlc.errors.InputError`) when a template fails or the folder cannot
    be used; the old output is then left as it was.
    """
    from .output import publish
    from .templating import render_pages

    folder = None if templates is None else Path(templates)
    pages = render_pages(processes, folder, language)
    pages.update(extra or {})
    publish(pages, Path(out_dir))
    return sorted(pages)
