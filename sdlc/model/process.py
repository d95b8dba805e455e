"""The process model: what a secure development process says, as typed data.

A :class:`Process` is loaded from YAML (see :mod:`sdlc.load`). Its stages are the
nodes of a dependency graph (see :mod:`sdlc.graph`); everything here is frozen,
strict, refuses unknown fields and documents itself, and the same descriptions
become ``sdlc schema`` and the handbook's reference pages.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from functools import cached_property
from typing import Annotated, TypeVar

from pydantic import Field, StrictBool, StrictInt, field_validator, model_validator

from ..limits import STAGES
from .conditions import Condition
from .types import FileSlug, Model, Slug, Text

T = TypeVar("T")


class StageKind(StrEnum):
    """What sort of work a stage is; it decides how the checker and handbook treat it."""

    THREAT_MODEL = "threat-model"
    DESIGN_REVIEW = "design-review"
    IMPLEMENTATION = "implementation"
    CODE_REVIEW = "code-review"
    BUILD = "build"
    TEST = "test"
    SECURITY_TEST = "security-test"
    APPROVAL = "approval"
    DEPLOYMENT = "deployment"
    VERIFICATION = "verification"
    ROLLBACK = "rollback"
    OTHER = "other"


PerRisk = Annotated[
    T | dict[Slug, T],
    Field(
        description="One value for every risk level, or a mapping from risk level to value. "
        "A mapped value holds from its level upwards until the next named level; "
        "levels below the first named level take the first value."
    ),
]


def at_risk(value: T | dict[str, T], risk: str, levels: tuple[str, ...]) -> T:
    """The value a :data:`PerRisk` setting takes at ``risk``."""
    if not isinstance(value, dict):
        return value
    rank = levels.index(risk)
    chosen: T | None = None
    first: T | None = None
    for level in levels:
        if level in value:
            if first is None:
                first = value[level]
            if levels.index(level) <= rank:
                chosen = value[level]
    result = chosen if chosen is not None else first
    assert result is not None, "PerRisk mapping validated non-empty"
    return result


class Role(Model):
    """A role people hold, anchored at one organisational level."""

    title: Text = Field(description="Human-readable name of the role.")
    level: Slug = Field(
        description="Organisational level the role sits at; one of the process's org_levels."
    )
    description: Text = Field("", description="What the role is responsible for (Markdown).")


class RiskRule(Model):
    """A classification rule: a change for which ``when`` holds is at least ``level``."""

    id: Slug = Field(description="Identifier of the rule, used in messages and the handbook.")
    level: Slug = Field(description="Risk level a matching change is raised to (at least).")
    when: Condition = Field(
        description="Condition over the change's attributes; it cannot test risk itself."
    )
    description: Text = Field("", description="Why this rule exists (Markdown).")


class RiskModel(Model):
    """Ordered risk levels and the rules that compute a change's level."""

    levels: tuple[Slug, ...] = Field(
        min_length=1, description="Risk levels from lowest to highest, e.g. low, medium, high."
    )
    default: Slug = Field(description="Level of a change that no rule raises.")
    rules: tuple[RiskRule, ...] = Field(
        (), description="Classification rules; a change takes the highest level any rule gives."
    )

    @model_validator(mode="after")
    def _levels_known(self) -> RiskModel:
        if len(set(self.levels)) != len(self.levels):
            raise ValueError("risk levels MUST be unique")
        return self


class EvidenceKind(Model):
    """A kind of evidence a stage can require, such as a review link or test report."""

    title: Text = Field(description="Human-readable name of the evidence kind.")
    description: Text = Field("", description="What counts as this evidence (Markdown).")


class ProductionProfile(Model):
    """Measured shares of production use, e.g. logins per eID provider."""

    title: Text = Field("Production use", description="What the shares measure.")
    measured: dt.date | None = Field(
        None, description="When the shares were measured (YYYY-MM-DD)."
    )
    source: Text = Field("", description="Where the figures come from.")
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


class Dependency(Model):
    """A dependency on one stage, or on one of several alternative stages."""

    stage: Slug | None = Field(None, description="The stage depended on.")
    one_of: tuple[Slug, ...] | None = Field(
        None, min_length=2, description="Alternatives: any one of these stages completes it."
    )
    when: Condition | None = Field(
        None, description="The dependency applies only when this condition holds."
    )

    @model_validator(mode="after")
    def _one_target(self) -> Dependency:
        if (self.stage is None) == (self.one_of is None):
            raise ValueError("a dependency MUST name exactly one of 'stage' or 'one_of'")
        return self

    @property
    def targets(self) -> tuple[str, ...]:
        """The stage ids this dependency can be satisfied by."""
        return self.one_of if self.one_of is not None else (self.stage or "",)


