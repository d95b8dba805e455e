"""Weakenings of what the process requires, computed from the process graphs, for
:func:`sdlc.evolution.differences.diff`.

:func:`requirements` takes every risk level both versions know, and every
combination of the attributes either version's stage conditions test (that both
versions' risk rules allow at that level), and the stages every compliant run
completes (:func:`required`): a stage required before and not now is a weakening;
so is a gate or deployment that no longer waits for a stage it used to. Lowered
risk classification is :mod:`sdlc.evolution.classification`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from ..graph.process_graph import ProcessGraph
from ..graph.scenario import Scenario
from ..graph.view import View
from ..model.process import Process
from .changes import NOUNS, Change, and_, or_, stage_name

MAX_SCENARIO_ATOMS = 10
"""Most attributes that stage conditions test, combined in every way; beyond that
only plain risk levels are compared."""


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
