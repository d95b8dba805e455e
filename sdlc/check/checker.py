"""Conformance checking: does a change record follow its process?

The checker walks a record's events once, in order, keeping for every stage the
completion that is current (which subject it was for, and who contributed). It
applies DESIGN §3's one rule for dependencies: an event may happen only when the
stages it depends on (those that apply at the change's risk) are complete for the
same subject, and a new completion of an upstream stage for a new subject, or a
rejection or failure, invalidates everything downstream done before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import suggest
from ..graph.process_graph import ProcessGraph
from ..integrity.verify import audit
from ..model.process import Process, StageKind
from ..model.record import Event, Record
from ..model.roster import Roster
from ..rules.catalogue import Severity
from ..rules.findings import Finding, Report, about, resolve_severity
from ..rules.wording import names
from .deployment import review_deployment
from .lineage import Lineage, short
from .trace import Completion, Trace

if TYPE_CHECKING:
    from concurrent.futures import Executor

CLOCK_SKEW = dt.timedelta(minutes=5)
"""How far in the future a timestamp may lie before time-order reports it."""


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """How strictly to check.

    ``severity`` overrides rules' default severities; ``strict`` turns warnings into
    errors; ``in_flight`` reports a record without a deployment as information, not
    as a failure; ``now`` is the time future timestamps are measured against.
    """

    severity: Mapping[str, Severity] | None = None
    strict: bool = False
    in_flight: bool = False
    now: dt.datetime | None = None


class Checker:
    """Checks records against one process (and roster); reusable across records."""

    def __init__(
        self, process: Process, roster: Roster | None = None, options: CheckOptions | None = None
    ) -> None:
        self.process = process
        self.roster = roster
        self.options = options or CheckOptions()
        self.graph = ProcessGraph(process)
        self._vocabulary = {
            "components": frozenset(process.components),
            "data_classes": frozenset(process.data_classes),
            "providers": frozenset(process.providers),
            "flags": frozenset(process.flags),
        }

    def check(
        self,
        record: Record,
        *,
        path: str | None = None,
        event_lines: tuple[int, ...] = (),
        line: int | None = None,
    ) -> Report:
        """Check one record; never raises for anything the record contains."""
        report = Report(record.id, path=path, event_lines=event_lines, line=line)
        if record.process != self.process.ref:
            report.error = (
                f"record {record.id} follows {record.process}, but the process given is "
                f"{self.process.ref}"
            )
            return report
        run = _Run(self, record)
        report.risk = run.risk
        findings = run.findings() + audit(self, run.trace, path)  # integrity: DESIGN §5
        report.findings = [f for f in findings if f.severity is not Severity.OFF]
        if not report.compliant:
            from .repair import propose

            report.repair = propose(self, run.trace, report.findings)
        return report


def check(
    process: Process,
    record: Record,
    roster: Roster | None = None,
    options: CheckOptions | None = None,
) -> Report:
    """Check one record against ``process`` (and ``roster``, for people and roles)."""
    return Checker(process, roster, options).check(record)


class _Run:
    """One pass over one record."""

    def __init__(self, checker: Checker, record: Record) -> None:
        self.c = checker
        self.record = record
        self.out: list[Finding] = []
        graph = checker.graph
        atoms = record.attributes.atoms()
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

    # -- reporting helpers ----------------------------------------------------------

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
        severity = resolve_severity(rule, self.c.options.severity, strict=self.c.options.strict)
        if rule == "incomplete" and self.c.options.in_flight:
            severity = Severity.INFO
        self.out.append(
            about(self.record, rule, severity, message, hint, event=event, stage=stage, actor=actor)
        )

    def event_finding(self, rule: str, number: int, message: str, hint: str) -> None:
        ev = self.record.events[number - 1]
        self.add(rule, message, hint, event=number, stage=ev.stage, actor=ev.actor)

    # -- the pass ---------------------------------------------------------------------

    def findings(self) -> list[Finding]:
        self._risk()
        self._attributes()
        events = self.record.events
        completions: dict[str, list[tuple[int, str]]] = {}
        for number, event in enumerate(events, start=1):
            for artifact in event.produces:  # lineage is a property of the whole record
                self.trace.lineage.link(event.subject, artifact)
            if event.outcome.completes:
                completions.setdefault(event.stage, []).append((number, event.subject))
        self.completions = completions
        before: set[str] = set()
        previous: dt.datetime | None = None
        now = self.c.options.now or dt.datetime.now(dt.UTC)
        for number, event in enumerate(events, start=1):
            previous = self._time(number, event, previous, now)
            if not self.c.process.has_stage(event.stage):
                known = [s.id for s in self.c.process.stages]
                self.event_finding(
                    "unknown-stage",
                    number,
                    suggest(
                        f"stage '{event.stage}' is not part of {self.c.process.ref}",
                        event.stage,
                        known,
                    ),
                    "record the stage under its id in the process, or remove the event",
                )
                continue
            self._actor(number, event)
            self._dependencies(number, event)
            self._advance(number, event, before)
        self._ending(before)
        return self.out

    def _risk(self) -> None:
        declared = self.record.declared_risk
        rank = self.c.graph.rank
        if declared is None:
            return
        if declared not in rank:
            levels = self.c.process.risk.levels
            self.add(
                "unknown-reference",
                suggest(
                    f"declared risk '{declared}' is not a level of {self.c.process.ref} "
                    f"(expected one of: {', '.join(levels)})",
                    declared,
                    levels,
                ),
                "declare one of the process's risk levels",
            )
        elif rank[declared] < rank[self.computed]:
            rules = ", ".join(self.fired)
            self.add(
                "risk-underdeclared",
                f"declared risk {declared}, but the risk rules make it {self.computed} "
                f"(rule {rules}); it is checked as {self.computed}",
                f"declare the risk as {self.computed} and do what that level requires",
            )

    def _attributes(self) -> None:
        nouns = {
            "components": "component",
            "data_classes": "data class",
            "providers": "eID provider",
            "flags": "flag",
        }
        for kind, known in self.c._vocabulary.items():
            for name in getattr(self.record.attributes, kind):
                if name not in known:
                    self.add(
                        "unknown-reference",
                        suggest(
                            f"{nouns[kind]} '{name}' is not defined by {self.c.process.ref}, "
                            f"so no risk rule can see it",
                            name,
                            known,
                        ),
                        f"use a {nouns[kind]} the process defines, or add it to the process",
                    )

    def _time(
        self, number: int, event: Event, previous: dt.datetime | None, now: dt.datetime
    ) -> dt.datetime:
        if previous is not None and event.at < previous:
            self.event_finding(
                "time-order",
                number,
                f"happened at {event.at.isoformat()}, before the event recorded ahead of it "
                f"({previous.isoformat()})",
                "record events in the order they happened, with correct clocks",
            )
        if event.at > now + CLOCK_SKEW:
            self.event_finding(
                "time-order",
                number,
                f"is dated {event.at.isoformat()}, in the future",
                "correct the timestamp; events are recorded after they happen",
            )
        return event.at if previous is None else max(previous, event.at)

    def _actor(self, number: int, event: Event) -> None:
        roster = self.c.roster
        if roster is None:
            return
        person = roster.by_id.get(event.actor)
        if person is None:
            self.trace.disqualified.add(number)
            self.event_finding(
                "unknown-actor",
                number,
                suggest(f"'{event.actor}' is not in the roster", event.actor, roster.by_id),
                "add the person to the roster, or correct the actor id",
            )
            return
        stage = self.c.process.stage(event.stage)
        held = person.roles_on(event.at.date())
        if not held & set(stage.performers):
            self.trace.disqualified.add(number)
            self.event_finding(
                "actor-lacks-role",
                number,
                f"{event.actor} held {names(held) or 'no role'} on {event.at.date()}, but "
                f"'{stage.id}' may be performed only by {names(stage.performers, 'or')}",
                f"have a {names(stage.performers, 'or')} perform it, or correct the roster",
            )

    def _dependencies(self, number: int, event: Event) -> None:
        trace = self.trace
        view = trace.view
        if not view.applies(event.stage):
            return
        deploying = view.process.stage(event.stage).kind is StageKind.DEPLOYMENT
        for group in view.requires[event.stage]:
            if any(self.current(stage, event.subject) for stage in group):
                continue
            if deploying:
                continue  # stale-approval or missing-stage say more at the deployment
            if not any(self._done_for(s, number, event.subject) for s in group):
                continue  # never done for this subject: moot, or missing-stage at deployment
            wanted = names(group, "or")
            trace.late_deps.append((number, group[0]))
            self.event_finding(
                "out-of-order",
                number,
                f"came before {wanted} was complete for subject {short(event.subject)}",
                f"complete {wanted} for this subject first, then repeat '{event.stage}'",
            )

    def _done_for(self, stage: str, number: int, subject: str) -> bool:
        """Whether ``stage`` was completed for ``subject`` later in the record, or before
        but invalidated since: either way, this event came too early."""
        if stage in self.trace.stale and self._same(
            stage, self.trace.stale[stage].subject, subject
        ):
            return True
        return any(
            n > number and self._same(stage, s, subject) for n, s in self.completions.get(stage, ())
        )

    def _same(self, stage: str, a: str, b: str) -> bool:
        return stage not in self.c.graph.subject_bound or self.trace.lineage.same(a, b)

    def current(self, stage: str, subject: str) -> bool:
        """Whether ``stage`` is complete for ``subject`` (or at all, for stages such as
        threat modelling that come before there is code)."""
        done = self.trace.done.get(stage)
        if done is None:
            return False
        return stage not in self.c.graph.subject_bound or self.trace.lineage.same(
            done.subject, subject
        )

    def _advance(self, number: int, event: Event, before: set[str]) -> None:
        trace = self.trace
        view = trace.view
        stage = self.c.process.stage(event.stage)
        # any new event of a stage invalidates what was done downstream of it before
        for s in view.downstream.get(event.stage, ()):
            if s in trace.done:
                trace.stale[s] = trace.done.pop(s)
        if not event.outcome.completes:
            if event.stage in trace.done:
                trace.stale[event.stage] = trace.done.pop(event.stage)
            return
        self._evidence(number, event)
        before.add(event.stage)
        current = trace.done.get(event.stage)
        if current is not None and self.current(event.stage, event.subject):
            current.events.append(number)
        else:
            trace.done[event.stage] = Completion(event.subject, [number])
        if stage.kind is StageKind.DEPLOYMENT and view.applies(stage.id):
            review_deployment(self, number, event, before)

    def _evidence(self, number: int, event: Event) -> None:
        needed = self.c.process.stage(event.stage).evidence
        given = {e.kind for e in event.evidence}
        lacking = [kind for kind in needed if kind not in given]
        if lacking:
            self.event_finding(
                "missing-evidence",
                number,
                f"lacks evidence of kind {names(lacking, 'and')}",
                f"reference the {names(lacking, 'and')} in the event's evidence list "
                f"(kind, uri and sha256)",
            )

    # -- the end ----------------------------------------------------------------------------

    def _ending(self, before: set[str]) -> None:
        trace = self.trace
        view = trace.view
        if not trace.deployed:
            deploy = view.deployments[0] if view.deployments else None
            self.add(
                "incomplete",
                "the change has not been deployed yet"
                + (f" (no '{deploy}' event)" if deploy else ""),
                "if the change is still under way, check it with --in-flight; otherwise "
                "record its deployment",
                stage=deploy,
            )
            return
        last = trace.deployed[-1]
        deploy_stage = self.record.events[last - 1].stage
        for stage in view.order:
            if deploy_stage in view.required_before.get(stage, frozenset()) and not any(
                e.stage == stage and e.outcome.completes for e in self.record.events[last:]
            ):
                self.add(
                    "incomplete",
                    f"'{stage}' has not happened after deployment #{last}",
                    f"perform '{stage}' and record it",
                    stage=stage,
                )


def check_records(checker: Checker, loaded: Iterable[object]) -> Iterator[Report]:
    """Check loaded records (see :func:`sdlc.load.load_records`) one at a time."""
    from ..load.loaders import LoadedRecord

    for item in loaded:
        assert isinstance(item, LoadedRecord)
        if item.record is None:
            assert item.error is not None
            yield Report(
                item.label, path=item.path, error=item.error.user_message(), line=item.line
            )
            continue
        yield checker.check(
            item.record, path=item.path, event_lines=item.event_lines, line=item.line
        )


def check_many(
    process: Process,
    paths: Iterable[str | Path],
    roster: Roster | None = None,
    options: CheckOptions | None = None,
    *,
    executor: Executor | None = None,
    workers: int | None = None,
) -> Iterator[Report]:
    """Check every record in files and directories, streaming: JSON Lines archives are
    read a line at a time and never held whole. Unreadable records yield reports
    whose ``error`` says why.

    Reports come in input order however the work is spread: over a local process pool
    for a large batch (``workers``: ``1`` for none, ``None`` to decide by size), or
    over any :class:`concurrent.futures.Executor`, such as a Dask cluster's (see
    :mod:`sdlc.check.batch` and docs/scaling.md)."""
    from .batch import check_batch

    yield from check_batch(process, paths, roster, options, executor=executor, workers=workers)
