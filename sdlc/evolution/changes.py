"""One change between two versions of a process, and the words changes are told in.

:mod:`sdlc.evolution.differences` reads changes off the processes' text and
:mod:`sdlc.evolution.weakenings` off their graphs; both describe what changed as a
:class:`Change` and name things the same way (see docs/design.md, "Evolving the
process").
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.stage import Stage

AREAS = ("process", "risk", "role", "stage", "dependency", "gate", "requirement", "waiver")
"""The order areas are listed in."""

NOUNS = {
    "components": ("component", "components"),
    "data_classes": ("data class", "data classes"),
    "providers": ("eID provider", "eID providers"),
    "flags": ("flag", "flags"),
}
"""What a change's attributes of each kind are called: (one, many)."""


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


def stage_name(stage: Stage) -> str:
    """``gate 'approval'`` or ``stage 'build'``."""
    return f"{'gate' if stage.is_gate else 'stage'} '{stage.id}'"


def or_(names: list[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" or {names[-1]}"


def and_(names: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"


def plural(n: int, word: str) -> str:
    """``1 weakening``, ``2 weakenings``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
