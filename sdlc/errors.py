"""The one exception root of sdlc, and the location every message starts with.

Only :class:`SdlcError` and its subclasses are meant to reach a person: the CLI
catches them in one place, prints :meth:`SdlcError.user_message` and exits 2.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Location:
    """A place in an input file: 1-based line and column, when known."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.path
        if self.column is None:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"


class SdlcError(Exception):
    """Root of every error sdlc reports to a person."""

    def user_message(self) -> str:
        """The text a person sees: one message, no traceback."""
        return str(self)


class InputError(SdlcError):
    """An input that cannot be used: where it is, what is wrong, how to fix it.

    ``context`` is the chain from the document root to the offending item, in the
    style of cfgv: ``At Stage(id='code-review') ==> At key: performers``.
    """

    def __init__(
        self,
        message: str,
        *,
        location: Location | None = None,
        context: Sequence[str] = (),
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.location = location
        self.context = tuple(context)
        self.hint = hint
        super().__init__(self.user_message())

    def user_message(self) -> str:
        parts = [*self.context, self.message]
        text = " ==> ".join(parts)
        if self.location is not None:
            text = f"{self.location}: {text}"
        if self.hint:
            text = f"{text}\n  hint: {self.hint}"
        return text


class UsageError(SdlcError):
    """A command line that asks for something impossible."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``" Did you mean 'x'?"`` for the closest valid name, or ``""``."""
    import difflib  # for a mistake only, not at every start of the command

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" Did you mean {close[0]!r}?" if close else ""


def suggest(message: str, word: str, choices: Iterable[str]) -> str:
    """``message``, followed by a did-you-mean for ``word`` when a close name exists."""
    hint = did_you_mean(word, choices)
    return f"{message}.{hint}" if hint else message


def one_of(choices: Iterable[str]) -> str:
    """``"expected one of: a, b, c"`` with the names sorted."""
    names = sorted(choices)
    if not names:
        return "nothing is defined yet"
    return "expected one of: " + ", ".join(names)
