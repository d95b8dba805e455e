"""How findings name things: lists of stages and roles, and counts of people."""

from __future__ import annotations

from collections.abc import Iterable


def names(items_in: Iterable[str], joiner: str = "and") -> str:
    """``'a', 'b' and 'c'``: a list keeps its order; other collections are sorted."""
    items = [f"'{n}'" for n in (items_in if isinstance(items_in, list) else sorted(items_in))]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {joiner} {items[-1]}"


def people(count: int) -> str:
    """``1 person`` or ``3 different people``."""
    return "1 person" if count == 1 else f"{count} different people"
