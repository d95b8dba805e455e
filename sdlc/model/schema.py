"""JSON Schema for process, roster and record files, for editors and validators.

The schemas come from the models (field names by alias, so ``from``, ``until``,
``all``, ``any`` and ``not`` appear as written in YAML), tightened where a rule
lives in a validator that JSON Schema can also state: a condition holds exactly
one test, a dependency names exactly one of ``stage`` or ``one_of``, and mapping
keys (risk levels, role ids) must be identifiers. The committed copies in
``schemas/`` are checked against fresh output by the tests.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from .process import Process
from .record import Record
from .roster import Roster

SCHEMAS: dict[str, type[BaseModel]] = {"process": Process, "roster": Roster, "record": Record}

_EXACTLY_ONE: dict[str, dict[str, Any]] = {
    "Condition": {"minProperties": 1, "maxProperties": 1},
    "Dependency": {"oneOf": [{"required": ["stage"]}, {"required": ["one_of"]}]},
}
"""Validator rules of some models, stated in JSON Schema."""


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of file."""
    return model_schema(SCHEMAS[kind], kind)


def model_schema(model: type[BaseModel], kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``model``, tightened as the models validate,
    published as ``<kind>.schema.json``."""
    schema = model.model_json_schema(by_alias=True, mode="validation")
    _closed_mappings(schema)
    for name, rule in _EXACTLY_ONE.items():
        if name in schema.get("$defs", {}):
            schema["$defs"][name].update(rule)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://sdlc.invalid/schemas/{kind}.schema.json",
        **schema,
    }


def _closed_mappings(node: Any) -> None:
    """A mapping whose keys have a pattern accepts no other keys (as the models do)."""
    if isinstance(node, dict):
        if "patternProperties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for value in node.values():
            _closed_mappings(value)
    elif isinstance(node, list):
        for value in node:
            _closed_mappings(value)
