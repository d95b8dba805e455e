"""The search for the smallest repair: the fewest events added and removed.

The cost of a repair is the number of events it adds plus the number it removes
(moving an event is removing it and adding it elsewhere: two). Amendments of
fields cost nothing and every repair carries the same ones. The search is
iterative deepening over that cost, from the admissible lower bound of
:mod:`sdlc.checking.repair_bound` up to one less than the repair in hand:
every set of edits of each cost (among those of
:mod:`sdlc.checking.repair_space`, with the forced removals and at least the
forced additions of each stage) is applied and checked by the checker itself,
so the first that holds is a smallest repair, and when none below the repair in
hand holds, that repair is a smallest one.

Checking is the expensive part, so it is bounded: after :data:`LIMIT` candidate
repairs checked without an answer the search stops, and the repair is reported
as not proven minimal (see docs/design.md, "The smallest repair").
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from ..rules.findings import Finding, RepairStep
from .repair_bound import Bound
from .repair_space import Addition, Space

LIMIT = 500
"""Candidate repairs checked at most (each a pass of the checker over a record)."""

_SPREAD = 20
"""Edit sets looked at (most rejected unchecked) per candidate repair checked."""

_HOPELESS = 100
"""A cost with this many times more edit sets than the limit is not started: the
limit would be reached long before it was done."""

Edit = int | Addition
"""Remove original event ``n`` (an int), or add an event."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the search found."""

    steps: list[RepairStep] | None
    """A repair cheaper than the one in hand (placeholder text), if there is one."""
    proven: bool
    """Whether every cheaper set of edits was checked: the answer is a smallest repair."""


def search(
    space: Space,
    bound: Bound,
    upper: int | None,
    hints: tuple[list[RepairStep], list[Finding]],
    limit: int = LIMIT,
) -> Outcome:
    """A smallest repair cheaper than ``upper`` (the cost of the repair in hand)."""
    forced = tuple(sorted(bound.removals))
    n = len(space.record.events)
    removable = [e for e in range(1, n + 1) if e not in bound.removals]
    edits = _ordered(space, removable, hints)
    ceiling = upper if upper is not None else n + len(space.additions) + len(forced) + 1
    looked = 0
    for cost in range(max(bound.lower, len(forced)), ceiling):
        if _count(space, bound, edits, cost - len(forced)) > limit * _HOPELESS:
            return Outcome(None, False)
        sets = _edit_sets(space, bound, edits, cost - len(forced))
        for removals, additions in sets:
            looked += 1
            if space.checked >= limit or looked >= limit * _SPREAD:
                return Outcome(None, False)
            gone = set(forced) | set(removals)
            if any(a.place in gone for a in additions):
                continue  # the same record as with the addition one place earlier
            steps = space.steps((*forced, *removals), additions)
            if space.holds(steps):
                return Outcome(steps, True)
    return Outcome(None, upper is not None)


def _ordered(
    space: Space, removable: list[int], hints: tuple[list[RepairStep], list[Finding]]
) -> list[Edit]:
    """Every candidate edit, the likeliest first (what the local repair and the
    findings point at), so that a repair is found early; the order changes nothing
    about which repairs are checked at each cost."""
    local, findings = hints
    events = space.record.events
    removed = {s.event for s in local if s.action == "remove"}
    added = {(s.stage, s.subject) for s in local if s.action == "add"}
    named = {f.event for f in findings if f.event is not None}
    named_stages = {f.stage for f in findings if f.stage is not None}
    before = named | {
        s.event if s.event is not None else len(events) + 1 for s in local if s.action == "add"
    }

    def score(edit: Edit) -> int:
        if isinstance(edit, int):
            stage = events[edit - 1].stage
            return 3 * (edit in named) + 3 * (stage in named_stages) + (edit in removed)
        return (
            3 * (edit.stage in named_stages)
            + 2 * (edit.place + 1 in before)
            + ((edit.stage, edit.subject) in added)
        )

    edits: list[Edit] = [*removable, *space.additions]
    return sorted(edits, key=lambda e: -score(e))


def _count(space: Space, bound: Bound, edits: list[Edit], size: int) -> int:
    """About how many sets of ``size`` edits :func:`_edit_sets` gives (at least)."""
    slack = size - sum(bound.needs.values())
    if slack < 0:
        return 0
    total = math.comb(len(edits) + slack - 1, slack) if slack else 1
    for stage, count in bound.needs.items():
        pool = sum(1 for a in space.additions if a.stage == stage)
        total *= math.comb(pool + count - 1, count)
    return total


def _edit_sets(
    space: Space, bound: Bound, edits: list[Edit], size: int
) -> Iterator[tuple[tuple[int, ...], tuple[Addition, ...]]]:
    """Every set of ``size`` edits with the forced additions, each once, the likeliest
    first (the smallest sum of the edits' places in their likelihood order)."""
    slack = size - sum(bound.needs.values())
    if slack < 0:
        return
    pools: list[list[Edit]] = []
    slots: list[tuple[int, int]] = []
    for group, (stage, count) in enumerate(bound.needs.items()):
        pool: list[Edit] = [e for e in edits if isinstance(e, Addition) and e.stage == stage]
        pools.append(pool)
        slots += [(group, len(pool))] * count
    pools.append(edits)
    slots += [(len(pools) - 1, len(edits))] * slack
    seen: set[tuple[tuple[int, ...], tuple[Addition, ...]]] = set()
    for picks in ranked(slots):
        chosen = [pools[group][i] for (group, _), i in zip(slots, picks, strict=True)]
        removals = [e for e in chosen if isinstance(e, int)]
        if len(set(removals)) < len(removals):
            continue
        additions = tuple(sorted(e for e in chosen if isinstance(e, Addition)))
        key = (tuple(sorted(removals)), additions)
        if key not in seen:
            seen.add(key)
            yield key


def ranked(slots: list[tuple[int, int]]) -> Iterator[tuple[int, ...]]:
    """Every choice of one index per slot (``(group, length)``), the indices of
    consecutive slots of one group never decreasing, by increasing sum of indices."""
    tails = [0] * (len(slots) + 1)
    for i in range(len(slots) - 1, -1, -1):
        tails[i] = tails[i + 1] + slots[i][1] - 1
    for total in range(tails[0] + 1):
        yield from _fill(slots, tails, 0, total, 0)


def _fill(
    slots: list[tuple[int, int]], tails: list[int], i: int, total: int, previous: int
) -> Iterator[tuple[int, ...]]:
    if i == len(slots):
        if total == 0:
            yield ()
        return
    group, length = slots[i]
    low = previous if i > 0 and slots[i - 1][0] == group else 0
    for index in range(max(low, total - tails[i + 1]), min(length - 1, total) + 1):
        for tail in _fill(slots, tails, i + 1, total - index, index):
            yield (index, *tail)
