"""``sdlc record append``: add an event to a record, chained, signed and locked.

The options become an :class:`~sdlc.model.record.Event`: ``--at`` a time with its
zone, each ``--evidence`` a reference with the SHA-256 of a local file, ``--key`` a
signing key whose id the roster confirms is the actor's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...errors import InputError, Location, UsageError
from ..options import Exit, command, now_or
from ..stores import git_store, record_path, store_name, store_option
from .fields import option_error

if TYPE_CHECKING:
    from ...integrity.signing import SigningKey
    from ..options import Subcommands

_EXAMPLE = (
    "  sdlc record append changes/EID-2417.yaml --stage build --actor ci \\\n"
    "      --subject e16f242821aeb85e085c2ec0e67a20b6db30f360 --produces sha256:32b8f63… \\\n"
    "      --evidence sbom=build/sbom.cdx.json --key ci.pem --key-id ci-2026"
)


def register(actions: Subcommands) -> None:
    """Add ``sdlc record append``."""
    p = command(actions, "append", "Add an event: chained, signed, locked.", _EXAMPLE, run)
    p.add_argument(
        "record",
        metavar="RECORD",
        help="the record file (.yaml, .yml or .json); with --store, its name in the store",
    )
    p.add_argument("--stage", required=True, help="the stage performed")
    p.add_argument("--actor", required=True, help="who performed it, as the roster names them")
    p.add_argument(
        "--outcome",
        choices=("done", "approved", "rejected", "failed"),
        default="done",
        help="how it ended (default: done)",
    )
    p.add_argument("--subject", required=True, help="the commit or artifact digest it was about")
    p.add_argument("--at", metavar="TIME", help="when, ISO 8601 with a zone (default: now)")
    p.add_argument(
        "--produces", action="append", default=[], metavar="DIGEST", help="artifact built"
    )
    p.add_argument(
        "--covers", action="append", default=[], metavar="PROVIDER", help="eID provider tested"
    )
    p.add_argument(
        "--evidence",
        action="append",
        default=[],
        metavar="KIND=URI",
        help="evidence (repeatable); a local file's SHA-256 is recorded, or give it as "
        "KIND=URI=sha256:HEX",
    )
    p.add_argument("--note", default="", help="free text")
    p.add_argument("--key", metavar="FILE", help="sign with this ed25519 private key")
    p.add_argument("--key-id", metavar="ID", help="the key's id in the roster")
    p.add_argument(
        "--roster", metavar="ROSTER", help="find the key's id here, and check it is the actor's"
    )
    p.add_argument(
        "--no-chain",
        action="store_true",
        help="append to an unchained record without starting a chain",
    )
    p.add_argument(
        "--timeout", type=float, default=60.0, metavar="SECONDS", help="wait for the lock"
    )
    store_option(p)


def run(args: argparse.Namespace) -> int:
    """Append the event under the record's lock; print the new head."""
    from pydantic import ValidationError

    from ...integrity.writer import append, record_format
    from ...model.record import Event

    store = git_store(args)
    path = Path(store_name(args.record)) if store else record_path(args, args.record)
    record_format(path)
    at = now_or(args.at, "--at")
    fields: dict[str, Any] = {
        "stage": args.stage,
        "actor": args.actor,
        "at": at,
        "outcome": args.outcome,
        "subject": args.subject,
        "produces": args.produces,
        "covers": args.covers,
        "evidence": [_evidence(item, path.parent) for item in args.evidence],
        "note": args.note,
    }
    try:
        event = Event.model_validate(fields)
    except ValidationError as exc:
        raise UsageError(option_error(exc)) from None
    key = _signing_key(args, event.actor, at) if args.key else None
    if args.key is None and (args.key_id is not None):
        raise UsageError("--key-id needs --key, the private key to sign with")
    if store is not None:
        from ...store.appending import append_to

        done = append_to(store, path.name, event, key=key, chain=not args.no_chain)
        where = store.where(path.name)
    else:
        done = append(path, event, key=key, chain=not args.no_chain, timeout=args.timeout)
        where = str(path)
    signed = f", signed with key {key.id}" if key is not None else ""
    print(
        f"appended event #{done.number} '{event.stage}' by {event.actor} to {where}{signed}; "
        f"head {done.head}"
    )
    return Exit.CLEAN


_EVIDENCE = re.compile(r"^(?P<kind>[^=]+)=(?P<uri>.+?)(=sha256:(?P<sha>[0-9a-f]{64}))?$")


def _evidence(item: str, folder: Path) -> dict[str, str]:
    """One ``--evidence``, with the digest given or that of the local file it names."""
    from ...integrity.digests import DigestCache, local_path

    match = _EVIDENCE.match(item)
    if match is None:
        raise UsageError(
            f"--evidence {item!r}: expected KIND=URI, e.g. test-report=reports/junit.xml"
        )
    out = {"kind": match["kind"], "uri": match["uri"]}
    digest = match["sha"]
    if digest is None:
        path = local_path(match["uri"], folder)
        digest = DigestCache().sha256(path) if path is not None else None
    if digest is not None:
        out["sha256"] = digest
    return out


def _signing_key(args: argparse.Namespace, actor: str, at: dt.datetime) -> SigningKey:
    """``--key`` with its id: given, or found in ``--roster``, which must list it as
    ``actor``'s and valid at ``at``."""
    from ...integrity.signing import SigningKey, public_base64, read_private_key

    private = read_private_key(args.key)
    key_id: str | None = args.key_id
    if args.roster is not None:
        from ...load.loaders import load_roster
        from ...model.roster import raw_public_key

        roster = load_roster(args.roster)
        mine = raw_public_key(public_base64(private))
        listed = [(p, k) for p in roster.people for k in p.keys if k.raw == mine]
        if not listed:
            raise InputError(
                "the roster lists no public key for this private key",
                location=Location(args.roster),
                hint=f"add it to {actor}'s keys: public_key: {public_base64(private)}",
            )
        owner, entry = listed[0]
        if key_id is not None and key_id != entry.id:
            raise UsageError(f"--key-id {key_id}: the roster lists this key as {entry.id!r}")
        if owner.id != actor:
            raise UsageError(f"--key: the roster lists this key for {owner.id}, not for {actor}")
        if not entry.valid_at(at):
            raise UsageError(f"--key: key {entry.id!r} is valid {entry.validity()}, not at {at}")
        key_id = entry.id
    if key_id is None:
        raise UsageError("--key needs --key-id, or --roster to find the key's id")
    return SigningKey(key_id, private)
