"""What a stage's completion is measured against: the kinds of evidence its events
must reference, and the production use its tests must cover between them.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, model_validator

from .risk import PerRisk
from .text import Prose
from .types import Model, Slug


class EvidenceKind(Model):
    """A kind of evidence a stage can require, such as a review link or test report."""

    title: Prose = Field(description="Human-readable name of the evidence kind.")
    description: Prose = Field(Prose(""), description="What counts as this evidence (Markdown).")


class ProductionProfile(Model):
    """Measured shares of production use, e.g. logins per eID provider."""

    title: Prose = Field(Prose("Production use"), description="What the shares measure.")
    measured: dt.date | None = Field(
        None, description="When the shares were measured (YYYY-MM-DD)."
    )
    source: Prose = Field(Prose(""), description="Where the figures come from.")
    shares: dict[Slug, Annotated[float, Field(ge=0.0, le=1.0)]] = Field(
        min_length=1,
        description="Share of production use per provider, each between 0 and 1; "
        "they sum to at most 1.",
    )

    @model_validator(mode="after")
    def _sum(self) -> ProductionProfile:
        total = sum(self.shares.values())
        if total > 1.0 + 1e-9:
            raise ValueError(f"production shares MUST sum to at most 1 (they sum to {total:g})")
        return self


class Coverage(Model):
    """How much production use a test stage's events must cover between them."""

    min_share: PerRisk[float] = Field(
        description="Least share of production use (0–1) the tested providers must cover."
    )
