"""``sdlc record``: start, extend, verify and attest change records.

The commands are thin: :mod:`sdlc.integrity.writer` writes records (locked, atomic,
chained, signed), :mod:`sdlc.integrity` verifies them and :mod:`sdlc.integrity.attest`
exports the result. Like the rest of the CLI they exit 0 when clean, 1 on
findings and 2 on unusable input or usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, Location, UsageError
from .verify import attest_options, run_attest, run_verify, verify_options

if TYPE_CHECKING:
    from ..integrity.signing import SigningKey

EXIT_CLEAN, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2

_Command = Callable[[argparse.Namespace], int]
_Register = Callable[
    ["argparse._SubParsersAction[argparse.ArgumentParser]", str, str, str, _Command],
    argparse.ArgumentParser,
]

_PROCESS_HINT = "a process file, or its reference as id@version (e.g. eid-gateway@3.0)"


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], command: _Register
) -> None:
    """Add ``sdlc record`` and its actions, made with the CLI's ``command`` helper."""
    parser = command(
        subparsers,
        "record",
        "Start, extend, verify and attest change records (chained, signed, locked).",
        "  sdlc record new changes/EID-2417.yaml --id EID-2417 --process eid-gateway@3.0 \\\n"
        "      --component authentication --commit e16f242\n"
        "  sdlc record append changes/EID-2417.yaml --stage code-review --actor kari-larsen \\\n"
        "      --outcome approved --subject e16f242 --key kari.pem --roster roster.yaml\n"
        "  sdlc record verify changes/ --roster roster.yaml --require-chain",
        _usage(subparsers),
    )
    actions = parser.add_subparsers(title="actions", metavar="ACTION")
    _new(command(actions, "new", "Start a record: its id, process and subject.", _NEW, _cmd_new))
    _append(
        command(actions, "append", "Add an event: chained, signed, locked.", _APPEND, _cmd_append)
    )
    verify_options(
        command(
            actions,
            "verify",
            "Check records' integrity: chain, signatures, evidence digests.",
            "  sdlc record verify examples/tampered/EID-2417.yaml \\\n"
            "      --roster examples/tampered/signers.roster --process processes/eid-gateway.yaml",
            run_verify,
        )
    )
    _keygen(
        command(
            actions,
            "keygen",
            "Make an ed25519 key pair; print the roster entry of its public key.",
            "  sdlc record keygen --out ~/.sdlc/kari-larsen.pem --id kari-larsen-2026",
            _cmd_keygen,
        )
    )
    attest_options(
        command(
            actions,
            "attest",
            "Check a record and export the result as an in-toto statement (SLSA VSA v1).",
            "  sdlc record attest changes/EID-2417.yaml --process processes/eid-gateway.yaml \\\n"
            "      --roster roster.yaml --key release.pem --key-id release-2026 --output vsa.json",
            run_attest,
        )
    )


_NEW = (
    "  sdlc record new changes/EID-2417.yaml --id EID-2417 --process eid-gateway@3.0 \\\n"
    "      --title 'Enforce the minimum authentication level' --declared-risk high \\\n"
    "      --component authentication --provider bankid \\\n"
    "      --repository https://git.example.no/login/eid-gateway --commit e16f242"
)
_APPEND = (
    "  sdlc record append changes/EID-2417.yaml --stage build --actor ci \\\n"
    "      --subject e16f242821aeb85e085c2ec0e67a20b6db30f360 --produces sha256:32b8f63… \\\n"
    "      --evidence sbom=build/sbom.cdx.json --key ci.pem --key-id ci-2026"
)


