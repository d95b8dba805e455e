"""Properties of the process linter on randomly generated processes.

* lint never crashes, whatever the shape;
* it reports bypassable-gate exactly when some way to a deployment avoids a gate
  that applies — checked against a brute force over every choice of ``one_of``
  alternative, independent of the dominance computation lint uses.
"""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sdlc.graph.process_graph import ProcessGraph
from sdlc.graph.scenario import Scenario
from sdlc.graph.view import View
from sdlc.linting.linter import lint
from sdlc.model.process import Process

LEVELS = ["low", "medium", "high"]


@st.composite
def processes(draw: st.DrawFn) -> Process:
    """A process of 3–8 stages whose dependencies only point backwards (no loops)."""
    size = draw(st.integers(3, 8))
    kinds = (
        ["implementation"]
        + [
            draw(st.sampled_from(["code-review", "test", "approval", "other", "deployment"]))
            for _ in range(size - 2)
        ]
        + ["deployment"]
    )
    stages: list[dict[str, Any]] = []
    for i, kind in enumerate(kinds):
        stage: dict[str, Any] = {
            "id": f"s{i}",
            "title": f"Stage {i}",
            "kind": kind,
            "performers": ["dev"],
        }
        if kind == "approval":
            stage["approver_level"] = "team"
        if i and draw(st.booleans()):
            stage["applies_when"] = {"risk_at_least": draw(st.sampled_from(LEVELS))}
        deps: list[Any] = []
        earlier = list(range(i))
        for j in draw(
            st.lists(st.sampled_from(earlier), unique=True, max_size=3) if earlier else st.just([])
        ):
            if draw(st.booleans()):
                deps.append(f"s{j}")
            else:
                deps.append(
                    {"stage": f"s{j}", "when": {"risk_at_most": draw(st.sampled_from(LEVELS))}}
                )
        if len(earlier) >= 2 and draw(st.booleans()):
            pair = draw(st.lists(st.sampled_from(earlier), min_size=2, max_size=3, unique=True))
            deps.append({"one_of": [f"s{j}" for j in pair]})
        stage["depends_on"] = deps
        stages.append(stage)
    return Process.model_validate(
        {
            "id": "random",
            "version": "1",
            "title": "Random",
            "owners": ["tests"],
            "effective": "2026-01-01",
            "roles": {"dev": {"title": "Dev", "level": "team"}},
            "risk": {"levels": LEVELS, "default": "low"},
            "stages": stages,
        }
    )


def _closure(view: View, picked: dict[tuple[str, tuple[str, ...]], str], stage: str) -> set[str]:
    """Every stage a run reaching ``stage`` does, given the alternatives ``picked``."""
    seen: set[str] = set()
    todo = [stage]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for group in view.requires[current]:
            todo.append(group[0] if len(group) == 1 else picked[(current, group)])
    return seen


def _brute_force_bypasses(view: View) -> set[tuple[str, str]]:
    """(gate, deployment) pairs where some choice of alternatives avoids the gate."""
    groups = [(s, g) for s in view.stages for g in view.requires[s] if len(g) > 1]
    found = set()
    for choice in itertools.product(*(g for _, g in groups)):
        picked = {(s, g): c for (s, g), c in zip(groups, choice, strict=True)}
        for deploy in view.deployments:
            reached = _closure(view, picked, deploy)
            for gate in view.gates:
                if gate not in reached:
                    found.add((gate, deploy))
    return found


@settings(max_examples=300, deadline=None)
@given(process=processes())
def test_bypassable_gate_exactly_when_a_route_avoids_it(process: Process) -> None:
    findings = lint(process)
    graph = ProcessGraph(process)
    expected = set()
    if not graph.cycles():
        for level in LEVELS:
            view = graph.view(Scenario(level))
            for gate, deploy in _brute_force_bypasses(view):
                expected.add((gate, deploy, level))
    reported = {
        (f.stage, f.message.split("'")[3], f.message.split("required at risk ")[1].split(",")[0])
        for f in findings
        if f.rule == "bypassable-gate"
    }
    assert reported == expected


@settings(max_examples=300, deadline=None)
@given(process=processes())
def test_lint_never_crashes_and_findings_are_complete(process: Process) -> None:
    for finding in lint(process):
        assert finding.message
        assert finding.hint
        assert finding.code.startswith("P")
