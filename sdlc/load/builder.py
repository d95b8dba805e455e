"""YAML parser events turned into plain data, with every position kept and every
safety limit enforced as the events arrive: no tags, no merge keys, no duplicate
keys, no alias bombs, no deep nesting and no more values than
:data:`~sdlc.limits.NODES` allows (aliases are :mod:`.anchors`' to repeat).

Values are counted while the document is read, one event at a time, and never
after a tree of the whole document was built: a file of a million empty lists is
refused when the limit is reached, having cost no more than the values read so
far (see docs/limits.md). Building is a loop over an explicit stack, so no depth
of nesting can exhaust the interpreter's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import yaml

from ..errors import InputError, Location
from ..limits import DEPTH, NODES
from .anchors import Anchors
from .document import Document, Path_
from .quoting import shown
from .scalars import NUMBER_HINT, TooManyDigits, scalar

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "timestamp",
    "tag:yaml.org,2002:seq": "seq",
    "tag:yaml.org,2002:map": "map",
}
_MERGE = "tag:yaml.org,2002:merge"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class Events(Protocol):
    """What the builder needs of a YAML loader: its events and its tag resolver."""

    def get_event(self) -> Any: ...

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str: ...


def too_deep(location: Location) -> InputError:
    """The refusal of a document nested more deeply than :data:`~sdlc.limits.DEPTH`."""
    return InputError(
        f"nested more deeply than the limit of {DEPTH.value()} levels",
        location=location,
        hint="flatten the document, or raise the limit with SDLC_MAX_DEPTH",
    )


@dataclass(slots=True)
class _Open:
    """A list or mapping being read: where it is, and the key whose value comes next."""

    container: list[Any] | dict[str, Any]
    at: Path_
    depth: int
    anchor: str | None
    key: str | None = None


class Builder:
    """Reads one document's events into plain data, enforcing the safety limits."""

    def __init__(self, doc: Document, events: Events) -> None:
        self.doc = doc
        self.events = events
        self.anchors = Anchors(doc)
        self.nodes = 0
        self.max_nodes = NODES.value()
        self.max_depth = DEPTH.value()

    def _where(self, line: int, column: int) -> Location:
        return Location(self.doc.path, line + self.doc.line_offset, column)

    def _at(self, mark: Any) -> Location:
        return self._where(mark.line + 1, mark.column + 1)

    def build(self) -> Any:
        """The value of the document whose ``DocumentStartEvent`` was just read."""
        root: list[Any] = []
        stack = [_Open(root, (), -1, None)]
        get_event = self.events.get_event
        while True:
            event = get_event()
            top = stack[-1]
            kind = type(event)
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
                if top.anchor is not None:
                    self.anchors.close(top.anchor)
                if len(stack) == 1:
                    return root[0]
                continue
            container = top.container
            if type(container) is dict:
                if top.key is None:
                    top.key = self._key(event, top)
                    continue
                container[top.key] = self._value(event, (*top.at, top.key), top.depth + 1, stack)
                top.key = None
            else:
                assert isinstance(container, list)
                at = (*top.at, len(container)) if len(stack) > 1 else ()
                container.append(self._value(event, at, top.depth + 1, stack))
            if len(stack) == 1:
                return root[0]

    def _count(self, line: int, column: int, depth: int) -> None:
        """Count one value read (or repeated through an alias) against the limits."""
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise InputError(
                f"the document expands to more than {self.max_nodes:,} values",
                location=self._where(line, column),
                hint="split the document, or raise the limit with SDLC_MAX_NODES",
            )
        if depth > self.max_depth:
            raise too_deep(self._where(line, column))

    def _value(self, event: Any, at: Path_, depth: int, stack: list[_Open]) -> Any:
        if type(event) is yaml.AliasEvent:
            return self._alias(event, at, depth)
        mark = event.start_mark
        place = (mark.line + 1, mark.column + 1)
        self._count(*place, depth)
        kind = _PLAIN_TAGS.get(self._tag(event))
        if kind is None:
            raise self._tag_error(event)
        self.doc.values[at] = place
        value: Any
        if type(event) is yaml.ScalarEvent:
            if kind != "str":
                self.doc.texts[at] = event.value
            value = self._scalar(kind, event) if kind != "str" else event.value
        else:
            value = {} if kind == "map" else []
            stack.append(_Open(value, at, depth, event.anchor))
        if event.anchor is not None:
            self.anchors.define(event, value, at, self.doc.texts.get(at))
        return value

    def _tag(self, event: Any) -> str:
        tag: str | None = event.tag
        if tag is not None and tag != "!":
            return tag
        if type(event) is yaml.ScalarEvent:
            return self.events.resolve(yaml.ScalarNode, event.value, event.implicit)
        # SafeLoader resolves no collection by its path: a plain one is a list or mapping
        return _SEQ if type(event) is yaml.SequenceStartEvent else _MAP

    def _scalar(self, kind: str, event: Any) -> Any:
        try:
            return scalar(kind, event.value)
        except TooManyDigits as exc:
            where = self._at(event.start_mark)
            raise InputError(exc.message(), location=where, hint=NUMBER_HINT) from None

    def _alias(self, event: Any, at: Path_, depth: int) -> Any:
        anchor = self.anchors.target(event)
        if not anchor.done:  # the alias is inside the value it repeats: endlessly deep
            raise too_deep(self._at(anchor.mark))
        return self.anchors.repeat(anchor, at, depth, self._count)

    def _key(self, event: Any, top: _Open) -> str:
        """Read the key of the next entry of the mapping ``top``."""
        if isinstance(event, yaml.AliasEvent):
            anchor = self.anchors.target(event)
            if isinstance(anchor.value, dict | list):
                found = "a list" if isinstance(anchor.value, list) else "a mapping"
                raise self._not_plain(found, anchor.mark)
            key, mark = str(anchor.value), anchor.mark
        elif isinstance(event, yaml.ScalarEvent):
            tag = self._tag(event)
            mark = event.start_mark
            if tag == _MERGE:
                raise InputError(
                    "merge keys ('<<') are not allowed",
                    location=self._at(mark),
                    hint="write the keys out in full",
                )
            if tag not in _PLAIN_TAGS:
                raise self._tag_error(event)
            kind = _PLAIN_TAGS[tag]
            key = str(self._scalar(kind, event))
            if event.anchor is not None:
                text = event.value if kind != "str" else None
                self.anchors.define(event, self._scalar(kind, event), (*top.at, key), text)
        else:
            found = "a list" if isinstance(event, yaml.SequenceStartEvent) else "a mapping"
            raise self._not_plain(found, event.start_mark)
        assert isinstance(top.container, dict)
        path = (*top.at, key)
        if key in top.container:
            first = self.doc.keys[path]
            raise InputError(
                f"duplicate key {shown(key)} (first defined at line "
                f"{first[0] + self.doc.line_offset})",
                location=self._at(mark),
                hint="remove one of the two entries",
            )
        self.doc.keys[path] = (mark.line + 1, mark.column + 1)
        return key

    def _not_plain(self, found: str, mark: Any) -> InputError:
        return InputError(
            f"expected a plain text key, found {found}",
            location=self._at(mark),
            hint="mapping keys must be plain names",
        )

    def _tag_error(self, event: Any) -> InputError:
        tag = self._tag(event).replace("tag:yaml.org,2002:", "!!", 1)
        return InputError(
            f"tag {shown(tag)} is not allowed (expected plain text, numbers, booleans, lists "
            "and mappings)",
            location=self._at(event.start_mark),
            hint="remove the tag; sdlc never builds objects from YAML",
        )
