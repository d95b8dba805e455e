"""Changes to the process that suggestions propose, and what ``sdlc diff`` says of
each: a suggestion never weakens the process without saying so.

Each proposal is made as a new version of the process (its data changed and
validated again) and compared with the version the changes followed by
:func:`sdlc.evolution.differences.diff`; the weakenings it reports go with the
suggestion, with the level that must approve them (see docs/design.md, "Evolving
the process").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ..evolution.differences import diff
from ..model.process import Process

Edit = Callable[[dict[str, Any]], bool]
"""Changes one stage's data in place; False when the change cannot be made."""


@dataclass(frozen=True, slots=True)
class Proposal:
    """A change to the process, in words, and the weakenings ``sdlc diff`` reports."""

    change: str
    weakenings: tuple[str, ...]
    approval_level: str

    def words(self) -> str:
        """The change and its weakenings as one paragraph."""
        if not self.weakenings:
            return f"Process change: {self.change}; sdlc diff reports no weakening."
        return (
            f"Process change: {self.change}. This WEAKENS the process; sdlc diff would "
            f"report: {'; '.join(self.weakenings)}. A weakening needs approval at level "
            f"{self.approval_level}."
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "change": self.change,
            "weakenings": list(self.weakenings),
            "approval_level": self.approval_level,
        }


class Proposals:
    """Proposals for one process version, each compared with it once."""

    def __init__(self) -> None:
        self._made: dict[tuple[str, str], Proposal | None] = {}

    def _propose(self, process: Process, stage: str, change: str, edit: Edit) -> Proposal | None:
        key = (process.ref, change)
        if key in self._made:
            return self._made[key]
        data = process.model_dump(by_alias=True, exclude_unset=True)
        found = None
        for item in data["stages"]:
            if item["id"] == stage and edit(item):
                try:
                    changed = Process.model_validate(data)
                except ValidationError:
                    break
                result = diff(process, changed)
                weak = tuple(f"{c.subject} {c.text}" for c in result.weakenings)
                found = Proposal(change, weak, result.approval_level)
        self._made[key] = found
        return found

    def not_at_risk(self, process: Process, stage: str, risk: str) -> Proposal | None:
        """``stage`` no longer applies at ``risk``."""

        def edit(item: dict[str, Any]) -> bool:
            unless = {"not": {"risk_in": [risk]}}
            when = item.get("applies_when")
            item["applies_when"] = unless if when is None else {"all": [when, unless]}
            return True

        return self._propose(process, stage, f"make '{stage}' not apply at risk {risk}", edit)

    def without_dependency(self, process: Process, stage: str, on: str) -> Proposal | None:
        """``stage`` no longer depends on ``on`` (only a plain dependency is dropped)."""

        def edit(item: dict[str, Any]) -> bool:
            deps = list(item.get("depends_on", ()))
            kept = [d for d in deps if d != on and d != {"stage": on}]
            item["depends_on"] = kept
            return len(kept) < len(deps)

        return self._propose(process, stage, f"let '{stage}' no longer depend on '{on}'", edit)

    def with_dependency(self, process: Process, stage: str, on: str) -> Proposal | None:
        """``stage`` depends on ``on`` as well."""

        def edit(item: dict[str, Any]) -> bool:
            item["depends_on"] = [*item.get("depends_on", ()), on]
            return True

        return self._propose(process, stage, f"make '{stage}' depend on '{on}'", edit)

    def unconditional(self, process: Process, stage: str) -> Proposal | None:
        """``stage`` applies to every change."""

        def edit(item: dict[str, Any]) -> bool:
            return item.pop("applies_when", None) is not None

        return self._propose(process, stage, f"make '{stage}' apply to every change", edit)
