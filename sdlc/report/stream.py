"""Reports written as they come: each record's report goes to the output when it is
made and is then let go, so checking any number of records holds one report at a
time (see docs/limits.md, "Memory").

A format whose document must begin with totals (SARIF's ``executionSuccessful``,
JUnit's ``failures``) keeps what follows them in a :class:`Spill`, in memory while
small and in a temporary file beyond that, and writes the document at the end.
"""

from __future__ import annotations

import io
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TextIO

from ..rules.findings import Report
from .audience import Audience

if TYPE_CHECKING:
    import tempfile

SPILL_BYTES = 1 << 20
"""Text a :class:`Spill` keeps in memory before it moves to a temporary file."""


class Writer(Protocol):
    """Writes one output document, a report at a time, to the stream it was made for."""

    tally: Tally
    notices: list[str]
    """What the person who ran the check should be told (on stderr), such as results
    left out of a SARIF run."""

    def add(self, report: Report) -> None:
        """Write (or keep for the end) the report of one record."""

    def close(self) -> None:
        """Write the rest of the document; the stream itself stays open."""


class WriterType(Protocol):
    """A writer's class: made for a stream, with colour (text only), sdlc's version and
    the audience that paths are shown for."""

    def __call__(
        self, stream: TextIO, *, color: bool, tool_version: str, audience: Audience
    ) -> Writer: ...


@dataclass(slots=True)
class Tally:
    """How many records were compliant, not compliant and unreadable, so far."""

    compliant: int = 0
    failing: int = 0
    unreadable: int = 0

    def add(self, report: Report) -> None:
        if report.error is not None:
            self.unreadable += 1
        elif report.compliant:
            self.compliant += 1
        else:
            self.failing += 1

    @property
    def total(self) -> int:
        return self.compliant + self.failing + self.unreadable


class Spill:
    """Text kept until the end of a document, in a bounded amount of memory."""

    def __init__(self) -> None:
        self._file: tempfile.SpooledTemporaryFile[str] | None = None
        self.count = 0
        """How many items were written (each by one call of :meth:`write`)."""
        self.sizes = array("Q")
        """The length of each item, to read them back one by one (:meth:`items`)."""

    def write(self, text: str) -> None:
        """Keep ``text``, one item of what the document lists at the end."""
        if self._file is None:
            import tempfile  # for the formats that spill, not for every check

            self._file = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - closed in copy_to
                max_size=SPILL_BYTES, mode="w+", encoding="utf-8", newline="\n"
            )
        self._file.write(text)
        self.sizes.append(len(text))
        self.count += 1

    def items(self) -> Iterator[str]:
        """Each item kept, in order; the spill is let go after the last."""
        if self._file is None:
            return
        self._file.seek(0)
        for size in self.sizes:
            yield self._file.read(size)
        self._file.close()
        self._file = None

    def copy_to(self, stream: TextIO) -> None:
        """Write everything kept to ``stream``, and let it go."""
        if self._file is None:
            return
        import shutil

        self._file.seek(0)
        shutil.copyfileobj(self._file, stream)
        self._file.close()
        self._file = None


def render_with(
    writer: WriterType,
    reports: Iterable[Report],
    *,
    color: bool,
    tool_version: str,
    audience: Audience | None = None,
) -> str:
    """The whole document ``writer`` writes for ``reports``, as one string."""
    out = io.StringIO()
    sink = writer(out, color=color, tool_version=tool_version, audience=audience or Audience())
    for report in reports:
        sink.add(report)
    sink.close()
    return out.getvalue()
