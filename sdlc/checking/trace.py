"""What the checker learns about one record in its single pass over the events.

Kept apart from :mod:`sdlc.checking.checker` so the deployment checks and the repair can
share it without importing the checker.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..graph.view import View
from ..model.record import Record
from .lineage import Lineage


@dataclass(slots=True)
class Completion:
    """A stage's current completion: the subject and the events that completed it."""

    subject: str
    events: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Trace:
    """What the checker learned about one record; the repair is computed from it."""

    record: Record
    view: View
    lineage: Lineage
    done: dict[str, Completion] = field(default_factory=dict)
    stale: dict[str, Completion] = field(default_factory=dict)
    deployed: list[int] = field(default_factory=list)
    """Event numbers of completed deployments."""
    disqualified: set[int] = field(default_factory=set)
    """Events that cannot count: unknown actor, wrong role, or segregation of duties."""
    shortfalls: dict[str, tuple[int, int, str | None]] = field(default_factory=dict)
    """Per stage: (distinct qualified people, people needed, org level needed)."""
    uncovered: dict[str, tuple[str, ...]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    late_deps: list[tuple[int, str]] = field(default_factory=list)
    """(event, stage it came before) for out-of-order events."""
    at_deploy: dict[str, Completion] = field(default_factory=dict)
    """Each stage's completion as it stood at the last deployment."""
    restale: list[tuple[int, list[str]]] = field(default_factory=list)
    """(deployment event, stages to redo for the deployed subject)."""
