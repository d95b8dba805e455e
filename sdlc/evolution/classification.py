"""Weakenings of the risk classification, for :func:`sdlc.evolution.differences.diff`.

:func:`lowered_risk` classifies every combination of the attributes the risk rules
test by both versions; a combination now classified lower is a weakening.
Attributes that appear in exactly the same tests are interchangeable, so only one
of each class is combined: exact, and small (see docs/design.md, "Evolving the
process").
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from ..graph.process_graph import ProcessGraph
from ..model.conditions import Condition
from ..model.process import Process
from .changes import NOUNS, Change, and_, or_

MAX_ATOM_CLASSES = 14
"""Most classes of interchangeable attributes classified in every combination; beyond
that only combinations of up to three classes are compared."""


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


def _names(names: list[str]) -> str:
    return and_([f"'{n}'" for n in names])
