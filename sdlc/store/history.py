"""History is evidence: the versions of a record in a git store, checked against each
other (``rewritten-history``, see docs/design.md, "Integrity").

Every append is a commit on the record's ref, so the ref's first-parent history,
oldest first, holds every version the record has had. Each version must extend the
one before it: the same header, and every event of the older version, unchanged, at
the same place. A commit's ``Sdlc-Head:`` line (written by every append) must be
the head of the record in its tree. And every version seen earlier (the ref's log
in a local repository, the clone's ``refs/sdlc/seen/<id>`` for a remote one) must
still be in that history: if not, the ref was force-pushed or reset, and the
current version is compared with the one seen.

Versions are compared as data first (parsed, not validated); only events that
differ as data are validated and compared by their hash, so a history of hundreds
of versions is checked in one pass.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..integrity.chain import event_hash, head
from ..load.source import parse_yaml
from ..load.text import decode, max_file_bytes
from ..model.record import Event, Record
from ..rules.catalogue import Severity
from ..rules.findings import Finding, Report, about, resolve_severity
from .git_store import RECORDS, SEEN, GitStore
from .stored import record_id

_HEAD = re.compile(r"^Sdlc-Head: ([0-9a-f]{64})$", re.MULTILINE)
_HINT = (
    "find out who rewrote {ref} (the git host's audit log shows force-pushes); restore the "
    "ref to the last good version and append again what came after it, and protect "
    "refs/sdlc/records/* from force-pushes and deletion"
)


@dataclass(frozen=True, slots=True)
class Version:
    """One commit of a record's ref: its id, message and the record's parsed data
    (``None``, with ``error``, when the commit holds no readable record)."""

    commit: str
    message: str
    data: dict[str, Any] | None
    error: str = ""


def history_findings(
    store: GitStore,
    record: Record,
    name: str,
    severity: Mapping[str, Severity] | None = None,
    *,
    strict: bool = False,
) -> list[Finding]:
    """The ``rewritten-history`` findings of ``record``, read from ``store`` as
    ``name`` (its current version, which the store read last)."""
    level = resolve_severity("rewritten-history", severity, strict=strict)
    if level is Severity.OFF:
        return []
    rid = record_id(name)
    ref = RECORDS + rid
    tip = store.commit(store.tip_ref(rid))
    if tip is None:
        return []
    found: list[Finding] = []

    def add(message: str, at: Record = record, event: int | None = None) -> None:
        found.append(
            about(at, "rewritten-history", level, message, _HINT.format(ref=ref), event=event)
        )

    if record.id != rid:
        add(
            f"the ref {ref} holds record {record.id}, not {rid}: the record was put on "
            "another record's ref"
        )
    commits = store.git.text("rev-list", "--first-parent", "--reverse", tip).split()
    versions = _versions(store, commits, name)
    for older, newer in itertools.pairwise(versions):
        _compare(older, newer, add, f"commit {_short(newer.commit)}", "the version before it")
    for version in versions:
        _noted_head(version, add)
    _seen(store, rid, tip, versions[-1] if versions else None, add)
    return found


def _versions(store: GitStore, commits: list[str], name: str) -> list[Version]:
    """Every version of the record, oldest first, read by one ``git cat-file``."""
    entry = name if "." in name else store.entry(commits[-1]) or name
    wanted = [n for c in commits for n in (c, f"{c}:{entry}")]
    objects = store.objects(*wanted)
    versions = []
    for i, commit in enumerate(commits):
        meta, blob = objects[2 * i], objects[2 * i + 1]
        message = meta[1].decode("utf-8", "replace").partition("\n\n")[2] if meta else ""
        if blob is None:
            versions.append(Version(commit, message, None, f"its tree holds no {entry}"))
            continue
        try:
            versions.append(Version(commit, message, _parse(blob[1], entry)))
        except InputError as exc:
            versions.append(Version(commit, message, None, exc.user_message().splitlines()[0]))
    return versions


def _parse(raw: bytes, entry: str) -> dict[str, Any]:
    """A version's data, read within the limits a record file is read within."""
    if len(raw) > max_file_bytes():
        raise InputError(f"{entry} is larger than {max_file_bytes():,} bytes")
    text = decode(raw, entry)
    try:
        data = json.loads(text) if entry.lower().endswith(".json") else None
    except (ValueError, RecursionError):
        data = None
    if data is None:
        data = parse_yaml(text, entry).data
    if not isinstance(data, dict):
        raise InputError(f"{entry} is not a mapping of fields")
    return data


