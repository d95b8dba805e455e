"""How ``sdlc practice`` writes figures: durations, shares and groups of changes.

A duration under an hour is in whole minutes (``45 min``), under two days in hours
with one decimal (``5.2 h``), and otherwise in days with one decimal
(``3.1 days``). A share is rounded to the nearest whole percent (``38 %``), as
Python's ``round`` does it. JSON keeps the exact seconds and shares.
"""

from __future__ import annotations

HOUR = 3600.0
DAY = 86400.0


def duration(seconds: float) -> str:
    if seconds < HOUR:
        return f"{round(seconds / 60)} min"
    if seconds < 2 * DAY:
        return f"{seconds / HOUR:.1f} h"
    return f"{seconds / DAY:.1f} days"


def percent(part: int, whole: int) -> str:
    """``38 %``; ``0 %`` of nothing."""
    return f"{round(100 * part / whole) if whole else 0} %"


def share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def group(risk: str | None, team: str | None) -> str:
    """``medium-risk changes of team tokens``, ``all changes``."""
    noun = "all changes" if risk is None else f"{risk}-risk changes"
    return noun if team is None else f"{noun} of team {team}"


def path(stages: tuple[str, ...]) -> str:
    return " → ".join(stages) if stages else "(no events)"


def counted(n: int, noun: str) -> str:
    """``1 record``, ``3 records``: ``noun`` with an ``s`` unless there is one."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def changes(n: int) -> str:
    """``1 change``, ``3 changes``."""
    return counted(n, "change")
