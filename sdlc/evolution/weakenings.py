"""Weakenings computed from the process graphs and risk rules, for :mod:`sdlc.evolution.diff`.

- :func:`requirements`: for every risk level both versions know, and every
  combination of the attributes either version's stage conditions test (that
  both versions' risk rules allow at that level), the stages every compliant run
  completes (:func:`required`): a stage required before and not now is a
  weakening; so is a gate or deployment that no longer waits for a stage it
  used to.
- :func:`lowered_risk`: every combination of the attributes the risk rules
  test, classified by both versions; a combination now classified lower is a
  weakening. Attributes that appear in exactly the same tests are
  interchangeable, so only one of each class is combined: exact, and small.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from ..graph.process_graph import ProcessGraph, Scenario, View
from ..model.conditions import Condition
from ..model.process import Process
from .changes import NOUNS, Change, and_, or_, stage_name

MAX_ATOM_CLASSES = 14
"""Most classes of interchangeable attributes classified in every combination; beyond
that only combinations of up to three classes are compared."""
MAX_SCENARIO_ATOMS = 10
"""Most attributes that stage conditions test, combined in every way; beyond that
only plain risk levels are compared."""


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


def lowered_risk(og: ProcessGraph, ng: ProcessGraph) -> Iterator[Change]:
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
        noun = NOUNS[kind][0] if len(names) == 1 else f"any of the {NOUNS[kind][1]}"
        parts.append(f"{noun} {or_(names)}")
    return "a change with " + " and ".join(parts)


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


def requirements(og: ProcessGraph, ng: ProcessGraph) -> Iterator[Change]:
    old, new = og.process, ng.process
    dropped: dict[str, list[Scenario]] = {}
    added: dict[str, list[Scenario]] = {}
    unordered: dict[tuple[str, str], list[Scenario]] = {}
    everywhere: dict[str, list[Scenario]] = {}
    looped: set[str] = set()
    for scenario in _scenarios(og, ng):
        everywhere.setdefault(scenario.risk, []).append(scenario)
        ov, nv = og.view(scenario), ng.view(scenario)
        if not (ov.acyclic and nv.acyclic):
            looped.update(name for name, v in (("old", ov), ("new", nv)) if not v.acyclic)
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
    for name in sorted(looped, reverse=True):  # new, then old
        yield Change(
            "requirement",
            "process",
            f"the {name} version has stages that depend on each other in a loop, so what it "
            "requires cannot be compared; run 'sdlc lint' on it",
        )
    stages = {**old.stages_by_id, **new.stages_by_id}
    for stage_id, scenarios in sorted(dropped.items()):
        stage = stages[stage_id]
        where = _where(scenarios, everywhere)
        text = (
            f"no longer required {where} (the stage was removed)"
            if stage_id not in new.stages_by_id
            else f"no longer required {where}"
        )
        yield Change("requirement", stage_name(stage), text, weakening=True)
    for stage_id, scenarios in sorted(added.items()):
        yield Change(
            "requirement",
            stage_name(stages[stage_id]),
            f"now required {_where(scenarios, everywhere)}",
        )
    for (checkpoint, stage_id), scenarios in sorted(unordered.items()):
        yield Change(
            "requirement",
            stage_name(stages[checkpoint]),
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
            known = frozenset().union(*(s.attributes for s in all_at_risk))
            particular += [_scenario_words(s, known) for s in hit]
    parts = []
    if levels:
        parts.append(f"at risk {and_(levels)}")
    if particular:
        parts.append("for a change at " + "; ".join(particular))
    return " and ".join(parts)


def _scenario_words(scenario: Scenario, known: frozenset[tuple[str, str]]) -> str:
    """``risk high with component session and without flag hotfix``."""
    words = f"risk {scenario.risk}"
    present = sorted(scenario.attributes)
    absent = sorted(known - scenario.attributes)
    if present:
        words += " with " + and_([f"{NOUNS[k][0]} {n}" for k, n in present])
    if absent:
        words += (" and" if present else "") + " without "
        words += or_([f"{NOUNS[k][0]} {n}" for k, n in absent])
    return words


def _names(names: list[str]) -> str:
    return and_([f"'{n}'" for n in names])
