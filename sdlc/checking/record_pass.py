"""One pass over one record: what it has learned so far, and where findings go.

A :class:`RecordPass` holds the record's risk, its view of the process, the
:class:`~sdlc.checking.trace.Trace` that the walk fills in, and the findings. The
rules themselves live in :mod:`sdlc.checking.event_rules` (per event) and
:mod:`sdlc.checking.deployment` (at each deployment); both write through
:meth:`RecordPass.add`.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model.record import Record
from ..rules.catalogue import Severity
from ..rules.findings import Finding, about, resolve_severity
from .context import Context
from .lineage import Lineage
from .touches import touched
from .trace import Trace


class RecordPass:
    """The state of checking one record against one context."""

    def __init__(self, context: Context, record: Record) -> None:
        self.context = context
        self.record = record
        self.out: list[Finding] = []
        graph = context.graph
        self.touched = touched(context.process, record)
        atoms = record.attributes.atoms() | frozenset(self.touched)
        self.computed, self.fired = graph.classify(atoms)
        declared = record.declared_risk
        rank = graph.rank
        if declared is not None and declared in rank:
            self.risk = max(declared, self.computed, key=rank.__getitem__)
        else:
            self.risk = self.computed
        view = graph.view(graph.scenario_for(self.risk, atoms))
        self.trace = Trace(record, view, Lineage())
        self.completions: dict[str, list[tuple[int, str]]] = {}
        """Per stage, every event that completed it: (event number, subject)."""
        self._actors: dict[str, set[str]] | None = None

    def actors_of(self, stages: Iterable[str]) -> set[str]:
        """Everyone who recorded an event of any of ``stages`` in the record (whatever
        its outcome): who did what is indexed once per record, when first asked."""
        index = self._actors
        if index is None:
            index = self._actors = {}
            for event in self.record.events:
                index.setdefault(event.stage, set()).add(event.actor)
        out: set[str] = set()
        for stage in stages:
            out |= index.get(stage, set())
        return out

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
        """Report a finding about the record (at ``event``, if given)."""
        options = self.context.options
        severity = resolve_severity(rule, options.severity, strict=options.strict)
        if rule == "incomplete" and options.in_flight:
            severity = Severity.INFO
        self.out.append(
            about(self.record, rule, severity, message, hint, event=event, stage=stage, actor=actor)
        )

    def event_finding(self, rule: str, number: int, message: str, hint: str) -> None:
        """Report a finding about event ``number``, naming its stage and actor."""
        ev = self.record.events[number - 1]
        self.add(rule, message, hint, event=number, stage=ev.stage, actor=ev.actor)

    def same(self, stage: str, a: str, b: str) -> bool:
        """Whether subjects ``a`` and ``b`` count as the same for ``stage``."""
        return stage not in self.context.graph.subject_bound or self.trace.lineage.same(a, b)

    def current(self, stage: str, subject: str) -> bool:
        """Whether ``stage`` is complete for ``subject`` (or at all, for stages such as
        threat modelling that come before there is code)."""
        done = self.trace.done.get(stage)
        return done is not None and self.same(stage, done.subject, subject)
