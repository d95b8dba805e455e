"""The process model: what a secure development process says, as typed data.

A :class:`Process` is loaded from YAML (see :mod:`sdlc.load`). Its stages are the
nodes of a dependency graph (see :mod:`sdlc.graph`); everything here is frozen,
strict, refuses unknown fields and documents itself, and the same descriptions
become ``sdlc schema`` and the handbook's reference pages (see docs/design.md,
"The process model").
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Annotated

from pydantic import Field, StrictBool, field_validator, model_validator

from ..limits import STAGES
from ..rules.catalogue import RULES
from .evidence import EvidenceKind, ProductionProfile
from .organisation import DEFAULT_ORG_LEVELS, UNWAIVABLE, Role, WaiverPolicy
from .risk import RiskModel
from .stage import Stage
from .text import NORWEGIAN, Language, Prose
from .types import FileSlug, Model, Slug


class IntegrityPolicy(Model):
    """What the process demands of its records' integrity, beyond signed stages."""

    chained: StrictBool = Field(
        False,
        description="Every record MUST be hash-chained (written with 'sdlc record append'): "
        "a record without a chain is broken-chain, whatever options the check is given.",
    )


class Process(Model):
    """A versioned secure development process."""

    id: FileSlug = Field(description="Identifier records use to name the process.")
    version: Annotated[str, Field(pattern=r"^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}$")] = Field(
        description="Version of this process; records name it as id@version. Quote it in YAML."
    )
    title: Prose = Field(description="Human-readable name.")
    owners: tuple[Prose, ...] = Field(min_length=1, description="Who owns and changes the process.")
    effective: dt.date = Field(description="Date from which this version applies.")
    description: Prose = Field(Prose(""), description="What the process is for (Markdown).")
    language: Language = Field(
        "en",
        description="Language of the handbook, and of every text field written as a plain "
        "string: en, nb (Norwegian Bokmål) or nn (Nynorsk). Titles, descriptions, how to "
        "comply, role and evidence names may also be written per language, as {en: …, nb: …}.",
    )
    org_levels: tuple[Slug, ...] = Field(
        DEFAULT_ORG_LEVELS,
        min_length=1,
        description="Organisational levels from lowest to highest (team = 1 … director = 4).",
    )
    roles: dict[Slug, Role] = Field(min_length=1, description="Roles, by id.")
    risk: RiskModel = Field(description="Risk levels and classification rules.")
    components: tuple[Slug, ...] = Field((), description="Components a change can touch.")
    data_classes: tuple[Slug, ...] = Field((), description="Data classes a change can handle.")
    flags: tuple[Slug, ...] = Field((), description="Flags a change can carry.")
    evidence_kinds: dict[Slug, EvidenceKind] = Field(
        {}, description="Kinds of evidence stages can require, by id."
    )
    production_profile: ProductionProfile | None = Field(
        None, description="Measured production use per eID provider."
    )
    stages: tuple[Stage, ...] = Field(min_length=1, description="The stages, in reading order.")
    waivers: WaiverPolicy = Field(
        WaiverPolicy.model_construct(),
        description="At which level waivers must be approved, for how long and for which "
        "records, and whether they must be signed (see docs/evolution.md); when absent, "
        "every waiver needs the highest level and runs for at most 90 days.",
    )
    integrity: IntegrityPolicy = Field(
        IntegrityPolicy.model_construct(),
        description="What the records' integrity must be (see docs/integrity.md): "
        "chained: true requires hash-chained records. Stages that must be signed say so "
        "with signed: true.",
    )

    @field_validator("language", mode="before")
    @classmethod
    def _norwegian(cls, value: object) -> object:
        if value is False:
            raise ValueError(
                f"language reads as false: YAML reads an unquoted no as false, and {NORWEGIAN}"
            )
        return value

    @field_validator("stages")
    @classmethod
    def _limit(cls, stages: tuple[Stage, ...]) -> tuple[Stage, ...]:
        limit = STAGES.value()
        if len(stages) > limit:
            raise ValueError(
                f"a process MUST have at most {limit:,} stages (it has {len(stages):,}); "
                "raise the limit with SDLC_MAX_STAGES"
            )
        return stages

    @model_validator(mode="after")
    def _paths_named(self) -> Process:
        for kind in ("components", "data_classes"):
            known = getattr(self, kind)
            for name in getattr(self.risk.paths, kind):
                if name not in known:
                    raise ValueError(
                        f"risk.paths.{kind}: {name!r} is not one of the process's {kind} "
                        f"(expected one of: {', '.join(known) or 'none are listed'})"
                    )
        return self

    @model_validator(mode="after")
    def _unique_stage_ids(self) -> Process:
        seen: set[str] = set()
        for stage in self.stages:
            if stage.id in seen:
                raise ValueError(f"stage id {stage.id!r} is defined twice; ids MUST be unique")
            seen.add(stage.id)
        return self

    @model_validator(mode="after")
    def _waiver_levels(self) -> Process:
        policy = self.waivers
        named = {"default_level": policy.default_level} if policy.default_level else {}
        for rule, value in policy.rules.items():
            if rule not in RULES:
                raise ValueError(
                    f"waivers: unknown rule {rule!r} (expected a rule slug such as "
                    f"stale-approval; 'sdlc explain' lists them)"
                )
            if rule in UNWAIVABLE:
                raise ValueError(
                    f"waivers: rules: {rule} cannot be waived ({UNWAIVABLE[rule]}); remove it"
                )
            named[f"rules: {rule}"] = value
        for where, value in named.items():
            mapping = value if isinstance(value, dict) else {self.risk.levels[0]: value}
            if not mapping:
                raise ValueError(f"waivers: {where} MUST map at least one risk level")
            for risk, level in mapping.items():
                if risk not in self.risk.levels:
                    raise ValueError(
                        f"waivers: {where}: unknown risk level {risk!r} "
                        f"(expected one of: {', '.join(self.risk.levels)})"
                    )
                if level not in self.org_levels:
                    raise ValueError(
                        f"waivers: {where}: unknown organisational level {level!r} "
                        f"(expected one of: {', '.join(self.org_levels)})"
                    )
        return self

    # -- questions in the process's own words ----------------------------------

    @property
    def ref(self) -> str:
        """``id@version``, as records name it."""
        return f"{self.id}@{self.version}"

    @cached_property
    def stages_by_id(self) -> dict[str, Stage]:
        """The stages keyed by id."""
        return {s.id: s for s in self.stages}

    def stage(self, stage_id: str) -> Stage:
        return self.stages_by_id[stage_id]

    def has_stage(self, stage_id: str) -> bool:
        return stage_id in self.stages_by_id

    def risk_rank(self, level: str) -> int:
        return self.risk.levels.index(level)

    def org_rank(self, level: str) -> int:
        """1-based rank of an organisational level (team = 1)."""
        return self.org_levels.index(level) + 1

    @property
    def providers(self) -> tuple[str, ...]:
        if self.production_profile is None:
            return ()
        return tuple(self.production_profile.shares)

    def waiver_level(self, rule: str, risk: str) -> str:
        """The least organisational level of the approver of a waiver of ``rule`` at ``risk``."""
        return self.waivers.level_for(rule, risk, self.risk.levels, self.org_levels[-1])
