"""The counts of deviation statistics: findings by rule, team and month, records by
team and by month, and stages skipped or done out of order.

:func:`sdlc.evolution.stats.collect` fills a :class:`Stats`; the statistics files
and the handbook's "Process health" page (:mod:`sdlc.handbook.health`) read it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..rules.catalogue import RULES

NONE = "none"
"""The team or month of a record that names no team, or has no events."""


@dataclass(slots=True)
class Cell:
    """Counts for one group of records."""

    records: int = 0
    compliant: int = 0
    failures: int = 0
    waived: int = 0


@dataclass
class Stats:
    """The counts :func:`sdlc.evolution.stats.collect` makes; see its module docstring."""

    records: int = 0
    compliant: int = 0
    unreadable: int = 0
    failures: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    """(rule, team, month) → failing findings."""
    waived: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    """(rule, team, month) → waived findings."""
    teams: dict[str, Cell] = field(default_factory=dict)
    months: dict[str, Cell] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)
    """Stage → missing-stage findings (failing or waived)."""
    out_of_order: Counter[str] = field(default_factory=Counter)
    """Stage → out-of-order findings (failing or waived)."""

    def rules(self) -> list[tuple[str, int, int]]:
        """(rule, failures, waived) for every rule that failed or was waived; most
        failures first."""
        fails: Counter[str] = Counter()
        waives: Counter[str] = Counter()
        for (rule, _, _), n in self.failures.items():
            fails[rule] += n
        for (rule, _, _), n in self.waived.items():
            waives[rule] += n
        rules = set(fails) | set(waives)
        return sorted(((r, fails[r], waives[r]) for r in rules), key=lambda t: (-t[1], -t[2], t[0]))

    def rows(self) -> list[tuple[str, str, str, int, int]]:
        """(rule, team, month, failures, waived), sorted by rule, team and month."""
        keys = sorted(set(self.failures) | set(self.waived))
        return [(*key, self.failures[key], self.waived[key]) for key in keys]

    def as_dict(self) -> dict[str, object]:
        def cells(groups: dict[str, Cell], name: str) -> list[dict[str, object]]:
            return [
                {name: key, "records": c.records, "compliant": c.compliant}
                | {"failures": c.failures, "waived": c.waived}
                for key, c in sorted(groups.items())
            ]

        return {
            "records": self.records,
            "compliant": self.compliant,
            "unreadable": self.unreadable,
            "failures": sum(self.failures.values()),
            "waived": sum(self.waived.values()),
            "rules": [
                {"rule": r, "code": RULES[r].code, "failures": f, "waived": w}
                for r, f, w in self.rules()
            ],
            "teams": cells(self.teams, "team"),
            "months": cells(self.months, "month"),
            "rows": [
                {"rule": r, "team": t, "month": m, "failures": f, "waived": w}
                for r, t, m, f, w in self.rows()
            ],
            "skipped_stages": ranked(self.skipped),
            "out_of_order_stages": ranked(self.out_of_order),
        }


def ranked(counts: Counter[str]) -> list[dict[str, object]]:
    """``{"stage", "count"}`` for each stage, most often first, then by name."""
    return [
        {"stage": stage, "count": n}
        for stage, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
