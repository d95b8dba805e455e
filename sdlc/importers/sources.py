"""What an importer proves: events, each with the id of the evidence it came from.

Every imported event's note ends with a line ``source: <kind>/<id>``: the id the
evidence has in its own system (a GitHub review's id, a commit's hash, a report
file's SHA-256). An import adds an event only when no event of the record carries
its source, which makes importing the same evidence twice add nothing (see
docs/collecting.md). Source kinds:

- ``commit/<sha>``: an implementation event for a commit, whichever importer read
  it (``git``, ``github-reviews``), so the same commit is never implemented twice;
- ``github-review/<id>``, ``gitlab-approval/<project>/<iid>/<user id>/<approved_at>``;
- ``junit/<sha256>``, ``sarif/<sha256>``: the SHA-256 of the report file (of all
  of them, in order, for several files in one event);
- ``slsa/<sha256>``, ``in-toto-link/<sha256>``: the SHA-256 of the statement's or
  link's canonical JSON.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ..errors import InputError, Location
from ..model.record import Event

SOURCE_LINE = re.compile(r"^source: ([A-Za-z0-9][A-Za-z0-9._:/@+-]{0,300})$", re.MULTILINE)
"""A ``source:`` line of an event's note."""


@dataclass(frozen=True, slots=True)
class Proven:
    """An event the evidence proves (not yet chained or signed), the source it came
    from, and one line saying what it is, for people."""

    event: Event
    source: str
    summary: str


@dataclass(frozen=True, slots=True)
class Evidence:
    """What one import read: the events it proves, what it left out and why, and the
    sources it says no longer hold (a dismissed review), with the reason."""

    kind: str
    proven: tuple[Proven, ...]
    skipped: tuple[str, ...] = ()
    revoked: tuple[tuple[str, str], ...] = ()


def note(lines: Sequence[str], source: str) -> str:
    """A note of ``lines`` that ends with the ``source:`` line."""
    return "\n".join([*lines, f"source: {source}"])


def new_event(fields: dict[str, Any], location: Location | None = None) -> Event:
    """The event of ``fields``; an :class:`InputError` (at ``location``, where the
    evidence says it) naming the field the record model refuses."""
    try:
        return Event.model_validate(fields)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        name = ".".join(str(part) for part in error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        if error["type"] == "string_pattern_mismatch":
            message = "not a valid identifier or digest here"
        raise InputError(
            f"cannot record {name} {error.get('input')!r}: {message}", location=location
        ) from None


def commit_proven(
    stage: str,
    actor: str,
    commit: tuple[str, dt.datetime, str],
    lines: Sequence[str],
    location: Location | None = None,
    touches: tuple[str, ...] | None = None,
) -> Proven:
    """The implementation event of a commit (``commit`` is its sha, time and subject
    line), with ``lines`` in its note, the files it ``touches`` when they were read,
    and the commit as its source."""
    sha, committed, subject = commit
    source = f"commit/{sha}"
    fields: dict[str, Any] = {"stage": stage, "actor": actor, "at": committed, "subject": sha}
    if touches is not None:
        fields["touches"] = touches
    event = new_event({**fields, "note": note(lines, source)}, location)
    return Proven(event, source, f"commit {short(sha)} {subject!r}")


def counted(number: int, one: str, many: str | None = None) -> str:
    """``1 error``, ``2 errors``."""
    return f"{number} {one if number == 1 else many or one + 's'}"


def sources_of(event: Event) -> list[str]:
    """The sources an event's note names."""
    return SOURCE_LINE.findall(event.note)


def files_source(kind: str, digests: Sequence[str]) -> str:
    """The source of an event proven by report files with these SHA-256 digests: the
    file's own digest, or for several files the SHA-256 of their digests in order."""
    if len(digests) == 1:
        return f"{kind}/{digests[0]}"
    return f"{kind}/{hashlib.sha256(''.join(digests).encode()).hexdigest()}"


def facts(event: Event) -> tuple[object, ...]:
    """What an import proves about an event, and so what a second import of the same
    source must find again: stage, actor, outcome, subject, products and coverage."""
    return (event.stage, event.actor, event.outcome, event.subject, event.produces, event.covers)


def in_words(event: Event) -> str:
    """``'code-review' by kari-larsen, approved, for e16f242``."""
    text = f"{event.stage!r} by {event.actor}, {event.outcome.value}, for {short(event.subject)}"
    if event.produces:
        text += f", producing {', '.join(short(p) for p in event.produces)}"
    if event.covers:
        text += f", covering {', '.join(event.covers)}"
    return text


def short(digest: str) -> str:
    """A commit or digest as people read it: a commit's first 12 characters."""
    if ":" in digest:
        algorithm, _, value = digest.partition(":")
        return f"{algorithm}:{value[:12]}"
    return digest[:12] if re.fullmatch(r"[0-9a-f]{40,64}", digest) else digest
