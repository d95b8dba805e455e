"""sdlc: a secure software development process as code.

Load a process, load change records, check them, and read the findings::

    import sdlc

    process = sdlc.load_process("processes/eid-gateway.yaml")
    roster = sdlc.load_roster("processes/eid-gateway.roster.yaml", process)
    for loaded in sdlc.load_records(["examples/"]):
        report = sdlc.check(process, loaded.record, roster)
        print(report.record, report.compliant, [f.rule for f in report.findings])

The names below are imported on first use, not with the package: the ``sdlc``
command (a pre-commit hook runs it on every commit) loads only what its
subcommand needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._faces import face
from .version import __version__

if TYPE_CHECKING:
    from .checking import Checker, CheckOptions, check, check_many
    from .errors import InputError, Location, SdlcError
    from .linting import lint
    from .load import LoadedRecord, load_process, load_record, load_records, load_roster
    from .model import Process, Record, Roster
    from .rules import RULES, Finding, RepairStep, Report, Rule, Severity
    from .store import open_store

_EXPORTS = {
    "RULES": "rules",
    "CheckOptions": "checking",
    "Checker": "checking",
    "Finding": "rules",
    "InputError": "errors",
    "LoadedRecord": "load",
    "Location": "errors",
    "Process": "model",
    "Record": "model",
    "RepairStep": "rules",
    "Report": "rules",
    "Roster": "model",
    "Rule": "rules",
    "SdlcError": "errors",
    "Severity": "rules",
    "check": "checking",
    "check_many": "checking",
    "lint": "linting",
    "load_process": "load",
    "load_record": "load",
    "load_records": "load",
    "load_roster": "load",
    "open_store": "store",
}


__getattr__, __dir__ = face(__name__, _EXPORTS, globals())


__all__ = [
    "RULES",
    "CheckOptions",
    "Checker",
    "Finding",
    "InputError",
    "LoadedRecord",
    "Location",
    "Process",
    "Record",
    "RepairStep",
    "Report",
    "Roster",
    "Rule",
    "SdlcError",
    "Severity",
    "__version__",
    "check",
    "check_many",
    "lint",
    "load_process",
    "load_record",
    "load_records",
    "load_roster",
    "open_store",
]
