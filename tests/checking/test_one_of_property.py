"""A ``one_of`` group that replaces a single stage changes no verdict.

The shipped process is rewritten so that one of its stages, X, gets a twin X-alt
(the same stage under another id) and every dependency on X becomes "X or
X-alt". A record that follows the original, or the same record with X's events
renamed to X-alt, must then get the same findings (rule, event and severity) as
the original record against the original process: after deployment, during it
and before it (see docs/design.md, "What an edge means").
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdlc.checking import Checker
from sdlc.model.process import Process
from sdlc.model.record import Outcome, Record
from sdlc.model.roster import Roster
from sdlc.model.stage import Dependency, Stage

from .test_check_property import OPTIONS, walk

TWINNED = ("deployment", "approval", "code-review", "unit-tests", "build", "login-e2e-tests")


def twin(process: Process, stage_id: str) -> Process:
    """``process`` with ``stage_id`` doubled: dependents take either."""
    alt = f"{stage_id}-alt"
    stages: list[Stage] = []
    for stage in process.stages:
        deps: list[Dependency] = []
        for dep in stage.dependencies:
            if stage_id in dep.targets:
                deps.append(Dependency(one_of=(*dep.targets, alt), when=dep.when))
            else:
                deps.append(dep)
        differ = stage.differ_from + ((alt,) if stage_id in stage.differ_from else ())
        stages.append(stage.model_copy(update={"depends_on": tuple(deps), "differ_from": differ}))
        if stage.id == stage_id:
            stages.append(stage.model_copy(update={"id": alt}))
    twinned = process.model_copy(update={"stages": tuple(stages)})
    # validated afresh: a copy would keep the original's cached look-ups (stages by id)
    return Process.model_validate(twinned.model_dump(by_alias=True))


def renamed(record: Record, stage_id: str) -> Record:
    events = tuple(
        e.model_copy(update={"stage": f"{stage_id}-alt"}) if e.stage == stage_id else e
        for e in record.events
    )
    return record.model_copy(update={"events": events})


def verdict(
    process: Process, roster: Roster, record: Record
) -> tuple[bool, list[tuple[str, int, str]]]:
    report = Checker(process, roster, OPTIONS).check(record)
    return report.compliant, sorted(
        (f.rule, f.event or 0, f.severity.value) for f in report.findings
    )


def damaged(record: Record, roster: Roster, rng: random.Random) -> Record:
    events = list(record.events)
    for _ in range(rng.randint(0, 3)):
        action = rng.choice(["drop", "move", "actor", "outcome", "repeat"])
        i = rng.randrange(len(events))
        if action == "drop" and len(events) > 1:
            events.pop(i)
        elif action == "move":
            events.insert(rng.randrange(len(events)), events.pop(i))
        elif action == "actor":
            events[i] = events[i].model_copy(update={"actor": rng.choice(roster.people).id})
        elif action == "outcome":
            events[i] = events[i].model_copy(update={"outcome": Outcome.FAILED})
        elif action == "repeat":
            events.insert(i + 1, events[i])
    if rng.random() < 0.5:  # before deployment, too
        events = events[: rng.randint(1, len(events))]
    start = events[0].at
    events = [
        e.model_copy(update={"at": start + dt.timedelta(minutes=n)}) for n, e in enumerate(events)
    ]
    return record.model_copy(update={"events": tuple(events)})


_settings = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


_TWINS: dict[int, dict[str, Process]] = {}


def _twins(process: Process) -> dict[str, Process]:
    """The twinned processes, made once per process (a model is not hashable)."""
    if id(process) not in _TWINS:
        _TWINS[id(process)] = {stage_id: twin(process, stage_id) for stage_id in TWINNED}
    return _TWINS[id(process)]


@pytest.fixture(scope="module")
def twins(eid: Process) -> dict[str, Process]:
    return _twins(eid)


@_settings
@given(stage_id=st.sampled_from(TWINNED), seed=st.integers(0, 2**32))
def test_a_one_of_group_judges_as_the_single_stage_did(
    eid: Process, eid_roster: Roster, stage_id: str, seed: int
) -> None:
    twins = _twins(eid)
    rng = random.Random(seed)
    record = damaged(walk(eid, eid_roster, rng).record, eid_roster, rng)
    expected = verdict(eid, eid_roster, record)
    assert verdict(twins[stage_id], eid_roster, record) == expected
    assert verdict(twins[stage_id], eid_roster, renamed(record, stage_id)) == expected


def test_verification_after_a_one_of_deployment_is_required(
    eid: Process, eid_roster: Roster, twins: dict[str, Process]
) -> None:
    """The case the issue met: deployed by one of two deployment stages, never verified."""
    rng = random.Random(7)
    record = walk(eid, eid_roster, rng).record
    unverified = record.model_copy(
        update={"events": tuple(e for e in record.events if e.stage != "verification")}
    )
    for record_ in (unverified, renamed(unverified, "deployment")):
        report = Checker(twins["deployment"], eid_roster, OPTIONS).check(record_)
        assert not report.compliant
        assert [f.message for f in report.findings if f.rule == "incomplete"] == [
            f"record {record.id}, stage 'verification': 'verification' has not happened after "
            f"deployment #{len(unverified.events)}"
        ]
