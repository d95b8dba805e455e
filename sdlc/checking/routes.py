"""The route a record took through the process's ``one_of`` alternatives.

:attr:`~sdlc.graph.view.View.required_before` is what *every* compliant run
completes first: of a ``one_of`` dependency it keeps only what all alternatives
share, so neither alternative is in it. A record, though, takes one route: once
it has deployed with a canary, what depends on "canary or blue-green" depends on
the canary. The checker asks the process along that route, so that a ``one_of``
group the record resolved to one stage is checked exactly as a plain dependency
on that stage would be (see docs/design.md, "What an edge means").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..graph.view import View

Choice = Callable[[tuple[str, ...]], tuple[str, ...]]
"""Which alternatives of a dependency group the record took (all of them when it
took none, or cannot tell)."""


def required_along(view: View, choose: Choice) -> dict[str, frozenset[str]]:
    """For each stage, the stages a run that took the alternatives ``choose`` picks
    completes before it: a plain dependency where one alternative was taken, and what
    every taken alternative requires where several were. (Without ``one_of`` groups
    every run takes the same route: the view's own, worked out once.)"""
    if not view.alternatives:
        return view.required_before
    required: dict[str, frozenset[str]] = {}
    for stage in view.order:
        parts: list[Iterable[str]] = []
        for group in view.requires[stage]:
            taken = choose(group) if len(group) > 1 else group
            if len(taken) == 1:
                parts += (required[taken[0]], taken)
            else:
                parts.append(frozenset.intersection(*(required[a] | {a} for a in taken)))
        required[stage] = frozenset().union(*parts)
    return required


def untaken(view: View, stages: Iterable[str], choose: Choice) -> list[tuple[str, ...]]:
    """The ``one_of`` groups of ``stages`` of which the record took no alternative."""
    out: list[tuple[str, ...]] = []
    for stage in stages:
        for group in view.requires.get(stage, ()):
            if len(group) > 1 and len(choose(group)) == len(group) and group not in out:
                out.append(group)
    return out


def leading_to(view: View, target: str) -> Choice:
    """Prefer, of each group, the alternatives that are ``target`` or come after it:
    a verification depending on "canary or blue-green" follows the canary that was
    deployed."""

    def choose(group: tuple[str, ...]) -> tuple[str, ...]:
        ahead = tuple(a for a in group if a == target or a in view.downstream[target])
        return ahead or group

    return choose
