"""From files to models: safe YAML, JSON and JSON Lines with positions kept, and
validation errors turned into one located message with a chain of context.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._faces import face

if TYPE_CHECKING:
    from .loaders import (
        RECORD_SUFFIXES,
        LoadedRecord,
        json_line_records,
        load_process,
        load_process_document,
        load_record,
        load_records,
        load_roster,
        problem_error,
        record_files,
        validate,
    )
    from .names import process_problems, roster_problems
    from .source import Document, decode, iter_json_lines, load_file, parse_yaml, read_text

_EXPORTS = {
    "LoadedRecord": "loaders",
    "load_process": "loaders",
    "load_process_document": "loaders",
    "load_record": "loaders",
    "load_records": "loaders",
    "load_roster": "loaders",
    "record_files": "loaders",
    "json_line_records": "loaders",
    "validate": "loaders",
    "problem_error": "loaders",
    "RECORD_SUFFIXES": "loaders",
    "Document": "source",
    "load_file": "source",
    "parse_yaml": "source",
    "iter_json_lines": "source",
    "decode": "source",
    "read_text": "source",
    "process_problems": "names",
    "roster_problems": "names",
}
__getattr__, __dir__ = face(__name__, _EXPORTS, globals())

__all__ = [
    "RECORD_SUFFIXES",
    "Document",
    "LoadedRecord",
    "decode",
    "iter_json_lines",
    "json_line_records",
    "load_file",
    "load_process",
    "load_process_document",
    "load_record",
    "load_records",
    "load_roster",
    "parse_yaml",
    "problem_error",
    "process_problems",
    "read_text",
    "record_files",
    "roster_problems",
    "validate",
]
