"""Who reads a report besides the person who ran the check, and what they may see.

SARIF, JSON and JUnit go to other machines (code scanning, CI dashboards, scripts);
none of them may carry a path of the machine that wrote them. An :class:`Audience`
holds the source root that paths are shown relative to, the handbook's address
for rule links, and what the git checkout says about itself (see
docs/design.md, "The pipeline").
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MAX_SARIF_RESULTS = 25_000
"""Results GitHub code scanning accepts in one run; beyond it the least severe go."""


@dataclass(frozen=True, slots=True)
class Checkout:
    """What a git checkout says about itself, for SARIF's version control provenance."""

    revision: str
    """The commit checked out (``git rev-parse HEAD``)."""
    repository_uri: str | None = None
    """The ``origin`` remote as a URI without credentials; ``None`` when it is not one."""
    branch: str | None = None


@dataclass(frozen=True, slots=True)
class Audience:
    """How a report is shown to others: paths relative to ``root`` (the current
    folder when ``None``), rule links under ``help_uri_base``, the checkout."""

    root: Path | None = None
    help_uri_base: str | None = None
    checkout: Checkout | None = None
    max_results: int = MAX_SARIF_RESULTS
    _prefixes: tuple[str, ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        folders = [self.base, _absolute(Path.cwd())]  # the root first: paths under it
        prefixes = dict.fromkeys(str(f).rstrip(os.sep) + os.sep for f in folders)
        object.__setattr__(self, "_prefixes", tuple(prefixes))

    @property
    def base(self) -> Path:
        """The folder paths are shown relative to."""
        return _absolute(self.root if self.root is not None else Path.cwd())

    def relative(self, path: str) -> str:
        """``path`` (absolute, or relative to the current folder) relative to the root,
        with ``/`` between names; a path outside the root as given when relative, its
        file name when absolute: never a path of this machine."""
        full = _absolute(Path(path))
        try:
            return PurePosixPath(*full.relative_to(self.base).parts).as_posix()
        except ValueError:
            shown = self.scrub(path)
            return full.name if os.path.isabs(shown) else shown.replace(os.sep, "/")

    def scrub(self, text: str, path: str | None = None) -> str:
        """``text`` with the root and the current folder taken out of the paths it holds,
        and ``path`` (a record's, as given) shown as :meth:`relative` shows it."""
        if path is not None and os.path.isabs(path):
            text = text.replace(path, self.relative(path))
        for prefix in self._prefixes:
            text = text.replace(prefix, "")
        return text


def _absolute(path: Path) -> Path:
    """``path`` made absolute and normalised, without following links."""
    return Path(os.path.normpath(os.path.abspath(path)))