Add = Callable[..., None]
"""Records a finding: its message, the record version it names, the event's number."""


def _compare(older: Version, newer: Version, add: Add, what: str, before: str) -> bool:
    """Report how ``newer`` fails to extend ``older`` (``what`` names the newer version,
    ``before`` the older one, in the message); whether it does."""
    if older.data is None:
        return False  # reported as unreadable in its own turn
    was = f"{before} (commit {_short(older.commit)})"
    if newer.data is None:
        add(f"{what} holds no readable record ({newer.error}), unlike {was}")
        return True
    if _header(older.data) != _header(newer.data) and _top(older.data) != _top(newer.data):
        add(
            f"{what} changed the record's header (id, process, title, team, author, "
            f"declared risk, attributes or subject) of {was}"
        )
        return True
    old_events, new_events = _events(older.data), _events(newer.data)
    for number, item in enumerate(old_events, start=1):
        if number > len(new_events):
            change = f"{what} dropped this event, which {was} held"
        elif item != new_events[number - 1] and not _same_event(item, new_events[number - 1]):
            change = f"{what} changed this event of {was}"
        else:
            continue
        old = _record(older.data)
        if old is None:
            add(f"event #{number}: {change}")
        else:
            add(change, old, number)
        return True
    return False


def _noted_head(version: Version, add: Add) -> None:
    noted = _HEAD.search(version.message)
    if noted is None or version.data is None:
        return
    events = _events(version.data)
    actual = _top({**version.data, "events": events[-1:]}, whole=True)
    if actual != noted[1]:
        add(
            f"commit {_short(version.commit)} notes the head {noted[1]}, but the record in "
            f"its tree ends at {actual or 'no readable event'}: the commit's record is not "
            "the one its append wrote"
        )


def _seen(store: GitStore, rid: str, tip: str, current: Version | None, add: Add) -> None:
    """Report the latest version seen earlier that the ref's history no longer holds."""
    if store.url is None:
        code, out, _ = store.git.attempt("log", "-g", "--format=%H", RECORDS + rid)
        earlier = out.split() if code == 0 else []
    else:
        seen = store.commit(SEEN + rid)
        earlier = [seen] if seen else []
    if not earlier or current is None:
        return
    history = set(store.git.text("rev-list", tip).split())
    lost = [c for c in dict.fromkeys(earlier) if c not in history]
    if not lost:
        return
    (old,) = _versions(store, lost[:1], store.entry(lost[0]) or f"{rid}.yaml")
    what = f"the ref, force-pushed or reset to commit {_short(tip)},"
    if not _compare(old, current, add, what, "the version seen earlier"):
        add(
            f"the ref no longer leads to commit {_short(lost[0])}, seen earlier: it was "
            f"force-pushed or reset (it is now at commit {_short(tip)}), though every "
            "event of that version is still there"
        )


def _header(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "events"}


def _events(data: dict[str, Any]) -> list[Any]:
    events = data.get("events")
    return events if isinstance(events, list) else []


def _top(data: dict[str, Any], *, whole: bool = False) -> str | None:
    """The hash of the version's header (with ``whole``, its head: the data then holds
    its last event only), or ``None`` when it does not validate."""
    part = data if whole else {**data, "events": []}
    record = _record(part)
    return head(record) if record is not None else None


def _record(data: dict[str, Any]) -> Record | None:
    """The version as a record, or ``None`` when it does not validate."""
    try:
        return Record.model_validate(data)
    except ValueError:
        return None


def _same_event(a: Any, b: Any) -> bool:
    """Whether two events that differ as data are the same event (same hash)."""
    try:
        return event_hash(Event.model_validate(a)) == event_hash(Event.model_validate(b))
    except ValueError:
        return False


def _short(commit: str) -> str:
    return commit[:12]


def deleted_reports(
    store: GitStore, severity: Mapping[str, Severity] | None = None, *, strict: bool = False
) -> list[Report]:
    """A report with a ``rewritten-history`` finding for each record the store's clone
    saw that the store no longer holds: a deleted ref is the shortest rewrite."""
    level = resolve_severity("rewritten-history", severity, strict=strict)
    if level is Severity.OFF:
        return []
    return [
        Report(
            rid,
            findings=[
                Finding(
                    "rewritten-history",
                    level,
                    f"record {rid}: its ref {RECORDS}{rid} was deleted; this clone saw it at "
                    f"commit {_short(commit)}",
                    _HINT.format(ref=RECORDS + rid),
                    record=rid,
                )
            ],
        )
        for rid, commit in sorted(store.gone().items())
    ]
