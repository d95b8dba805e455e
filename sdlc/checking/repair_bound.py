"""What every repair of a record must contain: the lower bound of the repair search.

Two kinds of edit are forced, whatever else a repair does:

* an event that cannot count wherever it stands (a stage the process does not
  have, an actor not in the roster, an actor without a permitted role that day)
  must be removed: the finding stays as long as the event does;
* when the record must end deployed, each stage required before every
  deployment stage must have as many distinct qualified people (at the approver
  level, for a gate) as the risk asks, and tests covering enough production use:
  each person short is one added event, since an addition is one event by one
  person; the deployment itself, and each stage that must follow it, needs one
  completed event at least. Only work on the deployed subject's line counts, and
  a repair never links other subjects into it (see
  :mod:`sdlc.checking.repair_space`) unless the record names an artifact no
  build made: the bound takes the least over every subject it could deploy.

Counting every remaining event of a stage, whatever its subject or place, can
only overstate what the record already has, so the bound never exceeds the true
smallest repair: it is admissible, and the search may start there (see
docs/design.md, "The smallest repair").
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.record import Event, Record
from ..model.roster import utc_day
from ..rules.catalogue import Severity
from ..rules.findings import Finding, resolve_severity
from .builds import built, is_artifact
from .context import Context
from .lineage import Lineage
from .trace import Trace

INTRINSIC = {
    "unknown-stage": "not a stage of the process",
    "unknown-actor": "its actor is not in the roster",
    "actor-lacks-role": "its actor did not hold a permitted role",
}
"""Findings about an event alone, by the reason its removal gives."""

_UNKNOWN_RANK = 10**6


@dataclass(frozen=True, slots=True)
class Bound:
    """The forced part of every repair of one record."""

    removals: dict[int, str]
    """Events every repair removes (1-based), with the reason."""
    needs: dict[str, int]
    """Per stage, the events every repair adds at least."""
    lower: int
    """No repair has fewer added and removed events than this."""


def bound(context: Context, trace: Trace, findings: list[Finding]) -> Bound:
    """The forced removals, the forced additions per stage and the lower bound."""
    removals: dict[int, str] = {}
    for finding in findings:
        if (
            finding.severity is Severity.ERROR
            and finding.rule in INTRINSIC
            and finding.event is not None
        ):
            removals.setdefault(finding.event, INTRINSIC[finding.rule])
    view = trace.view
    events = trace.record.events
    kept = [e for n, e in enumerate(events, 1) if n not in removals]
    options = context.options
    if options.in_flight or _severity(context, "incomplete") is not Severity.ERROR:
        return Bound(removals, {}, len(removals))
    per_deploy = [_short(context, trace, d, kept) for d in view.deployments]
    if not per_deploy:
        return Bound(removals, {}, len(removals))
    common = set.intersection(*({s for s, n in d.items() if n} for d in per_deploy))
    needs = {s: min(d[s] for d in per_deploy) for s in sorted(common)}
    lower = min(sum(d.values()) for d in per_deploy)
    lines = _lines(context, trace.record)
    if lines:  # the deployed subject's line, whichever it is, must have it all
        on_line = [
            sum(_short(context, trace, d, kept, subject, line).values())
            for subject, line in lines
            for d in view.deployments
        ]
        lower = max(lower, min(on_line))
    return Bound(removals, needs, len(removals) + lower)


def _short(
    context: Context,
    trace: Trace,
    deploy: str,
    kept: list[Event],
    subject: str | None = None,
    line: frozenset[str] | None = None,
) -> dict[str, int]:
    """Per stage, the events a deployment of ``deploy`` lacks: counting every event,
    or (given the deployed ``subject`` and its ``line``) those on the line only."""
    view = trace.view
    bound_stages = context.graph.subject_bound
    counted = [e for e in kept if line is None or e.stage not in bound_stages or e.subject in line]
    required = [*view.required_before.get(deploy, frozenset()), deploy]
    short = {s: _shortfall(context, trace, s, counted) for s in required}
    deployed = any(
        e.stage == deploy and e.outcome.completes and subject in (None, e.subject) for e in kept
    )
    short[deploy] = max(short[deploy], 0 if deployed else 1)
    for after in view.order:  # what must follow the deployment: once, at least
        if deploy in view.required_before.get(after, frozenset()):
            short[after] = 0 if _any_done(counted, after) else 1
    return short


def _lines(context: Context, record: Record) -> list[tuple[str, frozenset[str]]]:
    """Each subject the repair may deploy, with every subject whose work could count
    for it: its class under every build link the record states. A repair adds no
    other link unless the record names an artifact no build made, so when it does,
    there is no such list (empty)."""
    process = context.process
    names = {n for n in (record.subject.commit, record.subject.artifact) if n}
    names |= {e.subject for e in record.events}
    names |= {p for e in record.events for p in e.produces if is_artifact(p)}
    lineage = Lineage()
    made: set[str] = set()
    for ev in record.events:
        for product in built(process, ev):
            lineage.link(ev.subject, product)
            made.add(product)
    if any(is_artifact(n) and n not in made for n in names):
        return []
    return [(n, frozenset(m for m in names if lineage.same(n, m))) for n in sorted(names)]


def _severity(context: Context, rule: str) -> Severity:
    options = context.options
    return resolve_severity(rule, options.severity, strict=options.strict)


def _any_done(events: list[Event], stage: str) -> bool:
    return any(e.stage == stage and e.outcome.completes for e in events)


def _shortfall(context: Context, trace: Trace, stage_id: str, events: list[Event]) -> int:
    """How many people ``stage_id`` lacks, counting every completed event of it."""
    if _severity(context, "missing-stage") is not Severity.ERROR:
        return 0
    view = trace.view
    process = context.process
    level = view.approver_level(stage_id)
    at_level = level is not None and _severity(context, "approval-level") is Severity.ERROR
    people: set[str] = set()
    covered: set[str] = set()
    for ev in events:
        if ev.stage != stage_id or not ev.outcome.completes:
            continue
        if at_level and level is not None and _rank(context, ev) < process.org_rank(level):
            continue
        people.add(ev.actor)
        covered.update(ev.covers)
    needed = view.actors(stage_id) if _severity(context, "too-few-actors") is Severity.ERROR else 1
    short = max(needed - len(people), 0)
    share = view.min_share(stage_id)
    profile = process.production_profile
    if (
        share is not None
        and profile is not None
        and _severity(context, "coverage-below-profile") is Severity.ERROR
        and sum(v for p, v in profile.shares.items() if p in covered) + 1e-9 < share
    ):
        short = max(short, 1)
    return short


def _rank(context: Context, ev: Event) -> int:
    """The highest level at which the actor of ``ev`` could perform its stage that day."""
    roster = context.roster
    process = context.process
    if roster is None:
        return _UNKNOWN_RANK  # without a roster every event counts: the bound stays low
    person = roster.by_id.get(ev.actor)
    if person is None:
        return 0
    performers = process.stage(ev.stage).performers
    held = person.roles_on(utc_day(ev.at))
    return max(
        (process.org_rank(process.roles[r].level) for r in held if r in performers), default=0
    )
