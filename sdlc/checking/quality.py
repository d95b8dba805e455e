"""Who completed a stage: how many distinct qualified people, apart from whom, at what
level, covering how much production use.

:func:`judge` is asked at each deployment, of every stage it relies on
(:mod:`sdlc.checking.deployment`), and, in a record not yet deployed, of every
stage done so far (:mod:`sdlc.checking.ending`): what can be judged about the
work already done is reported in every mode, ``--in-flight`` included (see
docs/design.md, "When each rule fires").
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model.stage import StageKind
from ..rules.wording import names, people
from .duties import performed
from .lineage import short
from .provenance import Line
from .record_pass import RecordPass
from .titles import titles
from .trace import Completion


def judge(run: RecordPass, stage_id: str, completion: Completion, line: Line | None) -> None:
    """Who completed a stage, how many, at what level, covering what; with the
    deployed subject's ``line``, counting only the events on it."""
    trace = run.trace
    view = trace.view
    stage = view.process.stage(stage_id)
    roster = run.context.roster
    authors = _authors(run, stage.differ_from)
    events = run.record.events
    elsewhere: list[int] = []
    if line is not None and stage_id in run.context.graph.subject_bound:
        elsewhere = [n for n in completion.events if not line.holds(events[n - 1].subject)]
        if len(elsewhere) == len(completion.events):
            elsewhere = []  # all for a sibling: provenance reports it as stale-approval
    qualified: dict[str, int] = {}
    for number in completion.events:
        ev = events[number - 1]
        if number in trace.disqualified:
            continue
        if ev.actor in authors:
            trace.disqualified.add(number)
            run.event_finding(
                "segregation-of-duties",
                number,
                f"{ev.actor} also {performed(run, ev.actor, stage.differ_from)} on this "
                f"change, and may not perform '{stage_id}' on it",
                f"have someone who did not work on {names(stage.differ_from, 'or')} "
                f"perform '{stage_id}'",
            )
            continue
        if number not in elsewhere:
            qualified.setdefault(ev.actor, number)
    needed = view.actors(stage_id)
    level = view.approver_level(stage_id)
    if level is not None and roster is not None:
        want = view.process.org_rank(level)
        high = {a for a, n in qualified.items() if _level(run, a, stage_id, n) >= want}
        for actor, number in qualified.items():
            if actor not in high and len(high) < needed:
                held = _level_name(run, actor, stage_id, number)
                run.event_finding(
                    "approval-level",
                    number,
                    f"approved at level {held}, but risk {run.risk} requires {level} or higher",
                    f"have an approver at level {level} or higher approve this subject",
                )
        if len(high) < needed:
            trace.shortfalls[stage_id] = (len(high), needed, level)
    if len(qualified) < needed:
        trace.shortfalls.setdefault(stage_id, (len(qualified), needed, level))
        who = f"only {names(sorted(qualified))} qualified" if qualified else "nobody qualified"
        subject = line.subject if line is not None and elsewhere else completion.subject
        run.add(
            "too-few-actors",
            f"'{stage_id}' needs {people(needed)} at risk {run.risk}, but {who} for "
            f"subject {short(subject)}" + _not_counted(run, elsewhere, subject),
            f"have {needed - len(qualified)} more "
            f"{titles(run.context.process, _eligible(run, stage_id))} "
            f"perform '{stage_id}'",
            event=completion.events[-1],
            stage=stage_id,
        )
    counted = [n for n in completion.events if n not in elsewhere]
    _coverage(run, stage_id, counted, completion.events[-1])


def _not_counted(run: RecordPass, elsewhere: list[int], deployed: str) -> str:
    """Why the events of a completion that are off the deployed subject's line do not
    count: an approval of a sibling artifact is not an approval of the deployed one."""
    if not elsewhere:
        return ""
    said = ", ".join(
        f"#{n} by {run.record.events[n - 1].actor} for {short(run.record.events[n - 1].subject)}"
        for n in elsewhere
    )
    return (
        f"; event{'s' if len(elsewhere) > 1 else ''} {said} did not count for "
        f"{short(deployed)}: work counts for the subject it was done on, what was built "
        f"from it and what it was built from, never for a sibling built from the same commit"
    )


def _eligible(run: RecordPass, stage_id: str) -> list[str]:
    """Roles that may perform the stage at this risk (approvers at the right level)."""
    process = run.context.process
    stage = process.stage(stage_id)
    level = run.trace.view.approver_level(stage_id)
    if level is None:
        return list(stage.performers)
    want = process.org_rank(level)
    return [r for r in stage.performers if process.org_rank(process.roles[r].level) >= want]


def _coverage(run: RecordPass, stage_id: str, counted: list[int], at: int) -> None:
    """Whether the ``counted`` events of a completion (reported at event ``at``)
    covered enough production use."""
    view = run.trace.view
    share_needed = view.min_share(stage_id)
    profile = view.process.production_profile
    if share_needed is None or profile is None:
        return
    covered = {p for n in counted for p in run.record.events[n - 1].covers}
    share = sum(v for p, v in profile.shares.items() if p in covered)
    if share + 1e-9 < share_needed:
        lacking = sorted(
            (p for p in profile.shares if p not in covered),
            key=lambda p: -profile.shares[p],
        )
        run.trace.uncovered[stage_id] = tuple(lacking)
        shown = ", ".join(f"{p} ({profile.shares[p]:.0%})" for p in lacking)
        run.add(
            "coverage-below-profile",
            f"tests covered {share:.0%} of production use, but risk {run.risk} requires "
            f"{share_needed:.0%}; not tested: {shown}",
            f"run '{stage_id}' against {lacking[0]} as well",
            event=at,
            stage=stage_id,
        )


def _authors(run: RecordPass, stages: Iterable[str]) -> set[str]:
    wanted = set(stages)
    if not wanted:
        return wanted
    authors = run.actors_of(wanted)
    if run.record.author is not None and any(
        run.context.process.has_stage(s)
        and run.context.process.stage(s).kind is StageKind.IMPLEMENTATION
        for s in wanted
    ):
        authors.add(run.record.author)
    return authors


def _level(run: RecordPass, actor: str, stage_id: str, number: int) -> int:
    roles = _roles(run, actor, stage_id, number)
    return max(
        (run.context.process.org_rank(run.context.process.roles[r].level) for r in roles), default=0
    )


def _level_name(run: RecordPass, actor: str, stage_id: str, number: int) -> str:
    rank = _level(run, actor, stage_id, number)
    return run.context.process.org_levels[rank - 1] if rank else "none"


def _roles(run: RecordPass, actor: str, stage_id: str, number: int) -> set[str]:
    roster = run.context.roster
    if roster is None or actor not in roster.by_id:
        return set()
    at = run.record.events[number - 1].at
    return set(roster.by_id[actor].roles_at(at)) & set(
        run.context.process.stage(stage_id).performers
    )
