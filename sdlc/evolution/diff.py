"""What changed between two versions of a process, and which changes weaken it.

:func:`diff` compares two processes in their own words (stages, dependencies,
roles, risk rules, gates) and flags every *weakening*. Those that follow from
the process graphs and the risk rules (a stage or gate no longer required for
some risk level or attribute combination, or no longer required before a gate;
a risk rule that now classifies some changes lower) are computed in
:mod:`sdlc.evolution.weakenings`, never from the text. The others are read off each stage:
fewer actors, a lower approver level, evidence dropped, a lower coverage
threshold, segregation of duties dropped, an approval stage that no longer
approves anything; and a waiver that may now be approved at a lower level.

A weakening needs approval at the highest organisational level of the process.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..graph.process_graph import ProcessGraph
from ..model.conditions import Condition, in_words
from ..model.process import Process, Stage, at_risk

AREAS = ("process", "risk", "role", "stage", "dependency", "gate", "requirement", "waiver")
"""The order areas are listed in."""

NOUNS = {
    "components": ("component", "components"),
    "data_classes": ("data class", "data classes"),
    "providers": ("eID provider", "eID providers"),
    "flags": ("flag", "flags"),
}


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between the versions, in words."""

    area: str
    """What kind of thing changed: one of :data:`AREAS`."""
    subject: str
    """What changed, as people name it: ``stage 'code-review'``."""
    text: str
    weakening: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "area": self.area,
            "subject": self.subject,
            "text": self.text,
            "weakening": self.weakening,
        }


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
    def approval_level(self) -> str:
        """The level that must approve a weakening: the new version's highest."""
        return self.new.org_levels[-1]


