"""Every name a process (or roster) uses must be defined: the unknown-reference rule.

Each problem keeps the data path of the offending value, so the loader and the
linter can give file, line and column, and a did-you-mean for the closest name.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..errors import one_of, suggest
from ..model.conditions import Condition
from ..model.process import Process
from ..model.roster import Roster
from .source import Path_


@dataclass(frozen=True, slots=True)
class Problem:
    """A name that is not defined, where it is used, and what would fix it.

    ``key`` is true when the name is a mapping key (``actors: {hgih: 2}``), so the
    location is the key's, not its value's.
    """

    message: str
    path: Path_
    hint: str
    name: str
    key: bool = False


def _unknown(
    what: str, name: str, known: Iterable[str], path: Path_, *, key: bool = False
) -> Problem:
    choices = sorted(set(known))
    return Problem(
        suggest(f"unknown {what} {name!r} ({one_of(choices)})", name, choices),
        path,
        f"use a defined {what}, or define {name!r}",
        name,
        key,
    )


def process_problems(process: Process) -> list[Problem]:
    """Every undefined name the process uses, in document order."""
    return list(_process(process))


def _process(p: Process) -> Iterator[Problem]:
    levels = p.risk.levels
    for role_id, definition in p.roles.items():
        if definition.level not in p.org_levels:
            yield _unknown(
                "organisational level",
                definition.level,
                p.org_levels,
                ("roles", role_id, "level"),
            )
    if p.risk.default not in levels:
        yield _unknown("risk level", p.risk.default, levels, ("risk", "default"))
    for i, rule in enumerate(p.risk.rules):
        at: Path_ = ("risk", "rules", i)
        if rule.level not in levels:
            yield _unknown("risk level", rule.level, levels, (*at, "level"))
        yield from _condition(p, rule.when, (*at, "when"))
    stage_ids = [s.id for s in p.stages]
    for i, stage in enumerate(p.stages):
        at = ("stages", i)
        for j, role in enumerate(stage.performers):
            if role not in p.roles:
                yield _unknown("role", role, p.roles, (*at, "performers", j))
        for j, other in enumerate(stage.differ_from):
            if other not in stage_ids:
                yield _unknown("stage", other, stage_ids, (*at, "differ_from", j))
        for j, kind in enumerate(stage.evidence):
            if kind not in p.evidence_kinds:
                yield _unknown("evidence kind", kind, p.evidence_kinds, (*at, "evidence", j))
        for j, dep in enumerate(stage.depends_on):
            dep_at: Path_ = (*at, "depends_on", j)
            if isinstance(dep, str):
                targets: tuple[tuple[str, Path_], ...] = ((dep, dep_at),)
            elif dep.one_of is not None:
                targets = tuple((t, (*dep_at, "one_of", k)) for k, t in enumerate(dep.one_of))
            else:
                targets = ((dep.stage or "", (*dep_at, "stage")),)
            for target, target_at in targets:
                if target not in stage_ids:
                    yield _unknown("stage", target, stage_ids, target_at)
            if not isinstance(dep, str) and dep.when is not None:
                yield from _condition(p, dep.when, (*dep_at, "when"))
        if stage.applies_when is not None:
            yield from _condition(p, stage.applies_when, (*at, "applies_when"))
        for name in ("actors", "approver_level"):
            value = getattr(stage, name)
            if isinstance(value, dict):
                for level in value:
                    if level not in levels:
                        yield _unknown("risk level", level, levels, (*at, name, level), key=True)
        if isinstance(stage.approver_level, dict):
            for level, org in stage.approver_level.items():
                if org not in p.org_levels:
                    yield _unknown(
                        "organisational level", org, p.org_levels, (*at, "approver_level", level)
                    )
        elif stage.approver_level is not None and stage.approver_level not in p.org_levels:
            yield _unknown(
                "organisational level", stage.approver_level, p.org_levels, (*at, "approver_level")
            )
        if stage.coverage is not None:
            if p.production_profile is None:
                yield Problem(
                    "coverage needs a production_profile, and the process has none",
                    (*at, "coverage"),
                    "add a production_profile with the measured shares, or drop coverage",
                    "production_profile",
                )
            if isinstance(stage.coverage.min_share, dict):
                for level in stage.coverage.min_share:
                    if level not in levels:
                        yield _unknown(
                            "risk level",
                            level,
                            levels,
                            (*at, "coverage", "min_share", level),
                            key=True,
                        )


_VOCABULARY = {
    "components": ("component", "components_any"),
    "data_classes": ("data class", "data_classes_any"),
    "providers": ("eID provider", "providers_any"),
    "flags": ("flag", "flags_any"),
}


def _condition(p: Process, cond: Condition, at: Path_) -> Iterator[Problem]:
    levels = p.risk.levels
    for name in ("risk_at_least", "risk_at_most"):
        value = getattr(cond, name)
        if value is not None and value not in levels:
            yield _unknown("risk level", value, levels, (*at, name))
    for j, level in enumerate(cond.risk_in or ()):
        if level not in levels:
            yield _unknown("risk level", level, levels, (*at, "risk_in", j))
    for kind, (noun, field) in _VOCABULARY.items():
        known = p.providers if kind == "providers" else getattr(p, kind)
        for j, name in enumerate(getattr(cond, field) or ()):
            if name not in known:
                yield _unknown(noun, name, known, (*at, field, j))
    for key, children in (("all", cond.all_of), ("any", cond.any_of)):
        for j, child in enumerate(children or ()):
            yield from _condition(p, child, (*at, key, j))
    if cond.not_ is not None:
        yield from _condition(p, cond.not_, (*at, "not"))


def roster_problems(roster: Roster, process: Process) -> list[Problem]:
    """Roles the roster grants that the process does not define."""
    problems = []
    for i, person in enumerate(roster.people):
        for j, grant in enumerate(person.roles):
            role = grant if isinstance(grant, str) else grant.role
            path: Path_ = ("people", i, "roles", j)
            if not isinstance(grant, str):
                path = (*path, "role")
            if role not in process.roles:
                problems.append(_unknown("role", role, process.roles, path))
    return problems
