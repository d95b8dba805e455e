"""Changes grouped by risk level and team, each with its flow, times and deviations."""

from __future__ import annotations

from dataclasses import dataclass

from ..evolution.waiver_file import WaiverFile
from .cases import Case
from .deviations import Deviations, deviations_of
from .flow import Flow, flow_of
from .timing import Times, times_of
from .wording import group


@dataclass
class Group:
    """Changes at one risk level of one team (``None``: every level, every team)."""

    risk: str | None
    team: str | None
    cases: list[Case]
    flow: Flow
    times: Times
    deviations: Deviations

    @classmethod
    def of(
        cls, risk: str | None, team: str | None, cases: list[Case], waivers: WaiverFile | None
    ) -> Group:
        return cls(
            risk, team, cases, flow_of(cases), times_of(cases), deviations_of(cases, waivers)
        )

    @property
    def words(self) -> str:
        """``medium-risk changes of team tokens``."""
        return group(self.risk, self.team)
