"""Checking records as they are loaded, one at a time, in input order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..load.records import LoadedRecord
from ..rules.findings import Report
from .checker import Checker


def check_records(checker: Checker, loaded: Iterable[LoadedRecord]) -> Iterator[Report]:
    """Check loaded records (see :func:`sdlc.load.load_records`) one at a time; a
    record that could not be read gives a report whose ``error`` says why."""
    for item in loaded:
        if item.record is None:
            assert item.error is not None
            yield Report(
                item.label, path=item.path, error=item.error.user_message(), line=item.line
            )
            continue
        yield checker.check(
            item.record, path=item.path, event_lines=item.event_lines, line=item.line
        )
