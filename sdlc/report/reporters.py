"""The reporters by name: what ``sdlc check --format`` accepts, and the one call that
renders with any of them.

Each reporter (:mod:`.text`, :mod:`.json`, :mod:`.sarif`, :mod:`.junit`) takes the
reports and returns the whole output as a string; none of them prints. The same
reports always give the same output, byte for byte: no timestamps, records in the
order given, keys sorted where order means nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from .. import __version__
from ..errors import UsageError, did_you_mean, one_of
from ..rules.findings import Report
from .json import render_json
from .junit import render_junit
from .sarif import render_sarif
from .text import render_text

TOOL_VERSION = __version__
"""The version of sdlc that SARIF and JUnit name by default."""


class Reporter(Protocol):
    """A function that turns reports into one output document."""

    def __call__(self, reports: Sequence[Report], *, color: bool, tool_version: str) -> str: ...


REPORTERS: dict[str, Reporter] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "junit": render_junit,
}
"""The reporters by name: what ``--format`` accepts (looked up by name, as
check-jsonschema does)."""

FORMATS = tuple(REPORTERS)


def render_reports(
    reports: Sequence[Report],
    fmt: str,
    *,
    color: bool = False,
    tool_version: str = TOOL_VERSION,
) -> str:
    """Render ``reports`` in the format named ``fmt`` (one of :data:`FORMATS`).

    ``color`` only affects ``text``; ``tool_version`` is what SARIF and JUnit
    name as the version of sdlc. An unknown ``fmt`` is a :class:`UsageError`.
    """
    reporter = REPORTERS.get(fmt)
    if reporter is None:
        raise UsageError(f"unknown format {fmt!r} ({one_of(FORMATS)}).{did_you_mean(fmt, FORMATS)}")
    return reporter(reports, color=color, tool_version=tool_version)
