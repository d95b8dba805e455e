"""Composed YAML nodes turned into plain data, with every position kept and every
safety limit enforced: no tags, no merge keys, no duplicate keys, no alias bombs,
no deep nesting and no more values than :data:`~sdlc.limits.NODES` allows.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..errors import InputError, Location
from ..limits import ALIASES, DEPTH, NODES
from .document import Document, Path_

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


def too_deep(location: Location) -> InputError:
    """The refusal of a document nested more deeply than :data:`~sdlc.limits.DEPTH`."""
    return InputError(
        f"nested more deeply than the limit of {DEPTH.value()} levels",
        location=location,
        hint="flatten the document, or raise the limit with SDLC_MAX_DEPTH",
    )


class Builder:
    """Turns composed YAML nodes into plain data, enforcing the safety limits."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.seen: set[int] = set()
        self.aliases = 0
        self.nodes = 0
        self.max_aliases = ALIASES.value()
        self.max_nodes = NODES.value()
        self.max_depth = DEPTH.value()

    def _where(self, node: yaml.Node) -> Location:
        return Location(
            self.doc.path,
            node.start_mark.line + 1 + self.doc.line_offset,
            node.start_mark.column + 1,
        )

    def build(self, node: yaml.Node, at: Path_, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise InputError(
                f"the document expands to more than {self.max_nodes:,} values",
                location=self._where(node),
                hint="split the document, or raise the limit with SDLC_MAX_NODES",
            )
        if depth > self.max_depth:
            raise too_deep(self._where(node))
        if isinstance(node, yaml.CollectionNode):
            if id(node) in self.seen:
                self.aliases += 1
                if self.aliases > self.max_aliases:
                    raise InputError(
                        f"the document repeats values through aliases more than "
                        f"{self.max_aliases} times",
                        location=self._where(node),
                        hint="this looks like an alias bomb; write the values out instead of "
                        "using '&anchor' and '*alias', or raise the limit with SDLC_MAX_ALIASES",
                    )
            self.seen.add(id(node))
        kind = _PLAIN_TAGS.get(node.tag)
        if kind is None:
            raise self._tag_error(node)
        self.doc.values[at] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if kind == "map":
            assert isinstance(node, yaml.MappingNode)
            return self._mapping(node, at, depth)
        if kind == "seq":
            assert isinstance(node, yaml.SequenceNode)
            return [self.build(item, (*at, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        if kind != "str":
            self.doc.texts[at] = node.value
        return _scalar(kind, node.value)

    def _tag_error(self, node: yaml.Node) -> InputError:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!", 1)
        return InputError(
            f"tag {tag!r} is not allowed (expected plain text, numbers, booleans, lists "
            "and mappings)",
            location=self._where(node),
            hint="remove the tag; sdlc never builds objects from YAML",
        )

    def _mapping(self, node: yaml.MappingNode, at: Path_, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise InputError(
                    "merge keys ('<<') are not allowed",
                    location=self._where(key_node),
                    hint="write the keys out in full",
                )
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag not in _PLAIN_TAGS:
                raise self._tag_error(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                found = "a list" if isinstance(key_node, yaml.SequenceNode) else "a mapping"
                raise InputError(
                    f"expected a plain text key, found {found}",
                    location=self._where(key_node),
                    hint="mapping keys must be plain names",
                )
            key = str(_scalar(_PLAIN_TAGS[key_node.tag], key_node.value))
            if key in out:
                first = self.doc.keys[(*at, key)]
                raise InputError(
                    f"duplicate key {key!r} (first defined at line "
                    f"{first[0] + self.doc.line_offset})",
                    location=self._where(key_node),
                    hint="remove one of the two entries",
                )
            self.doc.keys[(*at, key)] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            out[key] = self.build(value_node, (*at, key), depth + 1)
        return out


def _scalar(kind: str, text: str) -> Any:
    """Resolve a plain scalar. Timestamps stay text: the models parse dates."""
    if kind == "int":
        clean = text.replace("_", "")
        sign = -1 if clean.startswith("-") else 1
        digits = clean.lstrip("+-")
        if digits.startswith("0x"):
            return sign * int(digits[2:], 16)
        if digits.startswith("0o"):
            return sign * int(digits[2:], 8)
        if digits.startswith("0b"):
            return sign * int(digits[2:], 2)
        if len(digits) > 1 and digits.startswith("0") and digits.isdigit():
            return sign * int(digits, 8)
        return sign * int(digits)
    if kind == "float":
        low = text.lower().replace("_", "")
        if low in (".nan", "+.nan", "-.nan"):
            return float("nan")
        if low.endswith(".inf"):
            return float("-inf") if low.startswith("-") else float("inf")
        return float(low)
    if kind == "bool":
        return text.lower() in ("yes", "true", "on", "y")
    if kind == "null":
        return None
    return text
