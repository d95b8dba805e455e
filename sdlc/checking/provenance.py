"""Build provenance: which artifact was built from which commit, as the record says.

The checker's :class:`~sdlc.checking.lineage.Lineage` treats a commit and everything built
from it as one subject, which is what the dependency rule needs: a review of a
commit also covers the artifact built from it. It cannot tell apart two
artifacts built from the same commit, nor notice an artifact that two builds say
they made from different commits. This module keeps the direction of each build
link and, at each deployment the checker found in order, asks: is what is
deployed what was built from the reviewed commit, and what was tested and
approved? Only the builds :mod:`sdlc.checking.builds` believes count (see
docs/design.md, "Subjects and lineage"). The deployment checks count people, and
the end of the walk looks for verification, only on the deployed subject's
:class:`Line`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from ..graph.view import View
from ..model.process import Process
from ..model.record import Event, Record
from .builds import built, is_build
from .lineage import Lineage, short


@dataclass(frozen=True, slots=True)
class LineageBreak:
    """A deployment whose subject does not follow from the work it relies on."""

    event: int
    message: str
    hint: str


class Builds:
    """Directed build links: each product with the subjects it was built from."""

    __slots__ = ("_sources",)

    def __init__(self) -> None:
        self._sources: dict[str, dict[str, int]] = {}

    def add(self, number: int, event: Event, products: Iterable[str]) -> None:
        for product in products:
            self._sources.setdefault(product, {}).setdefault(event.subject, number)

    def ancestors(self, subject: str) -> set[str]:
        """Everything ``subject`` was built from, directly or not."""
        seen: set[str] = set()
        todo = [subject]
        while todo:
            for source in self._sources.get(todo.pop(), {}):
                if source not in seen:
                    seen.add(source)
                    todo.append(source)
        return seen

    def made_at(self, product: str) -> int | None:
        """The event number of the first completed build that made ``product``."""
        sources = self._sources.get(product)
        return min(sources.values()) if sources else None

    def related(self, done: str, deployed: str, lineage: AbstractSet[str]) -> bool:
        """Whether work done on ``done`` holds for ``deployed`` (whose ancestors are
        ``lineage``): the same subject, or one built from the other (a commit and its
        artifact), never two siblings."""
        return done == deployed or done in lineage or deployed in self.ancestors(done)

    def ambiguous(self, subject: str) -> tuple[str, dict[str, int]] | None:
        """An artifact on ``subject``'s line that builds say they made from two or more
        different subjects, with those subjects and the events saying so."""
        for product in [subject, *sorted(self.ancestors(subject))]:
            sources = self._sources.get(product, {})
            if len(sources) > 1:
                return product, sources
        return None


def builds_before(process: Process, events: Sequence[Event], number: int) -> Builds:
    """The directed links the completed builds before event ``number`` make: those
    the walk believes by the time it reaches that event."""
    builds = Builds()
    for n, event in enumerate(events[: number - 1], start=1):
        products = built(process, event)
        if products:
            builds.add(n, event, products)
    return builds


@dataclass(frozen=True, slots=True)
class Line:
    """The deployed subject's line: the subjects whose work counts for it.

    The deployed subject itself, what it was built from and what was built from it,
    by the builds before the deployment; never a sibling artifact built from the
    same commit, which the checker's :class:`~sdlc.checking.lineage.Lineage` joins.
    """

    subject: str
    builds: Builds
    ancestors: frozenset[str]

    @classmethod
    def of(cls, process: Process, events: Sequence[Event], number: int) -> Line:
        """The line of what deployment event ``number`` deployed."""
        builds = builds_before(process, events, number)
        subject = events[number - 1].subject
        return cls(subject, builds, frozenset(builds.ancestors(subject)))

    def holds(self, subject: str) -> bool:
        """Whether work done on ``subject`` counts for the deployed subject."""
        return self.builds.related(subject, self.subject, self.ancestors)


def lineage_breaks(
    record: Record,
    view: View,
    subject_bound: Iterable[str],
    deployments: Iterable[int],
    reported: Iterable[int] = (),
) -> list[LineageBreak]:
    """Breaks in the line from commit to deployed artifact, at each deployment.

    ``deployments`` are the event numbers of the completed deployments the checker
    walked; those in ``reported`` already have a stale-approval or out-of-order
    finding from the checker and are not reported twice.
    """
    events = record.events
    process = view.process
    if not any(e.produces and is_build(process, e) for e in events):
        return []  # nothing was built: the checker's own lineage is the whole story
    bound = frozenset(subject_bound)
    skip = frozenset(reported)
    out: list[LineageBreak] = []
    for number in deployments:
        if number in skip:
            continue
        builds, joined = Builds(), Lineage()
        last: dict[str, int] = {}
        failed: dict[str, int] = {}
        for n, event in enumerate(events[: number - 1], start=1):
            if event.outcome.completes:
                last[event.stage] = n
            if not is_build(process, event):
                continue  # only builds say what was built (false-lineage otherwise)
            if not event.outcome.completes:
                for product in event.produces:
                    failed.setdefault(product, n)
            products = built(process, event)
            for product in products:
                joined.link(event.subject, product)  # as the checker links them
            builds.add(n, event, products)
        deployed = events[number - 1]
        found = (
            _ambiguity(number, deployed, builds)
            or _failed(number, deployed, builds, failed)
            or _siblings(number, deployed, view, bound, builds, joined, last, events)
        )
        if found is not None:
            out.append(found)
    return out


def _ambiguity(number: int, deployed: Event, builds: Builds) -> LineageBreak | None:
    found = builds.ambiguous(deployed.subject)
    if found is None:
        return None
    product, sources = found
    said = ", ".join(f"{short(s)} (event #{n})" for s, n in sources.items())
    return LineageBreak(
        number,
        f"deployed {short(deployed.subject)}, but builds say artifact {short(product)} was "
        f"built from more than one subject: {said}; the record cannot show which reviewed "
        f"code it holds",
        "build the artifact once, from the reviewed commit, and record only that build",
    )


def _failed(
    number: int, deployed: Event, builds: Builds, failed: dict[str, int]
) -> LineageBreak | None:
    subject = deployed.subject
    if subject not in failed or builds.ancestors(subject):
        return None
    return LineageBreak(
        number,
        f"deployed {short(subject)}, which only a build that did not complete made (event "
        f"#{failed[subject]})",
        "deploy an artifact that a completed build made from the reviewed commit",
    )


def _siblings(
    number: int,
    deployed: Event,
    view: View,
    bound: frozenset[str],
    builds: Builds,
    joined: Lineage,
    last: dict[str, int],
    events: tuple[Event, ...],
) -> LineageBreak | None:
    required = view.required_before.get(deployed.stage, frozenset())
    lineage = builds.ancestors(deployed.subject)
    apart: list[tuple[str, int]] = []
    for stage in view.order:
        if stage not in required or stage not in bound or stage not in last:
            continue
        done = events[last[stage] - 1].subject
        # subjects the checker's lineage does not join were reported by the checker
        if not builds.related(done, deployed.subject, lineage) and joined.same(
            done, deployed.subject
        ):
            apart.append((stage, last[stage]))
    if not apart:
        return None
    gates = [a for a in apart if view.process.stage(a[0]).is_gate]
    stage, at = (gates or apart)[0]
    done = events[at - 1].subject
    common = sorted(builds.ancestors(done) & builds.ancestors(deployed.subject))
    origin = f", another artifact built from {short(common[0])}" if common else ""
    names = ", ".join(f"'{s}'" for s, _ in apart)
    return LineageBreak(
        number,
        f"deployed {short(deployed.subject)}, but '{stage}' (event #{at}) was completed for "
        f"{short(done)}{origin}: {names} did not check what was deployed",
        f"deploy the artifact that was checked, or redo {names} for {short(deployed.subject)}",
    )
