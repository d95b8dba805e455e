"""The base every sdlc model shares: frozen, unknown fields refused, scalars strict.

pydantic's lax mode never turns a number into a string, so text fields are strict
already; integer fields use ``StrictInt`` so that ``"2"`` or ``2.5`` is refused.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]{0,63}$"),
]
"""An identifier: lower-case letters, digits, '.', '_' and '-', at most 64 characters.

Identifiers become file names and links in the handbook, so they can never hold a
path separator, '..' at the start, spaces, Markdown or HTML.
"""

WINDOWS_DEVICES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{port}{n}" for port in ("com", "lpt") for n in range(1, 10)]
)


def _file_name(value: str) -> str:
    if value.split(".", 1)[0] in WINDOWS_DEVICES:
        raise ValueError(
            f"{value!r} cannot be a file name on Windows, where it names a device; "
            "this id becomes a file name in the handbook, so choose another"
        )
    if value.endswith("."):
        raise ValueError(
            f"{value!r} ends in '.', which Windows drops from file names; "
            "this id becomes a file name in the handbook, so choose another"
        )
    return value


FileSlug = Annotated[Slug, AfterValidator(_file_name)]
"""An identifier that also names a file or folder of the handbook (a process or a
stage): besides :data:`Slug`'s rules, not a device name Windows reserves (``con``,
``nul``, ``com1`` … alone or before a '.') and not ending in '.', which Windows
drops, so that every id gives a file of its own on every system."""

Text = Annotated[str, StringConstraints(max_length=20_000)]
"""Free text (Markdown where a field says so); shown escaped, never executed."""


class Model(BaseModel):
    """Frozen and refusing unknown fields; validators are built on first use.

    ``defer_build`` keeps importing the models cheap: the ``sdlc`` command builds only
    those its subcommand validates (a nested model is built as part of its parent).
    A default that is itself a model is therefore made with ``model_construct()``,
    which builds nothing and gives the same value as calling the model without
    arguments (no validator runs on an empty model).
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        strict=False,  # lists become tuples, dates parse; scalars are strict per type
        populate_by_name=True,
        use_attribute_docstrings=False,
        defer_build=True,
    )
