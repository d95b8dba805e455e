"""Which text fields of a process lack the handbook's language.

A field written per language (``title: {en: …, nb: …}``) that has no text in the
handbook's language shows in another language there; a plain string counts as
written in the process's own ``language``. Lint reports each such field as
``untranslated-text`` (a warning), so a translator can find what is left to do.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from ..load.document import Path_
from ..model.process import Process
from ..model.text import NEIGHBOURS, Prose

LANGUAGE_NAMES = {"en": "English", "nb": "Norwegian Bokmål", "nn": "Norwegian Nynorsk"}


def untranslated(process: Process, language: str | None = None) -> Iterator[tuple[Path_, str]]:
    """``(path, message)`` for every non-empty text field without ``language`` (the
    process's own language when ``None``), in the order of the file."""
    wanted = language or process.language
    for path, text in _texts(process, ()):
        if text.strip() and not text.has(wanted, process.language):
            written = text.languages or (process.language,)
            shown = next((n for n in NEIGHBOURS[wanted] if n in written), written[0])
            where = ".".join(str(part) for part in path)
            message = (
                f"{where} has no {LANGUAGE_NAMES[wanted]} text ({wanted}): it is written in "
                f"{', '.join(written)} only, so the {wanted} handbook shows it in {shown}"
            )
            yield path, message


def _texts(value: object, path: Path_) -> Iterator[tuple[Path_, Prose]]:
    if isinstance(value, Prose):
        yield path, value
    elif isinstance(value, BaseModel):
        for name, field in type(value).model_fields.items():
            yield from _texts(getattr(value, name), (*path, field.alias or name))
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*path, key))
