"""Every name a process (or roster) uses must be defined: the unknown-reference rule.

Where a process uses names, and which namespace each must come from, is one
table (:data:`_TABLES`), followed through the model by one small walker. Each
problem keeps the data path of the offending value, so the loader and the linter
can give file, line and column, and a did-you-mean for the closest name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel

from ..errors import one_of, suggest
from ..model.process import Process
from ..model.roster import Roster
from .document import Path_


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


@dataclass(frozen=True, slots=True, eq=False)
class _Namespace:
    """The names of one kind a process defines, and what a message calls one."""

    what: str
    names: Callable[[Process], Iterable[str]]


@dataclass(frozen=True, slots=True)
class _Needs:
    """Not a name: a section the process must have wherever this value is given."""

    section: str
    message: str
    hint: str


_EACH = "*"
"""A step to each item of a list, or each value of a mapping (the path names its key)."""
_KEYS = "@"
"""A step to each key of a mapping (the location is the key's)."""

_RISK = _Namespace("risk level", lambda p: p.risk.levels)
_ORG = _Namespace("organisational level", lambda p: p.org_levels)
_ROLE = _Namespace("role", lambda p: p.roles)
_STAGE = _Namespace("stage", lambda p: [s.id for s in p.stages])
_EVIDENCE = _Namespace("evidence kind", lambda p: p.evidence_kinds)
_COMPONENT = _Namespace("component", lambda p: p.components)
_DATA_CLASS = _Namespace("data class", lambda p: p.data_classes)
_PROVIDER = _Namespace("eID provider", lambda p: p.providers)
_FLAG = _Namespace("flag", lambda p: p.flags)
_PROFILE = _Needs(
    "production_profile",
    "coverage needs a production_profile, and the process has none",
    "add a production_profile with the measured shares, or drop coverage",
)

_Target = _Namespace | _Needs | str
"""What the values a path reaches must be: a defined name, or (by its key in
:data:`_TABLES`) a part of the model to walk in turn."""

_TABLES: dict[str, tuple[tuple[tuple[str, ...], _Target], ...]] = {
    "process": (
        (("roles", _EACH, "level"), _ORG),
        (("risk", "default"), _RISK),
        (("risk", "rules", _EACH), "rule"),
        (("stages", _EACH), "stage"),
    ),
    "rule": (
        (("level",), _RISK),
        (("when",), "condition"),
    ),
    "stage": (
        (("performers", _EACH), _ROLE),
        (("differ_from", _EACH), _STAGE),
        (("evidence", _EACH), _EVIDENCE),
        (("depends_on", _EACH), "dependency"),
        (("applies_when",), "condition"),
        (("actors", _KEYS), _RISK),
        (("approver_level", _KEYS), _RISK),
        (("approver_level", _EACH), _ORG),
        (("approver_level",), _ORG),
        (("coverage",), _PROFILE),
        (("coverage", "min_share", _KEYS), _RISK),
        (("fail_level", _KEYS), _RISK),
    ),
    "dependency": (
        ((), _STAGE),  # a plain stage name
        (("one_of", _EACH), _STAGE),
        (("stage",), _STAGE),
        (("when",), "condition"),
    ),
    "condition": (
        (("risk_at_least",), _RISK),
        (("risk_at_most",), _RISK),
        (("risk_in", _EACH), _RISK),
        (("components_any", _EACH), _COMPONENT),
        (("data_classes_any", _EACH), _DATA_CLASS),
        (("providers_any", _EACH), _PROVIDER),
        (("flags_any", _EACH), _FLAG),
        (("all_of", _EACH), "condition"),
        (("any_of", _EACH), "condition"),
        (("not_",), "condition"),
    ),
    "roster": ((("people", _EACH, "roles", _EACH), "grant"),),
    "grant": (
        ((), _ROLE),  # a plain role name
        (("role",), _ROLE),
    ),
}
"""Where each part of the model uses names (a path of field names and steps from
the part), and what each must be: a part's rows are checked in the order given,
and the values a row reaches in document order."""


def process_problems(process: Process) -> list[Problem]:
    """Every undefined name the process uses, in document order."""
    return list(_Walk(process).table("process", process, ()))


def roster_problems(roster: Roster, process: Process) -> list[Problem]:
    """Roles the roster grants that the process does not define."""
    return list(_Walk(process).table("roster", roster, ()))


class _Walk:
    """One walk of :data:`_TABLES` against ``process``'s namespaces."""

    def __init__(self, process: Process) -> None:
        self.process = process
        self.known: dict[_Namespace, frozenset[str]] = {}

    def table(self, part: str, node: object, at: Path_) -> Iterator[Problem]:
        """The problems of ``node``, a ``part`` of the model found at ``at``."""
        for steps, target in _TABLES[part]:
            for value, path, key in _reach(node, steps, at):
                if isinstance(target, str):
                    yield from self.table(target, value, path)
                elif isinstance(target, _Needs):
                    if getattr(self.process, target.section) is None:
                        yield Problem(target.message, path, target.hint, target.section)
                elif isinstance(value, str):
                    known = self.known.get(target)
                    if known is None:
                        known = self.known[target] = frozenset(target.names(self.process))
                    if value not in known:
                        yield _unknown(target.what, value, known, path, key=key)


def _reach(node: object, steps: tuple[str, ...], at: Path_) -> list[tuple[object, Path_, bool]]:
    """The values ``steps`` lead to from ``node`` (absent ones left out), each with
    its data path and whether it is a mapping key, in document order."""
    found: list[tuple[object, Path_, bool]] = [(node, at, False)] if node is not None else []
    for step in steps:
        reached: list[tuple[object, Path_, bool]] = []
        for value, path, _ in found:
            if step == _EACH:
                if isinstance(value, dict):
                    reached += ((v, (*path, k), False) for k, v in value.items() if v is not None)
                elif isinstance(value, tuple | list):
                    reached += (
                        (v, (*path, i), False) for i, v in enumerate(value) if v is not None
                    )
            elif step == _KEYS:
                if isinstance(value, dict):
                    reached += ((k, (*path, k), True) for k in value)
            elif isinstance(value, BaseModel):
                child = getattr(value, step)
                if child is not None:
                    reached.append((child, (*path, _key(type(value), step)), False))
        found = reached
    return found


@cache
def _key(model: type[BaseModel], field: str) -> str:
    """The key in the data of ``model``'s ``field`` (its alias, where it has one)."""
    return model.model_fields[field].alias or field


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
