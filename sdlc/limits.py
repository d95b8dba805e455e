"""How much of any input sdlc will read: every limit, its default, and its setting.

Each limit is set by one environment variable, the one mechanism for all of them:
a variable reaches every command and every worker process of a batch, and a CI
job sets it once. An unset variable means the default; a value that is not a
positive whole number (or is above a limit's ceiling) is an input error, never
silently ignored. ``docs/limits.md`` and ``sdlc --help`` list them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .errors import InputError


@dataclass(frozen=True, slots=True)
class Limit:
    """One resource limit: the variable that sets it, its default and what it bounds."""

    variable: str
    default: int
    unit: str
    """What is counted, in the plural: ``bytes``, ``events``."""
    what: str
    """What the limit bounds, in a few words for ``--help``."""
    ceiling: int | None = None
    """Highest value the variable may take, where a higher one could not be honoured."""

    def value(self) -> int:
        """The limit in force: the variable's value if set, else the default."""
        raw = os.environ.get(self.variable)
        if raw is None:
            return self.default
        text = raw.strip()
        number = int(text) if text.isascii() and text.isdigit() else 0
        if number == 0:
            raise InputError(
                f"{self.variable} is {raw!r}, expected a positive whole number of {self.unit}",
                hint=f"unset it for the default of {self.default}, or set it to a number",
            )
        if self.ceiling is not None and number > self.ceiling:
            raise InputError(
                f"{self.variable} is {raw!r}, more than the most sdlc can honour "
                f"({self.ceiling} {self.unit})",
                hint=f"unset it for the default of {self.default}, or set it to at most "
                f"{self.ceiling}",
            )
        return number


FILE_BYTES = Limit(
    "SDLC_MAX_FILE_BYTES",
    20 * 1024 * 1024,
    "bytes",
    "largest file read, or line of a JSON Lines file",
)
EVENTS = Limit("SDLC_MAX_EVENTS", 10_000, "events", "most events in one record")
STAGES = Limit("SDLC_MAX_STAGES", 500, "stages", "most stages in one process")
DEPTH = Limit(
    "SDLC_MAX_DEPTH",
    100,
    "levels",
    "deepest nesting of lists and mappings",
    ceiling=250,  # deeper, reading and validating would run out of stack
)
ALIASES = Limit("SDLC_MAX_ALIASES", 100, "aliases", "most YAML alias uses (*name) in a document")
NODES = Limit("SDLC_MAX_NODES", 1_000_000, "values", "most values one document may hold")
EVIDENCE_BYTES = Limit(
    "SDLC_MAX_EVIDENCE_BYTES",
    256 * 1024 * 1024,
    "bytes",
    "largest local evidence file whose digest is checked",
)

LIMITS = (FILE_BYTES, EVENTS, STAGES, DEPTH, ALIASES, NODES, EVIDENCE_BYTES)
"""Every limit, in the order ``--help`` and ``docs/limits.md`` list them."""


def check_settings() -> None:
    """Raise :class:`~sdlc.errors.InputError` for the first limit variable set wrongly,
    so that a bad setting is one error up front, not one per file."""
    for limit in LIMITS:
        limit.value()


def limits_help() -> str:
    """The limits as ``--help`` shows them, one per line, with their defaults."""
    width = max(len(f"{limit.variable}={limit.default}") for limit in LIMITS)
    lines = ["limits (environment variables; see docs/limits.md):"]
    for limit in LIMITS:
        setting = f"{limit.variable}={limit.default}"
        lines.append(f"  {setting:<{width}}  {limit.what}")
    return "\n".join(lines)
