"""What the handbook says about a process, worked out once for the templates.

Templates only lay text out; every fact they show is computed here, in the
process's own words, from the model and the graph: who does a stage at each risk
level, which stages a level's path takes and in what order, which rules check a
stage, which SSDF tasks nobody covers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import networkx as nx

from ..graph.process_graph import ProcessGraph, Scenario, View
from ..model.conditions import in_words
from ..model.frameworks import SSDF, Framework, ssdf
from ..model.process import Process, Role, Stage, StageKind
from ..rules.catalogue import RULES, Rule
from .diagrams import path_flowchart, percent, process_flowchart, profile_pie
from .markdown import Markdown

KIND_WORDS = {
    StageKind.THREAT_MODEL: "threat modelling",
    StageKind.DESIGN_REVIEW: "design review",
    StageKind.IMPLEMENTATION: "implementation",
    StageKind.CODE_REVIEW: "code review",
    StageKind.BUILD: "build",
    StageKind.TEST: "test",
    StageKind.SECURITY_TEST: "security test",
    StageKind.APPROVAL: "approval",
    StageKind.DEPLOYMENT: "deployment",
    StageKind.VERIFICATION: "verification",
    StageKind.ROLLBACK: "rollback",
    StageKind.OTHER: "other",
}


@dataclass(frozen=True, slots=True)
class LevelRow:
    """What a stage demands at one risk level."""

    level: str
    applies: str
    """``yes``, ``no`` or ``depending on the change``."""
    actors: int
    approver_level: str | None
    min_share: str | None
    """The least production share to cover, as a percentage, for test stages."""


@dataclass(frozen=True, slots=True)
class Requirement:
    """One dependency of a stage: the stages that satisfy it, and when it applies."""

    stages: tuple[str, ...]
    one_of: bool
    when: str | None


@dataclass(frozen=True, slots=True)
class Step:
    """One numbered step of a risk level's path."""

    number: int
    stage: str
    actors: int
    approver_level: str | None
    min_share: str | None
    after: tuple[tuple[str, ...], ...]
    """Groups of alternatives that must be complete first."""


@dataclass(frozen=True, slots=True)
class Level:
    """A risk level's page: its path through the process."""

    name: str
    rank: int
    path: str
    view: View
    steps: tuple[Step, ...]
    sometimes: tuple[tuple[str, str], ...]
    """Stages that apply at this level only to some changes, with their condition."""
    raised_by: tuple[str, ...]
    """Ids of the risk rules that raise a change to this level."""

    @property
    def diagram(self) -> Markdown:
        return path_flowchart(self.view)

    @property
    def gates(self) -> tuple[tuple[str, str | None], ...]:
        return tuple((g, self.view.approver_level(g)) for g in self.view.gates)


@dataclass(frozen=True, slots=True)
class Coverage:
    """One framework task or control and the stages that map to it."""

    id: str
    title: str
    stages: tuple[str, ...]


