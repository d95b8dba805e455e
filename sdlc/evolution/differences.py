"""What changed between two versions of a process, and which changes weaken it.

:func:`diff` compares two processes in their own words (stages, dependencies,
roles, risk rules, gates) and flags every *weakening*. Those that follow from
the process graphs and the risk rules (a stage or gate no longer required for
some risk level or attribute combination, or no longer required before a gate;
a risk rule that now classifies some changes lower) are computed in
:mod:`sdlc.evolution.weakenings` and :mod:`sdlc.evolution.classification`, never
from the text. The others are read off each stage (:mod:`sdlc.evolution.stage_changes`):
fewer actors, a lower approver level, evidence dropped, a lower coverage threshold,
segregation of duties dropped, an approval stage that no longer approves anything;
a waiver that may now be approved at a lower level; and chains, signatures or waiver
bounds no longer demanded (:mod:`sdlc.evolution.integrity_changes`).

A weakening needs approval at the highest organisational level of the process.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..graph.process_graph import ProcessGraph
from ..model.conditions import in_words
from ..model.process import Process
from .changes import AREAS, Change, plural
from .classification import lowered_risk
from .integrity_changes import integrity_changes
from .stage_changes import stage_changes
from .weakenings import requirements


@dataclass(frozen=True)
class ProcessDiff:
    """Every change from ``old`` to ``new``; weakenings first within each area."""

    old: Process
    new: Process
    changes: tuple[Change, ...] = field(default_factory=tuple)

    @property
    def weakenings(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.weakening)

    @property
    def others(self) -> tuple[Change, ...]:
        """The changes that are not weakenings."""
        return tuple(c for c in self.changes if not c.weakening)

    @property
    def approval_level(self) -> str:
        """The level that must approve a weakening: the new version's highest."""
        return self.new.org_levels[-1]

    @property
    def heading(self) -> str:
        """``eid-gateway 2.0 → 3.0``; both references when the ids differ."""
        old, new = self.old, self.new
        if old.id != new.id:
            return f"{old.id}@{old.version} → {new.id}@{new.version}"
        return f"{old.id} {old.version} → {new.version}"

    @property
    def summary(self) -> str:
        """``2 weakenings, 3 other changes``, or ``no changes``."""
        if not self.changes:
            return "no changes"
        weak = len(self.weakenings)
        return f"{plural(weak, 'weakening')}, {plural(len(self.changes) - weak, 'other change')}"

    @property
    def approval_note(self) -> str:
        """Who must approve the weakenings, and by when (a sentence without its stop)."""
        return (
            f"each needs approval at level {self.approval_level}, the highest organisational "
            f"level of {self.new.id}, before this version takes effect"
        )


def diff(old: Process, new: Process) -> ProcessDiff:
    """Compare two versions of a process; see the module docstring."""
    og, ng = ProcessGraph(old), ProcessGraph(new)
    found: list[Change] = [
        *_metadata(old, new),
        *_risk(old, new),
        *lowered_risk(og, ng),
        *_roles(old, new),
        *stage_changes(old, new),
        *requirements(og, ng),
        *_waivers(old, new),
        *integrity_changes(old, new),
    ]
    rank = {a: i for i, a in enumerate(AREAS)}
    ordered = sorted(
        dict.fromkeys(found),  # drop exact repeats, keep the first
        key=lambda c: (rank[c.area], not c.weakening, c.subject, c.text),
    )
    return ProcessDiff(old, new, tuple(ordered))


# -- metadata, risk model, roles -----------------------------------------------------------


def _metadata(old: Process, new: Process) -> Iterator[Change]:
    if old.id != new.id:
        yield Change("process", "process", f"id is now '{new.id}', was '{old.id}'")
    if old.title != new.title:
        yield Change("process", "process", f"title is now {new.title!r}, was {old.title!r}")
    if old.effective != new.effective:
        yield Change(
            "process", "process", f"effective from {new.effective}, was from {old.effective}"
        )
    if old.org_levels != new.org_levels:
        yield Change(
            "process",
            "process",
            f"organisational levels are now {', '.join(new.org_levels)}, were "
            f"{', '.join(old.org_levels)}",
        )


def _risk(old: Process, new: Process) -> Iterator[Change]:
    if old.risk.levels != new.risk.levels:
        yield Change(
            "risk",
            "risk levels",
            f"now {', '.join(new.risk.levels)}, were {', '.join(old.risk.levels)}",
        )
    if old.risk.default != new.risk.default:
        yield Change(
            "risk",
            "default risk",
            f"a change no rule raises is now {new.risk.default}, was {old.risk.default}",
        )
    before = {r.id: r for r in old.risk.rules}
    after = {r.id: r for r in new.risk.rules}
    for rule_id in sorted(before.keys() - after.keys()):
        rule = before[rule_id]
        yield Change(
            "risk",
            f"risk rule '{rule_id}'",
            f"removed (made a change {rule.level} when {in_words(rule.when)})",
        )
    for rule_id in sorted(after.keys() - before.keys()):
        rule = after[rule_id]
        yield Change(
            "risk",
            f"risk rule '{rule_id}'",
            f"added: a change is at least {rule.level} when {in_words(rule.when)}",
        )
    for rule_id in sorted(before.keys() & after.keys()):
        was, now = before[rule_id], after[rule_id]
        if was.level != now.level:
            yield Change(
                "risk", f"risk rule '{rule_id}'", f"now raises to {now.level}, was {was.level}"
            )
        if was.when != now.when:
            yield Change(
                "risk",
                f"risk rule '{rule_id}'",
                f"now fires when {in_words(now.when)}; was when {in_words(was.when)}",
            )


def _roles(old: Process, new: Process) -> Iterator[Change]:
    for role in sorted(old.roles.keys() - new.roles.keys()):
        yield Change("role", f"role '{role}'", "removed")
    for role in sorted(new.roles.keys() - old.roles.keys()):
        yield Change("role", f"role '{role}'", f"added at level {new.roles[role].level}")
    for role in sorted(old.roles.keys() & new.roles.keys()):
        was, now = old.roles[role], new.roles[role]
        if was.level != now.level:
            yield Change("role", f"role '{role}'", f"now at level {now.level}, was {was.level}")


# -- waivers ------------------------------------------------------------------------------------


def _waivers(old: Process, new: Process) -> Iterator[Change]:
    rules = sorted({"", *old.waivers.rules, *new.waivers.rules})  # "": any other rule
    levels = [level for level in new.risk.levels if level in old.risk.levels]
    for rule in rules:
        lowered = []
        for risk in levels:
            was, now = old.waiver_level(rule, risk), new.waiver_level(rule, risk)
            ranks = new.org_levels if was in new.org_levels else old.org_levels
            if now in ranks and was in ranks and ranks.index(now) < ranks.index(was):
                lowered.append(f"level {now} at risk {risk}, was {was}")
        if lowered:
            subject = f"waivers of {rule}" if rule else "waivers"
            yield Change("waiver", subject, "may be approved at " + "; ".join(lowered), True)
