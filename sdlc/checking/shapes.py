"""The shape cache: the rules run once per shape of record, integrity once per record.

Most changes take the same few paths: the same stages in the same order, the same
outcomes, people in the same roles. Two records that agree on everything the rules
read get the same verdict from them. A record's **shape** (:func:`shape`) is that
everything, with the values that only name things (who, which commit, which
artifact) replaced by the pattern they make:

- the process, declared risk, team, author and attributes, as written;
- per event: its stage and outcome; its actor and its subject (and what it
  ``produces``) as the number of their first appearance in the record (the author
  and the record's own commit and artifact count as appearing first), each subject
  with whether it reads as an artifact digest; its ``covers``; the kind of each
  piece of evidence and whether it carries a digest; whether it has ``prev`` and a
  signature; the rank of its time among the record's times; whether it lies in the
  future (against ``now``, with the clock skew); and the number of its UTC day;
- per actor and UTC day of the record: the roles the roster gives them that day
  (or that they are not in it);
- whether the change started before the process took effect, or on or after the day
  the version that replaced it did.

The cache keeps, per shape, only whether the first record of that shape had no
finding at all (after severities), and the risk and view it was checked at. A
record of such a shape gets that verdict, and its own integrity audit when it has
anything of its own to audit (a chain or signatures to verify, a head to find,
local evidence digests: values the shape leaves out). Every other record (of a
shape with findings, or of a new shape) is checked in full, as
:func:`~sdlc.checking.single.check_record` checks it, so a report that names
people, subjects or times is always made from the record itself; so is a record
whose own audit finds a failure, for its repair. The cache is bounded
(:data:`SHAPES`), so memory stays flat on any input, and it pauses itself on records
that rarely share a shape, where its keys would cost more than they save.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from pathlib import Path

from ..integrity.verification import carries_integrity
from ..model.process import Process
from ..model.record import Record
from ..model.roster import Roster, utc_day
from ..rules.catalogue import Severity
from ..rules.findings import Finding, Report
from .audit import audit
from .builds import is_artifact
from .checker import Checker
from .context import CLOCK_SKEW, CheckOptions, Context
from .lineage import Lineage
from .pacing import Pacing
from .record_pass import RecordPass
from .single import check_record
from .trace import Trace

__all__ = ["SHAPES", "CachedChecker", "ShapeCache", "shape"]

SHAPES = 4096
"""Shapes a cache keeps; the oldest is dropped when a new one would exceed it."""

_FINDINGS = None
"""The cache's entry for a shape whose rules found something: always checked in full
(a clean shape's entry is the risk it was checked at)."""
_UNSEEN = ""
"""What the cache gives for a shape it has not seen (no risk level is empty)."""


_UNKNOWN = object()
_ROLES_KEPT = 1 << 16
"""Roles of a person on a day a cache keeps from one record to the next."""


def shape(
    context: Context,
    record: Record,
    now: dt.datetime,
    roles: dict[tuple[str, dt.date], Hashable] | None = None,
) -> Hashable:
    """Everything the rules read of ``record`` (see the module's docstring); ``roles``
    keeps people's roles on each day from one call to the next."""
    if roles is None:
        roles = {}
    people: dict[str | None, int] = {record.author: 0}
    subjects: dict[str | None, tuple[int, bool]] = {}

    def subject(name: str | None) -> tuple[int, bool]:
        """The number of the subject's first appearance, and whether it is an artifact."""
        found = subjects.get(name)
        if found is None:
            found = subjects[name] = (len(subjects), name is not None and is_artifact(name))
        return found

    subject(record.subject.commit)
    subject(record.subject.artifact)
    events = record.events
    ats = [e.at for e in events]
    rank = {at: i for i, at in enumerate(sorted(set(ats)))}
    days = [utc_day(at) for at in ats]
    for event in events:
        people.setdefault(event.actor, len(people))
    roster = context.roster
    held: dict[dt.date, Hashable] = {}
    if roster is not None:  # every person's roles on every day of the record
        for day in days:
            if day not in held:
                held[day] = tuple(_roles(roster, a, day, roles) for a in people)
    future = now + CLOCK_SKEW
    out: list[Hashable] = []
    for event, at, day in zip(events, ats, days, strict=True):
        out.append(
            (
                event.stage,
                event.outcome,
                people[event.actor],
                subject(event.subject),
                tuple(subject(p) for p in event.produces) if event.produces else (),
                event.covers,
                tuple([(e.kind, e.sha256 is None) for e in event.evidence]),
                event.prev is None,
                event.signature is None,
                rank[at],
                at > future,
                held.get(day),
            )
        )
    process = context.process
    started = events[0].at.astimezone(dt.UTC).date() if events else None
    superseded = context.superseded
    return (
        record.process,
        record.declared_risk,
        record.team,
        record.author is None,
        record.attributes.components,
        record.attributes.data_classes,
        record.attributes.providers,
        record.attributes.flags,
        started is not None and started < process.effective,
        started is not None and superseded is not None and started >= superseded[1],
        tuple(out),
    )


def _roles(
    roster: Roster, actor: str | None, day: dt.date, known: dict[tuple[str, dt.date], Hashable]
) -> Hashable:
    """The roles ``actor`` holds on ``day`` (``None`` for no one the roster lists), from
    ``known`` when asked before (it is kept small: emptied when it grows large)."""
    if actor is None:
        return None
    found = known.get((actor, day), _UNKNOWN)
    if found is _UNKNOWN:
        person = roster.by_id.get(actor)
        found = None if person is None else person.roles_on(day)
        if len(known) >= _ROLES_KEPT:
            known.clear()
        known[(actor, day)] = found
    return found


class ShapeCache:
    """The verdicts of the shapes seen so far, for one context; its ``pacing`` says
    when to key records (:mod:`sdlc.checking.pacing`: not while keys do not pay).
    Either way each report is the one the plain checker gives."""

    def __init__(
        self, context: Context, limit: int = SHAPES, *, pacing: Pacing | None = None
    ) -> None:
        self.context = context
        self.limit = limit
        self.pacing = pacing or Pacing()
        self._shapes: dict[Hashable, str | None] = {}
        self._roles: dict[tuple[str, dt.date], Hashable] = {}
        self.hits = 0
        """Records whose rules the cache answered."""

    def check(
        self,
        record: Record,
        *,
        path: str | None = None,
        event_lines: tuple[int, ...] = (),
        line: int | None = None,
    ) -> Report:
        """The report :func:`~sdlc.checking.single.check_record` gives ``record``."""
        if not self.pacing.keyed():
            return check_record(self.context, record, path=path, event_lines=event_lines, line=line)
        hits = self.hits
        report = self._lookup(record, path, event_lines, line)
        self.pacing.saw(self.hits > hits)
        return report

    def _lookup(
        self, record: Record, path: str | None, event_lines: tuple[int, ...], line: int | None
    ) -> Report:
        context = self.context
        if record.process != context.process.ref:
            return check_record(context, record, path=path, event_lines=event_lines, line=line)
        key = shape(context, record, context.options.now or dt.datetime.now(dt.UTC), self._roles)
        entry = self._shapes.get(key, _UNSEEN)  # a key is hashed anew each time: once
        if entry is not _UNSEEN:
            if entry is not None:
                report = Report(record.id, path=path, event_lines=event_lines, line=line)
                report.risk = entry
                if _own_integrity(context, record, path):
                    report.findings = _integrity(context, record, path)
                if report.compliant:
                    self.hits += 1
                    return report
            return check_record(context, record, path=path, event_lines=event_lines, line=line)
        report = check_record(context, record, path=path, event_lines=event_lines, line=line)
        entry = _FINDINGS
        if report.error is None and report.risk is not None and not report.findings:
            entry = report.risk  # nothing found, so the rules found nothing: the shape is clean
        if len(self._shapes) >= self.limit:
            del self._shapes[next(iter(self._shapes))]
        self._shapes[key] = entry
        return report


def _own_integrity(context: Context, record: Record, path: str | None) -> bool:
    """Whether the audit could find anything in ``record`` that its shape does not hold:
    a chain or a signature to verify, a head to find, or a local file's digest. (Whether
    there is a chain or a signature at all, and where, is in the shape: a shape whose
    first record had no finding has no missing chain or signature.)"""
    if (context.options.heads or {}).get(record.id) is not None:
        return True
    return carries_integrity(record, Path(path).parent if path is not None else None)


def _integrity(context: Context, record: Record, path: str | None) -> list[Finding]:
    """The record's own audit: what the checker's audit finds without the walk's trace
    (chain, signatures and evidence digests; nothing deployed, so no lineage)."""
    view = RecordPass(context, record).trace.view
    found = audit(context, Trace(record, view, Lineage()), path)
    return [f for f in found if f.severity is not Severity.OFF]


class CachedChecker(Checker):
    """A :class:`~sdlc.checking.checker.Checker` whose :meth:`check` goes through a
    :class:`ShapeCache`: the same reports, the rules run once per shape."""

    def __init__(
        self,
        process: Process,
        roster: Roster | None = None,
        options: CheckOptions | None = None,
        *,
        superseded: tuple[str, dt.date] | None = None,
    ) -> None:
        super().__init__(process, roster, options, superseded=superseded)
        self.shapes = ShapeCache(self.context)

    def check(
        self,
        record: Record,
        *,
        path: str | None = None,
        event_lines: tuple[int, ...] = (),
        line: int | None = None,
    ) -> Report:
        return self.shapes.check(record, path=path, event_lines=event_lines, line=line)
