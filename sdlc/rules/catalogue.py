"""The rule catalogue: every check sdlc makes, with its stable slug and code.

The slugs are part of the public contract. The CLI, ``sdlc explain``, the
reporters and the handbook all read this one catalogue; each rule's page lives in
``sdlc/rules/pages/<slug>.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from importlib import resources


class Severity(StrEnum):
    """How much a finding matters. ``off`` turns a rule off."""

    ERROR = "error"
    WARN = "warn"
    INFO = "info"
    OFF = "off"


RECOMMENDATIONS = {
    1: "risk management in development",
    2: "test routines that reflect production risk",
    3: "technical integrity controls",
    4: "a development process that fits how development is done",
}
"""The four recommendations of the 2020 ID-porten evaluation."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One check: slug (contract), short code, default severity and summary."""

    slug: str
    code: str
    severity: Severity
    area: str
    summary: str
    recommendation: int

    def page(self) -> str:
        """The rule's documentation page (Markdown)."""
        return (
            resources.files("sdlc").joinpath("rules", "pages", f"{self.slug}.md").read_text("utf-8")
        )


_E, _W, _I = Severity.ERROR, Severity.WARN, Severity.INFO

RULES: dict[str, Rule] = {
    r.slug: r
    for r in (
        # process lint
        Rule("unknown-reference", "P001", _E, "process", "A name that is not defined.", 4),
        Rule("unreachable-stage", "P002", _E, "process", "A stage no change can ever reach.", 4),
        Rule("dead-end", "P003", _E, "process", "A stage from which no end can be reached.", 4),
        Rule(
            "bypassable-gate",
            "P004",
            _E,
            "process",
            "A path to deployment avoids a gate this risk requires.",
            1,
        ),
        Rule("no-route", "P005", _E, "process", "Some risk level has no way to deployment.", 4),
        Rule(
            "weaker-for-higher-risk",
            "P006",
            _W,
            "process",
            "A higher risk level demands less than a lower one.",
            1,
        ),
        Rule(
            "dependency-cycle", "P007", _E, "process", "Stages depend on each other in a loop.", 4
        ),
        Rule(
            "untranslated-text",
            "P008",
            _W,
            "process",
            "A text field has no text in the handbook's language.",
            4,
        ),
        # change-record conformance
        Rule(
            "out-of-order",
            "C001",
            _E,
            "record",
            "An event came before a stage it depends on was complete.",
            4,
        ),
        Rule("missing-stage", "C002", _E, "record", "A required stage never happened.", 1),
        Rule("unknown-stage", "C003", _E, "record", "An event names a stage the process lacks.", 4),
        Rule("unknown-actor", "C004", _E, "record", "An event's actor is not in the roster.", 3),
        Rule("too-few-actors", "C005", _E, "record", "Fewer distinct people than required.", 1),
        Rule(
            "segregation-of-duties",
            "C006",
            _E,
            "record",
            "Someone checked or approved their own work.",
            3,
        ),
        Rule(
            "actor-lacks-role",
            "C007",
            _E,
            "record",
            "The actor did not hold a permitted role at the time.",
            3,
        ),
        Rule(
            "approval-level",
            "C008",
            _E,
            "record",
            "Approved below the organisational level the risk requires.",
            1,
        ),
        Rule(
            "stale-approval",
            "C009",
            _E,
            "record",
            "What was approved is not what was deployed.",
            3,
        ),
        Rule("missing-evidence", "C010", _E, "record", "An event lacks required evidence.", 4),
        Rule(
            "evidence-digest-mismatch",
            "C011",
            _E,
            "record",
            "Evidence does not match its recorded digest.",
            3,
        ),
        Rule(
            "coverage-below-profile",
            "C012",
            _E,
            "record",
            "Tests cover less production use than required.",
            2,
        ),
        Rule(
            "risk-underdeclared",
            "C013",
            _E,
            "record",
            "Declared risk is below the computed risk.",
            1,
        ),
        Rule("time-order", "C014", _E, "record", "Timestamps go backwards or lie ahead.", 3),
        Rule("incomplete", "C015", _E, "record", "The record has no end yet.", 4),
        Rule(
            "unverifiable",
            "C016",
            _E,
            "record",
            "Something the process requires cannot be checked, so it is not taken as met.",
            3,
        ),
        Rule(
            "version-not-in-force",
            "C017",
            _E,
            "record",
            "The record follows a process version that was not in force when it started.",
            4,
        ),
        Rule(
            "diff-underdeclared",
            "C018",
            _E,
            "record",
            "The change's commits touch components or data classes its record does not declare.",
            1,
        ),
        # integrity
        Rule("broken-chain", "I001", _E, "integrity", "The event hash chain is broken.", 3),
        Rule("bad-signature", "I002", _E, "integrity", "An event's signature does not verify.", 3),
        Rule("unknown-key", "I003", _E, "integrity", "An event is signed with an unknown key.", 3),
        Rule(
            "unsigned-event",
            "I004",
            _E,
            "integrity",
            "An event the process requires to be signed is not signed.",
            3,
        ),
        Rule(
            "false-lineage",
            "I005",
            _E,
            "integrity",
            "An event that is not a completed build claims to have produced an artifact.",
            3,
        ),
        Rule(
            "rewritten-history",
            "I006",
            _E,
            "integrity",
            "A record's stored history was rewritten: a version does not extend the one before.",
            3,
        ),
        # production: what runs, against the records that deployed it (sdlc deployed)
        Rule(
            "unrecorded-artifact",
            "R001",
            _E,
            "production",
            "An artifact runs that no change record deployed.",
            3,
        ),
        Rule(
            "non-compliant-artifact",
            "R002",
            _E,
            "production",
            "An artifact runs, but no record that deployed it is compliant.",
            3,
        ),
        Rule(
            "undeployed-record",
            "R003",
            _W,
            "production",
            "A record claims a deployment that no snapshot shows running.",
            4,
        ),
        # waivers
        Rule("waiver-expired", "W001", _E, "waiver", "A waiver has expired; it waives nothing.", 4),
        Rule(
            "waiver-level",
            "W002",
            _E,
            "waiver",
            "A waiver was approved below the level the process requires.",
            1,
        ),
        Rule(
            "waiver-scope",
            "W003",
            _E,
            "waiver",
            "A waiver reaches further than the process's waiver policy allows.",
            1,
        ),
        Rule(
            "waiver-signature",
            "W004",
            _E,
            "waiver",
            "A waiver's signature is missing, unknown or does not verify.",
            3,
        ),
    )
}


def rule(slug: str) -> Rule:
    """The rule with this slug (``KeyError`` if there is none)."""
    return RULES[slug]


def by_code_or_slug(name: str) -> Rule | None:
    """Look a rule up by slug or by code, case-insensitively."""
    lowered = name.lower()
    for r in RULES.values():
        if r.slug == lowered or r.code.lower() == lowered:
            return r
    return None
