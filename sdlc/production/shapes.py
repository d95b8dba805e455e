"""Reading values out of a snapshot document by the shape they must have, each
wrong one refused with its file, line and column (see docs/design.md, "Errors and
exit codes").
"""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from ..load.document import Document, Path_

EXPECTED = (
    "expected the output of 'kubectl get pods -A -o json' (a List of Pods), of "
    "'docker inspect' (a list of containers and images), or lines of NAME DIGEST"
)
"""What a snapshot may be, as messages say it."""
HINT = "make the snapshot with one of those commands, unedited, or name its kind with --kind"
_AGAIN = "the snapshot looks edited or cut short: make it again with the tool that wrote it"


def found(value: object) -> str:
    """What a value is, as a message names it: ``a list``, ``the text 'x'``…"""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    if value is None:
        return "nothing (null)"
    return f"the value {value!r}"


def refuse(doc: Document, at: Path_, message: str, hint: str = _AGAIN) -> InputError:
    """A located refusal of the value at ``at``."""
    return InputError(message, location=doc.locate(at), hint=hint)


def mapping(doc: Document, at: Path_, what: str, *, required: bool = True) -> dict[str, Any]:
    """The mapping at ``at`` (``{}`` when absent and not required)."""
    value = _get(doc, at)
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise refuse(doc, at, f"{what}: expected a mapping, found {found(value)}")
    return value


def sequence(doc: Document, at: Path_, what: str) -> list[Any]:
    """The list at ``at`` (``[]`` when absent or null)."""
    value = _get(doc, at)
    if value is None:
        return []
    if not isinstance(value, list):
        raise refuse(doc, at, f"{what}: expected a list, found {found(value)}")
    return value


def text(doc: Document, at: Path_, what: str, *, default: str | None = None) -> str:
    """The text at ``at``; ``default`` when absent (required when ``default`` is None)."""
    value = _get(doc, at)
    if value is None and default is not None:
        return default
    if value is None:
        raise refuse(doc, at, f"{what} is missing")
    if not isinstance(value, str):
        raise refuse(doc, at, f"{what}: expected text, found {found(value)}")
    return value


def _get(doc: Document, at: Path_) -> Any:
    value: Any = doc.data
    for step in at:
        if isinstance(step, int):
            if not isinstance(value, list) or step >= len(value):
                return None
        elif not isinstance(value, dict):
            return None
        value = value[step] if isinstance(step, int) else value.get(step)
    return value
