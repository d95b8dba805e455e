"""The reporters by name: what ``sdlc check --format`` accepts, and the one call that
renders with any of them.

Each reporter (:mod:`.text`, :mod:`.json`, :mod:`.sarif`, :mod:`.junit`) takes the
reports and returns the whole output as a string; none of them prints. Each has a
writer too (:data:`WRITERS`), which writes the same output to a stream a report at a
time (:mod:`.stream`). The same reports always give the same output, byte for byte:
no timestamps, records in the order given, keys sorted where order means nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol, TextIO, TypeVar

from .. import __version__
from ..errors import UsageError, did_you_mean, one_of
from ..rules.findings import Report
from .audience import Audience

if TYPE_CHECKING:
    from .stream import Writer, WriterType

TOOL_VERSION = __version__
"""The version of sdlc that SARIF and JUnit name by default."""


class Reporter(Protocol):
    """A function that turns reports into one output document."""

    def __call__(
        self,
        reports: Sequence[Report],
        *,
        color: bool,
        tool_version: str,
        audience: Audience | None = None,
    ) -> str: ...


FORMATS = ("text", "json", "sarif", "junit")
"""The formats, as ``--format`` accepts them."""


def _format(fmt: str) -> tuple[Reporter, WriterType]:
    """The reporter and the writer of ``fmt``, imported now: a check writes one format,
    and loads neither the others' modules nor what they need (XML for JUnit, the rule
    descriptors for SARIF)."""
    if fmt == "text":
        from .text import TextWriter, render_text

        return render_text, TextWriter
    if fmt == "json":
        from .json import JsonWriter, render_json

        return render_json, JsonWriter
    if fmt == "sarif":
        from .sarif import SarifWriter, render_sarif

        return render_sarif, SarifWriter
    from .junit import JUnitWriter, render_junit

    return render_junit, JUnitWriter


T = TypeVar("T")


class _ByFormat(Mapping[str, T]):
    """A table of :data:`FORMATS` whose entries are imported when looked up."""

    def __init__(self, pick: Callable[[str], T]) -> None:
        self._pick = pick

    def __getitem__(self, fmt: str) -> T:
        if fmt not in FORMATS:
            raise KeyError(fmt)
        return self._pick(fmt)

    def __iter__(self) -> Iterator[str]:
        return iter(FORMATS)

    def __len__(self) -> int:
        return len(FORMATS)


REPORTERS: Mapping[str, Reporter] = _ByFormat(lambda fmt: _format(fmt)[0])
"""The reporters by name: what ``--format`` accepts (looked up by name, as
check-jsonschema does)."""

WRITERS: Mapping[str, WriterType] = _ByFormat(lambda fmt: _format(fmt)[1])
"""The writers by name: the same formats, written to a stream a report at a time."""


def open_writer(
    fmt: str,
    stream: TextIO,
    *,
    color: bool = False,
    tool_version: str = TOOL_VERSION,
    audience: Audience | None = None,
) -> Writer:
    """A writer of the format named ``fmt`` to ``stream``: give it each report with
    ``add``, then ``close`` it, then tell the person its ``notices``. ``audience``
    says how paths are shown to others (the default: relative to the current
    folder). An unknown ``fmt`` is a :class:`UsageError`."""
    writer = WRITERS.get(fmt)
    if writer is None:
        raise UsageError(f"unknown format {fmt!r} ({one_of(FORMATS)}).{did_you_mean(fmt, FORMATS)}")
    return writer(stream, color=color, tool_version=tool_version, audience=audience or Audience())


def render_reports(
    reports: Sequence[Report],
    fmt: str,
    *,
    color: bool = False,
    tool_version: str = TOOL_VERSION,
    audience: Audience | None = None,
) -> str:
    """Render ``reports`` in the format named ``fmt`` (one of :data:`FORMATS`).

    ``color`` only affects ``text``; ``tool_version`` is what SARIF and JUnit
    name as the version of sdlc; ``audience`` how SARIF, JSON and JUnit show paths.
    An unknown ``fmt`` is a :class:`UsageError`.
    """
    reporter = REPORTERS.get(fmt)
    if reporter is None:
        raise UsageError(f"unknown format {fmt!r} ({one_of(FORMATS)}).{did_you_mean(fmt, FORMATS)}")
    return reporter(reports, color=color, tool_version=tool_version, audience=audience)
