"""The smallest repair: the fewest events to add or remove to make a record compliant.

:func:`smallest_repair` starts from the local repair (:mod:`sdlc.checking.repair_local`,
each finding's own fix), then searches for a cheaper one
(:mod:`sdlc.checking.repair_search`) from the lower bound every repair must meet
(:mod:`sdlc.checking.repair_bound`). Either the search finds a cheaper repair,
which is then a smallest one, or it shows that none is cheaper than the local
repair, or it reaches its limit and the local repair is reported as not proven
minimal. Each step is stated in the process's own words, and
:func:`apply_repair` turns the steps into the repaired record, which is checked
again before it is reported (see docs/design.md, "The smallest repair").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..rules.catalogue import Severity
from ..rules.findings import Finding, RepairStep
from .amendments import amendments
from .repair_apply import apply_repair
from .repair_bound import bound
from .repair_local import local_repair
from .repair_search import LIMIT, search
from .repair_space import Space
from .repair_words import worded

if TYPE_CHECKING:
    from .context import Context
    from .trace import Trace

__all__ = ["Repair", "apply_repair", "propose", "smallest_repair"]


@dataclass(frozen=True, slots=True)
class Repair:
    """A repair and whether it is proven to be a smallest one."""

    steps: list[RepairStep]
    note: str | None = None
    """Why the repair is not proven minimal, when it is not."""

    @property
    def pair(self) -> tuple[list[RepairStep], str | None]:
        return self.steps, self.note


def smallest_repair(
    context: Context, trace: Trace, findings: list[Finding], limit: int = LIMIT
) -> Repair:
    """The smallest repair of a non-compliant record, in the order to apply them."""
    errors = [f for f in findings if f.severity is Severity.ERROR]
    local = local_repair(context, trace, findings)
    space = Space.of(context, trace, errors, amendments(trace, errors))
    forced = bound(context, trace, errors)
    upper = _cost(local) if space.holds(local) else None
    outcome = search(space, forced, upper, (local, errors), limit)
    if outcome.steps is not None:
        steps = worded(context, trace, errors, outcome.steps)
        if space.holds(steps):  # what is reported is what was checked
            return Repair(steps)
    if outcome.proven:
        return Repair(local)
    return Repair(local, f"repair is not proven minimal: search limit {limit} reached")


def propose(context: Context, trace: Trace, findings: list[Finding]) -> list[RepairStep]:
    """The steps of :func:`smallest_repair`."""
    return smallest_repair(context, trace, findings).steps


def _cost(steps: list[RepairStep]) -> int:
    """Events added plus events removed."""
    return sum(1 for s in steps if s.action in ("add", "remove"))
