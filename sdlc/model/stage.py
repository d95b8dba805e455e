"""A stage of the process, and the dependencies that order the stages.

Stages are the nodes of the process's dependency graph (see :mod:`sdlc.graph`),
and a :class:`Dependency` is an edge into one (see docs/design.md, "What an edge
means").
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, StrictBool, StrictInt, model_validator

from .conditions import Condition
from .evidence import Coverage
from .risk import PerRisk
from .text import Prose
from .types import FileSlug, Model, Slug


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
    title: Prose = Field(description="Human-readable name.")
    kind: StageKind = Field(description="What sort of work the stage is.")
    description: Prose = Field(
        Prose(""), description="What the stage is and why it exists (Markdown)."
    )
    how_to_comply: Prose = Field(
        Prose(""), description="What a person does to complete it (Markdown)."
    )
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
    fail_level: PerRisk[Annotated[str, Field(pattern=r"^(error|warning|note)$")]] | None = Field(
        None,
        description="For security-test stages: a scan fails when an unsuppressed result at or "
        "above this SARIF level is present (sdlc record import sarif; default error).",
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
        if self.kind is not StageKind.SECURITY_TEST and self.fail_level is not None:
            raise ValueError("only a security-test stage may name a fail_level")
        for name in ("actors", "approver_level", "fail_level"):
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
            written = tuple(  # a stage id is a validated slug already: not validated again
                Dependency.model_construct(stage=d) if isinstance(d, str) else d
                for d in self.depends_on
            )
            memo = self.__dict__["_dependencies"] = (self.depends_on, written)
        return memo[1]

    @property
    def is_gate(self) -> bool:
        return self.kind is StageKind.APPROVAL
