"""The edits a repair may make, and the test that a set of them repairs the record.

The search (:mod:`sdlc.checking.repair_search`) looks for the cheapest set of
edits, among exactly these:

* remove any event of the record;
* add a completed event (approved, for a gate) of a stage that applies at the
  record's risk, at any place between the events the repair keeps, about a
  subject the record names (its commit, its artifact, an event's subject, a
  build's product), by someone in the roster who may perform it at the level
  needed and is new to the record and to the repair (someone already in the
  record only when there is no such person), covering every provider for a test
  stage, with evidence of every kind, dated like the event before it. A build
  added produces nothing, an artifact that no build in the record produced, or
  what a build in the record produced from the same commit: a repair never
  invents a lineage the record contradicts. Events added at one place go in the
  process's order.

A set of edits repairs the record when the record it gives (:func:`applied`,
with the amendments) has no error left but those only people can amend, and
those only where the record already had them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..graph.view import View
from ..model.record import Record
from ..model.stage import StageKind
from ..rules.catalogue import Severity
from ..rules.findings import Finding, RepairStep, resolve_severity
from .builds import built, is_artifact
from .context import Context
from .event_rules import walk
from .provenance import lineage_breaks
from .record_pass import RecordPass
from .repair_apply import applied
from .repair_cast import cast
from .repair_local import AMENDED_BY_PEOPLE
from .trace import Trace


@dataclass(frozen=True, slots=True, order=True)
class Addition:
    """An event to add after original event ``place`` (0: before the first)."""

    place: int
    rank: int
    """The stage's position in the process's order: additions at one place follow it."""
    stage: str
    subject: str
    produces: tuple[str, ...] = ()


@dataclass(slots=True)
class Space:
    """One record's candidate edits, and the oracle that judges a set of them."""

    context: Context
    view: View
    record: Record
    amends: list[RepairStep]
    """The amendments every repair carries (the declared risk, evidence, clocks)."""
    additions: list[Addition]
    """Every candidate addition, at every place."""
    tolerated: frozenset[tuple[str, int | None]]
    """(rule, original event) of the errors only people can amend."""
    checked: int = 0
    """How many candidate repairs have been checked."""

    @classmethod
    def of(
        cls, context: Context, trace: Trace, findings: list[Finding], amends: list[RepairStep]
    ) -> Space:
        record = trace.record
        view = trace.view
        process = context.process
        subjects = _subjects(record) or [""]  # "": the change, when it names no subject
        commits = [s for s in subjects if not is_artifact(s)] or subjects
        made = {p: ev.subject for ev in record.events for p in built(process, ev)}
        artifacts = [s for s in subjects if is_artifact(s)]
        bound = context.graph.subject_bound
        kinds: list[tuple[str, str, tuple[str, ...]]] = []
        for stage_id in view.order:
            stage = process.stage(stage_id)
            if stage.kind is StageKind.BUILD:
                for commit in commits:
                    for art in artifacts:
                        if made.get(art, commit) == commit and art != commit:
                            kinds.append((stage_id, commit, (art,)))
                    kinds.append((stage_id, commit, ()))
            elif stage.kind in _DEPLOYED:  # what was built, then what it was built from
                firsts = [*artifacts, *(s for s in subjects if s not in artifacts)]
                kinds.extend((stage_id, s, ()) for s in firsts)
            elif stage_id in bound:
                kinds.extend((stage_id, s, ()) for s in subjects)
            else:
                kinds.append((stage_id, subjects[0], ()))
        rank = {s: i for i, s in enumerate(view.order)}
        places = range(len(record.events) + 1)
        additions = [Addition(p, rank[s], s, subj, prod) for p in places for s, subj, prod in kinds]
        tolerated = frozenset(
            (f.rule, f.event)
            for f in findings
            if f.severity is Severity.ERROR and f.rule in AMENDED_BY_PEOPLE
        )
        return cls(context, view, record, amends, additions, tolerated)

    def steps(self, removals: Sequence[int], additions: Sequence[Addition]) -> list[RepairStep]:
        """The edits as repair steps (with placeholder text), actors chosen."""
        record = self.record
        gone = set(removals)
        removes = [
            RepairStep("remove", record.events[n - 1].stage, "", event=n) for n in sorted(removals)
        ]
        amends = [s for s in self.amends if s.event is None or s.event not in gone]
        adds = [
            RepairStep(
                "add",
                a.stage,
                "",
                event=a.place + 1 if a.place < len(record.events) else None,
                subject=a.subject or None,
                covers=self._covers(a.stage),
                produces=a.produces,
            )
            for a in sorted(additions)
        ]
        steps = [*removes, *amends, *adds]
        if self.context.roster is not None and adds:
            steps = cast(self.context, self.view, self.record, steps)
        return steps

    def holds(self, steps: list[RepairStep]) -> bool:
        """Whether ``steps`` make the record compliant, but for what people amend."""
        self.checked += 1
        repaired, origin = applied(self.context.process, self.record, steps)

        def bearable(finding: Finding) -> bool:
            if finding.severity is not Severity.ERROR:
                return True
            number = finding.event
            original = origin[number - 1] if number is not None else None
            if number is not None and original is None:
                return False
            return (finding.rule, original) in self.tolerated

        run = _Probe(self.context, repaired, bearable)
        try:
            walk(run)
        except _Rejected:
            return False
        return not self._breaks(repaired, run.trace)

    def _breaks(self, record: Record, trace: Trace) -> bool:
        """Whether the audit would find the line from commit to deployed artifact
        broken (a ``stale-approval`` the pass itself cannot see)."""
        options = self.context.options
        severity = resolve_severity("stale-approval", options.severity, strict=options.strict)
        if severity is not Severity.ERROR:
            return False
        reported = [number for number, _ in trace.restale]
        bound = self.context.graph.subject_bound
        return bool(lineage_breaks(record, trace.view, bound, trace.deployed, reported))

    def _covers(self, stage_id: str) -> tuple[str, ...]:
        process = self.context.process
        stage = process.stage(stage_id)
        return tuple(process.providers) if stage.coverage is not None else ()


_DEPLOYED = (StageKind.DEPLOYMENT, StageKind.VERIFICATION)


class _Rejected(Exception):
    """A candidate repair left an error that no amendment covers."""


class _Probe(RecordPass):
    """A pass that stops at the first finding ``bearable`` rejects: the candidate
    fails whatever the rest of the record holds."""

    def __init__(
        self, context: Context, record: Record, bearable: Callable[[Finding], bool]
    ) -> None:
        super().__init__(context, record)
        self._bearable = bearable

    def add(
        self,
        rule: str,
        message: str,
        hint: str,
        *,
        event: int | None = None,
        stage: str | None = None,
        actor: str | None = None,
    ) -> None:
        super().add(rule, message, hint, event=event, stage=stage, actor=actor)
        if not self._bearable(self.out[-1]):
            raise _Rejected


def _subjects(record: Record) -> list[str]:
    """Every subject the record names, the record's own first."""
    found: dict[str, None] = {}
    for name in (record.subject.commit, record.subject.artifact):
        if name:
            found[name] = None
    for ev in record.events:
        found[ev.subject] = None
        for product in ev.produces:
            if is_artifact(product):
                found[product] = None
    return list(found)
