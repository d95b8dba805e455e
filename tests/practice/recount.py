"""Figures recomputed from generated records, by hand, without sdlc's code: what
``sdlc practice`` must report about them."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

Record = dict[str, Any]


def first_day(record: Record) -> dt.date:
    return dt.datetime.fromisoformat(record["events"][0]["at"]).astimezone(dt.UTC).date()


def stages(record: Record) -> tuple[str, ...]:
    return tuple(e["stage"] for e in record["events"])


def tested_before_the_last_build(record: Record) -> bool:
    """Whether the login tests came before the build of the commit that was deployed."""
    s = stages(record)
    last_build = len(s) - 1 - s[::-1].index("build")
    return s.index("login-e2e-tests") < last_build


def follows(records: Iterable[Record]) -> Counter[tuple[str, str]]:
    pairs: Counter[tuple[str, str]] = Counter()
    for record in records:
        s = stages(record)
        pairs.update((s[i], s[i + 1]) for i in range(len(s) - 1))
    return pairs


def percentile_90(values: Sequence[float]) -> float:
    """Linear interpolation at rank 0.9 (n - 1) of the sorted values."""
    ordered = sorted(values)
    rank = 0.9 * (len(ordered) - 1)
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def days(seconds: float) -> str:
    return f"{seconds / 86400:.1f} days"


def hours_or_days(seconds: float) -> str:
    return f"{seconds / 3600:.1f} h" if seconds < 2 * 86400 else days(seconds)


def security_test_waits(records: Iterable[Record]) -> list[float]:
    """Each security test, from the last build before it (its only dependency)."""
    waits = []
    for record in records:
        built = None
        for event in record["events"]:
            at = dt.datetime.fromisoformat(event["at"])
            if event["stage"] == "build":
                built = at
            elif event["stage"] == "security-test" and built is not None:
                waits.append((at - built).total_seconds())
    return waits


def lead_to_deployment(records: Iterable[Record]) -> list[float]:
    out = []
    for record in records:
        start = dt.datetime.fromisoformat(record["events"][0]["at"])
        deployed = next(e for e in record["events"] if e["stage"] == "deployment")
        out.append((dt.datetime.fromisoformat(deployed["at"]) - start).total_seconds())
    return out


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))
