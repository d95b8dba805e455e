"""A document read from one input file: its plain data, and where each value and
key started, so that any later message can name the file, line and column (see
docs/design.md, "Errors and exit codes").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import Location

Path_ = tuple[str | int, ...]
"""Where a value sits in a document's data: the keys and indexes that lead to it."""


@dataclass(slots=True)
class Document:
    """Plain data read from one file, and where each value and key started.

    ``texts`` keeps how numbers, booleans and nulls were written (``3.10``, ``no``),
    so that a message can say what to quote.
    """

    path: str
    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    line_offset: int = 0
    texts: dict[Path_, str] = field(default_factory=dict)

    def locate(self, at: Path_, *, key: bool = False) -> Location:
        """The location of the value (or its key) at ``at``, or the nearest parent."""
        probe = at
        while True:
            table = self.keys if key and probe in self.keys else self.values
            if probe in table:
                line, column = table[probe]
                return Location(self.path, line + self.line_offset, column)
            if not probe:
                return Location(self.path, 1 + self.line_offset, 1)
            probe = probe[:-1]
            key = False
