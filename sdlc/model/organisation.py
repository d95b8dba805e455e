"""The organisation a process assumes: levels from team to director, the roles
anchored at them, and the level that must approve a waiver of each rule.
"""

from __future__ import annotations

from pydantic import Field

from .risk import PerRisk, at_risk
from .types import Model, Slug, Text

DEFAULT_ORG_LEVELS = ("team", "section", "department", "director")


class Role(Model):
    """A role people hold, anchored at one organisational level."""

    title: Text = Field(description="Human-readable name of the role.")
    level: Slug = Field(
        description="Organisational level the role sits at; one of the process's org_levels."
    )
    description: Text = Field("", description="What the role is responsible for (Markdown).")


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
