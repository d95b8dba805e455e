"""A GitLab merge request's approvals and commits as code-review and implementation
events.

GitLab's approvals answer says who approved and when (``approved_at``), not
which commit. Each approval is bound to the commit the merge request showed
when it was given: the ``head_commit_sha`` of the newest diff version whose
``created_at`` is strictly before ``approved_at``. GitLab makes a version when
it has processed a push, so an approval given between a push and its version
binds to the commit before it: never to a commit the approver may not have
seen. An approval bound to an older version than the newest stays an approval
of that older commit, and ``sdlc check`` reports it stale at a deployment of the
head, by the ordinary rules.

An approval that cannot be bound is not evidence: it is skipped, and said. That
is one without ``approved_at`` (GitLab versions that do not give it), and one
given before the first version. An approval recorded before whose commit is
still the head but which GitLab no longer lists was withdrawn: the import is
refused until someone voids it (an approval of an older commit that is gone
was reset by a push, and is stale anyway). The actor is the person whose roster
``accounts.gitlab`` is the approver's username; the source is
``gitlab-approval/<project>/<iid>/<user id>/<approved_at>`` (see
docs/collecting.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..model.stage import StageKind
from .directory import Directory
from .gitlab import Approval, Commit, MergeRequest, Version, read_merge_request
from .setting import Setting
from .sources import Evidence, Proven, commit_proven, new_event, note, short, sources_of


@dataclass(frozen=True, slots=True)
class ApprovalOptions:
    """The stages to record approvals and commits as, and the evidence kind."""

    stage: str = "code-review"
    implementation_stage: str = "implementation"
    evidence_kind: str | None = None


def bound_version(approval: Approval, versions: tuple[Version, ...]) -> Version | None:
    """The version an approval is of: the newest created strictly before it, or
    ``None`` when it cannot be told (no time, or before every version)."""
    if approval.approved is None:
        return None
    before = [v for v in versions if v.created < approval.approved]
    return before[-1] if before else None


def prove_approvals(
    setting: Setting, paths: dict[str, list[Path]], options: ApprovalOptions
) -> Evidence:
    """The events a merge request's saved API answers prove."""
    mr = read_merge_request(paths)
    people = setting.people("gitlab-approvals")
    stage, kind = setting.stage(
        options.stage, (StageKind.CODE_REVIEW,), options.evidence_kind, "review-link"
    )
    proven: list[Proven] = []
    if mr.commits is not None:
        implementation, _ = setting.stage(
            options.implementation_stage, (StageKind.IMPLEMENTATION,), None, ""
        )
        proven += [_implemented(c, implementation, people) for c in mr.commits]
    skipped: list[str] = []
    listed: set[str] = set()
    for approval in mr.approvals:
        version = bound_version(approval, mr.versions)
        what = f"approval of !{mr.iid} by {approval.username}"
        if version is None:
            why = (
                "GitLab gave no approved_at, so the commit approved cannot be told"
                if approval.approved is None
                else "it was given before the first diff version"
            )
            skipped.append(f"{what}: {why}; not evidence")
            continue
        source = _source(mr, approval)
        listed.add(source)
        proven.append(_approved(approval, version, mr, stage, kind, people, source))
    return Evidence(
        "gitlab-approvals", tuple(proven), tuple(skipped), _withdrawn(setting, mr, listed)
    )


def _source(mr: MergeRequest, approval: Approval) -> str:
    assert approval.approved is not None
    at = approval.approved.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return f"gitlab-approval/{mr.project}/{mr.iid}/{approval.user_id}/{at}"


def _withdrawn(setting: Setting, mr: MergeRequest, listed: set[str]) -> tuple[tuple[str, str], ...]:
    """Approvals of this merge request's head in the record that GitLab no longer lists."""
    prefix = f"gitlab-approval/{mr.project}/{mr.iid}/"
    out = []
    for event in setting.record.events:
        for source in sources_of(event):
            if source.startswith(prefix) and source not in listed and event.subject == mr.head:
                out.append((source, f"GitLab no longer lists that approval of !{mr.iid}"))
    return tuple(out)


def _approved(
    approval: Approval,
    version: Version,
    mr: MergeRequest,
    stage: str,
    kind: str,
    people: Directory,
    source: str,
) -> Proven:
    assert approval.approved is not None
    user = approval.node.field("user").field("username")
    actor = people.person(
        "gitlab",
        approval.username,
        what=f"approval of !{mr.iid}",
        location=user.file.locate(user.at),
    )
    lines = [
        f"gitlab: approval of merge request !{mr.iid} by {approval.username}",
        f"bound to diff version {version.id} of {version.created.isoformat()}, the newest "
        "before the approval",
    ]
    if version.head != mr.head:
        lines.append(f"of {short(version.head)}, not the merge request's head {short(mr.head)}")
    event = new_event(
        {
            "stage": stage,
            "actor": actor,
            "at": approval.approved,
            "outcome": "approved",
            "subject": version.head,
            "evidence": [{"kind": kind, "uri": mr.url}],
            "note": note(lines, source),
        },
        approval.node.file.locate(approval.node.at),
    )
    summary = f"approval by {approval.username}: approved {short(version.head)}"
    return Proven(event, source, summary)


def _implemented(commit: Commit, stage: str, people: Directory) -> Proven:
    where = commit.node.file.locate(commit.node.at)
    what = f"commit {short(commit.sha)} by {commit.name} <{commit.email}>"
    actor = people.person("email", commit.email, what=what, location=where)
    lines = [f"gitlab: {commit.subject}", f"author: {commit.name} <{commit.email}>"]
    return commit_proven(stage, actor, (commit.sha, commit.committed, commit.subject), lines, where)
