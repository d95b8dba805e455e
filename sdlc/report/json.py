"""The JSON reporter: each record's report as data, for scripts, written as a list
a record at a time."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from ..rules.findings import Report
from .audience import Audience
from .stream import Tally, render_with


def _scrubbed(value: object, audience: Audience, path: str | None) -> object:
    """``value`` with every string in it scrubbed of this machine's folders."""
    if isinstance(value, str):
        return audience.scrub(value, path)
    if isinstance(value, list):
        return [_scrubbed(item, audience, path) for item in value]
    if isinstance(value, dict):
        return {key: _scrubbed(item, audience, path) for key, item in value.items()}
    return value


class JsonWriter:
    """The JSON list, one :meth:`Report.as_dict` after another, indented by 2; paths
    are as given, but an absolute one is relative to the source root."""

    def __init__(
        self, stream: TextIO, *, color: bool, tool_version: str, audience: Audience
    ) -> None:
        del color, tool_version
        self.stream = stream
        self.audience = audience
        self.tally = Tally()
        self.notices: list[str] = []

    def add(self, report: Report) -> None:
        data = _scrubbed(report.as_dict(), self.audience, report.path)
        text = json.dumps(data, indent=2, ensure_ascii=False)
        self.stream.write("[\n" if self.tally.total == 0 else ",\n")
        self.stream.write("\n".join("  " + line for line in text.split("\n")))
        self.tally.add(report)

    def close(self) -> None:
        self.stream.write("\n]\n" if self.tally.total else "[]\n")


def render_json(
    reports: Sequence[Report],
    *,
    color: bool,
    tool_version: str,
    audience: Audience | None = None,
) -> str:
    """A JSON list with :meth:`Report.as_dict` of each record, indented by 2 (see
    docs/design.md, "The pipeline"), with no folder of this machine in it."""
    return render_with(
        JsonWriter, reports, color=color, tool_version=tool_version, audience=audience
    )
