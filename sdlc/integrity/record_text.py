"""A record as the text of its file: YAML or JSON, and one event added at the end.

:func:`render` writes a whole record; :func:`splice` adds one event's text at the
end of the file as it stands, so comments and the layout of what is there stay
as they were (or says it cannot, for a layout such as a flow-style list).
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from ..load.document import Document
from ..model.record import Event, Record
from .chain import plain


def record_data(record: Record) -> dict[str, Any]:
    """A record as the plain data written to its file."""
    data = plain(record, exclude={"events"})
    if record.events:
        data["events"] = [event_data(e) for e in record.events]
    return data


def event_data(event: Event) -> dict[str, Any]:
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


def splice(
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
