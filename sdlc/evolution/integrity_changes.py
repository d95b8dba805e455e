"""What changed in what a process demands of its records' integrity and its waivers.

Read off the two versions for :func:`sdlc.evolution.differences.diff`: whether
records must be hash-chained, which stages must be signed, and the waiver policy's
bounds (how long a waiver may run, whether it may name records by a pattern,
whether it must be signed). Dropping any of these demands is a weakening; adding
one is not (see docs/design.md, "Evolving the process").
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model.process import Process
from .changes import Change


def integrity_changes(old: Process, new: Process) -> Iterator[Change]:
    """The changes in chain, signature and waiver-policy demands, ``old`` to ``new``."""
    if old.integrity.chained != new.integrity.chained:
        if new.integrity.chained:
            yield Change("process", "records", "must now be hash-chained")
        else:
            yield Change("process", "records", "need no longer be hash-chained", True)
    before = {s.id: s for s in old.stages}
    for stage in new.stages:
        was = before.get(stage.id)
        if was is None or was.signed == stage.signed:
            continue
        subject = f"stage '{stage.id}'"
        if stage.signed:
            yield Change("stage", subject, "its events must now be signed by their actors")
        else:
            yield Change("stage", subject, "its events need no longer be signed", True)
    yield from _waiver_policy(old, new)


def _waiver_policy(old: Process, new: Process) -> Iterator[Change]:
    was, now = old.waivers, new.waivers
    if was.max_days != now.max_days:
        longer = now.max_days > was.max_days
        yield Change(
            "waiver",
            "waivers",
            f"may run at most {now.max_days} days, was {was.max_days}",
            longer,
        )
    if was.record_patterns != now.record_patterns:
        if now.record_patterns:
            yield Change("waiver", "waivers", "may now name records by a pattern", True)
        else:
            yield Change("waiver", "waivers", "must now name each record by its id")
    if was.signed != now.signed:
        if now.signed:
            yield Change("waiver", "waivers", "must now be signed by their approvers")
        else:
            yield Change("waiver", "waivers", "need no longer be signed", True)
