"""Generated processes of any size, for timing ``sdlc lint`` and ``sdlc render``.

A process of ``stages`` stages and ``levels`` risk levels: design and
implementation, then layers of checks (reviews, tests, scans) where each stage
depends on one or two stages of the layer before, every third stage applying only
from some risk level upwards, then one approval gate per risk level (each with
approver levels per risk), deployment and verification. Every generated process
is sound: ``sdlc lint`` finds nothing, so every lint rule runs in full.
"""

from __future__ import annotations

import random
from typing import Any

KINDS = ("code-review", "test", "security-test", "other")
ROLES = {
    "developer": "team",
    "reviewer": "team",
    "tester": "team",
    "operations": "team",
    "team-lead": "team",
    "head-of-section": "section",
    "head-of-department": "department",
    "director": "director",
}
PERFORMERS = {
    "code-review": ["reviewer"],
    "test": ["tester", "developer"],
    "security-test": ["tester"],
    "other": ["developer", "reviewer"],
}


def process(stages: int, levels: int = 5, seed: int = 1) -> dict[str, Any]:
    """A sound process of exactly ``stages`` stages (at least 8) as YAML-ready data."""
    rng = random.Random(seed)
    risks = [f"r{i}" for i in range(levels)]
    out: list[dict[str, Any]] = [
        _stage("design-review", "design-review", ["reviewer"], []),
        _stage("implementation", "implementation", ["developer"], ["design-review"]),
        _stage("build", "build", ["developer"], ["implementation"]),
    ]
    gates = levels
    middle = stages - len(out) - gates - 2
    width = max(2, round(middle**0.5))
    layers: list[list[str]] = [["build"]]
    made = 0
    while made < middle:
        layer: list[str] = []
        previous = layers[-1]
        for _ in range(min(width, middle - made)):
            made += 1
            name = f"check-{made:04d}"
            kind = KINDS[made % len(KINDS)]
            deps = rng.sample(previous, min(len(previous), rng.choice((1, 2))))
            stage = _stage(name, kind, PERFORMERS[kind], deps)
            if kind == "code-review":
                stage["differ_from"] = ["implementation"]
                stage["actors"] = {risks[0]: 1, risks[-1]: 2}
            layer.append(name)
            out.append(stage)
        # every stage of the layer before is depended on by someone in this one
        used = {d for s in out[-len(layer) :] for d in s["depends_on"]}
        for orphan in (s for s in previous if s not in used):
            out[-len(layer) + rng.randrange(len(layer))]["depends_on"].append(orphan)
        layers.append(layer)
    # conditions: a stage that applies from some level up has only dependents that do too
    conditional = {s["id"] for s in out[3:] if int(s["id"][-4:]) % 3 == 0}
    last = set(layers[-1])
    for stage in out:
        if stage["id"] in conditional and stage["id"] not in last:
            conditional.discard(stage["id"])  # keep inner stages unconditional: sound
    for stage in out:
        if stage["id"] in conditional:
            stage["applies_when"] = {"risk_at_least": risks[1 + rng.randrange(levels - 1)]}
    approvers = ["team-lead", "head-of-section", "head-of-department", "director"]
    org = ["team", "section", "department", "director"]
    gate_ids = []
    for g in range(gates):
        gate = _stage(f"approval-{g + 1}", "approval", approvers, list(layers[-1]))
        gate["differ_from"] = ["implementation"]
        gate["approver_level"] = {risks[i]: org[min(i * 4 // levels, 3)] for i in range(levels)}
        if g > 0:
            gate["applies_when"] = {"risk_at_least": risks[g]}
        gate_ids.append(gate["id"])
        out.append(gate)
    out.append(_stage("deployment", "deployment", ["operations"], [*gate_ids, "build"]))
    out.append(_stage("verification", "verification", ["operations"], ["deployment"]))
    assert len(out) == stages, (len(out), stages)
    return {
        "id": f"generated-{stages}",
        "version": "1.0",
        "title": f"Generated process of {stages} stages and {levels} risk levels",
        "owners": ["sdlc benchmark"],
        "effective": "2024-01-01",
        "roles": {
            role: {"title": role.replace("-", " ").title(), "level": level}
            for role, level in ROLES.items()
        },
        "risk": {"levels": risks, "default": risks[0], "rules": []},
        "stages": out,
    }


def _stage(stage_id: str, kind: str, performers: list[str], deps: list[str]) -> dict[str, Any]:
    return {
        "id": stage_id,
        "title": stage_id.replace("-", " ").capitalize(),
        "kind": kind,
        "description": f"Generated stage {stage_id}.",
        "performers": performers,
        "depends_on": deps,
    }


def dump(data: dict[str, Any]) -> str:
    """YAML text of a generated process, with every value written out (no aliases)."""
    import yaml

    class _Plain(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True

    return yaml.dump(data, Dumper=_Plain, sort_keys=False, allow_unicode=True)
