"""The options of reports read by other tools (SARIF, JSON, JUnit): the source root
that paths are relative to and the handbook rules link to; and the notices a
writer leaves for the person who ran the command.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..errors import UsageError

if TYPE_CHECKING:
    from ..report.audience import Audience
    from ..report.stream import Writer


def audience_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--source-root`` and ``--help-uri-base``."""
    parser.add_argument(
        "--source-root",
        metavar="DIR",
        help="SARIF names files relative to this folder, and JSON and JUnit show absolute "
        "paths relative to it (default: the top of the git checkout, or the current folder "
        "outside one)",
    )
    parser.add_argument(
        "--help-uri-base",
        metavar="URL",
        help="the address of the published handbook: each SARIF rule links to its page "
        "there (URL/rules/RULE/); no links when not given",
    )


def audience(args: argparse.Namespace) -> Audience:
    """How the report shows paths and links to others, from the command line; for a
    text report, which is read where it was made, git is not asked about the checkout."""
    from ..report.audience import Audience

    base: str | None = args.help_uri_base
    if base is not None:
        parts = urlsplit(base)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise UsageError(
                f"--help-uri-base {base!r}: expected the handbook's http(s) address, "
                "such as https://handbook.example.org/"
            )
    given = None if args.source_root is None else Path(args.source_root)
    if given is not None and not given.is_dir():
        raise UsageError(f"--source-root {args.source_root}: not a folder")
    if args.format == "text":  # the text writer shows no one else anything
        return Audience(root=given, help_uri_base=base)
    from ..report.checkout import read_checkout, top_level

    root = given if given is not None else top_level(Path.cwd()) or Path.cwd()
    top = top_level(root)
    at_top = top is not None and top.resolve() == root.resolve()
    checkout = read_checkout(root) if at_top else None  # provenance maps the top only
    return Audience(root=root, help_uri_base=base, checkout=checkout)


def tell(writer: Writer) -> None:
    """Print what the writer left to say, on stderr."""
    for notice in writer.notices:
        print(f"sdlc: {notice}", file=sys.stderr)
