"""The handbook's fixed text in the reader's language: gettext catalogues, and the
language a render is in.

Every sentence the templates and the handbook's Python code write themselves is an
English message id, looked up in the catalogue of the language being rendered:
``locale/<language>/LC_MESSAGES/sdlc.po`` beside this module is the source a
translator edits, ``sdlc.mo`` is its compiled form, read with the standard library's
:mod:`gettext` (``make catalogues`` recompiles it with Babel; a test checks that the
two agree). Nynorsk falls back to Bokmål message by message, and any language to
the English message id. The text the process itself gives (titles, descriptions …)
is chosen with :meth:`sdlc.model.text.Prose.in_`, not here.

While a handbook renders, :func:`speaking` sets the language for the code that
builds its facts, which asks for a message with :func:`tr`.
"""

from __future__ import annotations

import contextvars
import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from ..model.text import LANGUAGES, NEIGHBOURS, phrased
from .markdown import Markdown, finalize

LOCALES = Path(__file__).resolve().parent / "locale"
"""The folder of the catalogues, one per language but English."""

DOMAIN = "sdlc"

THEME_LANGUAGE = {"en": "en", "nb": "nb", "nn": "nn"}
"""The mkdocs-material ``theme.language`` for each handbook language."""

_ENGLISH = gettext.NullTranslations()
_CURRENT: contextvars.ContextVar[gettext.NullTranslations | None] = contextvars.ContextVar(
    "sdlc_handbook_translations", default=None
)


@cache
def catalogue(language: str) -> gettext.NullTranslations:
    """The messages of ``language``, falling back to a neighbour's, then to English."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r} (expected one of: {', '.join(LANGUAGES)})")
    chain = [language, *NEIGHBOURS.get(language, ())]
    return gettext.translation(DOMAIN, LOCALES, languages=chain, fallback=True)


@contextmanager
def speaking(language: str) -> Iterator[gettext.NullTranslations]:
    """Render in ``language`` inside the ``with`` block."""
    messages = catalogue(language)
    token = _CURRENT.set(messages)
    try:
        with phrased(messages.gettext):
            yield messages
    finally:
        _CURRENT.reset(token)


def tr(message: str) -> str:
    """``message`` (an English message id) in the language being rendered."""
    return (_CURRENT.get() or _ENGLISH).gettext(message)


def trn(singular: str, plural: str, count: int) -> str:
    """The singular or plural message for ``count``, in the language being rendered."""
    return (_CURRENT.get() or _ENGLISH).ngettext(singular, plural, count)


def marked(message: str) -> str:
    """``message`` as it is: marks an English message id for the catalogues, to be
    translated with :func:`tr` where it is used."""
    return message


FACT_WORDS = (
    marked("threat modelling"),
    marked("design review"),
    marked("implementation"),
    marked("code review"),
    marked("build"),
    marked("test"),
    marked("security test"),
    marked("approval"),
    marked("deployment"),
    marked("verification"),
    marked("rollback"),
    marked("other"),
    marked("yes"),
    marked("no"),
    marked("depending on the change"),
    marked("always"),
)
"""Words the handbook's facts give in English (kinds of stage, whether a stage applies),
which the templates translate where they show them."""


def install(env: jinja2.Environment, language: str) -> None:
    """Give the templates ``_``, ``gettext`` and ``ngettext`` (and so ``{% trans %}``)
    in ``language``. A translated message is the handbook's own Markdown; the values
    put into it are escaped as every ``{{ … }}`` is."""
    messages = catalogue(language)

    def gettext_(message: str, **variables: Any) -> Markdown:
        return Markdown(messages.gettext(message) % _escaped(variables))

    def ngettext_(singular: str, plural: str, count: int, **variables: Any) -> Markdown:
        variables.setdefault("num", count)
        return Markdown(messages.ngettext(singular, plural, count) % _escaped(variables))

    env.globals.update(_=gettext_, gettext=gettext_, ngettext=ngettext_, language=language)
    env.newstyle_gettext = True  # type: ignore[attr-defined]


def _escaped(variables: dict[str, Any]) -> dict[str, object]:
    return {name: finalize(value) for name, value in variables.items()}
