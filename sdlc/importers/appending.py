"""Appending a plan's events: through the same locked, chained, signed append as
``sdlc record append`` (:func:`sdlc.integrity.writer.append`), one event at a time.

A signing key (``--key``) is one person's: it signs the events whose actor the
roster lists it for, valid at the event's time, and no others; the events of
other people are appended unsigned (a stage marked ``signed`` then says so in
``sdlc check``). Everything that could refuse an event is checked before the first
append, so a refused import appends nothing (see docs/collecting.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..integrity.writer import Appended, append
from ..model.roster import PublicKey, Roster, raw_public_key
from .ledger import Plan
from .sources import Proven

if TYPE_CHECKING:
    from ..integrity.signing import SigningKey


@dataclass(frozen=True, slots=True)
class Signer:
    """A private key, and whose it is when the roster says (``owner``)."""

    key: SigningKey
    owner: str | None = None
    entry: PublicKey | None = None

    def signs(self, proven: Proven) -> bool:
        return self.owner is None or proven.event.actor == self.owner


def signer(path: str, key_id: str | None, roster: Roster | None) -> Signer:
    """The key in the file ``path``, its id given or found in the roster."""
    from ..integrity.signing import SigningKey, public_base64, read_private_key

    private = read_private_key(path)
    if roster is None:
        if key_id is None:
            raise UsageError("--key needs --key-id, or --roster to find the key's id")
        return Signer(SigningKey(key_id, private))
    mine = raw_public_key(public_base64(private))
    listed = [(p, k) for p in roster.people for k in p.keys if k.raw == mine]
    if not listed:
        raise UsageError(
            "--key: the roster lists no public key for this private key; add it to its "
            f"owner's keys: public_key: {public_base64(private)}"
        )
    owner, entry = listed[0]
    if key_id is not None and key_id != entry.id:
        raise UsageError(f"--key-id {key_id}: the roster lists this key as {entry.id!r}")
    return Signer(SigningKey(entry.id, private), owner.id, entry)


def check_signer(plan: Plan, key: Signer) -> None:
    """Refuse a key that would sign none of the new events, or sign one outside its
    validity, or (owner unknown) events by more than one person."""
    signed = [p for p in plan.new if key.signs(p)]
    if plan.new and not signed:
        actors = ", ".join(sorted({p.event.actor for p in plan.new}))
        raise UsageError(
            f"--key: the roster lists key {key.key.id!r} for {key.owner}, who performed none "
            f"of the events to import (by {actors})"
        )
    if key.owner is None and len({p.event.actor for p in signed}) > 1:
        raise UsageError(
            "--key: the events to import are by several people; give --roster, so that "
            "the key signs only its owner's"
        )
    for proven in signed:
        if key.entry is not None and not key.entry.valid_at(proven.event.at):
            raise UsageError(
                f"--key: key {key.key.id!r} is valid {key.entry.validity()}, not at "
                f"{proven.event.at.isoformat()} ({proven.summary})"
            )


def apply(
    plan: Plan, key: Signer | None, *, chain: bool = True, timeout: float = 60.0
) -> list[tuple[Proven, Appended, bool]]:
    """Append the plan's new events in order; each with what was written and whether
    it was signed."""
    if key is not None:
        check_signer(plan, key)
    done = []
    for proven in plan.new:
        signing = key is not None and key.signs(proven)
        written = append(
            plan.path,
            proven.event,
            key=key.key if key is not None and signing else None,
            chain=chain,
            timeout=timeout,
        )
        done.append((proven, written, signing))
    return done
