"""The per-event rules of one pass over a record, in the order the events happened.

For every event: is its time in order, is its stage known, did its actor hold a
permitted role (on the event's day in UTC), were the stages it depends on
complete for the same subject, and what does it complete or invalidate (see
docs/design.md, "What an edge means"). A completed deployment hands over to
:mod:`sdlc.checking.deployment`; what must follow the last deployment is checked
at the end, by :mod:`sdlc.checking.ending`.
"""

from __future__ import annotations

import datetime as dt

from ..errors import suggest
from ..model.record import Event
from ..model.roster import utc_day
from ..model.stage import StageKind
from ..rules.findings import Finding
from ..rules.wording import names
from .builds import link_products
from .context import CLOCK_SKEW
from .deployment import review_deployment
from .duties import check_duties
from .ending import review_ending
from .lineage import short
from .record_pass import RecordPass
from .titles import a_role, titles
from .trace import Completion
from .underdeclaration import check_touches


def walk(run: RecordPass) -> list[Finding]:
    _risk(run)
    check_touches(run)
    _attributes(run)
    _unverifiable(run)
    _in_force(run)
    events = run.record.events
    completions: dict[str, list[tuple[int, str]]] = {}
    for number, event in enumerate(events, start=1):
        if event.outcome.completes:
            completions.setdefault(event.stage, []).append((number, event.subject))
    run.completions = completions
    before: set[str] = set()
    previous: dt.datetime | None = None
    future = (run.context.options.now or dt.datetime.now(dt.UTC)) + CLOCK_SKEW
    for number, event in enumerate(events, start=1):
        previous = _time(run, number, event, previous, future)
        if not run.context.process.has_stage(event.stage):
            known = [s.id for s in run.context.process.stages]
            run.event_finding(
                "unknown-stage",
                number,
                suggest(
                    f"stage '{event.stage}' is not part of {run.context.process.ref}",
                    event.stage,
                    known,
                ),
                "record the stage under its id in the process, or remove the event",
            )
            continue
        _actor(run, number, event)
        _dependencies(run, number, event)
        _advance(run, number, event, before)
    review_ending(run)
    return run.out


def _risk(run: RecordPass) -> None:
    declared = run.record.declared_risk
    rank = run.context.graph.rank
    if declared is None:
        return
    if declared not in rank:
        levels = run.context.process.risk.levels
        run.add(
            "unknown-reference",
            suggest(
                f"declared risk '{declared}' is not a level of {run.context.process.ref} "
                f"(expected one of: {', '.join(levels)})",
                declared,
                levels,
            ),
            "declare one of the process's risk levels",
        )
    elif rank[declared] < rank[run.computed]:
        rules = ", ".join(run.fired)
        run.add(
            "risk-underdeclared",
            f"declared risk {declared}, but the risk rules make it {run.computed} "
            f"(rule {rules}); it is checked as {run.computed}",
            f"declare the risk as {run.computed} and do what that level requires",
        )


def _unverifiable(run: RecordPass) -> None:
    """Fail closed: without a roster, no rule about people can pass."""
    if run.context.roster is None and run.record.events:
        run.add(
            "unverifiable",
            "no roster was given, so who performed each event, the roles they held, "
            "segregation of duties, how many distinct people took part, approver levels and "
            "signatures cannot be checked; the record is not taken as compliant",
            "check with the process's roster (--roster FILE, or roster= in Python)",
        )


def _in_force(run: RecordPass) -> None:
    """A record follows the version in force when it started: no older, weaker one."""
    if not run.record.events:
        return
    started = run.record.events[0].at.astimezone(dt.UTC).date()
    process = run.context.process
    hint = "record the change under the process version in force when it started"
    if started < process.effective:
        run.add(
            "version-not-in-force",
            f"the change started on {started}, before {process.ref} took effect on "
            f"{process.effective}",
            hint,
        )
    superseded = run.context.superseded
    if superseded is not None and started >= superseded[1]:
        newer, since = superseded
        run.add(
            "version-not-in-force",
            f"the change started on {started}, when {newer} (in force since {since}) had "
            f"replaced {process.ref}; 'sdlc diff' shows what the newer version demands",
            hint,
        )


def _attributes(run: RecordPass) -> None:
    nouns = {
        "components": "component",
        "data_classes": "data class",
        "providers": "eID provider",
        "flags": "flag",
    }
    for kind, known in run.context.vocabulary.items():
        for name in getattr(run.record.attributes, kind):
            if name not in known:
                run.add(
                    "unknown-reference",
                    suggest(
                        f"{nouns[kind]} '{name}' is not defined by {run.context.process.ref}, "
                        f"so no risk rule can see it",
                        name,
                        known,
                    ),
                    f"use a {nouns[kind]} the process defines, or add it to the process",
                )


