"""Heads noted earlier, by record: what ``sdlc check --head RECORD=SHA256`` reads.

A head is the hash ``sdlc record append`` prints after each append (see
:func:`sdlc.integrity.chain.head`). Kept where the record's writers cannot change it,
it shows events removed from the end of a record: the record must still hold the
event with that hash. :func:`parse_heads` reads the command line's pairs;
:func:`unseen` reports the records a head was noted for that were not checked at
all, since a deleted record is the shortest truncation (see docs/design.md,
"Integrity").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from ..errors import UsageError
from ..model.record import RECORD_ID
from ..rules.catalogue import Severity
from ..rules.findings import Finding, Report, resolve_severity

_SHA256 = re.compile(r"[0-9a-f]{64}")


def parse_heads(items: Sequence[str]) -> dict[str, str]:
    """The heads ``--head RECORD=SHA256`` (repeatable) names, by record id."""
    heads: dict[str, str] = {}
    for item in items:
        record, sep, value = item.partition("=")
        if not sep or not re.fullmatch(RECORD_ID, record) or not _SHA256.fullmatch(value):
            raise UsageError(
                f"--head {item!r}: expected RECORD=SHA256, a record id and the head "
                "'sdlc record append' printed for it (64 lower-case hex digits)"
            )
        if heads.get(record, value) != value:
            raise UsageError(
                f"--head: record {record} is given two heads, {heads[record]} and {value}; "
                "give the last one noted"
            )
        heads[record] = value
    return heads


def unseen(
    heads: Mapping[str, str],
    checked: Iterable[str],
    severity: Mapping[str, Severity] | None = None,
    *,
    strict: bool = False,
) -> list[Report]:
    """A report with a ``broken-chain`` finding for each record a head was noted for
    that is not among the ``checked`` record ids: it was removed, or not given."""
    level = resolve_severity("broken-chain", severity, strict=strict)
    if level is Severity.OFF:
        return []
    seen = set(checked)
    return [
        Report(
            record,
            findings=[
                Finding(
                    "broken-chain",
                    level,
                    f"record {record}: its head {value} was noted earlier, but no record "
                    f"{record} was checked: the record was removed, or its file was not given",
                    "restore the record from version control or CI, or give its file",
                    record=record,
                )
            ],
        )
        for record, value in heads.items()
        if record not in seen
    ]