def diff(old: Process, new: Process) -> ProcessDiff:
    """Compare two versions of a process; see the module docstring."""
    from .weakenings import lowered_risk, requirements

    og, ng = ProcessGraph(old), ProcessGraph(new)
    found: list[Change] = [
        *_metadata(old, new),
        *_risk(old, new),
        *lowered_risk(og, ng),
        *_roles(old, new),
        *_stages(old, new),
        *requirements(og, ng),
        *_waivers(old, new),
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


# -- stages -----------------------------------------------------------------------------------


def stage_name(stage: Stage) -> str:
    return f"{'gate' if stage.is_gate else 'stage'} '{stage.id}'"


def _stages(old: Process, new: Process) -> Iterator[Change]:
    before, after = old.stages_by_id, new.stages_by_id
    for stage_id in sorted(before.keys() - after.keys()):
        yield Change("stage", stage_name(before[stage_id]), "removed")
    for stage_id in sorted(after.keys() - before.keys()):
        stage = after[stage_id]
        when = (
            "" if stage.applies_when is None else f", applies when {in_words(stage.applies_when)}"
        )
        yield Change("stage", stage_name(stage), f"added ({stage.kind.value}{when})")
    common = [s.id for s in new.stages if s.id in before]
    for stage_id in common:
        yield from _stage(old, new, before[stage_id], after[stage_id])


def _stage(old: Process, new: Process, was: Stage, now: Stage) -> Iterator[Change]:
    name = stage_name(now)
    if was.title != now.title:
        yield Change("stage", name, f"title is now {now.title!r}, was {was.title!r}")
    if was.kind != now.kind:
        yield Change("stage", name, f"kind is now {now.kind.value}, was {was.kind.value}")
    if was.is_gate and not now.is_gate:
        yield Change(
            "gate", name, "is no longer an approval gate: nobody approves there", weakening=True
        )
    if was.applies_when != now.applies_when:
        yield Change(
            "stage",
            name,
            f"applies {_when(now.applies_when)}; was {_when(was.applies_when)}",
        )
    for role in sorted(set(now.performers) - set(was.performers)):
        yield Change("stage", name, f"may now also be performed by role '{role}'")
    for role in sorted(set(was.performers) - set(now.performers)):
        yield Change("stage", name, f"may no longer be performed by role '{role}'")
    for kind in sorted(set(was.evidence) - set(now.evidence)):
        yield Change("stage", name, f"no longer requires evidence '{kind}'", weakening=True)
    for kind in sorted(set(now.evidence) - set(was.evidence)):
        yield Change("stage", name, f"now requires evidence '{kind}'")
    for other in sorted(set(was.differ_from) - set(now.differ_from)):
        yield Change(
            "stage",
            name,
            f"segregation of duties dropped: who performed '{other}' may now perform it",
            weakening=True,
        )
    for other in sorted(set(now.differ_from) - set(was.differ_from)):
        yield Change("stage", name, f"who performed '{other}' may no longer perform it")
    yield from _dependencies(name, was, now)
    yield from _per_risk(old, new, name, was, now)


def _when(condition: Condition | None) -> str:
    return "always" if condition is None else f"when {in_words(condition)}"


def _dependencies(name: str, was: Stage, now: Stage) -> Iterator[Change]:
    def words(stage: Stage) -> dict[str, str]:
        out = {}
        for dep in stage.dependencies:
            target = or_([f"'{t}'" for t in dep.targets])
            if len(dep.targets) > 1:
                target = f"one of {target}"
            out[target + ("" if dep.when is None else f" when {in_words(dep.when)}")] = target
        return out

    before, after = words(was), words(now)
    for text in sorted(before.keys() - after.keys()):
        yield Change("dependency", name, f"no longer depends on {text}")
    for text in sorted(after.keys() - before.keys()):
        yield Change("dependency", name, f"now depends on {text}")


def _per_risk(old: Process, new: Process, name: str, was: Stage, now: Stage) -> Iterator[Change]:
    levels = [level for level in new.risk.levels if level in old.risk.levels]
    old_levels, new_levels = old.risk.levels, new.risk.levels
    fewer, lower_level, lower_share, dropped_share, more_share, more = [], [], [], [], [], []
    for risk in levels:
        a, b = at_risk(was.actors, risk, old_levels), at_risk(now.actors, risk, new_levels)
        if b < a:
            fewer.append(f"{_people(b)} at risk {risk}, was {a}")
        elif b > a:
            more.append(f"now needs {_people(b)} at risk {risk}, was {a}")
        if was.approver_level is not None and now.approver_level is not None:
            la = at_risk(was.approver_level, risk, old_levels)
            lb = at_risk(now.approver_level, risk, new_levels)
            ranks = new.org_levels if la in new.org_levels else old.org_levels
            if lb in ranks and la in ranks and ranks.index(lb) < ranks.index(la):
                lower_level.append(f"level {lb} at risk {risk}, was {la}")
            elif lb != la:
                more.append(f"now needs approval at level {lb} at risk {risk}, was {la}")
        sa = None if was.coverage is None else at_risk(was.coverage.min_share, risk, old_levels)
        sb = None if now.coverage is None else at_risk(now.coverage.min_share, risk, new_levels)
        if sa is not None and sb is None:
            dropped_share.append(f"{sa:.0%} at risk {risk}")
        elif sa is not None and sb is not None and sb < sa:
            lower_share.append(f"{sb:.0%} at risk {risk}, was {sa:.0%}")
        elif sb is not None and (sa is None or sb > sa):
            more_share.append(f"{sb:.0%} at risk {risk}, was {0 if sa is None else sa:.0%}")
    area = "gate" if now.is_gate else "stage"
    if fewer:
        yield Change(area, name, "needs " + "; ".join(fewer), True)
    if lower_level:
        yield Change("gate", name, "needs approval at " + "; ".join(lower_level), True)
    if dropped_share:
        text = f"no longer requires coverage of production use (was {'; '.join(dropped_share)})"
        yield Change(area, name, text, True)
    if lower_share:
        text = "needs less coverage of production use: " + "; ".join(lower_share)
        yield Change(area, name, text, True)
    if more_share:
        yield Change(area, name, "needs more coverage of production use: " + "; ".join(more_share))
    for text in more:
        yield Change(area, name, text)


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


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


# -- words ----------------------------------------------------------------------------------------


def or_(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" or {names[-1]}"


def and_(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
