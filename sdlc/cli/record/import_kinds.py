"""The kinds of evidence ``sdlc record import`` reads: each one's options, and how
they become the importer's arguments (the importers are in :mod:`sdlc.importers`)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import UsageError
from . import import_gitlab, import_links

if TYPE_CHECKING:
    from ...importers.setting import Setting
    from ...importers.sources import Evidence


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of evidence: its action's name, help and example, the options it
    adds, and the function that reads the evidence."""

    name: str
    summary: str
    example: str
    add: Callable[[argparse.ArgumentParser], None]
    prove: Callable[[Setting, argparse.Namespace], Evidence]


def _files(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help=what)


def _stage(p: argparse.ArgumentParser, default: str | None, what: str) -> None:
    if default is None:
        p.add_argument("--stage", required=True, help=f"the {what} stage the evidence is of")
    else:
        p.add_argument("--stage", default=default, help=f"the {what} stage (default: {default})")


def _evidence(p: argparse.ArgumentParser, default: str) -> None:
    p.add_argument(
        "--evidence-kind",
        metavar="KIND",
        help=f"record the evidence as this kind (default: what the stage requires, or {default})",
    )


# -- junit -----------------------------------------------------------------------------


def _junit_options(p: argparse.ArgumentParser) -> None:
    _files(p, "JUnit XML reports of one test run (pytest --junitxml, Surefire, jest-junit)")
    _stage(p, None, "test")
    p.add_argument("--actor", required=True, help="who ran the tests, as the roster names them")
    p.add_argument("--subject", required=True, help="the commit or artifact digest tested")
    p.add_argument(
        "--provider-pattern",
        action="append",
        default=[],
        metavar="PROVIDER=GLOB",
        help="test cases matching GLOB exercise PROVIDER (repeatable)",
    )
    p.add_argument(
        "--providers", action="append", default=[], metavar="FILE", help="patterns per provider"
    )
    _evidence(p, "test-report")
    p.add_argument("--evidence-uri", metavar="URI", help="where the report is kept, if not here")


def _junit(setting: Setting, args: argparse.Namespace) -> Evidence:
    from ...importers.coverage import patterns
    from ...importers.runs import RunOptions, prove_run

    options = RunOptions(
        stage=args.stage,
        actor=args.actor,
        subject=args.subject,
        patterns=patterns(args.provider_pattern, args.providers, setting.process),
        evidence_kind=args.evidence_kind,
        evidence_uri=args.evidence_uri,
    )
    return prove_run(setting, [Path(f) for f in args.files], options)


# -- sarif -----------------------------------------------------------------------------


def _sarif_options(p: argparse.ArgumentParser) -> None:
    _files(p, "SARIF 2.1.0 logs of one scan (any scanner)")
    _stage(p, None, "security-test")
    p.add_argument("--actor", required=True, help="who ran the scan, as the roster names them")
    p.add_argument(
        "--subject", help="the commit or artifact scanned (default: the log's revisionId)"
    )
    p.add_argument(
        "--fail-level",
        choices=("error", "warning", "note"),
        help="an unsuppressed result at or above this level fails the scan (default: the "
        "stage's fail_level at the record's risk, with --process, else error; the stricter "
        "of the two counts)",
    )
    _evidence(p, "security-test-report")
    p.add_argument("--evidence-uri", metavar="URI", help="where the log is kept, if not here")


def _sarif(setting: Setting, args: argparse.Namespace) -> Evidence:
    from ...importers.scans import ScanOptions, prove_scan

    options = ScanOptions(
        stage=args.stage,
        actor=args.actor,
        subject=args.subject,
        fail_level=args.fail_level,
        evidence_kind=args.evidence_kind,
        evidence_uri=args.evidence_uri,
    )
    return prove_scan(setting, [Path(f) for f in args.files], options)


# -- git -------------------------------------------------------------------------------


def _git_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--repo", required=True, metavar="DIR", help="a local clone of the repository")
    p.add_argument("--range", required=True, metavar="BASE..HEAD", help="the commits to import")
    _stage(p, "implementation", "implementation")


def _git(setting: Setting, args: argparse.Namespace) -> Evidence:
    from ...importers.git_log import prove_commits

    return prove_commits(setting, Path(args.repo), args.range, args.stage)


# -- github-reviews --------------------------------------------------------------------


