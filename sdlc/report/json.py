"""The JSON reporter: each record's report as data, for scripts."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..rules.findings import Report


def render_json(reports: Sequence[Report], *, color: bool, tool_version: str) -> str:
    """A JSON list with :meth:`Report.as_dict` of each record, indented by 2 (see
    docs/design.md, "The pipeline")."""
    del color, tool_version
    return json.dumps([r.as_dict() for r in reports], indent=2, ensure_ascii=False) + "\n"
