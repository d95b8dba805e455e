"""What the rule pages' example tests share: how an example is found on a page, the
record header a page's events are checked under, and the day they are judged on."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

EXAMPLE = re.compile(r"## Example\n\n```yaml\n(.*?)```\n\n(.*)", re.DOTALL)
"""A page's example: its YAML block, and the prose after it."""
HEADER: dict[str, Any] = {
    "id": "EXAMPLE-1",
    "process": "eid-gateway@3.0",
    "title": "The example of a rule's page",
    "team": "login",
    "author": "ola-nordmann",
    "declared_risk": "low",
    "attributes": {"components": ["ui-texts"], "data_classes": ["public"]},
}
"""The header of a record whose page shows only its events (and header fields that
matter to the example, which replace these)."""
NOW = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
"""The moment examples are judged at: after every date a page shows."""
