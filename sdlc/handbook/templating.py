"""Rendering the handbook's pages from jinja2 templates.

The built-in templates live in the top-level ``templates/`` folder of a source
checkout, and inside the package (``sdlc/templates``) in a wheel. A user's folder
comes first on the search path, so any template can be replaced; the built-in
ones stay reachable as ``sdlc/<name>`` for ``{% extends %}``. Undefined names are
errors, and every ``{{ … }}`` is escaped (see :mod:`sdlc.handbook.markdown`).

Every template, built-in or the user's, runs in jinja2's immutable sandbox: it can
read the values the handbook passes it and call their public methods, but not
reach Python's internals (names starting with ``_``, such as ``__class__`` or
``__globals__``), change a value, or call anything marked unsafe. A template that
tries is an error that names the template and line.
"""

from __future__ import annotations

import functools
import posixpath
import re
import traceback
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.exceptions
import jinja2.sandbox

from ..errors import Location
from ..model.process import Process
from ..model.text import localised
from ..rules.catalogue import Rule
from .i18n import install, speaking
from .markdown import Markdown, block, finalize, indent, inline
from .output import RenderError
from .pages import ProcessPages, rules_by_code

RESERVED = frozenset({"rules"})
"""Folder names of the handbook's own sections, which no process id may take."""