def _time(
    run: RecordPass, number: int, event: Event, previous: dt.datetime | None, future: dt.datetime
) -> dt.datetime:
    """Report an event dated before the one ahead of it, or after ``future`` (now, and
    the clock skew allowed); the latest time so far."""
    if previous is not None and event.at < previous:
        run.event_finding(
            "time-order",
            number,
            f"happened at {event.at.isoformat()}, before the event recorded ahead of it "
            f"({previous.isoformat()})",
            "record events in the order they happened, with correct clocks",
        )
    if event.at > future:
        run.event_finding(
            "time-order",
            number,
            f"is dated {event.at.isoformat()}, in the future",
            "correct the timestamp; events are recorded after they happen",
        )
    return event.at if previous is None or event.at > previous else previous


def _actor(run: RecordPass, number: int, event: Event) -> None:
    roster = run.context.roster
    if roster is None:
        return
    person = roster.by_id.get(event.actor)
    if person is None:
        run.trace.disqualified.add(number)
        run.event_finding(
            "unknown-actor",
            number,
            suggest(f"'{event.actor}' is not in the roster", event.actor, roster.by_id),
            "add the person to the roster, or correct the actor id",
        )
        return
    process = run.context.process
    stage = process.stage(event.stage)
    day = utc_day(event.at)  # roster days are UTC days, whatever offset the event chose
    held = person.roles_on(day)
    if held.isdisjoint(stage.performers):
        run.trace.disqualified.add(number)
        when = f"{day}" if day == event.at.date() else f"{day} UTC ({event.at.isoformat()})"
        run.event_finding(
            "actor-lacks-role",
            number,
            f"{event.actor} held {_held(run, held)} on {when}, but '{stage.id}' may be "
            f"performed only by {a_role(process, stage.performers)}",
            f"have {a_role(process, stage.performers)} perform it, or correct the roster",
        )


def _held(run: RecordPass, held: frozenset[str] | set[str]) -> str:
    if not held:
        return "no role"
    word = "the role" if len(held) == 1 else "the roles"
    return f"{word} {titles(run.context.process, held, 'and')}"


def _dependencies(run: RecordPass, number: int, event: Event) -> None:
    trace = run.trace
    view = trace.view
    if not view.applies(event.stage):
        return
    deploying = view.process.stage(event.stage).kind is StageKind.DEPLOYMENT
    for group in view.requires[event.stage]:
        if any(run.current(stage, event.subject) for stage in group):
            continue
        if deploying:
            continue  # stale-approval or missing-stage say more at the deployment
        if not any(_done_for(run, s, number, event.subject) for s in group):
            continue  # never done for this subject: moot, or missing-stage at deployment
        wanted = names(group, "or")
        trace.late_deps.append((number, group[0]))
        run.event_finding(
            "out-of-order",
            number,
            f"came before {wanted} was complete for subject {short(event.subject)}",
            f"complete {wanted} for this subject first, then repeat '{event.stage}'",
        )


def _done_for(run: RecordPass, stage: str, number: int, subject: str) -> bool:
    """Whether ``stage`` was completed for ``subject`` later in the record, or before
    but invalidated since: either way, this event came too early."""
    if stage in run.trace.stale and run.same(stage, run.trace.stale[stage].subject, subject):
        return True
    return any(
        n > number and run.same(stage, s, subject) for n, s in run.completions.get(stage, ())
    )


def _advance(run: RecordPass, number: int, event: Event, before: set[str]) -> None:
    trace = run.trace
    view = trace.view
    stage = run.context.process.stage(event.stage)
    link_products(run, number, event)  # lineage grows only as builds happen
    if trace.done and not _repeat(run, event):  # new work invalidates what is downstream
        for s in view.downstream.get(event.stage, frozenset()) & trace.done.keys():
            trace.stale[s] = trace.done.pop(s)
    if not event.outcome.completes:
        if event.stage in trace.done:
            trace.stale[event.stage] = trace.done.pop(event.stage)
        return
    _evidence(run, number, event)
    check_duties(run, number, event)
    before.add(event.stage)
    current = trace.done.get(event.stage)
    if current is not None and run.current(event.stage, event.subject):
        current.events.append(number)
    else:
        trace.done[event.stage] = Completion(event.subject, [number])
    if stage.kind is StageKind.DEPLOYMENT and view.applies(stage.id):
        review_deployment(run, number, event, before)


def _repeat(run: RecordPass, event: Event) -> bool:
    """Whether ``event`` repeats its stage's current completion: it completes, for the
    very subject the stage is complete for, and (a build) makes nothing new. A
    re-delivered webhook, a second reviewer of the same commit or a re-run that
    changes nothing leaves downstream work standing (see docs/design.md, "What an
    edge means")."""
    current = run.trace.done.get(event.stage)
    if current is None or not event.outcome.completes or current.subject != event.subject:
        return False
    events = run.record.events
    made = {p for n in current.events for p in events[n - 1].produces}
    return made.issuperset(event.produces)


def _evidence(run: RecordPass, number: int, event: Event) -> None:
    needed = run.context.process.stage(event.stage).evidence
    if not needed:
        return
    given = {e.kind for e in event.evidence}
    lacking = [kind for kind in needed if kind not in given]
    if lacking:
        run.event_finding(
            "missing-evidence",
            number,
            f"lacks evidence of kind {names(lacking, 'and')}",
            f"reference the {names(lacking, 'and')} in the event's evidence list "
            f"(kind, uri and sha256)",
        )
