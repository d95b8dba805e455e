"""The organisation a process assumes: levels from team to director, the roles
anchored at them, and its policy for waivers: who must approve one of each rule, for
how long and for which records, whether it must be signed, and which rules no
waiver may touch (see docs/design.md, "Evolving the process").
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictBool, StrictInt

from ..rules.catalogue import RULES
from .risk import PerRisk, at_risk
from .text import Prose
from .types import Model, Slug

DEFAULT_ORG_LEVELS = ("team", "section", "department", "director")

MAX_WAIVER_DAYS = 90
"""How long a waiver may run, from the day it was approved, unless the process says."""


def _unwaivable() -> dict[str, str]:
    why = {
        "integrity": "an integrity finding means the record cannot be trusted, and no "
        "approval changes that; restore the record or fix the finding",
        "waiver": "the rules about waivers themselves cannot be waived",
    }
    found = {slug: why[r.area] for slug, r in RULES.items() if r.area in why}
    found["unverifiable"] = (
        "what cannot be checked is never taken as met; give the check what it needs"
    )
    found["version-not-in-force"] = (
        "a record follows the process version in force, never one a waiver keeps alive"
    )
    return found


UNWAIVABLE: dict[str, str] = _unwaivable()
"""The rules no waiver can waive, each with the reason: the integrity rules, the
waiver rules, ``unverifiable`` and ``version-not-in-force``."""


class Role(Model):
    """A role people hold, anchored at one organisational level."""

    title: Prose = Field(description="Human-readable name of the role.")
    level: Slug = Field(
        description="Organisational level the role sits at; one of the process's org_levels."
    )
    description: Prose = Field(
        Prose(""), description="What the role is responsible for (Markdown)."
    )


class WaiverPolicy(Model):
    """At which organisational level a waiver of each rule must be approved, how long
    and how widely a waiver may apply, and whether it must be signed."""

    default_level: PerRisk[Slug] | None = Field(
        None,
        description="Least level of the approver of a waiver, for rules not listed in "
        "'rules'; the highest of the org_levels when absent.",
    )
    rules: dict[Slug, PerRisk[Slug]] = Field(
        {},
        description="Per rule slug: the least level of the approver of a waiver of that "
        "rule, e.g. stale-approval: director or {low: section, high: director}. Integrity "
        "rules, waiver rules, unverifiable and version-not-in-force cannot be waived.",
    )
    max_days: Annotated[StrictInt, Field(ge=1, le=36525)] = Field(
        MAX_WAIVER_DAYS,
        description="Longest a waiver may run: its 'expires' MUST be at most this many days "
        "after its 'approved' day (waiver-scope otherwise).",
    )
    record_patterns: StrictBool = Field(
        False,
        description="Whether a waiver may name its records by a pattern (EID-24*); when "
        "false, each waiver names one record by its id. A pattern MUST start with a fixed "
        "prefix, so no waiver covers every record (waiver-scope otherwise).",
    )
    signed: StrictBool = Field(
        False,
        description="Every waiver MUST carry its approver's ed25519 signature, made with a "
        "key the roster lists for them (waiver-signature otherwise).",
    )

    def level_for(self, rule: str, risk: str, levels: tuple[str, ...], highest: str) -> str:
        """The least approver level for a waiver of ``rule`` on a change at ``risk``."""
        value = self.rules.get(rule, self.default_level)
        return highest if value is None else at_risk(value, risk, levels)
