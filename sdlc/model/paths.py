"""What a change touches, told by the files its commits change: a process's map
from path patterns to the components and data classes those files belong to.

A pattern is a glob over repository-relative paths with ``/`` between folders:
``*`` matches within one folder name, ``?`` one character of it, and ``**`` any
number of whole folders (``src/session/**`` is every file under
``src/session/``; ``**/*.sql`` every SQL file). The checker derives a change's
components and data classes from the paths its events record (``touches``, which
``sdlc record import git`` writes) and reports ``diff-underdeclared`` when the
record declares less (see docs/design.md, "When each rule fires").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Annotated

from pydantic import Field, field_validator

from .types import Model, Slug

PathGlob = Annotated[
    str,
    Field(
        min_length=1,
        max_length=500,
        pattern=r"^[^/\\\x00-\x1f][^\\\x00-\x1f]*$",
        description="A glob over repository-relative paths: *, ? and ** (any folders).",
    ),
]


@lru_cache(maxsize=4096)
def glob_pattern(glob: str) -> re.Pattern[str]:
    """The regular expression that matches the paths ``glob`` names, whole."""
    out = []
    i = 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:[^/]+/)*")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return re.compile("".join(out))


class PathMap(Model):
    """Which files belong to which component and data class."""

    components: dict[Slug, tuple[PathGlob, ...]] = Field(
        {},
        description="Per component, the globs of the files that belong to it; a change whose "
        "commits touch one of them touches the component.",
    )
    data_classes: dict[Slug, tuple[PathGlob, ...]] = Field(
        {},
        description="Per data class, the globs of the files that handle it.",
    )

    @field_validator("components", "data_classes")
    @classmethod
    def _some(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        for name, globs in value.items():
            if not globs:
                raise ValueError(f"{name} MUST list at least one path glob")
            for glob in globs:
                if ".." in glob.split("/"):
                    raise ValueError(f"{name}: {glob!r} MUST NOT climb out with '..'")
        return value

    def matches(self, path: str) -> list[tuple[str, str, str]]:
        """``(kind, name, glob)`` for every component and data class ``path`` belongs
        to; ``kind`` is ``components`` or ``data_classes``."""
        found = []
        for kind in ("components", "data_classes"):
            for name, globs in getattr(self, kind).items():
                for glob in globs:
                    if glob_pattern(glob).fullmatch(path):
                        found.append((kind, name, glob))
                        break
        return found
