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
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import suggest
from .findings import Finding, Report, resolve_severity
from .graph import ProcessGraph, View
from .integrity import audit
from .lineage import Lineage, short
from .model import Process, StageKind
from .record import Event, Record
from .roster import Roster
from .rules import Severity

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


@dataclass(slots=True)
class Completion:
    """A stage's current completion: the subject and the events that completed it."""

    subject: str
    events: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Trace:
    """What the checker learned about one record; the repair is computed from it."""

    record: Record
    view: View
    lineage: Lineage
    done: dict[str, Completion] = field(default_factory=dict)
    stale: dict[str, Completion] = field(default_factory=dict)
    deployed: list[int] = field(default_factory=list)
    """Event numbers of completed deployments."""
    disqualified: set[int] = field(default_factory=set)
    """Events that cannot count: unknown actor, wrong role, or segregation of duties."""
    shortfalls: dict[str, tuple[int, int, str | None]] = field(default_factory=dict)
    """Per stage: (distinct qualified people, people needed, org level needed)."""
    uncovered: dict[str, tuple[str, ...]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    late_deps: list[tuple[int, str]] = field(default_factory=list)
    """(event, stage it came before) for out-of-order events."""
    at_deploy: dict[str, Completion] = field(default_factory=dict)
    """Each stage's completion as it stood at the last deployment."""
    restale: list[tuple[int, list[str]]] = field(default_factory=list)
    """(deployment event, stages to redo for the deployed subject)."""


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

    def _add(
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
        where = f"record {self.record.id}"
        if event is not None:
            ev = self.record.events[event - 1]
            where += f", event #{event} '{ev.stage}' by {ev.actor}"
        elif stage is not None:
            where += f", stage '{stage}'"
        self.out.append(
            Finding(
                rule,
                severity,
                f"{where}: {message}",
                hint,
                record=self.record.id,
                event=event,
                stage=stage,
                actor=actor,
            )
        )

    def _event(self, rule: str, number: int, message: str, hint: str) -> None:
        ev = self.record.events[number - 1]
        self._add(rule, message, hint, event=number, stage=ev.stage, actor=ev.actor)

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
                self._event(
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
            self._add(
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
            self._add(
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
                    self._add(
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
            self._event(
                "time-order",
                number,
                f"happened at {event.at.isoformat()}, before the event recorded ahead of it "
                f"({previous.isoformat()})",
                "record events in the order they happened, with correct clocks",
            )
        if event.at > now + CLOCK_SKEW:
            self._event(
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
            self._event(
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
            self._event(
                "actor-lacks-role",
                number,
                f"{event.actor} held {_names(held) or 'no role'} on {event.at.date()}, but "
                f"'{stage.id}' may be performed only by {_names(stage.performers, 'or')}",
                f"have a {_names(stage.performers, 'or')} perform it, or correct the roster",
            )

    def _dependencies(self, number: int, event: Event) -> None:
        trace = self.trace
        view = trace.view
        if not view.applies(event.stage):
            return
        deploying = view.process.stage(event.stage).kind is StageKind.DEPLOYMENT
        for group in view.requires[event.stage]:
            if any(self._current(stage, event.subject) for stage in group):
                continue
            if deploying:
                continue  # stale-approval or missing-stage say more at the deployment
            if not any(self._done_for(s, number, event.subject) for s in group):
                continue  # never done for this subject: moot, or missing-stage at deployment
            names = _names(group, "or")
            trace.late_deps.append((number, group[0]))
            self._event(
                "out-of-order",
                number,
                f"came before {names} was complete for subject {short(event.subject)}",
                f"complete {names} for this subject first, then repeat '{event.stage}'",
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

    def _current(self, stage: str, subject: str) -> bool:
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
        if current is not None and self._current(event.stage, event.subject):
            current.events.append(number)
        else:
            trace.done[event.stage] = Completion(event.subject, [number])
        if stage.kind is StageKind.DEPLOYMENT and view.applies(stage.id):
            self._deployment(number, event, before)

    def _evidence(self, number: int, event: Event) -> None:
        needed = self.c.process.stage(event.stage).evidence
        given = {e.kind for e in event.evidence}
        lacking = [kind for kind in needed if kind not in given]
        if lacking:
            self._event(
                "missing-evidence",
                number,
                f"lacks evidence of kind {_names(lacking, 'and')}",
                f"reference the {_names(lacking, 'and')} in the event's evidence list "
                f"(kind, uri and sha256)",
            )

    # -- at deployment ------------------------------------------------------------------

    def _deployment(self, number: int, event: Event, before: set[str]) -> None:
        trace = self.trace
        view = trace.view
        trace.deployed.append(number)
        trace.at_deploy = {s: Completion(c.subject, list(c.events)) for s, c in trace.done.items()}
        required = view.required_before[event.stage]
        redo: list[str] = []
        for stage in view.order:
            if stage not in required:
                continue
            if stage not in before:
                if stage not in trace.missing:
                    trace.missing.append(stage)
                    later = any(n > number for n, _ in self.completions.get(stage, ()))
                    self._add(
                        "missing-stage",
                        f"required stage '{stage}' "
                        + ("happened only after" if later else "never happened before")
                        + f" this deployment (risk {self.risk})",
                        f"perform '{stage}' for the deployed subject before deploying",
                        event=number,
                        stage=stage,
                    )
                continue
            if not self._current(stage, event.subject):
                redo.append(stage)
                stale = trace.stale.get(stage)
                if stale is not None:  # the deployment relied on it all the same
                    self._quality(stage, stale)
                continue
            self._quality(stage, trace.done[stage])
        if redo:
            trace.restale.append((number, redo))
            self._redo(number, event, redo)

    def _redo(self, number: int, event: Event, redo: list[str]) -> None:
        """Required stages that are not complete for what is being deployed."""
        trace = self.trace
        last = {s: trace.stale.get(s) or trace.done.get(s) for s in redo}
        moved = [
            s
            for s, old in last.items()
            if old is not None and not trace.lineage.same(old.subject, event.subject)
        ]
        if moved:
            gates = [s for s in moved if trace.view.process.stage(s).is_gate]
            first = gates[0] if gates else moved[0]
            approved = short(last[first].subject)  # type: ignore[union-attr]
            self._event(
                "stale-approval",
                number,
                f"deployed {short(event.subject)}, but '{first}' was completed for "
                f"{approved}: the subject changed after it, so {_names(redo, 'and')} no "
                f"longer count for what was deployed",
                f"redo {_names(redo, 'and')} for {short(event.subject)} before deploying",
            )
            return
        self._event(
            "out-of-order",
            number,
            f"came after {_names(redo, 'and')} had been invalidated by later events "
            f"upstream of them, and before they were completed again",
            f"complete {_names(redo, 'and')} again after the last upstream event, then deploy",
        )

    def _quality(self, stage_id: str, completion: Completion) -> None:
        """Who completed a stage, how many, at what level, covering what."""
        trace = self.trace
        view = trace.view
        stage = view.process.stage(stage_id)
        roster = self.c.roster
        authors = self._authors(stage.differ_from)
        qualified: dict[str, int] = {}
        for number in completion.events:
            ev = self.record.events[number - 1]
            if number in trace.disqualified:
                continue
            if ev.actor in authors:
                trace.disqualified.add(number)
                self._event(
                    "segregation-of-duties",
                    number,
                    f"{ev.actor} also performed {_names(stage.differ_from, 'or')} for this "
                    f"change, and may not perform '{stage_id}' on it",
                    f"have someone who did not work on {_names(stage.differ_from, 'or')} "
                    f"perform '{stage_id}'",
                )
                continue
            qualified.setdefault(ev.actor, number)
        needed = view.actors(stage_id)
        level = view.approver_level(stage_id)
        if level is not None and roster is not None:
            want = view.process.org_rank(level)
            high = {a for a, n in qualified.items() if self._level(a, stage_id, n) >= want}
            for actor, number in qualified.items():
                if actor not in high and len(high) < needed:
                    held = self._level_name(actor, stage_id, number)
                    self._event(
                        "approval-level",
                        number,
                        f"approved at level {held}, but risk {self.risk} requires "
                        f"{level} or higher",
                        f"have an approver at level {level} or higher approve this subject",
                    )
            if len(high) < needed:
                trace.shortfalls[stage_id] = (len(high), needed, level)
        if len(qualified) < needed:
            trace.shortfalls.setdefault(stage_id, (len(qualified), needed, level))
            who = f"only {_names(sorted(qualified))} qualified" if qualified else "nobody qualified"
            self._add(
                "too-few-actors",
                f"'{stage_id}' needs {_people(needed)} at risk {self.risk}, but {who} for "
                f"subject {short(completion.subject)}",
                f"have {needed - len(qualified)} more {_names(self._eligible(stage_id), 'or')} "
                f"perform '{stage_id}'",
                event=completion.events[-1],
                stage=stage_id,
            )
        self._coverage(stage_id, completion)

    def _eligible(self, stage_id: str) -> list[str]:
        """Roles that may perform the stage at this risk (approvers at the right level)."""
        process = self.c.process
        stage = process.stage(stage_id)
        level = self.trace.view.approver_level(stage_id)
        if level is None:
            return list(stage.performers)
        want = process.org_rank(level)
        return [r for r in stage.performers if process.org_rank(process.roles[r].level) >= want]

    def _coverage(self, stage_id: str, completion: Completion) -> None:
        view = self.trace.view
        share_needed = view.min_share(stage_id)
        profile = view.process.production_profile
        if share_needed is None or profile is None:
            return
        covered = {p for n in completion.events for p in self.record.events[n - 1].covers}
        share = sum(v for p, v in profile.shares.items() if p in covered)
        if share + 1e-9 < share_needed:
            lacking = sorted(
                (p for p in profile.shares if p not in covered),
                key=lambda p: -profile.shares[p],
            )
            self.trace.uncovered[stage_id] = tuple(lacking)
            shown = ", ".join(f"{p} ({profile.shares[p]:.0%})" for p in lacking)
            self._add(
                "coverage-below-profile",
                f"tests covered {share:.0%} of production use, but risk {self.risk} requires "
                f"{share_needed:.0%}; not tested: {shown}",
                f"run '{stage_id}' against {lacking[0]} as well",
                event=completion.events[-1],
                stage=stage_id,
            )

    def _authors(self, stages: Iterable[str]) -> set[str]:
        wanted = set(stages)
        authors = {e.actor for e in self.record.events if e.stage in wanted}
        if self.record.author is not None and any(
            self.c.process.has_stage(s) and self.c.process.stage(s).kind is StageKind.IMPLEMENTATION
            for s in wanted
        ):
            authors.add(self.record.author)
        return authors

    def _level(self, actor: str, stage_id: str, number: int) -> int:
        roles = self._roles(actor, stage_id, number)
        return max(
            (self.c.process.org_rank(self.c.process.roles[r].level) for r in roles), default=0
        )

    def _level_name(self, actor: str, stage_id: str, number: int) -> str:
        rank = self._level(actor, stage_id, number)
        return self.c.process.org_levels[rank - 1] if rank else "none"

    def _roles(self, actor: str, stage_id: str, number: int) -> set[str]:
        roster = self.c.roster
        if roster is None or actor not in roster.by_id:
            return set()
        day = self.record.events[number - 1].at.date()
        return set(roster.by_id[actor].roles_on(day)) & set(
            self.c.process.stage(stage_id).performers
        )

    # -- the end ----------------------------------------------------------------------------

    def _ending(self, before: set[str]) -> None:
        trace = self.trace
        view = trace.view
        if not trace.deployed:
            deploy = view.deployments[0] if view.deployments else None
            self._add(
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
                self._add(
                    "incomplete",
                    f"'{stage}' has not happened after deployment #{last}",
                    f"perform '{stage}' and record it",
                    stage=stage,
                )


def _names(names: Iterable[str], joiner: str = "and") -> str:
    items = (
        [f"'{n}'" for n in sorted(names)]
        if not isinstance(names, list)
        else [f"'{n}'" for n in names]
    )
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {joiner} {items[-1]}"


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} different people"


def check_records(checker: Checker, loaded: Iterable[object]) -> Iterator[Report]:
    """Check loaded records (see :func:`sdlc.load.load_records`) one at a time."""
    from .load import LoadedRecord

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
    :mod:`sdlc.batch` and docs/scaling.md)."""
    from .batch import check_batch

    yield from check_batch(process, paths, roster, options, executor=executor, workers=workers)
