"""Process lint: a process is data, and a bad one must never reach a team.

Every rule here is a small function from the process (and its graph) to
findings. :func:`lint` runs them all and returns findings; it never prints.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from ..graph.process_graph import END_KINDS, ProcessGraph
from ..graph.scenario import Scenario
from ..load.context import context_chain
from ..load.document import Document, Path_
from ..load.names import process_problems
from ..model.process import Process
from ..rules.catalogue import Severity
from ..rules.findings import Finding, resolve_severity
from .languages import untranslated


@dataclass(frozen=True, slots=True)
class _Raw:
    rule: str
    message: str
    hint: str
    stage: str | None = None
    path: Path_ = ()
    key: bool = False
    """Whether ``path`` ends at a mapping key (the location is the key's)."""


def lint(
    process: Process,
    doc: Document | None = None,
    *,
    severity: Mapping[str, Severity] | None = None,
    strict: bool = False,
    language: str | None = None,
) -> list[Finding]:
    """Every finding of the process rules, in a stable order; ``language`` is the
    handbook's (the process's own when ``None``), for ``untranslated-text``."""
    graph = ProcessGraph(process)
    raw: list[_Raw] = [
        _Raw("unknown-reference", p.message, p.hint, None, p.path, p.key)
        for p in process_problems(process)
    ]
    cycles = graph.cycles()
    raw.extend(_cycles(cycles))
    if not raw:  # the graph rules need defined names and no loops
        for check in _GRAPH_RULES:
            raw.extend(check(graph))
    raw.extend(
        _Raw("untranslated-text", message, _TRANSLATE, None, path)
        for path, message in untranslated(process, language)
    )
    findings = []
    seen: set[tuple[str, str]] = set()
    for item in raw:
        if (item.rule, item.message) in seen:
            continue
        seen.add((item.rule, item.message))
        level = resolve_severity(item.rule, severity, strict=strict)
        if level is Severity.OFF:
            continue
        path = item.path or _stage_path(process, item.stage)
        message = item.message
        if doc is not None and item.path:
            message = " ==> ".join([*context_chain(doc.data, item.path[:-1]), message])
        findings.append(
            Finding(
                rule=item.rule,
                severity=level,
                message=message,
                hint=item.hint,
                record=process.ref,
                stage=item.stage,
                location=doc.locate(path, key=item.key) if doc is not None else None,
            )
        )
    return findings


_TRANSLATE = (
    "write the field per language, e.g. title: {en: Code review, nb: Kodegjennomgang}, "
    "or set the process's language to the one its plain text is in"
)


def _stage_path(process: Process, stage: str | None) -> Path_:
    for i, s in enumerate(process.stages):
        if s.id == stage:
            return ("stages", i)
    return ()


def _cycles(cycles: list[list[str]]) -> Iterator[_Raw]:
    for loop in cycles:
        shown = " → ".join([*loop, loop[0]])
        yield _Raw(
            "dependency-cycle",
            f"stages depend on each other in a loop: {shown}",
            f"remove one of these dependencies; rework after review is expressed by a new "
            f"'{loop[0]}' event, not by a dependency back to it",
            loop[0],
        )


def _unreachable(graph: ProcessGraph) -> Iterator[_Raw]:
    ever: set[str] = set()
    for scenario in graph.scenarios():
        ever.update(graph.view(scenario).stages)
    for stage in graph.process.stages:
        if stage.id not in ever:
            yield _Raw(
                "unreachable-stage",
                f"stage '{stage.id}' applies to no change: its applies_when never holds "
                f"for any risk level and attribute combination the risk rules allow",
                "correct its applies_when condition, or remove the stage",
                stage.id,
            )


def _dead_ends(graph: ProcessGraph) -> Iterator[_Raw]:
    reach = graph.can_reach_end()
    for stage in graph.process.stages:
        if stage.id not in reach:
            yield _Raw(
                "dead-end",
                f"stage '{stage.id}' leads nowhere: no deployment, verification or rollback "
                f"stage depends on it, directly or through other stages",
                f"make a later stage depend on '{stage.id}', or remove it",
                stage.id,
            )


def _no_route(graph: ProcessGraph) -> Iterator[_Raw]:
    for scenario in graph.scenarios():
        view = graph.view(scenario)
        if not view.deployments:
            yield _Raw(
                "no-route",
                f"a change at {scenario.words()} can never be deployed: no deployment stage "
                f"applies to it",
                "add a deployment stage whose applies_when covers this risk level",
            )


def _bypassable_gates(graph: ProcessGraph) -> Iterator[_Raw]:
    reported: set[tuple[str, str, str]] = set()
    for scenario in graph.scenarios():
        view = graph.view(scenario)
        for gate in view.gates:
            for deploy in view.deployments:
                key = (gate, deploy, scenario.risk)
                if key in reported:
                    continue
                route = view.route_avoiding(deploy, gate)
                if route is None:
                    continue
                reported.add(key)
                yield _Raw(
                    "bypassable-gate",
                    f"gate '{gate}' is required at {scenario.words()}, but '{deploy}' can be "
                    f"reached without it: {' → '.join(route)}",
                    f"make '{deploy}' (or a stage it depends on) depend on '{gate}' at risk "
                    f"{scenario.risk}",
                    gate,
                )


def _weaker(graph: ProcessGraph) -> Iterator[_Raw]:
    process = graph.process
    by_attrs: dict[frozenset[tuple[str, str]], list[Scenario]] = {}
    for scenario in graph.scenarios():
        by_attrs.setdefault(scenario.attributes, []).append(scenario)
    org = {level: i for i, level in enumerate(process.org_levels)}
    for scenarios in by_attrs.values():
        for lower, higher in itertools.pairwise(scenarios):
            low, high = graph.view(lower), graph.view(higher)
            where = f"at risk {higher.risk} but" + (
                f" (with {higher.words().split(' with ', 1)[1]})" if higher.attributes else ""
            )
            for stage in low.stages:
                if not high.applies(stage):
                    yield _Raw(
                        "weaker-for-higher-risk",
                        f"stage '{stage}' applies at risk {lower.risk} but not at "
                        f"{higher.risk}: a riskier change skips it",
                        f"widen its applies_when to cover risk {higher.risk}",
                        stage,
                    )
                    continue
                if high.actors(stage) < low.actors(stage):
                    yield _Raw(
                        "weaker-for-higher-risk",
                        f"stage '{stage}' needs {_people(high.actors(stage))} {where} "
                        f"{_people(low.actors(stage))} at risk {lower.risk}",
                        f"require at least {low.actors(stage)} at risk {higher.risk}",
                        stage,
                    )
                lo_level, hi_level = low.approver_level(stage), high.approver_level(stage)
                if lo_level and hi_level and org[hi_level] < org[lo_level]:
                    yield _Raw(
                        "weaker-for-higher-risk",
                        f"gate '{stage}' needs approval at level {hi_level} {where} "
                        f"at level {lo_level} at risk {lower.risk}",
                        f"require level {lo_level} or higher at risk {higher.risk}",
                        stage,
                    )
                lo_share, hi_share = low.min_share(stage), high.min_share(stage)
                if lo_share is not None and hi_share is not None and hi_share < lo_share:
                    yield _Raw(
                        "weaker-for-higher-risk",
                        f"stage '{stage}' needs {hi_share:.0%} coverage of production use "
                        f"{where} {lo_share:.0%} at risk {lower.risk}",
                        f"require at least {lo_share:.0%} at risk {higher.risk}",
                        stage,
                    )


def _people(count: int) -> str:
    return f"{count} person" if count == 1 else f"{count} people"


def _not_ending(graph: ProcessGraph) -> Iterator[_Raw]:
    if not any(s.kind in END_KINDS for s in graph.process.stages):
        yield _Raw(
            "no-route",
            "the process has no deployment stage, so no change can ever complete it",
            "add a stage of kind deployment",
        )


_GRAPH_RULES: tuple[Callable[[ProcessGraph], Iterator[_Raw]], ...] = (
    _not_ending,
    _unreachable,
    _dead_ends,
    _no_route,
    _bypassable_gates,
    _weaker,
)
