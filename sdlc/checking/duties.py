"""Segregation of duties, judged on the day an event happens.

An event that completes a stage is by someone who must not have performed the
stages it names in ``differ_from`` on the same change (nor, where those include
an implementation stage, be the record's ``author``). That can be judged the
moment the event is recorded, before any deployment, so a pre-commit hook or a
CI job on an open change catches a self-review the day it happens, and
``--in-flight`` hides nothing. What a person does *after* checking the work
(say, a reviewer who then commits code) is judged at the deployment, in
:mod:`sdlc.checking.deployment` (see docs/design.md, "When each rule fires").
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model.record import Event
from ..model.stage import StageKind
from ..rules.wording import names
from .record_pass import RecordPass


def check_duties(run: RecordPass, number: int, event: Event) -> None:
    """Report event ``number`` if its actor did work its stage must be apart from."""
    process = run.context.process
    stage = process.stage(event.stage)
    if not stage.differ_from or number in run.trace.disqualified:
        return
    if not run.trace.view.applies(stage.id):
        return
    wanted = set(stage.differ_from)
    earlier = (
        [
            (n, e.stage)
            for n, e in enumerate(run.record.events[: number - 1], start=1)
            if e.actor == event.actor and e.stage in wanted
        ]
        if event.actor in run.actors_of(wanted)
        else []
    )
    authored = run.record.author == event.actor and any(
        process.has_stage(s) and process.stage(s).kind is StageKind.IMPLEMENTATION for s in wanted
    )
    if not earlier and not authored:
        return
    run.trace.disqualified.add(number)
    did = ", ".join(f"event #{n} '{s}'" for n, s in earlier) or "the change (its author)"
    run.event_finding(
        "segregation-of-duties",
        number,
        f"{event.actor} already performed {did} on this change, and may not perform "
        f"'{stage.id}' on it",
        f"have someone who did not work on {names(stage.differ_from, 'or')} perform '{stage.id}'",
    )


def performed(run: RecordPass, actor: str, stages: Iterable[str]) -> str:
    """What ``actor`` did on the change that ``stages`` must be apart from, by event:
    ``performed event #12 'implementation'``, or ``wrote the change (its author)``."""
    wanted = set(stages)
    did = [
        f"event #{n} '{e.stage}'"
        for n, e in enumerate(run.record.events, start=1)
        if e.actor == actor and e.stage in wanted
    ]
    if did:
        return "performed " + ", ".join(did)
    return "wrote the change (its author)"
