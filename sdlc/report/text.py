"""The text reporter: what people read in a terminal, in colour when asked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from ..rules.catalogue import Severity
from ..rules.findings import Report
from ._shared import plural, printable, repair_lines, where
from .audience import Audience
from .stream import Tally, render_with

_RESET, _GREEN, _RED, _YELLOW, _BLUE, _DIM = (f"\033[{n}m" for n in (0, 32, 31, 33, 34, 2))
_COLORS = {Severity.ERROR: _RED, Severity.WARN: _YELLOW, Severity.INFO: _BLUE, Severity.OFF: _DIM}


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color else text


def _indented(text: str, prefix: str) -> list[str]:
    return [prefix + line for line in printable(text).splitlines() or [""]]


def _record(report: Report, color: bool) -> list[str]:
    label = printable(report.record)
    if report.path is not None:
        label = f"{printable(report.path)}: {label}"
    if report.risk is not None:
        label += f" (risk {printable(report.risk)})"
    if report.error is not None:
        return [f"{label}: {_paint('unreadable', _RED, color)}", *_indented(report.error, "  ")]
    found = plural(len(report.findings), "finding")
    waived = sum(f.waived is not None for f in report.findings)
    if waived:
        found += f", {waived} waived"
    if not report.compliant:
        status = _paint(f"not compliant, {found}", _RED, color)
    elif report.findings:
        status = _paint("compliant", _GREEN, color) + f", {found}"
    else:
        status = _paint("compliant", _GREEN, color)
    lines = [f"{label}: {status}"]
    for f in report.findings:
        severity = "waived" if f.waived is not None else f.severity.value
        shade = _DIM if f.waived is not None else _COLORS[f.severity]
        word = _paint(severity, shade, color) + " " * (5 - len(severity))
        first, *rest = printable(f.message).splitlines() or [""]
        lines.append(f"  {printable(where(report, f))}  {word} {f.code} {f.rule}  {first}")
        lines += ["    " + line for line in rest]
        if f.hint:
            lines += _indented(f"hint: {f.hint}", "    ")
        if f.waived is not None:
            lines += _indented(f"waived by {f.waived}", "    ")
    lines += ["  " + printable(line) for line in repair_lines(report)]
    return lines


class TextWriter:
    """The text report, written a record at a time; the summary comes at the end."""

    def __init__(
        self, stream: TextIO, *, color: bool, tool_version: str, audience: Audience
    ) -> None:
        del tool_version, audience  # the person reading it ran it, here
        self.stream = stream
        self.color = color
        self.tally = Tally()
        self.notices: list[str] = []

    def add(self, report: Report) -> None:
        self.tally.add(report)
        self.stream.write("\n".join(_record(report, self.color)) + "\n")

    def close(self) -> None:
        t = self.tally
        self.stream.write(
            f"checked {plural(t.total, 'record')}: {t.compliant} compliant, "
            f"{t.failing} not compliant, {t.unreadable} unreadable\n"
        )


def render_text(
    reports: Sequence[Report],
    *,
    color: bool,
    tool_version: str,
    audience: Audience | None = None,
) -> str:
    """One block per record (status, findings with hints, smallest repair), then a summary.

    Finding lines start with two spaces and name where, severity, code and rule;
    the summary reads ``checked N records: X compliant, Y not compliant, Z
    unreadable``. ANSI colour only when ``color`` is true; control characters in
    the input are shown escaped, so a record can never colour the terminal itself.
    """
    del audience
    return render_with(TextWriter, reports, color=color, tool_version=tool_version)
