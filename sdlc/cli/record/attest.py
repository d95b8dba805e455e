"""``sdlc record attest``: a record checked, and the result exported as an in-toto
statement (a SLSA verification summary), signed in a DSSE envelope when asked, or
as the bare predicate for ``cosign attest`` to sign and push to a registry.

The statement is :mod:`sdlc.integrity.attest`; its names are
:mod:`sdlc.integrity.uris`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...errors import InputError, Location, UsageError
from ..options import Exit, command, write

if TYPE_CHECKING:
    from ...model.process import Process
    from ..options import Subcommands


def register(actions: Subcommands) -> None:
    """Add ``sdlc record attest``."""
    p = command(
        actions,
        "attest",
        "Check a record and export the result as an in-toto statement (SLSA VSA v1).",
        "  sdlc record attest changes/EID-2417.yaml --process processes/eid-gateway.yaml \\\n"
        "      --roster roster.yaml --image registry.example.no/login/eid-gateway \\\n"
        "      --key release.pem --key-id release-2026 --output vsa.json\n"
        "  sdlc record attest changes/EID-2417.yaml --process processes/eid-gateway.yaml \\\n"
        "      --roster roster.yaml --may-deploy sha256:32b8f63b… --predicate-only \\\n"
        "      --output vsa-predicate.json",
        run,
    )
    p.add_argument("record", metavar="RECORD", help="the record file")
    p.add_argument("--process", required=True, metavar="PROCESS", help="the process file")
    p.add_argument("--roster", metavar="ROSTER", help="the roster file (people, roles, keys)")
    p.add_argument(
        "--verifier", metavar="URI", help="the verifier's id (default: sdlc's project URI)"
    )
    p.add_argument(
        "--policy-uri",
        metavar="URI",
        help="policy.uri: where consumers find the process (default: sdlc:process/NAME@VERSION)",
    )
    p.add_argument(
        "--image",
        metavar="REPOSITORY",
        help="the OCI repository the artifact is pushed to; resourceUri becomes its "
        "package URL (pkg:oci/...) at the attested digest",
    )
    p.add_argument(
        "--resource-uri",
        metavar="URI",
        help="resourceUri as given (default: the image's package URL, or the digest itself)",
    )
    p.add_argument(
        "--may-deploy",
        metavar="DIGEST",
        help="before a deployment: attest that deploying DIGEST may happen now, as "
        "'sdlc gate --stage deployment' decides (for admission control)",
    )
    p.add_argument(
        "--predicate-only",
        action="store_true",
        help="write the predicate alone, for 'cosign attest --predicate' (not with --key)",
    )
    p.add_argument("--key", metavar="FILE", help="sign: wrap the statement in a DSSE envelope")
    p.add_argument("--key-id", metavar="ID", help="the signing key's id (with --key)")
    p.add_argument("--output", metavar="FILE", help="write here, not to stdout")


def run(args: argparse.Namespace) -> int:
    """Check the one record and write its statement; findings make it exit 1."""
    from ...checking.checker import Checker
    from ...integrity import attest
    from ...integrity.signing import SigningKey, read_private_key
    from ...integrity.uris import checked_image, checked_uri
    from ...load.loaders import load_process, load_roster
    from ...load.records import load_records
    from ...report.reporters import TOOL_VERSION

    if args.predicate_only and args.key is not None:
        raise UsageError(
            "--predicate-only writes the predicate for cosign to sign; it cannot be combined "
            "with --key (drop one)"
        )
    if args.key is not None and args.key_id is None:
        raise UsageError("--key needs --key-id, the id the key is known by")
    for option, value in (
        ("--verifier", args.verifier),
        ("--policy-uri", args.policy_uri),
        ("--resource-uri", args.resource_uri),
    ):
        if value is not None:
            checked_uri(value, option)
    if args.image is not None:
        checked_image(args.image)
    process = load_process(args.process)
    roster = load_roster(args.roster, process) if args.roster else None
    loaded = list(load_records([args.record]))
    if len(loaded) != 1:
        raise UsageError(f"{args.record}: attest takes one record, found {len(loaded)}")
    item = loaded[0]
    if item.record is None:
        assert item.error is not None
        raise item.error
    report = Checker(process, roster).check(
        item.record, path=item.path, event_lines=item.event_lines, line=item.line
    )
    if report.error is not None:
        raise InputError(report.error, location=Location(item.path))
    names: dict[str, Any] = {
        "policy_uri": args.policy_uri,
        "policy_sha256": hashlib.sha256(Path(args.process).read_bytes()).hexdigest(),
        "time": _verified_at(),
        "verifier": args.verifier or attest.DEFAULT_VERIFIER,
        "version": TOOL_VERSION,
        "resource_uri": args.resource_uri,
        "image": args.image,
    }
    if args.may_deploy is None:
        statement = attest.statement(item.record, report, process, **names)
        passed = report.compliant
        said = f"{item.record.id}: {'PASSED' if passed else 'FAILED'} ({len(report.findings)} "
        said += "findings; 'sdlc check' shows them)"
    else:
        if attest.digest_set(args.may_deploy) is None:
            raise UsageError(
                f"--may-deploy {args.may_deploy!r} is not a digest: give the artifact's, "
                "such as sha256:32b8f63b…"
            )
        stage = _deployment_stage(process)
        decision = Checker(process, roster).may_perform(
            item.record, stage=stage, subject=args.may_deploy, now=names["time"]
        )
        passed = decision.allowed
        statement = attest.deployment_statement(
            item.record,
            process,
            stage=stage,
            subject=args.may_deploy,
            allowed=decision.allowed,
            failed_rules=[f.rule for f in decision.reasons],
            risk=report.risk,
            **names,
        )
        said = f"{decision.summary}: {'PASSED' if passed else 'FAILED'}"
    payload: dict[str, Any] = statement
    if args.predicate_only:
        if len(statement["subject"]) != 1:
            raise UsageError(
                f"{item.record.id} deployed {len(statement['subject'])} artifacts; cosign "
                "attaches a predicate to one image, so attest the full statement instead"
            )
        payload = statement["predicate"]
    elif args.key is not None:
        payload = attest.envelope(statement, SigningKey(args.key_id, read_private_key(args.key)))
    write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", args.output)
    subjects = ", ".join(s["name"] for s in statement["subject"])
    about = f"; the predicate is about {subjects}" if args.predicate_only else ""
    print(f"sdlc: {said}{about}", file=sys.stderr)
    return Exit.CLEAN if passed else Exit.FINDINGS


def _deployment_stage(process: Process) -> str:
    """The process's one deployment stage, which ``--may-deploy`` asks about."""
    from ...model.stage import StageKind

    ids = [s.id for s in process.stages if s.kind is StageKind.DEPLOYMENT]
    if len(ids) != 1:
        raise UsageError(
            f"--may-deploy asks about the deployment stage, but {process.ref} has "
            f"{len(ids)} ({', '.join(ids) or 'none'})"
        )
    return ids[0]


def _verified_at() -> dt.datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set, for reproducible output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)
