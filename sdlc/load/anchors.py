"""YAML anchors (``&name``) and aliases (``*name``): each alias repeats its anchored
value as if it were written out there, value by value, so that an alias bomb is
counted against :data:`~sdlc.limits.NODES` and :data:`~sdlc.limits.ALIASES` as
it expands, and every repeated value keeps the position it was first read at.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from ..errors import InputError, Location
from ..limits import ALIASES
from .document import Document, Path_


@dataclass(slots=True)
class Anchor:
    """An anchored value: where it was read, and whether it is whole yet."""

    value: Any
    at: Path_
    mark: Any
    done: bool
    text: str | None = None
    """How a scalar other than text was written (``3.10``), for messages."""


Count = Callable[[int, int, int], None]
"""Counts one value at (line, column), at a depth, against the limits (or raises)."""


class Anchors:
    """The anchors of one document, and how often values were repeated through them."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.known: dict[str, Anchor] = {}
        self.repeated = 0
        self.most = ALIASES.value()

    def define(self, event: Any, value: Any, at: Path_, text: str | None) -> None:
        """Remember the value ``event`` anchors; a scalar is whole at once."""
        first = self.known.get(event.anchor)
        if first is not None:
            raise yaml.composer.ComposerError(
                "found duplicate anchor; first occurrence",
                first.mark,
                "second occurrence",
                event.start_mark,
            )
        done = isinstance(event, yaml.ScalarEvent)
        self.known[event.anchor] = Anchor(value, at, event.start_mark, done, text)

    def close(self, name: str) -> None:
        """The list or mapping anchored as ``name`` has been read whole."""
        self.known[name].done = True

    def target(self, event: Any) -> Anchor:
        """The anchor the alias ``event`` names."""
        anchor = self.known.get(event.anchor)
        if anchor is None:
            raise yaml.composer.ComposerError(None, None, "found undefined alias", event.start_mark)
        return anchor

    def repeat(self, anchor: Anchor, at: Path_, depth: int, count: Count) -> Any:
        """The anchored value again at ``at``, each of its values counted with ``count``
        and each list or mapping in it as one use of an alias."""
        doc = self.doc
        pending: list[tuple[Path_, Any]] = [((), anchor.value)]
        while pending:
            rel, value = pending.pop()
            if rel:
                line, column = doc.values[(*anchor.at, *rel)]
                written = doc.texts.get((*anchor.at, *rel))
            else:  # the anchored value itself, which may be a key
                line, column = anchor.mark.line + 1, anchor.mark.column + 1
                written = anchor.text
            count(line, column, depth + len(rel))
            if isinstance(value, dict | list):
                self._one_more(line, column)
            doc.values[(*at, *rel)] = (line, column)
            if rel and isinstance(rel[-1], str):
                doc.keys[(*at, *rel)] = doc.keys[(*anchor.at, *rel)]
            if written is not None:
                doc.texts[(*at, *rel)] = written
            if isinstance(value, dict):
                pending.extend(reversed([((*rel, k), v) for k, v in value.items()]))
            elif isinstance(value, list):
                pending.extend(reversed([((*rel, i), v) for i, v in enumerate(value)]))
        return anchor.value

    def _one_more(self, line: int, column: int) -> None:
        self.repeated += 1
        if self.repeated > self.most:
            raise InputError(
                f"the document repeats values through aliases more than {self.most} times",
                location=Location(self.doc.path, line + self.doc.line_offset, column),
                hint="this looks like an alias bomb; write the values out instead of "
                "using '&anchor' and '*alias', or raise the limit with SDLC_MAX_ALIASES",
            )
