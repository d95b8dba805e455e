"""What runs in production, and which change record deployed it: snapshots of
running containers (Kubernetes, Docker, plain lists) read safely, each running
artifact matched by digest to the records' deployments and judged, and the
changes between two snapshots.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._faces import face

if TYPE_CHECKING:
    from .changes import Change, changes_between
    from .inventory import Inventory, take_inventory
    from .ledger import Deployment, Ledger, read_ledger
    from .reader import read_snapshot
    from .references import pinned_digest
    from .snapshot import KINDS, Running, Snapshot
    from .text_view import render_inventory_text
    from .verdicts import Judging, Verdict, judge

_EXPORTS = {
    "KINDS": "snapshot",
    "Running": "snapshot",
    "Snapshot": "snapshot",
    "read_snapshot": "reader",
    "pinned_digest": "references",
    "Deployment": "ledger",
    "Ledger": "ledger",
    "read_ledger": "ledger",
    "Judging": "verdicts",
    "Verdict": "verdicts",
    "judge": "verdicts",
    "Change": "changes",
    "changes_between": "changes",
    "Inventory": "inventory",
    "take_inventory": "inventory",
    "render_inventory_text": "text_view",
}
__getattr__, __dir__ = face(__name__, _EXPORTS, globals())

__all__ = [
    "KINDS",
    "Change",
    "Deployment",
    "Inventory",
    "Judging",
    "Ledger",
    "Running",
    "Snapshot",
    "Verdict",
    "changes_between",
    "judge",
    "pinned_digest",
    "read_ledger",
    "read_snapshot",
    "render_inventory_text",
    "take_inventory",
]
