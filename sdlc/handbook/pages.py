"""What the handbook says about a process, worked out once for the templates.

Templates only lay text out; every fact they show is computed here, in the
process's own words, from the model and the graph: who does a stage at each risk
level (:mod:`.levels`), which stages a level's path takes and in what order, which
rules check a stage, who is responsible for it (:mod:`.raci`), which SSDF tasks
nobody covers (:mod:`.coverage`). The values are those of :mod:`.facts`.
"""

from __future__ import annotations

from functools import cached_property

from ..graph.process_graph import ProcessGraph
from ..graph.scenario import Scenario
from ..model.conditions import in_words
from ..model.frameworks import Framework, ssdf
from ..model.organisation import Role
from ..model.process import Process
from ..model.stage import Stage, StageKind
from ..rules.catalogue import RULES, Rule
from . import coverage
from .diagrams import percent, process_flowchart, profile_pie
from .facts import KIND_WORDS, Coverage, Level, LevelRow, Numbered, Requirement
from .levels import level_rows, levels
from .markdown import Markdown
from .raci import Raci
from .titles import front_matter_title


class ProcessPages:
    """Everything the templates show about one process, with the page paths."""

    def __init__(self, process: Process) -> None:
        self.process = process
        self.graph = ProcessGraph(process)
        self.id = process.id
        self.levels_order = process.risk.levels
        self.responsibility = Raci(self.graph)
        self._level_rows: dict[str, tuple[LevelRow, ...]] = {}

    # -- paths ---------------------------------------------------------------------------

    def path(self, name: str) -> str:
        """Path of one of the process's fixed pages, such as ``overview``."""
        return f"{self.id}/{name}.md"

    def stage_path(self, stage_id: str) -> str:
        return f"{self.id}/stages/{stage_id}.md"

    def level_path(self, level: str) -> str:
        return f"{self.id}/risk-levels/{self.process.risk_rank(level) + 1}-{level}.md"

    def front_title(self, text: object) -> Markdown | None:
        """The ``title:`` line of a page's front matter: its title in the navigation,
        shortened and plain (see :mod:`.titles`); ``None`` when its heading will do."""
        line = front_matter_title(text)
        return None if line is None else Markdown(line)

    @property
    def summary(self) -> str:
        """The first paragraph of the process's description, for the home page."""
        text = str(self.process.description or "").strip()
        return text.split("\n\n", 1)[0].strip()

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
        return self.responsibility.needed_by(stage)

    def level_rows(self, stage: Stage) -> tuple[LevelRow, ...]:
        rows = self._level_rows.get(stage.id)
        if rows is None:
            rows = self._level_rows[stage.id] = level_rows(self.graph, stage)
        return rows

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
        return levels(self.graph, self.level_path)

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
        return self.responsibility.letters(stage)

    @cached_property
    def raci_rows(self) -> tuple[tuple[Role, tuple[tuple[Numbered, ...], ...]], ...]:
        """The RACI matrix with a row per role and a column per letter (R, A, C, I): in
        each cell the stages, numbered in reading order, whose letters for the role hold
        it. Four columns stay narrow however many stages the process has."""
        columns = [self.responsibility.letters(stage) for stage in self.process.stages]
        rows = []
        for i, role in enumerate(self.process.roles.values()):
            cells = tuple(
                tuple(
                    Numbered(n, stage.id)
                    for n, (stage, column) in enumerate(
                        zip(self.process.stages, columns, strict=True), 1
                    )
                    if letter in column[i].split(", ")
                )
                for letter in "RACI"
            )
            rows.append((role, cells))
        return tuple(rows)

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
        return coverage.ssdf_stages(self.process, task)

    @property
    def ssdf_gaps(self) -> tuple[tuple[str, str], ...]:
        return coverage.ssdf_gaps(self.process, self.ssdf)

    @property
    def ssdf_unknown(self) -> tuple[Coverage, ...]:
        """SSDF ids stages name that are not tasks of SSDF 1.1 (typos, or practice ids)."""
        return coverage.ssdf_unknown(self.process, self.ssdf)

    @property
    def other_frameworks(self) -> tuple[tuple[str, tuple[Coverage, ...]], ...]:
        return coverage.other_frameworks(self.process)


def rules_by_code() -> tuple[Rule, ...]:
    return tuple(sorted(RULES.values(), key=lambda r: r.code))
