"""The chain of context a message starts with: ``At Stage(id='code-review') ==>
At key: performers``, naming each item along a data path by its id (see
docs/design.md, "Errors and exit codes").
"""

from __future__ import annotations

from typing import Any

from .document import Path_
from .quoting import shown

_CONTAINERS = {
    "stages": "Stage",
    "people": "Person",
    "events": "Event",
    "rules": "RiskRule",
    "roles": "Role",
    "evidence_kinds": "EvidenceKind",
    "depends_on": "Dependency",
    "evidence": "Evidence",
    "all": "Condition",
    "any": "Condition",
    "waivers": "Waiver",
    "keys": "PublicKey",
}


def context_chain(data: Any, path: Path_) -> list[str]:
    """``At Stage(id='x') ==> At key: performers`` for the items along ``path``.

    Items of known collections are named by id (``Stage(id='x')``), so the
    collection's own key is left out; a position in a list of plain names is left
    to the line and column (``At key: performers``).
    """
    chain: list[str] = []
    node = data
    parent_key: str | None = None
    for position, part in enumerate(path):
        if isinstance(node, dict) and isinstance(part, str):
            child = node.get(part)
            if parent_key in ("roles", "evidence_kinds") and isinstance(child, dict):
                chain.append(f"At {_CONTAINERS[parent_key]}(id={shown(part)})")
            elif not (part in _CONTAINERS and _is_item(child, path[position + 1 : position + 2])):
                chain.append(f"At key: {part}")
            parent_key = part
            node = child
        elif isinstance(node, list) and isinstance(part, int):
            item = node[part] if 0 <= part < len(node) else None
            if isinstance(item, dict | list):
                chain.append(_item_label(parent_key, part, item))
            parent_key = None
            node = item
        else:
            break
    return chain


def _is_item(node: Any, rest: Path_) -> bool:
    """Whether ``rest`` picks an item out of ``node`` that the chain names on its own."""
    if not rest:
        return False
    key = rest[0]
    if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
        return isinstance(node[key], dict | list)
    return isinstance(node, dict) and isinstance(node.get(key), dict)


def _item_label(container: str | None, index: int, item: Any) -> str:
    name = _CONTAINERS.get(container or "")
    if name is None:
        return f"At index {index}"
    if isinstance(item, dict):
        if container == "roles" and isinstance(item.get("role"), str):  # a person's grant
            return f"At RoleGrant(role={shown(item['role'])})"
        if isinstance(item.get("id"), str):
            return f"At {name}(id={shown(item['id'])})"
        if container == "events" and isinstance(item.get("stage"), str):
            return f"At {name}(#{index + 1}, stage={shown(item['stage'])})"
    return f"At {name}(#{index + 1})"
