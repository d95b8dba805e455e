"""JSON Schema for process, roster and record files, for editors and validators."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from .model import Process
from .record import Record
from .roster import Roster

SCHEMAS: dict[str, type[BaseModel]] = {"process": Process, "roster": Roster, "record": Record}


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of file."""
    model = SCHEMAS[kind]
    schema = model.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://sdlc.invalid/schemas/{kind}.schema.json",
        **schema,
    }
