"""Writing records: start one, and append events to it, chained, signed and safely.

Every write takes the record's lock (:mod:`sdlc.integrity.locking`), reads the record as
it is now, and replaces it atomically: the new text goes to a temporary file in
the same folder, is flushed to disk, and is renamed over the record. Readers and
a writer killed at any moment therefore see the old record or the new one,
whole; appenders running at the same time take turns, so no event is lost or
written twice.

An append adds the new event's text at the end of the file, so comments and the
layout of what is already there stay as they were. A YAML result is read back
and compared with what was meant before it replaces the record (JSON's grammar
makes that unnecessary there); where the file's layout does not allow a plain
append (a flow-style list, say), the record is written out again whole. YAML
(``.yaml``, ``.yml``) and JSON (``.json``) files are written in their own format.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..errors import InputError, Location
from ..limits import EVENTS
from ..load.loaders import validate
from ..load.source import Document, parse_yaml, read_text
from ..model.record import Event, Record
from .chain import event_hash, header_hash, plain, signing_payload
from .fileio import atomic_write
from .locking import DEFAULT_TIMEOUT, locked
from .signing import SigningKey

FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


@dataclass(frozen=True, slots=True)
class Appended:
    """What an append wrote: the event's number, the event, and the new head."""

    number: int
    event: Event
    head: str


def record_format(path: Path) -> str:
    """``yaml`` or ``json``, from the file's extension."""
    found = FORMATS.get(path.suffix.lower())
    if found is None:
        hint = "use a .yaml, .yml or .json file for one record"
        if path.suffix.lower() == ".jsonl":
            hint = "a JSON Lines file archives many records; " + hint
        raise InputError(
            f"cannot write a record to a '{path.suffix}' file",
            location=Location(str(path)),
            hint=hint,
        )
    return found


def create(path: Path, record: Record, *, timeout: float = DEFAULT_TIMEOUT) -> str:
    """Write a new record to ``path`` (which must not exist); return its header hash."""
    fmt = record_format(path)
    with locked(path, timeout):
        if path.exists():
            raise InputError(
                "the record already exists",
                location=Location(str(path)),
                hint="add events to it with 'sdlc record append', or choose another file",
            )
        _replace(path, render(record_data(record), fmt))
    return header_hash(record)


def append(
    path: Path,
    event: Event,
    *,
    key: SigningKey | None = None,
    chain: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
) -> Appended:
    """Append ``event`` to the record at ``path``, chained (unless ``chain`` is false)
    and signed with ``key`` when given; wait at most ``timeout`` seconds for another
    writer. Any ``prev`` or ``signature`` on ``event`` is replaced."""
    fmt = record_format(path)
    with locked(path, timeout):
        _sweep(path)
        text = read_text(path)
        record, count, data, doc = _read(text, path, fmt)
        limit = EVENTS.value()
        if count >= limit:
            raise InputError(
                f"the record already holds {limit:,} events, the most a record may hold",
                location=Location(str(path)),
                hint="start a new record for further work, or raise the limit with SDLC_MAX_EVENTS",
            )
        last = record.events[-1] if record.events else None
        fields = plain(event, exclude={"prev", "signature"})
        if chain:
            if last is not None and last.prev is None:
                raise InputError(
                    f"record {record.id} has {count} events without a hash chain, so a "
                    "chained event cannot protect them",
                    location=Location(str(path)),
                    hint="append with --no-chain to keep the record unchained, or start a new "
                    "record with 'sdlc record new'",
                )
            fields["prev"] = header_hash(record) if last is None else event_hash(last)
        elif last is not None and last.prev is not None:
            raise InputError(
                f"record {record.id} is hash-chained; an unchained event would break it",
                location=Location(str(path)),
                hint="append without --no-chain",
            )
        if key is not None:
            unsigned = Event.model_validate(fields)
            fields["signature"] = {"key": key.id, "value": key.sign(signing_payload(unsigned))}
        new = Event.model_validate(fields)
        item = _written(new)
        expected = {**data, "events": [*data.get("events", []), item]}
        spliced = _splice(text, data, item, doc)
        if spliced is None or (doc is not None and not _reads_as(spliced, path, expected)):
            spliced = render(expected, fmt)
        _replace(path, spliced)
    return Appended(count + 1, new, event_hash(new))


# -- reading ---------------------------------------------------------------------------


