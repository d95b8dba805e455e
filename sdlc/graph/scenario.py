"""A scenario: one risk level together with the attributes a change carries, the
unit in which lint and the handbook ask what the process requires.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Scenario:
    """A risk level and the attributes (``(kind, name)`` pairs) a change carries."""

    risk: str
    attributes: frozenset[tuple[str, str]] = frozenset()

    def words(self) -> str:
        """``risk high, touching component session`` for messages."""
        if not self.attributes:
            return f"risk {self.risk}"
        nouns = {
            "components": "component",
            "data_classes": "data class",
            "providers": "eID provider",
            "flags": "flag",
        }
        parts = [f"{nouns[k]} {n}" for k, n in sorted(self.attributes)]
        return f"risk {self.risk} with {', '.join(parts)}"
