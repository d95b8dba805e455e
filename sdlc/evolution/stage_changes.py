"""The changes read off each stage of two versions of a process (for
:func:`sdlc.evolution.differences.diff`).

Stages added, removed or retitled; who may perform them; evidence, segregation of
duties and dependencies; and, at every risk level both versions know, how many
people, what approver level and how much coverage of production use they need.
Fewer people, a lower approver level, less coverage, evidence or segregation
dropped, and a gate that no longer approves anything are weakenings.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model.conditions import Condition, in_words
from ..model.process import Process
from ..model.risk import at_risk
from ..model.stage import Stage
from .changes import Change, or_, stage_name


def stage_changes(old: Process, new: Process) -> Iterator[Change]:
    """Stages removed, then added, then what changed in each stage both versions have."""
    before, after = old.stages_by_id, new.stages_by_id
    for stage_id in sorted(before.keys() - after.keys()):
        yield Change("stage", stage_name(before[stage_id]), "removed")
    for stage_id in sorted(after.keys() - before.keys()):
        stage = after[stage_id]
        when = (
            "" if stage.applies_when is None else f", applies when {in_words(stage.applies_when)}"
        )
        yield Change("stage", stage_name(stage), f"added ({stage.kind.value}{when})")
    common = [s.id for s in new.stages if s.id in before]
    for stage_id in common:
        yield from _stage(old, new, before[stage_id], after[stage_id])


def _stage(old: Process, new: Process, was: Stage, now: Stage) -> Iterator[Change]:
    name = stage_name(now)
    if was.title != now.title:
        yield Change("stage", name, f"title is now {now.title!r}, was {was.title!r}")
    if was.kind != now.kind:
        yield Change("stage", name, f"kind is now {now.kind.value}, was {was.kind.value}")
    if was.is_gate and not now.is_gate:
        yield Change(
            "gate", name, "is no longer an approval gate: nobody approves there", weakening=True
        )
    if was.applies_when != now.applies_when:
        yield Change(
            "stage",
            name,
            f"applies {_when(now.applies_when)}; was {_when(was.applies_when)}",
        )
    for role in sorted(set(now.performers) - set(was.performers)):
        yield Change("stage", name, f"may now also be performed by role '{role}'")
    for role in sorted(set(was.performers) - set(now.performers)):
        yield Change("stage", name, f"may no longer be performed by role '{role}'")
    for kind in sorted(set(was.evidence) - set(now.evidence)):
        yield Change("stage", name, f"no longer requires evidence '{kind}'", weakening=True)
    for kind in sorted(set(now.evidence) - set(was.evidence)):
        yield Change("stage", name, f"now requires evidence '{kind}'")
    for other in sorted(set(was.differ_from) - set(now.differ_from)):
        yield Change(
            "stage",
            name,
            f"segregation of duties dropped: who performed '{other}' may now perform it",
            weakening=True,
        )
    for other in sorted(set(now.differ_from) - set(was.differ_from)):
        yield Change("stage", name, f"who performed '{other}' may no longer perform it")
    yield from _dependencies(name, was, now)
    yield from _per_risk(old, new, name, was, now)


def _when(condition: Condition | None) -> str:
    return "always" if condition is None else f"when {in_words(condition)}"


def _dependencies(name: str, was: Stage, now: Stage) -> Iterator[Change]:
    def words(stage: Stage) -> dict[str, str]:
        out = {}
        for dep in stage.dependencies:
            target = or_([f"'{t}'" for t in dep.targets])
            if len(dep.targets) > 1:
                target = f"one of {target}"
            out[target + ("" if dep.when is None else f" when {in_words(dep.when)}")] = target
        return out

    before, after = words(was), words(now)
    for text in sorted(before.keys() - after.keys()):
        yield Change("dependency", name, f"no longer depends on {text}")
    for text in sorted(after.keys() - before.keys()):
        yield Change("dependency", name, f"now depends on {text}")


def _per_risk(old: Process, new: Process, name: str, was: Stage, now: Stage) -> Iterator[Change]:
    levels = [level for level in new.risk.levels if level in old.risk.levels]
    old_levels, new_levels = old.risk.levels, new.risk.levels
    fewer, lower_level, lower_share, dropped_share, more_share, more = [], [], [], [], [], []
    for risk in levels:
        a, b = at_risk(was.actors, risk, old_levels), at_risk(now.actors, risk, new_levels)
        if b < a:
            fewer.append(f"{_people(b)} at risk {risk}, was {a}")
        elif b > a:
            more.append(f"now needs {_people(b)} at risk {risk}, was {a}")
        if was.approver_level is not None and now.approver_level is not None:
            la = at_risk(was.approver_level, risk, old_levels)
            lb = at_risk(now.approver_level, risk, new_levels)
            ranks = new.org_levels if la in new.org_levels else old.org_levels
            if lb in ranks and la in ranks and ranks.index(lb) < ranks.index(la):
                lower_level.append(f"level {lb} at risk {risk}, was {la}")
            elif lb != la:
                more.append(f"now needs approval at level {lb} at risk {risk}, was {la}")
        sa = None if was.coverage is None else at_risk(was.coverage.min_share, risk, old_levels)
        sb = None if now.coverage is None else at_risk(now.coverage.min_share, risk, new_levels)
        if sa is not None and sb is None:
            dropped_share.append(f"{sa:.0%} at risk {risk}")
        elif sa is not None and sb is not None and sb < sa:
            lower_share.append(f"{sb:.0%} at risk {risk}, was {sa:.0%}")
        elif sb is not None and (sa is None or sb > sa):
            more_share.append(f"{sb:.0%} at risk {risk}, was {0 if sa is None else sa:.0%}")
    area = "gate" if now.is_gate else "stage"
    if fewer:
        yield Change(area, name, "needs " + "; ".join(fewer), True)
    if lower_level:
        yield Change("gate", name, "needs approval at " + "; ".join(lower_level), True)
    if dropped_share:
        text = f"no longer requires coverage of production use (was {'; '.join(dropped_share)})"
        yield Change(area, name, text, True)
    if lower_share:
        text = "needs less coverage of production use: " + "; ".join(lower_share)
        yield Change(area, name, text, True)
    if more_share:
        yield Change(area, name, "needs more coverage of production use: " + "; ".join(more_share))
    for text in more:
        yield Change(area, name, text)


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"
