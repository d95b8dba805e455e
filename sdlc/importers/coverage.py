"""Which eID providers a test run covered: by name patterns, one set per provider.

A test case exercises a provider when one of the provider's patterns (shell-style,
``fnmatch``, case-sensitive) matches its ``classname.name`` or its name alone.
The patterns come from ``--provider-pattern PROVIDER=GLOB`` (repeatable) or a file
``--providers FILE``::

    providers:
      bankid: ["test_bankid_desktop*"]
      bankid-mobile: ["test_bankid_mobile*", "*BankIdMobile*"]

A provider is covered when at least one of its cases passed and none failed or
errored: skipped cases count for nothing, so a skipped BankID-mobile suite does
not cover BankID on mobile (see docs/collecting.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Annotated

from pydantic import Field

from ..errors import InputError, UsageError, suggest
from ..load.loaders import validate
from ..load.source import load_file
from ..model.process import Process
from ..model.types import Model, Slug
from .junit import ERROR, FAILED, PASSED, SKIPPED, Case

Pattern = Annotated[str, Field(min_length=1, max_length=500)]
SLUG = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


class ProvidersFile(Model):
    """A ``--providers`` file: the patterns of each provider's test cases."""

    providers: dict[Slug, tuple[Pattern, ...]] = Field(
        description="For each eID provider, patterns of the names of its test cases."
    )


@dataclass(frozen=True, slots=True)
class Patterns:
    """Each provider's patterns, in the order given."""

    by_provider: dict[str, tuple[str, ...]]

    def matches(self, provider: str, case: Case) -> bool:
        return any(
            fnmatchcase(case.id, glob) or fnmatchcase(case.name, glob)
            for glob in self.by_provider[provider]
        )


def patterns(options: Sequence[str], files: Sequence[str], process: Process | None) -> Patterns:
    """The patterns of ``--provider-pattern`` options and ``--providers`` files; with
    the process, every provider must be one of its production profile's."""
    found: dict[str, list[str]] = {}
    for path in files:
        for provider, globs in validate(ProvidersFile, load_file(Path(path))).providers.items():
            found.setdefault(provider, []).extend(globs)
    for item in options:
        provider, sep, glob = item.partition("=")
        if not sep or not provider or not glob:
            raise UsageError(
                f"--provider-pattern {item!r}: expected PROVIDER=GLOB, e.g. "
                "bankid-mobile='test_bankid_mobile*'"
            )
        found.setdefault(provider, []).append(glob)
    for provider in found:
        if not SLUG.fullmatch(provider):
            raise UsageError(f"--provider-pattern {provider!r}: not a valid provider id")
        if process is not None and provider not in process.providers:
            raise InputError(
                suggest(
                    f"provider {provider!r} is not in the production profile of {process.ref}",
                    provider,
                    process.providers,
                ),
                hint=f"the providers it measures are: {', '.join(process.providers) or 'none'}",
            )
    return Patterns({p: tuple(g) for p, g in found.items()})


@dataclass(frozen=True, slots=True)
class Coverage:
    """The providers covered, and a line for the note on each provider."""

    covers: tuple[str, ...]
    lines: tuple[str, ...]


def coverage(rules: Patterns, cases: Sequence[Case]) -> Coverage:
    """Which providers ``cases`` covered under ``rules``."""
    covered: list[str] = []
    shown: list[str] = []
    missed: list[str] = []
    for provider in rules.by_provider:
        mine = [c for c in cases if rules.matches(provider, c)]
        passed = sum(1 for c in mine if c.status == PASSED)
        failed = sum(1 for c in mine if c.status in (FAILED, ERROR))
        skipped = sum(1 for c in mine if c.status == SKIPPED)
        tally = ((passed, "passed"), (failed, "failed"), (skipped, "skipped"))
        counts = [f"{n} {word}" for n, word in tally if n]
        if passed and not failed:
            covered.append(provider)
            shown.append(f"{provider} ({', '.join(counts)})")
        else:
            missed.append(f"{provider} ({', '.join(counts) or 'no test'})")
    lines = []
    if shown:
        lines.append("covers: " + ", ".join(shown))
    if missed:
        lines.append("not covered: " + ", ".join(missed))
    return Coverage(tuple(covered), tuple(lines))