def _usage(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> _Command:
    def show(args: argparse.Namespace) -> int:
        subparsers.choices["record"].print_help(sys.stderr)
        return EXIT_INPUT

    return show


# -- new ------------------------------------------------------------------------------------


def _new(p: argparse.ArgumentParser) -> None:
    p.add_argument("record", metavar="RECORD", help="the file to create (.yaml, .yml or .json)")
    p.add_argument("--id", required=True, help="the change's identifier, e.g. EID-2417")
    p.add_argument("--process", required=True, metavar="PROCESS", help=_PROCESS_HINT)
    p.add_argument("--title", default="", help="what the change is")
    p.add_argument("--team", help="the team that owns the change")
    p.add_argument("--author", help="who wrote the change")
    p.add_argument("--declared-risk", metavar="LEVEL", help="the risk level the team declares")
    for flag, kind in (
        ("--component", "components"),
        ("--data-class", "data classes"),
        ("--provider", "eID providers"),
        ("--flag", "flags"),
    ):
        p.add_argument(flag, action="append", default=[], help=f"{kind} touched (repeatable)")
    p.add_argument("--repository", help="repository URL or name")
    p.add_argument("--commit", help="the commit the change ends at")
    p.add_argument("--artifact", help="the digest of the artifact to deploy, when known")


_OPTIONS = {
    "id": "--id",
    "process": "--process",
    "title": "--title",
    "team": "--team",
    "author": "--author",
    "declared_risk": "--declared-risk",
    "components": "--component",
    "data_classes": "--data-class",
    "providers": "--provider",
    "flags": "--flag",
    "repository": "--repository",
    "commit": "--commit",
    "artifact": "--artifact",
    "stage": "--stage",
    "actor": "--actor",
    "outcome": "--outcome",
    "subject": "--subject",
    "at": "--at",
    "produces": "--produces",
    "covers": "--covers",
    "evidence": "--evidence",
    "note": "--note",
}


def _cmd_new(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from ..integrity.writer import create
    from ..model.record import Record

    data: dict[str, Any] = {
        "id": args.id,
        "process": _process_ref(args.process),
        "title": args.title,
        "team": args.team,
        "author": args.author,
        "declared_risk": args.declared_risk,
        "attributes": {
            "components": args.component,
            "data_classes": args.data_class,
            "providers": args.provider,
            "flags": args.flag,
        },
        "subject": {
            "repository": args.repository,
            "commit": args.commit,
            "artifact": args.artifact,
        },
    }
    try:
        record = Record.model_validate(data)
    except ValidationError as exc:
        raise UsageError(_option_error(exc)) from None
    top = create(Path(args.record), record)
    print(f"started record {record.id} in {args.record} ({record.process}); head {top}")
    return EXIT_CLEAN


def _process_ref(value: str) -> str:
    path = Path(value)
    if path.is_file():
        from ..load.loaders import load_process

        return load_process(path).ref
    if re.fullmatch(r"[a-z0-9][a-z0-9._-]*@[0-9A-Za-z.+-]+", value):
        return value
    raise UsageError(f"--process {value!r}: no such file, and not an id@version reference")


def _option_error(exc: Any) -> str:
    error = exc.errors(include_url=False)[0]
    place = [str(part) for part in error["loc"] if isinstance(part, str)]
    option = next((_OPTIONS[p] for p in reversed(place) if p in _OPTIONS), "")
    value = error.get("input")
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "string_pattern_mismatch":
        message = "not a valid identifier here"
    return f"{option} {value!r}: {message}" if option else message


# -- append ---------------------------------------------------------------------------------


def _append(p: argparse.ArgumentParser) -> None:
    p.add_argument("record", metavar="RECORD", help="the record file (.yaml, .yml or .json)")
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


def _cmd_append(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from ..integrity.writer import append, record_format
    from ..model.record import Event

    path = Path(args.record)
    record_format(path)
    at = _time(args.at)
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
        raise UsageError(_option_error(exc)) from None
    key = _signing_key(args, event.actor, at) if args.key else None
    if args.key is None and (args.key_id is not None):
        raise UsageError("--key-id needs --key, the private key to sign with")
    done = append(path, event, key=key, chain=not args.no_chain, timeout=args.timeout)
    signed = f", signed with key {key.id}" if key is not None else ""
    print(
        f"appended event #{done.number} '{event.stage}' by {event.actor} to {path}{signed}; "
        f"head {done.head}"
    )
    return EXIT_CLEAN


def _time(value: str | None) -> dt.datetime:
    if value is None:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"--at {value!r}: expected a date and time (ISO 8601, e.g. 2026-03-12T07:30:00+01:00)"
        ) from None
    if parsed.tzinfo is None:
        raise UsageError(f"--at {value!r}: add the time zone, e.g. +01:00, or Z for UTC")
    return parsed


_EVIDENCE = re.compile(r"^(?P<kind>[^=]+)=(?P<uri>.+?)(=sha256:(?P<sha>[0-9a-f]{64}))?$")


def _evidence(item: str, folder: Path) -> dict[str, str]:
    from ..integrity.digests import DigestCache, local_path

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
    from ..integrity.signing import SigningKey, public_base64, read_private_key

    private = read_private_key(args.key)
    key_id: str | None = args.key_id
    if args.roster is not None:
        from ..load.loaders import load_roster
        from ..model.roster import raw_public_key

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


# -- keygen ---------------------------------------------------------------------------------


def _keygen(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True, metavar="FILE", help="where to write the private key")
    p.add_argument("--id", required=True, help="the key's id, e.g. kari-larsen-2026")


def _cmd_keygen(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from ..integrity.signing import generate, private_pem, public_base64
    from ..model.roster import PublicKey

    private = generate()
    today = dt.date.today()
    try:
        entry = PublicKey.model_validate(
            {"id": args.id, "public_key": public_base64(private), "from": today}
        )
    except ValidationError:
        raise UsageError(
            f"--id {args.id!r}: use letters, digits, '.', '_', ':', '@' and '-'"
        ) from None
    out = Path(args.out)
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise InputError(
            "the file already exists; a key is never overwritten", location=Location(str(out))
        ) from None
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", location=Location(str(out))) from None
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(private_pem(private))
    print(
        f"wrote the private key to {out}; keep it secret. Add this to your entry in the "
        f"roster:\n    keys:\n      - id: {entry.id}\n        public_key: {entry.public_key}\n"
        f"        from: {today.isoformat()}"
    )
    return EXIT_CLEAN
