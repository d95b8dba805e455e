"""The facts the handbook's templates lay out, as plain values.

:class:`~sdlc.handbook.pages.ProcessPages` works them out from the process and its
graph; the templates only read their fields.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..graph.view import View
from ..model.stage import StageKind
from .diagrams import path_flowchart
from .markdown import Markdown

KIND_WORDS = {
    StageKind.THREAT_MODEL: "threat modelling",
    StageKind.DESIGN_REVIEW: "design review",
    StageKind.IMPLEMENTATION: "implementation",
    StageKind.CODE_REVIEW: "code review",
    StageKind.BUILD: "build",
    StageKind.TEST: "test",
    StageKind.SECURITY_TEST: "security test",
    StageKind.APPROVAL: "approval",
    StageKind.DEPLOYMENT: "deployment",
    StageKind.VERIFICATION: "verification",
    StageKind.ROLLBACK: "rollback",
    StageKind.OTHER: "other",
}
"""Each kind of stage in the handbook's words."""


@dataclass(frozen=True, slots=True)
class LevelRow:
    """What a stage demands at one risk level."""

    level: str
    applies: str
    """``yes``, ``no`` or ``depending on the change``."""
    actors: int
    approver_level: str | None
    min_share: str | None
    """The least production share to cover, as a percentage, for test stages."""


@dataclass(frozen=True, slots=True)
class Requirement:
    """One dependency of a stage: the stages that satisfy it, and when it applies."""

    stages: tuple[str, ...]
    one_of: bool
    when: str | None


@dataclass(frozen=True, slots=True)
class Step:
    """One numbered step of a risk level's path."""

    number: int
    stage: str
    actors: int
    approver_level: str | None
    min_share: str | None
    after: tuple[tuple[str, ...], ...]
    """Groups of alternatives that must be complete first."""


@dataclass(frozen=True, slots=True)
class Level:
    """A risk level's page: its path through the process."""

    name: str
    rank: int
    path: str
    view: View
    steps: tuple[Step, ...]
    sometimes: tuple[tuple[str, str], ...]
    """Stages that apply at this level only to some changes, with their condition."""
    raised_by: tuple[str, ...]
    """Ids of the risk rules that raise a change to this level."""

    @property
    def diagram(self) -> Markdown:
        return path_flowchart(self.view)

    @property
    def gates(self) -> tuple[tuple[str, str | None], ...]:
        return tuple((g, self.view.approver_level(g)) for g in self.view.gates)


@dataclass(frozen=True, slots=True)
class Coverage:
    """One framework task or control and the stages that map to it."""

    id: str
    title: str
    stages: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Numbered:
    """A stage by its number in the process's reading order (1 is the first)."""

    number: int
    stage: str
