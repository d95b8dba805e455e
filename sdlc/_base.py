"""The base every sdlc model shares: frozen, unknown fields refused, scalars strict.

pydantic's lax mode never turns a number into a string, so text fields are strict
already; integer fields use ``StrictInt`` so that ``"2"`` or ``2.5`` is refused.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]{0,63}$"),
]
"""An identifier: lower-case letters, digits, '.', '_' and '-', at most 64 characters.

Identifiers become file names and links in the handbook, so they can never hold a
path separator, '..' at the start, spaces, Markdown or HTML.
"""

Text = Annotated[str, StringConstraints(max_length=20_000)]
"""Free text (Markdown where a field says so); shown escaped, never executed."""


class Model(BaseModel):
    """Frozen and refusing unknown fields."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        strict=False,  # lists become tuples, dates parse; scalars are strict per type
        populate_by_name=True,
        use_attribute_docstrings=False,
    )
