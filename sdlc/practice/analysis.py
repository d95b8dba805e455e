"""``sdlc practice``: what an archive of change records says about the process as it
is practised, per risk level and team (see docs/practice.md).

:func:`observe` checks every record against the version of the process it names
(:class:`~sdlc.evolution.versions.VersionedChecker`), keeps those in the selection
(:mod:`.cases`), and groups them by risk level and team. Each group has its flow
(:mod:`.flow`), its times (:mod:`.timing`) and its deviations
(:mod:`.deviations`); the whole selection has them too, as the group of all
changes, and its conditional stages (:mod:`.applicability`). Suggestions
(:mod:`.suggestions`) are made per group, with what ``sdlc diff`` says of every
process change they propose (:mod:`.proposals`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..evolution.versions import VersionedChecker
from ..load.records import LoadedRecord
from .applicability import Applicability, applicability
from .cases import Case, Selection, gather
from .groups import Group
from .proposals import Proposals
from .suggestions import Suggestion, conditional, suggest


@dataclass
class Practice:
    """What :func:`observe` found in an archive of records."""

    selection: Selection
    read: int
    unreadable: int
    outside: int
    overall: Group
    groups: list[Group]
    applicability: list[Applicability] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return len(self.overall.cases)


KINDS = ("waived", "skipped", "out-of-order", "slow", "rework", "together")
"""The order suggestions of the same share are listed in."""


def _order(s: Suggestion) -> tuple[float, int, str]:
    rank = KINDS.index(s.kind) if s.kind in KINDS else len(KINDS)
    return (-s.share, rank, s.text)


def observe(
    loaded: Iterable[LoadedRecord],
    checker: VersionedChecker,
    selection: Selection | None = None,
) -> Practice:
    """Study the records ``loaded`` (see :func:`sdlc.load.load_records`); see the
    module docstring. ``checker`` holds the process versions, the roster, the check
    options and any waivers."""
    selection = selection or Selection()
    gathered = gather(loaded, checker, selection)
    cases = gathered.cases
    waivers = checker.waivers
    keyed: dict[tuple[str, str], list[Case]] = {}
    for case in cases:
        keyed.setdefault((case.risk, case.team), []).append(case)

    def rank(key: tuple[str, str]) -> tuple[int, str]:
        levels = keyed[key][-1].process.risk.levels
        return (levels.index(key[0]), key[1])

    groups = [Group.of(r, t, keyed[r, t], waivers) for r, t in sorted(keyed, key=rank)]
    proposals = Proposals()
    found = applicability(cases)
    suggestions = [s for g in groups for s in suggest(g, selection, proposals)]
    suggestions += conditional(found, selection, proposals, cases)
    return Practice(
        selection,
        gathered.read,
        gathered.unreadable,
        gathered.outside,
        Group.of(None, None, cases, waivers),
        groups,
        found,
        sorted(suggestions, key=_order),
    )
