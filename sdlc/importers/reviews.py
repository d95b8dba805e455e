"""A GitHub pull request's reviews and commits as code-review and implementation
events.

Each review is an event of the code-review stage by the person whose roster
``accounts.github`` is the reviewer's login, for the commit it reviewed
(``commit_id``), at the time it was submitted: ``APPROVED`` is approved and
``CHANGES_REQUESTED`` rejected. ``COMMENTED`` neither approves nor rejects, and
``PENDING`` was never submitted: both are skipped. ``DISMISSED`` no longer
counts: it is skipped, and an approval already recorded from it is refused
until someone voids it. A review of an earlier commit than the head stays a
review of that commit, so ``sdlc check`` reports the approval as stale at a
deployment of the head, by the ordinary rules.

Each commit is an implementation event by its author (by e-mail, else by
GitHub login), with whether GitHub verified its signature in the note; its
source is ``commit/<sha>``, as with ``sdlc record import git`` (see
docs/collecting.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..model.stage import StageKind
from .directory import Directory
from .github import Commit, PullRequest, Review, read_pull
from .setting import Setting
from .sources import Evidence, Proven, commit_proven, new_event, note, short

OUTCOMES = {"APPROVED": "approved", "CHANGES_REQUESTED": "rejected"}
SKIPPED = {
    "COMMENTED": "a comment neither approves nor rejects",
    "PENDING": "it was never submitted",
    "DISMISSED": "it was dismissed",
}


@dataclass(frozen=True, slots=True)
class ReviewOptions:
    """The stages to record reviews and commits as, and the evidence kind."""

    stage: str = "code-review"
    implementation_stage: str = "implementation"
    evidence_kind: str | None = None


def prove_reviews(
    setting: Setting, paths: dict[str, list[Path]], options: ReviewOptions
) -> Evidence:
    """The events a pull request's saved API answers prove."""
    pull = read_pull(paths)
    people = setting.people("github-reviews")
    stage, kind = setting.stage(
        options.stage, (StageKind.CODE_REVIEW,), options.evidence_kind, "review-link"
    )
    proven: list[Proven] = []
    skipped: list[str] = []
    revoked: list[tuple[str, str]] = []
    if pull.commits is not None:
        implementation, _ = setting.stage(
            options.implementation_stage, (StageKind.IMPLEMENTATION,), None, ""
        )
        proven += [_implemented(c, implementation, people) for c in pull.commits]
    listed = {c.sha for c in pull.commits} if pull.commits is not None else None
    for review in pull.reviews:
        source = f"github-review/{review.id}"
        what = f"review {review.id}" + (f" by {review.login}" if review.login else "")
        if review.state in SKIPPED:
            skipped.append(f"{what}: {review.state} ({SKIPPED[review.state]})")
            if review.state == "DISMISSED":
                revoked.append((source, f"GitHub says review {review.id} was dismissed"))
            continue
        if review.state not in OUTCOMES:
            raise review.node.error(
                f"unknown review state {review.state!r}",
                "expected APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED or PENDING",
            )
        if review.commit is None:
            skipped.append(f"{what}: names no commit (GitHub no longer has it)")
            continue
        proven.append(_reviewed(review, pull, stage, kind, people, listed, source))
    return Evidence("github-reviews", tuple(proven), tuple(skipped), tuple(revoked))


def _reviewed(
    review: Review,
    pull: PullRequest,
    stage: str,
    kind: str,
    people: Directory,
    listed: set[str] | None,
    source: str,
) -> Proven:
    assert review.commit is not None
    if review.login is None or review.submitted is None:
        missing = "reviewer" if review.login is None else "submission time"
        raise review.node.error(
            f"review {review.id} ({review.state}) has no {missing}, so no one can be said to "
            "have done it",
            "a review of a deleted account cannot count; ask for a new review",
        )
    login = review.node.field("user")
    actor = people.person(
        "github", review.login, what=f"review {review.id}", location=login.file.locate(login.at)
    )
    lines = [f"github: review {review.id} of pull request #{pull.number}: {review.state}"]
    if review.commit != pull.head:
        lines.append(f"of {short(review.commit)}, not the pull request's head {short(pull.head)}")
    if listed is not None and review.commit not in listed:
        lines.append("that commit is no longer in the pull request (pushed over)")
    url = review.url or f"{pull.url}#pullrequestreview-{review.id}"
    event = new_event(
        {
            "stage": stage,
            "actor": actor,
            "at": review.submitted,
            "outcome": OUTCOMES[review.state],
            "subject": review.commit,
            "evidence": [{"kind": kind, "uri": url}],
            "note": note(lines, source),
        },
        review.node.file.locate(review.node.at),
    )
    verdict = OUTCOMES[review.state]
    return Proven(event, source, f"review {review.id}: {verdict} {short(review.commit)}")


def _implemented(commit: Commit, stage: str, people: Directory) -> Proven:
    where = commit.node.file.locate(commit.node.at)
    what = f"commit {short(commit.sha)} by {commit.name} <{commit.email}>"
    by_email = people.find("email", commit.email)
    by_login = people.find("github", commit.login) if commit.login else None
    if by_email and by_login and by_email != by_login:
        raise InputError(
            f"{what}: the e-mail is {by_email}'s but the GitHub login {commit.login!r} is "
            f"{by_login}'s",
            location=where,
            hint="one account, one person: correct the roster's accounts",
        )
    actor = by_email or by_login or people.person("email", commit.email, what=what, location=where)
    if commit.verified is None:
        signature = "signature: not checked by GitHub"
    else:
        state = "verified" if commit.verified else "not verified"
        signature = f"signature: {state} by GitHub ({commit.reason})"
    lines = [f"github: {commit.subject}", f"author: {commit.name} <{commit.email}>", signature]
    return commit_proven(stage, actor, (commit.sha, commit.committed, commit.subject), lines, where)