def default_templates() -> Path:
    """The built-in templates: ``sdlc/templates`` in a wheel, ``templates/`` in a checkout."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "templates", package.parent / "templates"):
        if (candidate / "stage.md.j2").is_file():
            return candidate
    raise RenderError(
        "cannot find the handbook templates",
        location=Location(str(package / "templates")),
        hint="reinstall sdlc; the templates ship inside the package",
    )


class _Sandbox(jinja2.sandbox.ImmutableSandboxedEnvironment):
    """jinja2's immutable sandbox, refusing an unsafe attribute where it is asked for
    (jinja2's own gives an undefined value, which fails later, under another name)."""

    def unsafe_undefined(self, obj: Any, attribute: str) -> jinja2.Undefined:
        raise jinja2.exceptions.SecurityError(
            f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe"
        )


def environment(templates: Path | None = None, language: str = "en") -> jinja2.Environment:
    """The jinja2 environment: sandboxed, the user's folder first, strict, escaping
    every value, its fixed text in ``language`` (see :mod:`.i18n`)."""
    builtin = jinja2.FileSystemLoader(default_templates())
    loaders: list[jinja2.BaseLoader] = []
    if templates is not None:
        if not Path(templates).is_dir():
            raise RenderError(
                "the templates folder does not exist or is not a folder",
                location=Location(str(templates)),
                hint="give a folder holding the .md.j2 templates you want to replace",
            )
        loaders.append(jinja2.FileSystemLoader(templates))
    loaders += [builtin, jinja2.PrefixLoader({"sdlc": builtin})]
    env = _Sandbox(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # the output is Markdown: finalize escapes instead of HTML escaping
        finalize=finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
        auto_reload=False,  # one render compiles each template once and keeps it
    )
    install(env, language)
    env.filters.update(block=block, inline=inline, indent=indent, md=Markdown)
    env.globals.update(link=_link)
    return env


@jinja2.pass_context
def _link(context: jinja2.runtime.Context, text: object, target: str, anchor: str = "") -> Markdown:
    """A Markdown link to another page, relative to the page being rendered."""
    here = posixpath.dirname(str(context["page_path"])) or "."
    if isinstance(target, str) and not target.startswith("/") and not here.startswith("/"):
        href = _relative(target, here)  # relative to relative: the same whatever the cwd
    else:
        href = posixpath.relpath(target, here)
    if anchor:
        href += "#" + anchor
    return Markdown(f"[{inline(text)}]({href})")


@functools.lru_cache(maxsize=4096)
def _relative(target: str, here: str) -> str:
    """``target`` relative to the folder ``here``: pages of one folder link to the same
    few pages, so each pair is worked out once."""
    return posixpath.relpath(target, here)


@dataclass(frozen=True, slots=True)
class Page:
    """One page to write: where, from which template, with what."""

    path: str
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


def plan(processes: Sequence[Process]) -> list[Page]:
    """Every page of the handbook of ``processes``."""
    seen: dict[str, Process] = {}
    for process in processes:
        if process.id in RESERVED:
            raise RenderError(
                f"process id {process.id!r} is the name of the handbook's rule catalogue folder",
                hint="give the process another id",
            )
        if process.id in seen:
            raise RenderError(
                f"two processes share the id {process.id!r} "
                f"({seen[process.id].ref} and {process.ref})",
                hint="render each version into its own folder",
            )
        seen[process.id] = process
    books = [ProcessPages(p) for p in processes]
    rules = rules_by_code()
    pages = [
        Page("index.md", "home.md.j2", {"books": books}),
        Page("rules/index.md", "rules.md.j2", {"rules": rules}),
    ]
    pages += [Page(f"rules/{r.slug}.md", "rule.md.j2", {"rule": r}) for r in rules]
    for hb in books:
        common = {"hb": hb, "process": hb.process}
        for name in ("index", "overview", "roles", "risk-model", "production-profile", "coverage"):
            pages.append(Page(hb.path(name), f"{name.replace('index', 'process')}.md.j2", common))
        pages += [
            Page(level.path, "risk-level.md.j2", {**common, "level": level}) for level in hb.levels
        ]
        pages += [
            Page(hb.stage_path(s.id), "stage.md.j2", {**common, "stage": s}) for s in hb.stages
        ]
    return pages


def render_pages(
    processes: Sequence[Process], templates: Path | None = None, language: str | None = None
) -> dict[str, str]:
    """The handbook as ``{relative path: Markdown text}``, in memory, in ``language``
    (the first process's when ``None``): the templates' text and the processes' own."""
    language = language or (processes[0].language if processes else "en")
    env = environment(templates, language)
    out: dict[str, str] = {}
    with speaking(language):
        for page in plan([localised(p, language) for p in processes]):
            try:
                template = env.get_template(page.template)
                text = template.render(page_path=page.path, rules_path=_rules_path, **page.context)
            except jinja2.TemplateError as exc:
                raise _template_error(exc, page) from None
            out[page.path] = tidy(text)
    return out


def _rules_path(rule: Rule) -> str:
    return f"rules/{rule.slug}.md"


def _template_error(exc: jinja2.TemplateError, page: Page) -> RenderError:
    where: Location | None = None
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = Location(exc.filename or exc.name or page.template, exc.lineno)
    else:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
        if frames:
            where = Location(frames[-1].filename, frames[-1].lineno)
    message = exc.message if isinstance(exc.message, str) else str(exc)
    hint = "fix the template, or remove it from --templates to use the built-in one"
    if isinstance(exc, jinja2.TemplateNotFound):
        message = f"template {exc.name!r} not found"
    elif isinstance(exc, jinja2.exceptions.SecurityError):
        message = f"the sandbox refused it: {message}"
        hint = (
            "templates run in jinja2's sandbox: use the values the handbook passes "
            "(process, hb, stage …) and their public methods, never names starting with '_'"
        )
    return RenderError(
        f"cannot render {page.path} from {page.template}: {message}", location=where, hint=hint
    )


_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_TRAILING = re.compile(r"[ \t]+$")


def tidy(text: str) -> str:
    """Trailing spaces off, no more than one blank line in a row outside code, one final
    newline: templates stay readable without their whitespace showing in the pages."""
    lines: list[str] = []
    fence: str | None = None
    for raw in text.split("\n"):
        line = _TRAILING.sub("", raw)
        mark = _FENCE.match(line)
        if mark is not None:
            if fence is None:
                fence = mark.group(1)
            elif mark.group(1).startswith(fence) and not line.strip()[len(mark.group(1)) :]:
                fence = None
        elif fence is None and not line and (not lines or not lines[-1]):
            continue
        lines.append(line)
    return "\n".join(lines).strip("\n") + "\n"