class ProcessPages:
    """Everything the templates show about one process, with the page paths."""

    def __init__(self, process: Process) -> None:
        self.process = process
        self.graph = ProcessGraph(process)
        self.id = process.id
        self.levels_order = process.risk.levels

    # -- paths ---------------------------------------------------------------------------

    def path(self, name: str) -> str:
        """Path of one of the process's fixed pages, such as ``overview``."""
        return f"{self.id}/{name}.md"

    def stage_path(self, stage_id: str) -> str:
        return f"{self.id}/stages/{stage_id}.md"

    def level_path(self, level: str) -> str:
        return f"{self.id}/risk-levels/{self.process.risk_rank(level) + 1}-{level}.md"

    @property
    def diagram(self) -> Markdown:
        """The whole process as a Mermaid flowchart."""
        return process_flowchart(self.process)

    # -- stages --------------------------------------------------------------------------

    @property
    def stages(self) -> tuple[Stage, ...]:
        return self.process.stages

    def stage(self, stage_id: str) -> Stage:
        return self.process.stage(stage_id)

    def kind(self, stage: Stage) -> str:
        return KIND_WORDS[stage.kind]

    def title(self, stage_id: str) -> str:
        return self.process.stage(stage_id).title

    def role(self, role_id: str) -> Role:
        return self.process.roles[role_id]

    def applies_when(self, stage: Stage) -> str:
        return in_words(stage.applies_when)

    def requirements(self, stage: Stage) -> tuple[Requirement, ...]:
        return tuple(
            Requirement(
                dep.targets,
                dep.one_of is not None,
                None if dep.when is None else in_words(dep.when),
            )
            for dep in stage.dependencies
        )

    def needed_by(self, stage: Stage) -> tuple[str, ...]:
        """Stages that depend on this one directly, in reading order."""
        return tuple(
            s.id
            for s in self.process.stages
            if any(stage.id in dep.targets for dep in s.dependencies)
        )

    def level_rows(self, stage: Stage) -> tuple[LevelRow, ...]:
        rows = []
        for level in self.levels_order:
            views = [self.graph.view(s) for s in self.graph.scenarios() if s.risk == level]
            hits = sum(v.applies(stage.id) for v in views)
            applies = (
                "no" if hits == 0 else "yes" if hits == len(views) else "depending on the change"
            )
            base = self.graph.view(Scenario(level))
            share = base.min_share(stage.id)
            rows.append(
                LevelRow(
                    level,
                    applies,
                    base.actors(stage.id),
                    base.approver_level(stage.id),
                    None if share is None else percent(share),
                )
            )
        return tuple(rows)

    def varies(self, stage: Stage) -> bool:
        """Whether the number of people, approver level or coverage depends on risk."""
        return any(isinstance(v, dict) for v in (stage.actors, stage.approver_level)) or (
            stage.coverage is not None and isinstance(stage.coverage.min_share, dict)
        )

    def controls(self, stage: Stage) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return tuple((name, tuple(stage.controls[name])) for name in sorted(stage.controls))

    def rules(self, stage: Stage) -> tuple[Rule, ...]:
        """The rules ``sdlc check`` applies to this stage's events."""
        slugs = ["missing-stage", "actor-lacks-role", "unknown-actor"]
        if stage.dependencies:
            slugs.append("out-of-order")
        if stage.differ_from:
            slugs.append("segregation-of-duties")
        if stage.differ_from or any(r.actors > 1 for r in self.level_rows(stage)):
            slugs.append("too-few-actors")
        if stage.evidence:
            slugs += ["missing-evidence", "evidence-digest-mismatch"]
        if stage.approver_level is not None:
            slugs.append("approval-level")
        if stage.is_gate or stage.kind is StageKind.DEPLOYMENT:
            slugs.append("stale-approval")
        if stage.coverage is not None:
            slugs.append("coverage-below-profile")
        if stage.kind in (StageKind.DEPLOYMENT, StageKind.VERIFICATION):
            slugs.append("incomplete")
        return tuple(sorted((RULES[s] for s in slugs), key=lambda r: r.code))

    def tags(self, stage: Stage) -> tuple[str, ...]:
        return tuple(sorted({stage.kind.value, *(("gate",) if stage.is_gate else ())}))

    # -- risk levels ---------------------------------------------------------------------

    @cached_property
    def levels(self) -> tuple[Level, ...]:
        out = []
        for rank, name in enumerate(self.levels_order, 1):
            view = self.graph.view(Scenario(name))
            steps = tuple(
                Step(
                    number,
                    stage_id,
                    view.actors(stage_id),
                    view.approver_level(stage_id),
                    None
                    if view.min_share(stage_id) is None
                    else percent(view.min_share(stage_id) or 0),
                    view.requires[stage_id],
                )
                for number, stage_id in enumerate(view.order, 1)
            )
            extra: set[str] = set()
            for scenario in self.graph.scenarios():
                if scenario.risk == name:
                    extra |= set(self.graph.view(scenario).stages) - set(view.stages)
            sometimes = tuple(
                (s.id, in_words(s.applies_when)) for s in self.process.stages if s.id in extra
            )
            raised = tuple(r.id for r in self.process.risk.rules if r.level == name)
            out.append(Level(name, rank, self.level_path(name), view, steps, sometimes, raised))
        return tuple(out)

    def rule_words(self, rule_id: str) -> str:
        rule = next(r for r in self.process.risk.rules if r.id == rule_id)
        return in_words(rule.when)

    @property
    def gates(self) -> tuple[Stage, ...]:
        return tuple(s for s in self.process.stages if s.is_gate)

    def approver_levels(self, gate: Stage) -> tuple[str | None, ...]:
        return tuple(
            self.graph.view(Scenario(level)).approver_level(gate.id) for level in self.levels_order
        )

    def org_roles(self, org_level: str) -> tuple[str, ...]:
        return tuple(r for r, role in self.process.roles.items() if role.level == org_level)

    # -- roles ---------------------------------------------------------------------------

    def raci(self, stage: Stage) -> tuple[str, ...]:
        """The RACI letters of every role (in the roles' order) for one stage."""
        full = self.graph.full
        gates = [
            g
            for g in self.gates
            if g.id == stage.id
            or nx.has_path(full, stage.id, g.id)
            or nx.has_path(full, g.id, stage.id)
        ]
        upstream = {t for dep in stage.dependencies for t in dep.targets}
        downstream = set(self.needed_by(stage))
        letters = []
        for role_id in self.process.roles:
            cell = []
            if role_id in stage.performers:
                cell.append("R")
            if any(role_id in g.performers for g in gates):
                cell.append("A")
            if "R" not in cell and any(role_id in self.stage(s).performers for s in upstream):
                cell.append("C")
            if not cell and any(role_id in self.stage(s).performers for s in downstream):
                cell.append("I")
            letters.append(", ".join(cell))
        return tuple(letters)

    def performs(self, role_id: str) -> tuple[str, ...]:
        return tuple(s.id for s in self.process.stages if role_id in s.performers)

    # -- profile and frameworks ----------------------------------------------------------

    @property
    def pie(self) -> Markdown | None:
        profile = self.process.production_profile
        return None if profile is None else profile_pie(profile)

    def share(self, value: float) -> str:
        return percent(value)

    @property
    def unmeasured(self) -> str | None:
        profile = self.process.production_profile
        if profile is None:
            return None
        rest = 1.0 - sum(profile.shares.values())
        return percent(rest) if rest > 0.0005 else None

    @property
    def tested_stages(self) -> tuple[Stage, ...]:
        return tuple(s for s in self.process.stages if s.coverage is not None)

    @property
    def ssdf(self) -> Framework:
        return ssdf()

    def ssdf_stages(self, task: str) -> tuple[str, ...]:
        return tuple(s.id for s in self.process.stages if task in s.controls.get(SSDF, ()))

    @property
    def ssdf_gaps(self) -> tuple[tuple[str, str], ...]:
        return tuple(
            (task, title)
            for practice in self.ssdf.practices
            for task, title in practice.tasks
            if not self.ssdf_stages(task)
        )

    @property
    def ssdf_unknown(self) -> tuple[Coverage, ...]:
        """SSDF ids stages name that are not tasks of SSDF 1.1 (typos, or practice ids)."""
        known = set(self.ssdf.task_ids)
        return self._mapped(SSDF, lambda c: c not in known)

    @property
    def other_frameworks(self) -> tuple[tuple[str, tuple[Coverage, ...]], ...]:
        names = sorted({n for s in self.process.stages for n in s.controls if n != SSDF})
        return tuple((n, self._mapped(n, lambda _: True)) for n in names)

    def _mapped(self, framework: str, keep: Callable[[str], bool]) -> tuple[Coverage, ...]:
        controls = sorted(
            {c for s in self.process.stages for c in s.controls.get(framework, ()) if keep(c)}
        )
        return tuple(
            Coverage(
                c,
                "",
                tuple(s.id for s in self.process.stages if c in s.controls.get(framework, ())),
            )
            for c in controls
        )


def rules_by_code() -> tuple[Rule, ...]:
    return tuple(sorted(RULES.values(), key=lambda r: r.code))
