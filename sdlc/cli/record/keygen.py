"""``sdlc record keygen``: an ed25519 key pair, and the roster entry of its public key."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import InputError, Location, UsageError
from ..options import Exit, command

if TYPE_CHECKING:
    from ..options import Subcommands


def register(actions: Subcommands) -> None:
    """Add ``sdlc record keygen``."""
    p = command(
        actions,
        "keygen",
        "Make an ed25519 key pair; print the roster entry of its public key.",
        "  sdlc record keygen --out ~/.sdlc/kari-larsen.pem --id kari-larsen-2026",
        run,
    )
    p.add_argument("--out", required=True, metavar="FILE", help="where to write the private key")
    p.add_argument("--id", required=True, help="the key's id, e.g. kari-larsen-2026")


def run(args: argparse.Namespace) -> int:
    """Write the private key, readable by its owner only; never over an existing file."""
    from pydantic import ValidationError

    from ...integrity.signing import generate, private_pem, public_base64
    from ...model.roster import PublicKey

    private = generate()
    today = dt.datetime.now(dt.UTC).date()  # roster days are days in UTC
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
    return Exit.CLEAN
