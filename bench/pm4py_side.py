"""PM4Py's side of the benchmark: Petri nets of the benchmark process, and conformance.

Runs only in the benchmark's own environment (``bench/.venv``, made by
``make bench``); PM4Py is never a dependency of sdlc.

The nets are hand-built from ``bench/process.yaml``, one per risk level (the log
carries each case's risk, so PM4Py is told what sdlc computes from the record's
attributes). Each stage is one visible transition; stages that do not depend on
each other are parallel branches, so the net accepts every order the generator
produces for a compliant record. Rework is the one loop: after implementation,
the build branch (build, then the tests in any order, with failed unit-test runs
repeated) runs beside the review branch; a rejected review sends the case back to
implementation, approved reviews lead on to the approvals, deployment and
verification. Only the two joins after a round are silent.

The net sees the order of activities and nothing else: not who acted, in which
role or at which level, nor which commit or artifact an event was about.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pm4py
from pm4py.algo.conformance.alignments.petri_net import algorithm as alignments
from pm4py.algo.conformance.tokenreplay import algorithm as token_replay
from pm4py.objects.petri_net.obj import Marking, PetriNet
from pm4py.objects.petri_net.utils.petri_utils import add_arc_from_to


class _Net:
    def __init__(self, name: str) -> None:
        self.net = PetriNet(name)
        self.count = 0

    def place(self, name: str) -> PetriNet.Place:
        place = PetriNet.Place(name)
        self.net.places.add(place)
        return place

    def step(
        self,
        label: str | None,
        inputs: list[PetriNet.Place],
        outputs: list[PetriNet.Place],
    ) -> PetriNet.Transition:
        self.count += 1
        transition = PetriNet.Transition(f"t{self.count}", label)
        self.net.transitions.add(transition)
        for place in inputs:
            add_arc_from_to(place, transition, self.net)
        for place in outputs:
            add_arc_from_to(transition, place, self.net)
        return transition


def build_net(risk: str) -> tuple[PetriNet, Marking, Marking]:
    """The benchmark process's control flow at ``risk`` as an accepting Petri net."""
    high = risk == "high"
    n = _Net(f"bench-{risk}")
    start, ready = n.place("start"), n.place("ready-to-implement")
    if high:
        modelled = n.place("threat-modelled")
        n.step("threat-modelling", [start], [modelled])
        n.step("design-review", [modelled], [ready])
    else:
        n.step("design-review", [start], [ready])
    # a round: implementation, then the build branch beside the review branch
    to_build, to_review = n.place("to-build"), n.place("to-review")
    n.step("implementation", [ready], [to_build, to_review])
    tests = ["unit-tests", "integration-tests"] + (["security-test"] if high else [])
    pending = {t: n.place(f"to-{t}") for t in tests}
    done = {t: n.place(f"{t}-done") for t in tests}
    n.step("build", [to_build], list(pending.values()))
    n.step("unit-tests (failed)", [pending["unit-tests"]], [pending["unit-tests"]])
    for test in tests:
        n.step(test, [pending[test]], [done[test]])
    reviewed, rejected = n.place("reviewed"), n.place("review-rejected")
    if high:
        one = n.place("one-review")
        n.step("code-review", [to_review], [one])
        n.step("code-review", [one], [reviewed])
        n.step("code-review (rejected)", [one], [rejected])
    else:
        n.step("code-review", [to_review], [reviewed])
    n.step("code-review (rejected)", [to_review], [rejected])
    # rework: once the round's tests are through, a new commit
    n.step(None, [*done.values(), rejected], [ready])
    # approved: each gate waits only for what it depends on
    gates = [n.place("approved")]
    n.step("approval", [reviewed, done["unit-tests"], done["integration-tests"]], [gates[0]])
    if high:
        gates.append(n.place("security-approved"))
        n.step("security-approval", [done["security-test"]], [gates[1]])
    deployed, end = n.place("deployed"), n.place("end")
    n.step("deployment", gates, [deployed])
    n.step("verification", [deployed], [end])
    return n.net, Marking({start: 1}), Marking({end: 1})


@dataclass(frozen=True, slots=True)
class Result:
    """One PM4Py method's verdicts and timing on one log."""

    method: str
    seconds: float
    """Conformance checking only: the log is already read and converted."""
    fitting: dict[str, bool]
    """Per case: whether PM4Py found the trace fitting."""
    variants: int


_QUIET = {"show_progress_bar": False}

Logs = list[tuple[str, Any]]
"""One PM4Py event log per risk level: ``[(risk, EventLog), ...]``."""


def read_log(path: Path) -> Logs:
    """The CSV event log as PM4Py event logs, one per risk level."""
    frame = pd.read_csv(path, dtype={"case:concept:name": str, "case:risk": str})
    frame = pm4py.format_dataframe(
        frame,
        case_id="case:concept:name",
        activity_key="concept:name",
        timestamp_key="time:timestamp",
    )
    return [
        (str(risk), pm4py.convert_to_event_log(part))
        for risk, part in frame.groupby("case:risk", sort=True)
    ]


def _case(trace: Any) -> str:
    return str(trace.attributes["concept:name"])


def _activities(trace: Any) -> tuple[str, ...]:
    return tuple(str(event["concept:name"]) for event in trace)


def _variants(logs: Logs) -> int:
    return sum(len({_activities(t) for t in log}) for _, log in logs)


def align(logs: Logs, *, variants: bool, limit: int | None = None) -> Result:
    """Alignments trace by trace, or once per variant (PM4Py's de-duplication).

    With ``variants`` this is PM4Py's log-level ``alignments.apply``, which aligns
    each distinct trace once; without, ``apply_trace`` for every trace (the first
    ``limit`` of each log, if given).
    """
    fitting: dict[str, bool] = {}
    started = time.perf_counter()
    for risk, log in logs:
        net, initial, final = build_net(risk)
        if variants:
            results: Any = alignments.apply(log, net, initial, final, parameters=_QUIET)
            for trace, result in zip(log, results, strict=True):
                fitting[_case(trace)] = result["fitness"] >= 1.0
        else:
            for trace in list(log)[:limit]:
                result = alignments.apply_trace(trace, net, initial, final, parameters=_QUIET)
                fitting[_case(trace)] = result["fitness"] >= 1.0
    seconds = time.perf_counter() - started
    method = "alignments, variants de-duplicated" if variants else "alignments, per trace"
    return Result(method, seconds, fitting, _variants(logs))


def replay(logs: Logs) -> Result:
    """Token-based replay with PM4Py's defaults (activities the net lacks are skipped)."""
    fitting: dict[str, bool] = {}
    started = time.perf_counter()
    for risk, log in logs:
        net, initial, final = build_net(risk)
        results: Any = token_replay.apply(log, net, initial, final, parameters=_QUIET)
        for trace, result in zip(log, results, strict=True):
            fitting[_case(trace)] = bool(result["trace_is_fit"])
    seconds = time.perf_counter() - started
    return Result("token-based replay", seconds, fitting, _variants(logs))
