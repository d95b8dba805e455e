"""Which fields a model accepts at a place in the data, found by following the
models' annotations (for the list an unknown field's message offers).
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel

from .document import Path_


def fields_at(model: type[BaseModel], path: Path_) -> list[str]:
    """The field names (by alias) the model accepts at ``path`` in the data."""
    current: Any = model
    for part in path:
        current = _child_model(current, part)
        if current is None:
            return []
    if not (isinstance(current, type) and issubclass(current, BaseModel)):
        return []
    return [f.alias or name for name, f in current.model_fields.items()]


def _child_model(current: Any, part: str | int) -> Any:
    if isinstance(current, type) and issubclass(current, BaseModel):
        if not isinstance(part, str):
            return None
        for name, field in current.model_fields.items():
            if part in (name, field.alias):
                return _models_in(field.annotation)
        return None
    # a container annotation: descend into its item type
    return _models_in(current, item=True)


def _models_in(annotation: Any, *, item: bool = False) -> Any:
    """The model class an annotation holds (through Optional, tuple, dict, Annotated)."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _models_in(args[0], item=item)
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            found = _models_in(arg, item=item)
            if found is not None:
                return found
        return None
    if item and origin in (tuple, list):
        return _models_in(args[0])
    if item and origin is dict:
        return _models_in(args[1])
    if origin in (tuple, list, dict):
        return annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None
