"""The ``in-toto-link`` kind of ``sdlc record import``: its options, and how they
become :func:`sdlc.importers.links.prove_link`'s arguments."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import UsageError

if TYPE_CHECKING:
    from ...importers.setting import Setting
    from ...importers.sources import Evidence

SUMMARY = "A build step from in-toto link metadata (in-toto-run), its signature checked."
EXAMPLE = (
    "  sdlc record import in-toto-link build.*.link --record changes/EID-2417.yaml \\\n"
    "      --actor ci --subject e16f242 --verify-key ci.pub --roster roster.yaml\n"
    "with the link written by:\n"
    "  in-toto-run -n build --signing-key ci.pem --use-dsse -m src -p dist -- make dist"
)


def add_options(p: argparse.ArgumentParser) -> None:
    """The files, the stage, who ran the step and on which commit, and the key."""
    p.add_argument("files", nargs="+", metavar="FILE", help="link metadata files (.link)")
    p.add_argument("--stage", default="build", help="the build stage (default: build)")
    p.add_argument("--actor", required=True, help="who ran the step, as the roster names them")
    p.add_argument("--subject", required=True, help="the commit the step built")
    p.add_argument(
        "--evidence-kind",
        metavar="KIND",
        help="record the link as this kind (default: what the stage requires, or provenance)",
    )
    p.add_argument(
        "--with-evidence",
        action="append",
        default=[],
        metavar="KIND=FILE",
        help="also record FILE as evidence of KIND, e.g. sbom=build/sbom.cdx.json (repeatable)",
    )
    p.add_argument(
        "--verify-key",
        metavar="FILE",
        help="the public key (PEM) the link must be signed with, or nothing is imported",
    )


def prove(setting: Setting, args: argparse.Namespace) -> Evidence:
    """The events the links prove."""
    from ...importers.dsse import read_public_key
    from ...importers.links import prove_link

    verifier = None
    if args.verify_key is not None:
        verifier = (read_public_key(Path(args.verify_key)), Path(args.verify_key))
    extra = []
    for given in args.with_evidence:
        kind, sep, file = given.partition("=")
        if not sep or not kind or not file:
            raise UsageError(f"--with-evidence {given!r}: expected KIND=FILE, e.g. sbom=sbom.json")
        extra.append((kind, Path(file)))
    options = (args.stage, args.actor, args.subject, args.evidence_kind)
    return prove_link(setting, [Path(f) for f in args.files], options, verifier, tuple(extra))
