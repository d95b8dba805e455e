"""sdlc: a secure software development process as code.

Load a process, load change records, check them, and read the findings::

    import sdlc

    process = sdlc.load_process("processes/eid-gateway.yaml")
    roster = sdlc.load_roster("processes/eid-gateway.roster.yaml", process)
    for loaded in sdlc.load_records(["examples/"]):
        report = sdlc.check(process, loaded.record, roster)
        print(report.record, report.compliant, [f.rule for f in report.findings])
"""

from __future__ import annotations

from .check import Checker, CheckOptions, check, check_many
from .errors import InputError, Location, SdlcError
from .findings import Finding, RepairStep, Report
from .lint import lint
from .load import LoadedRecord, load_process, load_record, load_records, load_roster
from .model import Process
from .record import Record
from .roster import Roster
from .rules import RULES, Rule, Severity

__version__ = "0.1.0.dev0"

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
    "check",
    "check_many",
    "lint",
    "load_process",
    "load_record",
    "load_records",
    "load_roster",
]
