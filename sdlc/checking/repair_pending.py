"""A repair built only when something reads it.

Searching for the smallest repair checks the record many times over, which costs
far more than checking it once. A report's repair is therefore a
:class:`PendingRepair`: a list of :class:`~sdlc.rules.findings.RepairStep` that
searches the first time it is read (its length, its steps, its note), so that
checking for a verdict alone (``sdlc stats``, ``sdlc impact``, the production
check, a benchmark) never pays for it. Pickled, as a process pool returns its
reports, it is built first and travels as a plain :class:`RepairSteps`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, SupportsIndex, overload

from ..rules.findings import RepairStep


class RepairSteps(list[RepairStep]):
    """Repair steps, and why they are not proven minimal when they are not."""

    def __init__(self, steps: list[RepairStep] | None = None, note: str | None = None) -> None:
        super().__init__(steps or [])
        self._note = note

    @property
    def note(self) -> str | None:
        return self._note

    def __reduce__(self) -> tuple[Any, ...]:
        return (RepairSteps, (list.copy(self), self._note))


class PendingRepair(RepairSteps):
    """Repair steps that ``build`` makes the first time they are read."""

    def __init__(self, build: Callable[[], tuple[list[RepairStep], str | None]]) -> None:
        super().__init__()
        self._build: Callable[[], tuple[list[RepairStep], str | None]] | None = build

    def _ready(self) -> None:
        build, self._build = self._build, None
        if build is not None:
            steps, self._note = build()
            list.extend(self, steps)

    @property
    def note(self) -> str | None:
        self._ready()
        return self._note

    def __reduce__(self) -> tuple[Any, ...]:
        self._ready()
        return super().__reduce__()

    def __len__(self) -> int:
        self._ready()
        return list.__len__(self)

    def __bool__(self) -> bool:
        return len(self) > 0

    def __iter__(self) -> Iterator[RepairStep]:
        self._ready()
        return list.__iter__(self)

    def __reversed__(self) -> Iterator[RepairStep]:
        self._ready()
        return list.__reversed__(self)

    def __contains__(self, item: object) -> bool:
        self._ready()
        return list.__contains__(self, item)

    @overload
    def __getitem__(self, index: SupportsIndex) -> RepairStep: ...
    @overload
    def __getitem__(self, index: slice) -> list[RepairStep]: ...
    def __getitem__(self, index: SupportsIndex | slice) -> RepairStep | list[RepairStep]:
        self._ready()
        return list.__getitem__(self, index)

    def __eq__(self, other: object) -> bool:
        self._ready()
        return list.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        self._ready()
        return list.__repr__(self)

    def copy(self) -> list[RepairStep]:
        self._ready()
        return list.copy(self)

    def index(
        self, value: RepairStep, start: SupportsIndex = 0, stop: SupportsIndex = 2**62
    ) -> int:
        self._ready()
        return list.index(self, value, start, stop)

    def count(self, value: RepairStep) -> int:
        self._ready()
        return list.count(self, value)


def _ready_first(name: str) -> Any:
    """``list.<name>``, once the steps are built."""
    method = getattr(list, name)

    def ready(self: PendingRepair, *args: Any) -> Any:
        self._ready()
        return method(self, *args)

    ready.__name__ = name
    return ready


for _name in (
    "append",
    "extend",
    "insert",
    "pop",
    "remove",
    "clear",
    "sort",
    "reverse",
    "__setitem__",
    "__delitem__",
    "__iadd__",
    "__add__",
    "__mul__",
):
    setattr(PendingRepair, _name, _ready_first(_name))
