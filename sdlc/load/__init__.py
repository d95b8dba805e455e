"""From files to models: safe YAML, JSON and JSON Lines with positions kept, and
validation errors turned into one located message with a chain of context.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._faces import face

if TYPE_CHECKING:
    from .document import Document
    from .json_lines import iter_json_lines
    from .loaders import (
        load_process,
        load_process_document,
        load_record,
        load_roster,
        problem_error,
        validate,
    )
    from .names import process_problems, roster_problems
    from .records import (
        RECORD_SUFFIXES,
        LoadedRecord,
        json_line_records,
        load_records,
        record_files,
    )
    from .source import load_file, parse_yaml
    from .text import decode, read_text

_EXPORTS = {
    "load_process": "loaders",
    "load_process_document": "loaders",
    "load_record": "loaders",
    "load_roster": "loaders",
    "validate": "loaders",
    "problem_error": "loaders",
    "LoadedRecord": "records",
    "load_records": "records",
    "record_files": "records",
    "json_line_records": "records",
    "RECORD_SUFFIXES": "records",
    "Document": "document",
    "load_file": "source",
    "parse_yaml": "source",
    "iter_json_lines": "json_lines",
    "decode": "text",
    "read_text": "text",
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
