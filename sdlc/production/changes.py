"""What changed between two snapshots, by workload: what started, what stopped,
and what now runs something else (see docs/design.md, "Subjects and lineage").

A workload (a Deployment's container, a compose service, a listed NAME) runs the
set of digests its containers run, or their images when they have none. Pods
come and go under a workload with every rollout; the workload stays.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .snapshot import Running

STARTED, STOPPED, REPLACED = "started", "stopped", "replaced"


@dataclass(frozen=True, slots=True)
class Change:
    """One workload that started, stopped, or runs something else now."""

    kind: str
    workload: str
    before: tuple[str, ...]
    """What it ran in the old snapshot (digests, or images without one)."""
    after: tuple[str, ...]
    """What it runs in the new one."""

    def as_dict(self) -> dict[str, object]:
        return {
            "change": self.kind,
            "workload": self.workload,
            "before": list(self.before),
            "after": list(self.after),
        }


def runs(running: Iterable[Running]) -> dict[str, tuple[str, ...]]:
    """What each workload runs, sorted."""
    found: dict[str, set[str]] = {}
    for item in running:
        found.setdefault(item.workload, set()).update(item.identity)
    return {workload: tuple(sorted(what)) for workload, what in found.items()}


def changes_between(old: Iterable[Running], new: Iterable[Running]) -> list[Change]:
    """Every workload that started, stopped or was replaced, by workload."""
    before, after = runs(old), runs(new)
    out = []
    for workload in sorted(before.keys() | after.keys()):
        was, now = before.get(workload, ()), after.get(workload, ())
        if not was:
            out.append(Change(STARTED, workload, was, now))
        elif not now:
            out.append(Change(STOPPED, workload, was, now))
        elif was != now:
            out.append(Change(REPLACED, workload, was, now))
    return out


def is_new(running: Running, old: dict[str, tuple[str, ...]]) -> bool:
    """Whether ``running`` runs something its workload did not run before (see :func:`runs`)."""
    return not set(running.identity) <= set(old.get(running.workload, ()))
