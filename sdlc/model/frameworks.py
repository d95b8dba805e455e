"""Security frameworks that stages can map to, shipped as data.

Only NIST SP 800-218 (the Secure Software Development Framework, SSDF) version
1.1 is shipped: its practice groups, practices and tasks, so that the handbook
can show which tasks a process covers and which it leaves as gaps. Stages name
SSDF tasks under ``controls: {ssdf: [...]}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

SSDF = "ssdf"
"""The key stages use for SSDF tasks in ``controls``."""


@dataclass(frozen=True, slots=True)
class Practice:
    """An SSDF practice (``PW.7``) with its tasks (``PW.7.1``, ``PW.7.2``)."""

    id: str
    title: str
    group: str
    tasks: tuple[tuple[str, str], ...]
    """``(task id, title)`` pairs, in the framework's order."""


@dataclass(frozen=True, slots=True)
class Framework:
    """A framework's practice groups and practices, in the framework's order."""

    id: str
    title: str
    groups: tuple[tuple[str, str], ...]
    """``(group id, title)`` pairs such as ``("PO", "Prepare the Organization")``."""
    practices: tuple[Practice, ...]

    @property
    def task_ids(self) -> tuple[str, ...]:
        return tuple(task for p in self.practices for task, _ in p.tasks)


@cache
def ssdf() -> Framework:
    """NIST SP 800-218 SSDF version 1.1."""
    text = resources.files("sdlc").joinpath("data", "ssdf-1.1.tsv").read_text("utf-8")
    groups: list[tuple[str, str]] = []
    practices: list[tuple[str, str]] = []
    tasks: dict[str, list[tuple[str, str]]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        ident, title = line.split("\t")
        depth = ident.count(".")
        if depth == 0:
            groups.append((ident, title))
        elif depth == 1:
            practices.append((ident, title))
            tasks[ident] = []
        else:
            tasks[ident.rsplit(".", 1)[0]].append((ident, title))
    return Framework(
        id=SSDF,
        title="NIST SP 800-218 Secure Software Development Framework 1.1",
        groups=tuple(groups),
        practices=tuple(
            Practice(pid, title, pid.split(".")[0], tuple(tasks[pid])) for pid, title in practices
        ),
    )