def _read(text: str, path: Path, fmt: str) -> tuple[Record, int, dict[str, Any], Document | None]:
    """The record's header and last event (as a record), how many events it holds, its
    plain data, and (for YAML) where everything is in the text.

    An append needs the header and the last event, so a large JSON record is read
    fast: it is parsed, and only those are validated (``sdlc record verify`` checks
    the rest). A YAML record is validated whole. Either raises a located
    :class:`InputError` when the record is unusable.
    """
    if fmt == "json":
        try:
            data = json.loads(text)
            events = data.get("events", []) if isinstance(data, dict) else None
            if isinstance(events, list):
                record = Record.model_validate({**data, "events": events[-1:]})
                return record, len(events), data, None
        except (ValueError, RecursionError, ValidationError):
            pass  # read it again the slow way, which says where and what is wrong
    doc = parse_yaml(text, str(path))
    whole = validate(Record, doc)
    assert isinstance(doc.data, dict)  # a record validates only from a mapping
    record = whole.model_copy(update={"events": whole.events[-1:]})
    return record, len(whole.events), doc.data, doc


def _reads_as(text: str, path: Path, expected: dict[str, Any]) -> bool:
    """Whether the YAML ``text`` holds exactly ``expected``."""
    try:
        return bool(parse_yaml(text, str(path)).data == expected)
    except InputError:
        return False


# -- writing -----------------------------------------------------------------------------


def record_data(record: Record) -> dict[str, Any]:
    """A record as the plain data written to its file."""
    data = plain(record, exclude={"events"})
    if record.events:
        data["events"] = [_written(e) for e in record.events]
    return data


def _written(event: Event) -> dict[str, Any]:
    """An event as written: its canonical fields, with the outcome always shown."""
    data = plain(event)
    return {
        "stage": data.pop("stage"),
        "actor": data.pop("actor"),
        "at": data.pop("at"),
        "outcome": event.outcome.value,
        **data,
    }


class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key, as people write YAML by hand."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _yaml(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=88,
    )


def _yaml_item(item: dict[str, Any], indent: int) -> str:
    """One list item, ``- stage: …`` with its dash at column ``indent``."""
    pad = " " * indent
    return "".join(pad + line + "\n" for line in _yaml([item]).splitlines())


def render(data: dict[str, Any], fmt: str) -> str:
    """The text of a whole record file."""
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    header = {k: v for k, v in data.items() if k != "events"}
    text = _yaml(header) if header else ""
    events = data.get("events")
    if events:
        text += "events:\n" + "\n".join(_yaml_item(e, 2) for e in events)
    return text


def _splice(
    text: str, data: dict[str, Any], item: dict[str, Any], doc: Document | None
) -> str | None:
    """``text`` with ``item`` added at the end of its events, or ``None`` when the
    layout does not allow that (the caller then writes the record out whole). ``doc``
    is the parsed YAML, ``None`` for JSON."""
    events = data.get("events")
    if "events" in data and list(data)[-1] != "events":
        return None
    if doc is None:
        return _json_splice(text, item) if events else None
    base = text.rstrip("\n") + "\n"
    if events is None:
        return base + "events:\n" + _yaml_item(item, 2)
    if not events or doc.keys.get(("events",), (0, 0))[1] != 1:
        return None
    line, column = doc.values[("events", 0)]
    dash = re.fullmatch(r"( *)- +", text.splitlines()[line - 1][: column - 1])
    if dash is None:
        return None
    return base + "\n" + _yaml_item(item, len(dash[1]))


_JSON_END = re.compile(r"\]\s*\}\s*\Z")


def _json_splice(text: str, item: dict[str, Any]) -> str | None:
    """Insert ``,<item>`` after the last event. The events are the top-level object's
    last key, so the ``]`` before its closing ``}`` ends them; JSON has no comments or
    trailing commas, so the result is the same document with one more event (no need
    to read it back, unlike YAML)."""
    match = _JSON_END.search(text, max(0, len(text) - 4096))
    if match is None:
        return None
    end = match.start()
    while end > 0 and text[end - 1] in " \t\r\n":
        end -= 1
    lines = json.dumps(item, indent=2, ensure_ascii=False).splitlines()
    return text[:end] + ",\n" + "\n".join("    " + line for line in lines) + text[end:]


def _replace(path: Path, text: str) -> None:
    atomic_write(path, text)
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder if str(folder) else ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


_TEMP = re.compile(r"^\.(?P<name>.+)\.[^.]+\.tmp$")


def _sweep(path: Path) -> None:
    """Remove temporary files a killed writer of this record left behind. Only writers
    holding the lock create them, and this runs under the lock, so none is in use."""
    folder = path.parent if str(path.parent) else Path(".")
    prefix = f".{path.name}."
    try:
        names = [n for n in os.listdir(folder) if n.startswith(prefix) and n.endswith(".tmp")]
    except OSError:
        return
    for name in names:
        match = _TEMP.match(name)
        if match and match["name"] == path.name:
            (folder / name).unlink(missing_ok=True)
