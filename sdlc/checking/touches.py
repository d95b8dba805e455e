"""What a change touches, from the files its commits changed.

The process's ``risk.paths`` maps path globs to components and data classes
(:class:`~sdlc.model.paths.PathMap`). Every path an event of the record
``touches`` (``sdlc record import git`` records the files of each commit) that
a glob names makes the change touch that component or data class, whatever the
record declares. The checker classifies the change from the declared and the
derived attributes together, so an attribute left out cannot lower the risk or
the stages it requires (:mod:`~sdlc.checking.underdeclaration` reports what was
left out; see docs/design.md, "When each rule fires").
"""

from __future__ import annotations

from ..model.process import Process
from ..model.record import Record


def touched(process: Process, record: Record) -> dict[tuple[str, str], tuple[str, str]]:
    """Per ``(kind, name)`` the diff shows, the first path (in record order) that
    shows it and the glob it matched."""
    paths = process.risk.paths
    if not paths.components and not paths.data_classes:
        return {}
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for event in record.events:
        for path in event.touches:
            for kind, name, glob in paths.matches(path):
                out.setdefault((kind, name), (path, glob))
    return out
