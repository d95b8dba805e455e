"""What changed between two versions of a process, and which changes weaken it.

:func:`diff` compares two processes in their own words (stages, dependencies,
roles, risk rules, gates) and computes every *weakening* from the process graphs
and the risk rules, never from the text:

- a stage or gate no longer required for some risk level or attribute
  combination, or no longer required before a gate or deployment it preceded;
- fewer actors, a lower approver level, evidence dropped, a lower coverage
  threshold, segregation of duties dropped, an approval stage that no longer
  approves anything;
- a risk rule that now classifies some changes lower (every combination of the
  attributes the rules test is classified by both versions);
- a waiver that may now be approved at a lower level.

A weakening needs approval at the highest organisational level of the process.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

from .conditions import Condition, in_words
from .graph import ProcessGraph, Scenario, View
from .model import Process, Stage, at_risk

MAX_ATOM_CLASSES = 14
"""Most classes of interchangeable attributes classified in every combination; beyond
that only combinations of up to three classes are compared."""
MAX_SCENARIO_ATOMS = 10
"""Most attributes that stage conditions test, combined in every way; beyond that
only plain risk levels are compared."""

AREAS = ("process", "risk", "role", "stage", "dependency", "gate", "requirement", "waiver")
"""The order areas are listed in."""

_NOUNS = {
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
    og, ng = ProcessGraph(old), ProcessGraph(new)
    found: list[Change] = [
        *_metadata(old, new),
        *_risk(old, new),
        *_classification(og, ng),
        *_roles(old, new),
        *_stages(old, new),
        *_requirements(og, ng),
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


# -- risk classification --------------------------------------------------------------------


def _leaves(condition: Condition) -> Iterator[Condition]:
    for sub in condition.walk():
        if any(True for _ in sub.atoms()) and not (sub.all_of or sub.any_of or sub.not_):
            yield sub


def _atom_classes(old: Process, new: Process) -> list[tuple[tuple[str, str], ...]]:
    """Attributes the risk rules test, grouped into classes of interchangeable ones.

    Two attributes are interchangeable when they appear in exactly the same tests of
    both versions' rules: every rule then classifies a change the same whichever of
    them (or both) it has.
    """
    places: dict[tuple[str, str], set[tuple[int, int, int]]] = {}
    for p, process in enumerate((old, new)):
        for r, rule in enumerate(process.risk.rules):
            for leaf_no, leaf in enumerate(_leaves(rule.when)):
                for atom in leaf.atoms():
                    places.setdefault(atom, set()).add((p, r, leaf_no))
    classes: dict[frozenset[tuple[int, int, int]], list[tuple[str, str]]] = {}
    for atom in sorted(places):
        classes.setdefault(frozenset(places[atom]), []).append(atom)
    return sorted(tuple(members) for members in classes.values())


def _classification(og: ProcessGraph, ng: ProcessGraph) -> Iterator[Change]:
    classes = _atom_classes(og.process, ng.process)
    largest = len(classes) if len(classes) <= MAX_ATOM_CLASSES else 3
    lowered: dict[tuple[int, ...], tuple[str, str, tuple[str, ...], tuple[str, ...]]] = {}
    for size in range(largest + 1):
        for combo in itertools.combinations(range(len(classes)), size):
            if any(set(smaller) <= set(combo) for smaller in lowered):
                continue  # a smaller combination already shows this weakening
            atoms = frozenset(classes[i][0] for i in combo)
            was, was_rules = og.classify(atoms)
            now, now_rules = ng.classify(atoms)
            if _lower(now, was, og.process, ng.process):
                lowered[combo] = (was, now, was_rules, now_rules)
    for combo, (was, now, was_rules, now_rules) in lowered.items():
        who = _change_with([classes[i] for i in combo])
        gone = [r for r in was_rules if r not in now_rules]
        why = f"rule {_names(gone)} no longer fires" if gone else "its rules now give less"
        yield Change(
            "risk",
            "risk classification",
            f"{who} was {was} and is now {now} ({why})",
            weakening=True,
        )


def _lower(now: str, was: str, old: Process, new: Process) -> bool:
    levels = new.risk.levels if was in new.risk.levels else old.risk.levels
    if now not in levels or was not in levels:
        return False
    return levels.index(now) < levels.index(was)


def _change_with(classes: list[tuple[tuple[str, str], ...]]) -> str:
    if not classes:
        return "a change with none of the attributes the rules test"
    parts = []
    for members in classes:
        kind = members[0][0]
        names = [name for _, name in members]
        noun = _NOUNS[kind][0] if len(names) == 1 else f"any of the {_NOUNS[kind][1]}"
        parts.append(f"{noun} {_or(names)}")
    return "a change with " + " and ".join(parts)


# -- stages -----------------------------------------------------------------------------------


def _stage_name(stage: Stage) -> str:
    return f"{'gate' if stage.is_gate else 'stage'} '{stage.id}'"


def _stages(old: Process, new: Process) -> Iterator[Change]:
    before, after = old.stages_by_id, new.stages_by_id
    for stage_id in sorted(before.keys() - after.keys()):
        yield Change("stage", _stage_name(before[stage_id]), "removed")
    for stage_id in sorted(after.keys() - before.keys()):
        stage = after[stage_id]
        when = (
            "" if stage.applies_when is None else f", applies when {in_words(stage.applies_when)}"
        )
        yield Change("stage", _stage_name(stage), f"added ({stage.kind.value}{when})")
    common = [s.id for s in new.stages if s.id in before]
    for stage_id in common:
        yield from _stage(old, new, before[stage_id], after[stage_id])


def _stage(old: Process, new: Process, was: Stage, now: Stage) -> Iterator[Change]:
    name = _stage_name(now)
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
            target = _or([f"'{t}'" for t in dep.targets])
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
    fewer, lower_level, lower_share, more_share, more = [], [], [], [], []
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
        if sa is not None and (sb is None or sb < sa):
            lower_share.append(f"{0 if sb is None else sb:.0%} at risk {risk}, was {sa:.0%}")
        elif sb is not None and (sa is None or sb > sa):
            more_share.append(f"{sb:.0%} at risk {risk}, was {0 if sa is None else sa:.0%}")
    area = "gate" if now.is_gate else "stage"
    if fewer:
        yield Change(area, name, "needs " + "; ".join(fewer), True)
    if lower_level:
        yield Change("gate", name, "needs approval at " + "; ".join(lower_level), True)
    if lower_share:
        text = "needs less coverage of production use: " + "; ".join(lower_share)
        yield Change(area, name, text, True)
    if more_share:
        yield Change(area, name, "needs more coverage of production use: " + "; ".join(more_share))
    for text in more:
        yield Change(area, name, text)


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


# -- what is required, computed from the graphs -------------------------------------------------


def _relevant(process: Process) -> set[tuple[str, str]]:
    atoms: set[tuple[str, str]] = set()
    for stage in process.stages:
        if stage.applies_when is not None:
            atoms.update(stage.applies_when.atoms())
        for dep in stage.dependencies:
            if dep.when is not None:
                atoms.update(dep.when.atoms())
    return atoms


def _scenarios(og: ProcessGraph, ng: ProcessGraph) -> Iterator[Scenario]:
    """Risk levels both versions know, with every combination of the attributes either
    version's stage conditions test, that both versions' risk rules allow at that level."""
    atoms = sorted(_relevant(og.process) | _relevant(ng.process))
    if len(atoms) > MAX_SCENARIO_ATOMS:
        atoms = []
    for level in ng.process.risk.levels:
        if level not in og.rank:
            continue
        for size in range(len(atoms) + 1):
            for combo in itertools.combinations(atoms, size):
                present = frozenset(combo)
                if all(g.rank[g.classify(present)[0]] <= g.rank[level] for g in (og, ng)):
                    yield Scenario(level, present)


def required(view: View) -> frozenset[str]:
    """The stages every compliant run of ``view`` completes: before every deployment,
    and after any of them."""
    if not view.acyclic:
        return frozenset()
    if not view.deployments:
        return frozenset(view.stages)
    before = frozenset.intersection(*(view.required_before[d] | {d} for d in view.deployments))
    after: set[str] = set()
    for deployment in view.deployments:
        after |= view.downstream[deployment]
    return before | after


def _requirements(og: ProcessGraph, ng: ProcessGraph) -> Iterator[Change]:
    old, new = og.process, ng.process
    dropped: dict[str, list[Scenario]] = {}
    added: dict[str, list[Scenario]] = {}
    unordered: dict[tuple[str, str], list[Scenario]] = {}
    everywhere: dict[str, list[Scenario]] = {}
    for scenario in _scenarios(og, ng):
        everywhere.setdefault(scenario.risk, []).append(scenario)
        ov, nv = og.view(scenario), ng.view(scenario)
        if not (ov.acyclic and nv.acyclic):
            continue
        was, now = required(ov), required(nv)
        for stage_id in was - now:
            dropped.setdefault(stage_id, []).append(scenario)
        for stage_id in now - was:
            added.setdefault(stage_id, []).append(scenario)
        for checkpoint in (*nv.gates, *nv.deployments):
            if checkpoint not in was or checkpoint not in now:
                continue
            lost = (ov.required_before.get(checkpoint, frozenset()) & now) - nv.required_before[
                checkpoint
            ]
            for before in lost:
                unordered.setdefault((checkpoint, before), []).append(scenario)
    stages = {**old.stages_by_id, **new.stages_by_id}
    for stage_id, scenarios in sorted(dropped.items()):
        stage = stages[stage_id]
        where = _where(scenarios, everywhere)
        text = (
            f"no longer required {where} (the stage was removed)"
            if stage_id not in new.stages_by_id
            else f"no longer required {where}"
        )
        yield Change("requirement", _stage_name(stage), text, weakening=True)
    for stage_id, scenarios in sorted(added.items()):
        yield Change(
            "requirement",
            _stage_name(stages[stage_id]),
            f"now required {_where(scenarios, everywhere)}",
        )
    for (checkpoint, stage_id), scenarios in sorted(unordered.items()):
        yield Change(
            "requirement",
            _stage_name(stages[checkpoint]),
            f"no longer waits for '{stage_id}' {_where(scenarios, everywhere)}: it may now "
            f"happen before '{stage_id}' is complete",
            weakening=True,
        )


def _where(scenarios: list[Scenario], everywhere: dict[str, list[Scenario]]) -> str:
    """``at risk medium and high`` or ``at risk low with component session``."""
    levels: list[str] = []
    particular: list[str] = []
    for risk, all_at_risk in everywhere.items():
        hit = [s for s in scenarios if s.risk == risk]
        if not hit:
            continue
        if len(hit) == len(all_at_risk):
            levels.append(risk)
        else:
            particular += [s.words() for s in hit]
    parts = []
    if levels:
        parts.append(f"at risk {_and(levels)}")
    if particular:
        parts.append("for a change at " + "; ".join(particular))
    return " and ".join(parts)


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


def _or(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" or {names[-1]}"


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"


def _names(names: list[str]) -> str:
    return _and([f"'{n}'" for n in names])