def _github_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="GitHub REST API answers about one pull request, told apart by their shape",
    )
    for shape, what in (
        ("pull", "GET /repos/OWNER/REPO/pulls/N"),
        ("reviews", "GET …/pulls/N/reviews"),
        ("commits", "GET …/pulls/N/commits"),
    ):
        p.add_argument(f"--{shape}", action="append", default=[], metavar="FILE", help=what)
    _stage(p, "code-review", "code-review")
    p.add_argument(
        "--implementation-stage",
        default="implementation",
        metavar="STAGE",
        help="the stage of the commits (default: implementation)",
    )
    _evidence(p, "review-link")


def _github(setting: Setting, args: argparse.Namespace) -> Evidence:
    from ...importers.reviews import ReviewOptions, prove_reviews

    paths = {
        shape: [Path(f) for f in files]
        for shape, files in (
            ("any", args.files),
            ("pull", args.pull),
            ("reviews", args.reviews),
            ("commits", args.commits),
        )
    }
    options = ReviewOptions(args.stage, args.implementation_stage, args.evidence_kind)
    return prove_reviews(setting, paths, options)


# -- slsa-provenance -------------------------------------------------------------------


def _slsa_options(p: argparse.ArgumentParser) -> None:
    _files(p, "SLSA v1 provenance: in-toto statements, DSSE envelopes or Sigstore bundles")
    _stage(p, "build", "build")
    p.add_argument("--subject", help="the commit built, when the provenance names several")
    _evidence(p, "provenance")
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
        help="the builder's public key (PEM): a DSSE envelope must carry a signature it "
        "verifies, or nothing is imported",
    )


def _slsa(setting: Setting, args: argparse.Namespace) -> Evidence:
    from ...importers.slsa import prove_build

    paths = [Path(f) for f in args.files]
    extra = []
    for given in args.with_evidence:
        kind, sep, file = given.partition("=")
        if not sep or not kind or not file:
            raise UsageError(f"--with-evidence {given!r}: expected KIND=FILE, e.g. sbom=sbom.json")
        extra.append((kind, Path(file)))
    verifier = None
    if args.verify_key is not None:
        from ...importers.dsse import read_public_key

        verifier = (read_public_key(Path(args.verify_key)), Path(args.verify_key))
    return prove_build(
        setting, paths, args.stage, args.subject, args.evidence_kind, tuple(extra), verifier
    )


KINDS = (
    Kind(
        "junit",
        "A test run from JUnit XML reports: one test event, failed if any test failed.",
        "  sdlc record import junit build/junit.xml --record changes/EID-2417.yaml \\\n"
        "      --stage login-e2e-tests --actor ci --subject e16f242 \\\n"
        "      --provider-pattern bankid-mobile='test_bankid_mobile*' --roster roster.yaml",
        _junit_options,
        _junit,
    ),
    Kind(
        "sarif",
        "A security scan from SARIF logs: failed on an unsuppressed result at --fail-level.",
        "  sdlc record import sarif ruff.sarif --record changes/EID-2417.yaml \\\n"
        "      --stage security-test --actor ci --subject e16f242 --fail-level warning",
        _sarif_options,
        _sarif,
    ),
    Kind(
        "git",
        "Commits of a local repository: an implementation event each, by its author.",
        "  sdlc record import git --repo . --range main..HEAD --record changes/EID-2417.yaml \\\n"
        "      --roster roster.yaml",
        _git_options,
        _git,
    ),
    Kind(
        "github-reviews",
        "A GitHub pull request's reviews and commits, from its saved REST API answers.",
        "  sdlc record import github-reviews pull.json reviews.json commits.json \\\n"
        "      --record changes/EID-2417.yaml --roster roster.yaml\n"
        "with the files saved by:\n"
        "  gh api repos/OWNER/REPO/pulls/7 > pull.json\n"
        "  gh api --paginate --slurp repos/OWNER/REPO/pulls/7/reviews > reviews.json\n"
        "  gh api --paginate --slurp repos/OWNER/REPO/pulls/7/commits > commits.json",
        _github_options,
        _github,
    ),
    Kind(
        "gitlab-approvals",
        import_gitlab.SUMMARY,
        import_gitlab.EXAMPLE,
        import_gitlab.add_options,
        import_gitlab.prove,
    ),
    Kind(
        "slsa-provenance",
        "A build from SLSA v1 provenance: its commit, its artifacts and its builder.",
        "  sdlc record import slsa-provenance build/provenance.intoto.json \\\n"
        "      --record changes/EID-2417.yaml --roster roster.yaml",
        _slsa_options,
        _slsa,
    ),
    Kind(
        "in-toto-link",
        import_links.SUMMARY,
        import_links.EXAMPLE,
        import_links.add_options,
        import_links.prove,
    ),
)
"""The kinds, in the order ``sdlc record import --help`` lists them."""
