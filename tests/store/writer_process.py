"""One writer of the concurrency tests, run as its own process: appends ``count``
events to a record of a git store, working in its own clone, and prints one line
per acknowledged append (``ack <note> <number>``) the moment append returns.

Usage: python -m tests.store.writer_process ADDRESS CLONE RECORD TAG FIRST COUNT
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from sdlc.model.record import Event
from sdlc.store.address import open_store
from sdlc.store.appending import append_to


def main(argv: list[str]) -> int:
    address, clone, record, tag, first, count = argv
    store = open_store(address, cache=Path(clone))
    for i in range(int(first), int(first) + int(count)):
        note = f"{tag}-{i}"
        event = Event.model_validate(
            {
                "stage": "build",
                "actor": "ci",
                "at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                "subject": "e16f242821aeb85e085c2ec0e67a20b6db30f360",
                "note": note,
            }
        )
        done = append_to(store, record, event, tries=500)
        print(f"ack {note} {done.number}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
