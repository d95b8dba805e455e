"""How the checker names roles in its findings: by their titles, as people say them.

A role's id (``security-officer``) is for files; a finding says "a security
officer", from the title the process gives the role (``Security officer``), with
its first letter in lower case unless the title starts with an abbreviation.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model.process import Process


def title(process: Process, role: str) -> str:
    """The role's title as it reads inside a sentence (its id if it has none)."""
    role_ = process.roles.get(role)
    text = str(role_.title) if role_ is not None else role
    if len(text) > 1 and text[1].isupper():
        return text  # "CI pipeline", "DPO": an abbreviation keeps its case
    return text[:1].lower() + text[1:]


def titles(process: Process, roles: Iterable[str], joiner: str = "or") -> str:
    """``developer, reviewer or security champion``: a list keeps its order; other
    collections are sorted by id."""
    ids = roles if isinstance(roles, list) else sorted(roles)
    words = [title(process, r) for r in ids]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {joiner} {words[-1]}"


def a_role(process: Process, roles: Iterable[str], joiner: str = "or") -> str:
    """``a developer or reviewer``, ``an operations engineer``."""
    text = titles(process, roles, joiner)
    return ("an " if text[:1].lower() in "aeiou" and text else "a ") + text
