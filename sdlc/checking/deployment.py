"""What a deployment relies on: the checks the checker makes at each deployment.

When a deployment event completes, every stage required before it (dominance
over the dependency graph) must have happened, be complete for the deployed
subject, and have been done by enough qualified people, at the right level,
covering enough production use. Only events on the deployed subject's
:class:`~sdlc.checking.provenance.Line` count: an approval of a sibling artifact,
built from the same commit, is not an approval of what was deployed. Called by
:mod:`sdlc.checking.event_rules` for each deployment.
"""

from __future__ import annotations

from ..model.record import Event
from ..rules.wording import names
from .builds import built, is_artifact
from .lineage import short
from .provenance import Line
from .quality import judge
from .record_pass import RecordPass
from .routes import Choice, required_along, untaken
from .trace import Completion


def review_deployment(run: RecordPass, number: int, event: Event, before: set[str]) -> None:
    trace = run.trace
    view = trace.view
    trace.deployed.append(number)
    trace.at_deploy = {s: Completion(c.subject, list(c.events)) for s, c in trace.done.items()}
    choose = _taken(run, number, event.subject, before)
    required = required_along(view, choose)[event.stage]
    untried = {g[0]: g for g in untaken(view, [*required, event.stage], choose)}
    line = Line.of(view.process, run.record.events, number)
    redo: list[str] = []
    for stage in view.order:
        if stage in untried:
            _missing(run, number, untried[stage])
        if stage not in required:
            continue
        if stage not in before:
            if stage not in trace.missing:
                trace.missing.append(stage)
                later = any(n > number for n, _ in run.completions.get(stage, ()))
                run.add(
                    "missing-stage",
                    f"required stage '{stage}' "
                    + ("happened only after" if later else "never happened before")
                    + f" this deployment (risk {run.risk})",
                    f"perform '{stage}' for the deployed subject before deploying",
                    event=number,
                    stage=stage,
                )
            continue
        if not run.current(stage, event.subject):
            redo.append(stage)
            stale = trace.stale.get(stage)
            if stale is not None:  # relied on all the same; its subject is reported
                judge(run, stage, stale, None)
            continue
        judge(run, stage, trace.done[stage], line)
    if redo:
        trace.restale.append((number, redo))
        _redo(run, number, event, redo, line)


def _taken(run: RecordPass, number: int, subject: str, before: set[str]) -> Choice:
    """The alternative of a ``one_of`` group a deployment relies on: the first complete
    for the deployed subject, else the last completed at all; the whole group when
    none was completed (see :mod:`sdlc.checking.routes`)."""

    def choose(group: tuple[str, ...]) -> tuple[str, ...]:
        current = [a for a in group if run.current(a, subject)]
        if current:
            return (current[0],)
        done = [a for a in group if a in before]
        if not done:
            return group
        return (max(done, key=lambda a: max(n for n, _ in run.completions[a] if n < number)),)

    return choose


def _missing(run: RecordPass, number: int, group: tuple[str, ...]) -> None:
    """A ``one_of`` group none of whose stages happened before the deployment."""
    if group[0] in run.trace.missing:
        return
    run.trace.missing.append(group[0])
    later = any(n > number for s in group for n, _ in run.completions.get(s, ()))
    run.add(
        "missing-stage",
        f"required stage {names(group, 'or')} "
        + ("happened only after" if later else "never happened before")
        + f" this deployment (risk {run.risk})",
        f"perform {names(group, 'or')} for the deployed subject before deploying",
        event=number,
        stage=group[0],
    )


def _redo(run: RecordPass, number: int, event: Event, redo: list[str], line: Line) -> None:
    """Required stages that are not complete for what is being deployed: done for
    another subject (new code, or a sibling artifact), or invalidated since on the
    deployed subject's line."""
    trace = run.trace
    last = {s: trace.stale.get(s) or trace.done.get(s) for s in redo}
    born = line.builds.made_at(event.subject)
    moved = [
        s
        for s, old in last.items()
        if old is not None
        and (
            not (trace.lineage.same(old.subject, event.subject) and line.holds(old.subject))
            or _rebuilt(run, old, born, line)
        )
    ]
    if moved:
        gates = [s for s in moved if trace.view.process.stage(s).is_gate]
        first = gates[0] if gates else moved[0]
        old = last[first]
        assert old is not None
        rebuilt = line.holds(old.subject) and _rebuilt(run, old, born, line)
        changed = (
            f"it was built in event #{born}, after" if rebuilt else "the subject changed after"
        )
        run.event_finding(
            "stale-approval",
            number,
            f"deployed {short(event.subject)}, but '{first}' was completed for "
            f"{short(old.subject)}: {changed} it, so {names(redo, 'and')} no "
            f"longer count{'s' if len(redo) == 1 else ''} for what was deployed",
            f"redo {names(redo, 'and')} for {_redo_for(old.subject, line)} before deploying",
        )
        return
    run.event_finding(
        "out-of-order",
        number,
        f"came after {names(redo, 'and')} had been invalidated by later events "
        f"upstream of them, and before they were completed again",
        f"complete {names(redo, 'and')} again after the last upstream event, then deploy",
    )


def _redo_for(done: str, line: Line) -> str:
    """What to redo the work for, as the work named it: the commit the deployed
    artifact was built from when the work was done on a commit, else the artifact."""
    commits = sorted(a for a in line.ancestors if not is_artifact(a))
    if is_artifact(done) or not is_artifact(line.subject) or not commits:
        return short(line.subject)
    return f"{short(commits[0])}, the commit {short(line.subject)} was built from,"


def _rebuilt(run: RecordPass, old: Completion, born: int | None, line: Line) -> bool:
    """Whether the deployed artifact was made by a rebuild after the work in ``old``:
    the work was done when a build of its subject had already made another artifact."""
    if born is None or born <= max(old.events):
        return False
    roots = {old.subject, *line.builds.ancestors(old.subject)}
    events = run.record.events
    process = run.context.process
    return any(e.subject in roots and built(process, e) for e in events[: min(old.events) - 1])
