"""``sdlc record new``: start a record, with its id, process and subject."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...errors import UsageError
from ..options import Exit, command
from ..stores import git_store, record_path, store_name, store_option
from .fields import option_error

if TYPE_CHECKING:
    from ..options import Subcommands

_PROCESS_HINT = "a process file, or its reference as id@version (e.g. eid-gateway@3.0)"

_EXAMPLE = (
    "  sdlc record new changes/EID-2417.yaml --id EID-2417 --process eid-gateway@3.0 \\\n"
    "      --title 'Enforce the minimum authentication level' --declared-risk high \\\n"
    "      --component authentication --provider bankid \\\n"
    "      --repository https://git.example.no/login/eid-gateway --commit e16f242"
)


def register(actions: Subcommands) -> None:
    """Add ``sdlc record new``."""
    p = command(actions, "new", "Start a record: its id, process and subject.", _EXAMPLE, run)
    p.add_argument(
        "record",
        metavar="RECORD",
        help="the file to create (.yaml, .yml or .json); with a git --store, the record's id",
    )
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
    store_option(p)


def run(args: argparse.Namespace) -> int:
    """Write the new record; it must not exist yet."""
    from pydantic import ValidationError

    from ...integrity.writer import create
    from ...model.record import Record

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
        raise UsageError(option_error(exc)) from None
    store = git_store(args)
    if store is not None:
        from ...store.appending import create_in

        name = store_name(args.record)
        if store.checked_id(name) != record.id:
            raise UsageError(
                f"{args.record}: a git store names a record by its id; give {record.id} "
                f"(or {record.id}.json for JSON)"
            )
        top = create_in(store, name, record)
        print(f"started record {record.id} in {store.where(name)} ({record.process}); head {top}")
        return Exit.CLEAN
    path = record_path(args, args.record)
    top = create(path, record)
    print(f"started record {record.id} in {path} ({record.process}); head {top}")
    return Exit.CLEAN


def _process_ref(value: str) -> str:
    """``--process``: a file's process reference, or an id@version as given."""
    path = Path(value)
    if path.is_file():
        from ...load.loaders import load_process

        return load_process(path).ref
    if re.fullmatch(r"[a-z0-9][a-z0-9._-]*@[0-9A-Za-z.+-]+", value):
        return value
    raise UsageError(f"--process {value!r}: no such file, and not an id@version reference")
