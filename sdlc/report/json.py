"""The JSON reporter: each record's report as data, for scripts, written as a list
a record at a time."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from ..rules.findings import Report
from .stream import Tally, render_with


class JsonWriter:
    """The JSON list, one :meth:`Report.as_dict` after another, indented by 2."""

    def __init__(self, stream: TextIO, *, color: bool, tool_version: str) -> None:
        del color, tool_version
        self.stream = stream
        self.tally = Tally()

    def add(self, report: Report) -> None:
        text = json.dumps(report.as_dict(), indent=2, ensure_ascii=False)
        self.stream.write("[\n" if self.tally.total == 0 else ",\n")
        self.stream.write("\n".join("  " + line for line in text.split("\n")))
        self.tally.add(report)

    def close(self) -> None:
        self.stream.write("\n]\n" if self.tally.total else "[]\n")


def render_json(reports: Sequence[Report], *, color: bool, tool_version: str) -> str:
    """A JSON list with :meth:`Report.as_dict` of each record, indented by 2 (see
    docs/design.md, "The pipeline")."""
    return render_with(JsonWriter, reports, color=color, tool_version=tool_version)
