"""Properties of the checker (docs/design.md, "Code style"), by walking the process.

* Any record made by walking the process in an allowed order, with random rework
  (a rejected review followed by new code), is compliant.
* Removing any one event the final deployment relied on makes it non-compliant,
  with a finding that names that event's stage.
* The checker never crashes, and a proposed repair, applied, makes the record
  compliant.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdlc.checking import Checker, CheckOptions
from sdlc.checking.repair import apply_repair
from sdlc.graph.process_graph import ProcessGraph
from sdlc.model.process import Process
from sdlc.model.record import Attributes, Event, EvidenceRef, Outcome, Record, Subject
from sdlc.model.roster import Roster
from sdlc.model.stage import StageKind
from sdlc.rules.catalogue import Severity

NOW = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
OPTIONS = CheckOptions(now=NOW)


@dataclass
class Walk:
    record: Record
    relied_on: list[int]
    """Indices (0-based) of the events the final deployment and verification rely on."""


_serial = iter(range(10**12))


def _digest(rng: random.Random, prefix: str = "") -> str:
    """A fresh digest: distinct every call, whatever the random source returns."""
    seed = f"{next(_serial)}:{rng.random()}".encode()
    return prefix + hashlib.sha256(seed).hexdigest()[: 40 if not prefix else 64]


def walk(process: Process, roster: Roster, rng: random.Random) -> Walk:
    """A compliant record: every applicable stage, in a random allowed order."""
    graph = ProcessGraph(process)
    attributes = Attributes(
        components=tuple(rng.sample(process.components, rng.randint(0, 2))),
        data_classes=tuple(rng.sample(process.data_classes, rng.randint(0, 1))),
        providers=tuple(rng.sample(process.providers, rng.randint(0, 2))),
    )
    risk, _ = graph.classify(attributes.atoms())
    view = graph.view(graph.scenario_for(risk, attributes.atoms()))
    clock = dt.datetime(2026, 5, 4, 8, 0, tzinfo=dt.UTC)
    day = clock.date()
    people = roster.people
    authors: set[str] = set()
    events: list[Event] = []
    last_round: dict[str, list[int]] = {}
    commit = _digest(rng)
    artifact = ""
    done: set[str] = set()
    reworks = rng.randint(0, 2)
    impl = next(s for s in view.stages if process.stage(s).kind is StageKind.IMPLEMENTATION)

    def eligible(stage_id: str) -> list[str]:
        stage = process.stage(stage_id)
        level = view.approver_level(stage_id)
        want = process.org_rank(level) if level else 0
        out = []
        for person in people:
            held = person.roles_on(day) & set(stage.performers)
            if not held or max(process.org_rank(process.roles[r].level) for r in held) < want:
                continue
            if stage.differ_from and person.id in authors:
                continue
            out.append(person.id)
        return out

    def emit(stage_id: str, actor: str, outcome: Outcome = Outcome.DONE) -> None:
        nonlocal clock
        stage = process.stage(stage_id)
        clock += dt.timedelta(minutes=rng.randint(1, 90))
        subject = (
            artifact if stage.kind in (StageKind.DEPLOYMENT, StageKind.VERIFICATION) else commit
        )
        produces = (artifact,) if stage.kind is StageKind.BUILD else ()
        if stage.is_gate and outcome is Outcome.DONE:
            outcome = Outcome.APPROVED
        events.append(
            Event(
                stage=stage_id,
                actor=actor,
                at=clock,
                outcome=outcome,
                subject=subject or commit,
                produces=produces,
                covers=process.providers if stage.coverage else (),
                evidence=tuple(
                    EvidenceRef(kind=k, uri=f"https://evidence.example/{stage_id}/{len(events)}")
                    for k in stage.evidence
                ),
            )
        )

    while True:
        enabled = [
            s
            for s in view.order
            if s not in done and all(any(a in done for a in g) for g in view.requires[s])
        ]
        if not enabled:
            break
        stage_id = rng.choice(enabled)
        stage = process.stage(stage_id)
        if stage.kind is StageKind.BUILD:
            artifact = _digest(rng, "sha256:")
        if stage.kind is StageKind.IMPLEMENTATION:
            author = rng.choice(eligible(stage_id))
            authors.add(author)
            actors = [author]
        else:
            candidates = eligible(stage_id)
            actors = rng.sample(candidates, view.actors(stage_id))
        start = len(events)
        for actor in actors:
            emit(stage_id, actor)
        last_round[stage_id] = list(range(start, len(events)))
        done.add(stage_id)
        review_done = any(
            process.stage(s).kind is StageKind.CODE_REVIEW and s in done for s in view.stages
        )
        deployed = any(process.stage(s).kind is StageKind.DEPLOYMENT for s in done)
        if reworks and review_done and not deployed and rng.random() < 0.5:
            reworks -= 1
            review = next(s for s in view.stages if process.stage(s).kind is StageKind.CODE_REVIEW)
            emit(review, rng.choice(eligible(review)), Outcome.REJECTED)
            commit = _digest(rng)
            artifact = ""
            emit(impl, next(iter(authors)))
            last_round[impl] = [len(events) - 1]
            done -= set(view.downstream[impl])
    record = Record(
        id=f"WALK-{rng.randint(0, 10**6)}",
        process=process.ref,
        declared_risk=risk,
        attributes=attributes,
        subject=Subject(commit=commit, artifact=artifact or None),
        events=tuple(events),
    )
    relied_on = sorted(i for indices in last_round.values() for i in indices)
    return Walk(record, relied_on)


_settings = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_settings
@given(rng=st.randoms(use_true_random=False))
def test_walked_records_are_compliant(eid: Process, eid_roster: Roster, rng: random.Random) -> None:
    walked = walk(eid, eid_roster, rng)
    report = Checker(eid, eid_roster, OPTIONS).check(walked.record)
    assert report.compliant, [f.message for f in report.findings]
    assert report.findings == []


@_settings
@given(rng=st.randoms(use_true_random=False), data=st.data())
def test_removing_a_relied_on_event_is_caught(
    eid: Process, eid_roster: Roster, rng: random.Random, data: st.DataObject
) -> None:
    walked = walk(eid, eid_roster, rng)
    index = data.draw(st.sampled_from(walked.relied_on))
    removed = walked.record.events[index]
    events = walked.record.events[:index] + walked.record.events[index + 1 :]
    record = walked.record.model_copy(update={"events": events})
    report = Checker(eid, eid_roster, OPTIONS).check(record)
    assert not report.compliant, [(e.stage, e.actor) for e in walked.record.events]
    named = [
        f
        for f in report.findings
        if f.severity is Severity.ERROR
        and (f.stage == removed.stage or f"'{removed.stage}'" in f.message)
    ]
    assert named, (removed.stage, [f.message for f in report.findings])


@_settings
@given(rng=st.randoms(use_true_random=False), data=st.data())
def test_repair_makes_damaged_records_compliant(
    eid: Process, eid_roster: Roster, rng: random.Random, data: st.DataObject
) -> None:
    """Damage a walked record (drop, duplicate or move events, change actors); the
    checker must not crash, and applying its repair must give a compliant record."""
    walked = walk(eid, eid_roster, rng)
    events = list(walked.record.events)
    for _ in range(data.draw(st.integers(1, 3))):
        action = data.draw(st.sampled_from(["drop", "move", "actor", "outcome"]))
        i = data.draw(st.integers(0, len(events) - 1))
        if action == "drop" and len(events) > 1:
            events.pop(i)
        elif action == "move":
            j = data.draw(st.integers(0, len(events) - 1))
            moved = events.pop(i)
            events.insert(j, moved)
        elif action == "actor":
            person = data.draw(st.sampled_from(eid_roster.people))
            events[i] = events[i].model_copy(update={"actor": person.id})
        elif action == "outcome":
            events[i] = events[i].model_copy(update={"outcome": Outcome.FAILED})
    # keep the clock moving forward, so time-order (which no event repair fixes) stays out
    start = events[0].at
    events = [
        e.model_copy(update={"at": start + dt.timedelta(minutes=i)}) for i, e in enumerate(events)
    ]
    record = walked.record.model_copy(update={"events": tuple(events)})
    checker = Checker(eid, eid_roster, OPTIONS)
    report = checker.check(record)
    if report.compliant:
        return
    assert report.repair, [f.message for f in report.findings]
    repaired = apply_repair(eid, record, report.repair)
    again = checker.check(repaired)
    assert again.compliant, (
        [s.text for s in report.repair],
        [f.message for f in again.findings],
    )
