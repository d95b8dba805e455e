"""The ``gitlab-approvals`` kind of ``sdlc record import``: its options, and how they
become :func:`sdlc.importers.approvals.prove_approvals`'s arguments."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...importers.setting import Setting
    from ...importers.sources import Evidence

SUMMARY = "A GitLab merge request's approvals and commits, bound to commits by its versions."
EXAMPLE = (
    "  sdlc record import gitlab-approvals mr.json approvals.json versions.json commits.json \\\n"
    "      --record changes/EID-2417.yaml --roster roster.yaml\n"
    "with the files saved by:\n"
    '  API="$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID"\n'
    '  curl -sf -H "PRIVATE-TOKEN: $TOKEN" "$API" > mr.json\n'
    '  curl -sf -H "PRIVATE-TOKEN: $TOKEN" "$API/approvals" > approvals.json\n'
    '  curl -sf -H "PRIVATE-TOKEN: $TOKEN" "$API/versions?per_page=100" > versions.json\n'
    '  curl -sf -H "PRIVATE-TOKEN: $TOKEN" "$API/commits?per_page=100" > commits.json'
)


def add_options(p: argparse.ArgumentParser) -> None:
    """The files, by shape or by option, and the stages."""
    p.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="GitLab REST API answers about one merge request, told apart by their shape",
    )
    for shape, what in (
        ("mr", "GET /projects/ID/merge_requests/IID"),
        ("approvals", "GET …/merge_requests/IID/approvals"),
        ("versions", "GET …/merge_requests/IID/versions"),
        ("commits", "GET …/merge_requests/IID/commits"),
    ):
        p.add_argument(f"--{shape}", action="append", default=[], metavar="FILE", help=what)
    p.add_argument(
        "--stage", default="code-review", help="the code-review stage (default: code-review)"
    )
    p.add_argument(
        "--implementation-stage",
        default="implementation",
        metavar="STAGE",
        help="the stage of the commits (default: implementation)",
    )
    p.add_argument(
        "--evidence-kind",
        metavar="KIND",
        help="record the evidence as this kind (default: what the stage requires, or review-link)",
    )


def prove(setting: Setting, args: argparse.Namespace) -> Evidence:
    """The events the saved answers prove."""
    from ...importers.approvals import ApprovalOptions, prove_approvals

    shapes = ("mr", "approvals", "versions", "commits")
    paths = {shape: [Path(f) for f in getattr(args, shape)] for shape in shapes}
    paths["any"] = [Path(f) for f in args.files]
    options = ApprovalOptions(args.stage, args.implementation_stage, args.evidence_kind)
    return prove_approvals(setting, paths, options)