class Stage(Model):
    """One step of the process: who does it, how many, with what evidence, and when."""

    id: FileSlug = Field(description="Identifier; used in records, file names and links.")
    title: Text = Field(description="Human-readable name.")
    kind: StageKind = Field(description="What sort of work the stage is.")
    description: Text = Field("", description="What the stage is and why it exists (Markdown).")
    how_to_comply: Text = Field("", description="What a person does to complete it (Markdown).")
    performers: tuple[Slug, ...] = Field(
        min_length=1, description="Roles allowed to perform the stage."
    )
    actors: PerRisk[Annotated[StrictInt, Field(ge=1, le=20)]] = 1
    differ_from: tuple[Slug, ...] = Field(
        (), description="Stages whose actors may not perform this one (segregation of duties)."
    )
    evidence: tuple[Slug, ...] = Field(
        (), description="Evidence kinds every completing event must reference."
    )
    applies_when: Condition | None = Field(
        None, description="The stage is required only when this holds; always when absent."
    )
    depends_on: tuple[Slug | Dependency, ...] = Field(
        (), description="Stages that must be complete for the same subject first."
    )
    approver_level: PerRisk[Slug] | None = Field(
        None, description="For approval stages: least organisational level of the approver."
    )
    coverage: Coverage | None = Field(
        None, description="For test stages: production use the tested providers must cover."
    )
    controls: dict[Slug, tuple[Annotated[str, Field(max_length=64)], ...]] = Field(
        {}, description="Framework practices the stage satisfies, e.g. ssdf: [PW.7.2]."
    )
    signed: StrictBool = Field(
        False,
        description="Every event of this stage MUST carry its actor's ed25519 signature "
        "(unsigned-event otherwise).",
    )

    @model_validator(mode="after")
    def _gate_fields(self) -> Stage:
        if self.kind is StageKind.APPROVAL and self.approver_level is None:
            raise ValueError("an approval stage MUST name an approver_level")
        if self.kind is not StageKind.APPROVAL and self.approver_level is not None:
            raise ValueError("only an approval stage may name an approver_level")
        for name in ("actors", "approver_level"):
            value = getattr(self, name)
            if isinstance(value, dict) and not value:
                raise ValueError(f"'{name}' MUST map at least one risk level")
        return self

    @property
    def dependencies(self) -> tuple[Dependency, ...]:
        """``depends_on`` with plain stage names written out as :class:`Dependency`.

        Written out once per stage (lint and the handbook ask for every pair of
        stages), and again only if ``depends_on`` is replaced: ``model_copy(update=...)``
        keeps what was worked out for the original."""
        memo: tuple[object, tuple[Dependency, ...]] | None = self.__dict__.get("_dependencies")
        if memo is None or memo[0] is not self.depends_on:
            written = tuple(
                Dependency(stage=d) if isinstance(d, str) else d for d in self.depends_on
            )
            memo = self.__dict__["_dependencies"] = (self.depends_on, written)
        return memo[1]

    @property
    def is_gate(self) -> bool:
        return self.kind is StageKind.APPROVAL


DEFAULT_ORG_LEVELS = ("team", "section", "department", "director")


class WaiverPolicy(Model):
    """At which organisational level a waiver of each rule must be approved."""

    default_level: PerRisk[Slug] | None = Field(
        None,
        description="Least level of the approver of a waiver, for rules not listed in "
        "'rules'; the highest of the org_levels when absent.",
    )
    rules: dict[Slug, PerRisk[Slug]] = Field(
        {},
        description="Per rule slug: the least level of the approver of a waiver of that "
        "rule, e.g. stale-approval: director or {low: section, high: director}.",
    )

    def level_for(self, rule: str, risk: str, levels: tuple[str, ...], highest: str) -> str:
        """The least approver level for a waiver of ``rule`` on a change at ``risk``."""
        value = self.rules.get(rule, self.default_level)
        return highest if value is None else at_risk(value, risk, levels)


class Process(Model):
    """A versioned secure development process."""

    id: FileSlug = Field(description="Identifier records use to name the process.")
    version: Annotated[str, Field(pattern=r"^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}$")] = Field(
        description="Version of this process; records name it as id@version. Quote it in YAML."
    )
    title: Text = Field(description="Human-readable name.")
    owners: tuple[Text, ...] = Field(min_length=1, description="Who owns and changes the process.")
    effective: dt.date = Field(description="Date from which this version applies.")
    description: Text = Field("", description="What the process is for (Markdown).")
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
        WaiverPolicy(),
        description="At which level waivers must be approved (see docs/evolution.md); "
        "every waiver needs the highest level when absent.",
    )

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
    def _unique_stage_ids(self) -> Process:
        seen: set[str] = set()
        for stage in self.stages:
            if stage.id in seen:
                raise ValueError(f"stage id {stage.id!r} is defined twice; ids MUST be unique")
            seen.add(stage.id)
        return self

    @model_validator(mode="after")
    def _waiver_levels(self) -> Process:
        from ..rules.catalogue import RULES

        policy = self.waivers
        named = {"default_level": policy.default_level} if policy.default_level else {}
        for rule, value in policy.rules.items():
            if rule not in RULES:
                raise ValueError(
                    f"waivers: unknown rule {rule!r} (expected a rule slug such as "
                    f"stale-approval; 'sdlc explain' lists them)"
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
