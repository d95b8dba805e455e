"""Which tasks of the SSDF, and which controls of other frameworks, a process's stages
map to; and the SSDF tasks nobody covers."""

from __future__ import annotations

from collections.abc import Callable

from ..model.frameworks import SSDF, Framework
from ..model.process import Process
from .facts import Coverage


def ssdf_stages(process: Process, task: str) -> tuple[str, ...]:
    """The stages that map to one SSDF task."""
    return tuple(s.id for s in process.stages if task in s.controls.get(SSDF, ()))


def ssdf_gaps(process: Process, framework: Framework) -> tuple[tuple[str, str], ...]:
    """(task, title) of every SSDF task no stage maps to."""
    return tuple(
        (task, title)
        for practice in framework.practices
        for task, title in practice.tasks
        if not ssdf_stages(process, task)
    )


def ssdf_unknown(process: Process, framework: Framework) -> tuple[Coverage, ...]:
    """SSDF ids stages name that are not tasks of SSDF 1.1 (typos, or practice ids)."""
    known = set(framework.task_ids)
    return mapped(process, SSDF, lambda c: c not in known)


def other_frameworks(process: Process) -> tuple[tuple[str, tuple[Coverage, ...]], ...]:
    """Every framework but the SSDF that stages name, with its controls."""
    names = sorted({n for s in process.stages for n in s.controls if n != SSDF})
    return tuple((n, mapped(process, n, lambda _: True)) for n in names)


def mapped(process: Process, framework: str, keep: Callable[[str], bool]) -> tuple[Coverage, ...]:
    """The controls of ``framework`` that stages name and ``keep`` accepts, in order."""
    controls = sorted({c for s in process.stages for c in s.controls.get(framework, ()) if keep(c)})
    return tuple(
        Coverage(
            c,
            "",
            tuple(s.id for s in process.stages if c in s.controls.get(framework, ())),
        )
        for c in controls
    )
