"""The JSON Schema of the report ``sdlc check --format json`` writes.

The report is a list with one object per record: what
:meth:`~sdlc.rules.findings.Report.as_dict` gives, with each finding's
:meth:`~sdlc.rules.findings.Finding.as_dict` and each repair step's. Scripts that
read the report can validate it against this schema (``sdlc schema report``);
the tests validate real reports against it with the ``jsonschema`` library.
"""

from __future__ import annotations

from typing import Any

from ..rules.catalogue import RULES, Severity


def _text(description: str) -> dict[str, Any]:
    return {"type": "string", "description": description}


def _maybe(kind: str, description: str) -> dict[str, Any]:
    return {"type": [kind, "null"], "description": description}


_FINDING: dict[str, Any] = {
    "type": "object",
    "description": "One finding about the record.",
    "required": ["rule", "code", "severity", "message", "event", "stage", "actor", "hint"],
    "additionalProperties": False,
    "properties": {
        "rule": {
            "enum": sorted(RULES),
            "description": "The rule's slug ('sdlc explain RULE' shows its page).",
        },
        "code": {
            "type": "string",
            "pattern": "^[A-Z][0-9]{3}$",
            "description": "The rule's code, such as C006.",
        },
        "severity": {
            "enum": [s.value for s in Severity if s is not Severity.OFF],
            "description": "error fails the record; warn and info do not.",
        },
        "message": _text("What is wrong, naming the record, and the event when there is one."),
        "event": {
            "type": ["integer", "null"],
            "minimum": 1,
            "description": "The event's number, from 1, or null for the record as a whole.",
        },
        "stage": _maybe("string", "The stage the finding is about, when there is one."),
        "actor": _maybe("string", "The event's actor, when the finding is about an event."),
        "hint": _text("How to fix it."),
        "location": _maybe("string", "file:line:column where the finding points, when known."),
        "waived": _text("'ID: reason' of the waiver that accepts the finding (only then)."),
    },
}

_STEP: dict[str, Any] = {
    "type": "object",
    "description": "One step of the smallest repair.",
    "required": ["action", "stage", "event", "subject", "actor", "text"],
    "additionalProperties": False,
    "properties": {
        "action": {
            "enum": ["add", "remove", "amend"],
            "description": "Add an event, remove one, or amend a field for people to correct.",
        },
        "stage": _text("The stage of the event added or removed."),
        "event": {
            "type": ["integer", "null"],
            "minimum": 1,
            "description": "Removals: the event removed; additions: the event the new one goes "
            "before (null: at the end).",
        },
        "subject": _maybe("string", "Additions: the subject the new event is about."),
        "actor": _maybe("string", "Additions: someone in the roster who could perform it."),
        "text": _text("The step in the process's own words."),
    },
}

_RECORD: dict[str, Any] = {
    "type": "object",
    "description": "The report of one record.",
    "required": ["id", "path", "compliant", "risk", "error", "findings", "repair"],
    "additionalProperties": False,
    "properties": {
        "id": _text("The record's id (the file's name when it could not be read)."),
        "path": _maybe("string", "The record's file, relative to the source root."),
        "compliant": {
            "type": "boolean",
            "description": "Readable, and no failing finding that no waiver accepts.",
        },
        "risk": _maybe("string", "The risk level the record was checked at."),
        "error": _maybe("string", "Why the record could not be read; then it has no findings."),
        "findings": {"type": "array", "items": {"$ref": "#/$defs/Finding"}},
        "repair": {"type": "array", "items": {"$ref": "#/$defs/RepairStep"}},
        "repair_note": _text("Why the repair is not proven to be a smallest one (only then)."),
    },
}


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``sdlc check --format json`` output."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://sdlc.invalid/schemas/report.schema.json",
        "title": "sdlc check report",
        "description": "The JSON report of 'sdlc check': one object per record checked.",
        "type": "array",
        "items": {"$ref": "#/$defs/Report"},
        "$defs": {"Report": _RECORD, "Finding": _FINDING, "RepairStep": _STEP},
    }
