"""Who depends on whom, worked out without networkx: the stages that depend on a
stage directly, and every stage that follows from it (see docs/design.md, "What
an edge means").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def dependents(
    stages: Iterable[str], requires: Mapping[str, Iterable[Iterable[str]]]
) -> dict[str, frozenset[str]]:
    """For each stage, the stages that depend on it directly."""
    out: dict[str, set[str]] = {s: set() for s in stages}
    for stage, groups in requires.items():
        for group in groups:
            for target in group:
                out[target].add(stage)
    return {s: frozenset(after) for s, after in out.items()}


def reachable(start: str, after: Mapping[str, frozenset[str]]) -> frozenset[str]:
    """Every stage that depends on ``start``, directly or not, given each stage's
    direct dependents ``after`` (never ``start`` itself, as networkx's
    ``descendants``)."""
    seen: set[str] = set()
    todo = list(after[start])
    while todo:
        stage = todo.pop()
        if stage not in seen:
            seen.add(stage)
            todo.extend(after[stage])
    seen.discard(start)
    return frozenset(seen)
