"""GitLab's REST API answers about one merge request, saved as files: the merge
request (``GET /projects/:id/merge_requests/:iid``), its approvals (``…/approvals``),
its diff versions (``…/versions``) and its commits (``…/commits``).

A file is told apart by its shape: an object with ``approved_by`` is the
approvals; an object with ``iid`` and ``sha`` the merge request; a list of
objects with ``head_commit_sha`` its versions; a list of objects with
``committed_date`` its commits. ``glab api --paginate`` writes one list per page
one after the other; pages saved as a list of lists are read as one list. The
answers must agree: the approvals and versions are of this merge request, the
newest version's head is the merge request's head, no version, commit or
approver is listed twice, and the commits hold the head, or the import is
refused (see docs/collecting.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from .files import read_evidence
from .github import flat_pages
from .json_input import read_json
from .shape import Node, found

SHAPES = ("mr", "approvals", "versions", "commits")
NAMES = {
    "mr": "the merge request itself",
    "approvals": "its approvals",
    "versions": "its diff versions",
    "commits": "its commits",
}
_HINT = (
    "save the GitLab REST API's answer as it came "
    "(glab api projects/ID/merge_requests/IID > mr.json)"
)


@dataclass(frozen=True, slots=True)
class Approval:
    """One approval as GitLab lists it: who, and when (``None`` when GitLab is
    older than the ``approved_at`` field)."""

    node: Node
    user_id: int
    username: str
    approved: dt.datetime | None


@dataclass(frozen=True, slots=True)
class Version:
    """One diff version: the head GitLab recorded for one push, and when."""

    node: Node
    id: int
    head: str
    created: dt.datetime


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit of the merge request, as GitLab tells it."""

    node: Node
    sha: str
    name: str
    email: str
    committed: dt.datetime
    subject: str


@dataclass(frozen=True, slots=True)
class MergeRequest:
    """The merge request, its approvals, its versions oldest first, and (when given)
    its commits."""

    node: Node
    id: int
    iid: int
    project: int
    url: str
    head: str
    approvals: tuple[Approval, ...]
    versions: tuple[Version, ...]
    commits: tuple[Commit, ...] | None


def read_merge_request(paths: dict[str, list[Path]]) -> MergeRequest:
    """The merge request of the files by shape (``mr``, ``approvals``, ``versions``,
    ``commits``); ``paths["any"]`` are files whose shape tells what they are."""
    got: dict[str, Node] = {}
    for shape in (*SHAPES, "any"):
        for path in paths.get(shape, []):
            node = flat_pages(Node.root(read_json(read_evidence(path), hint=_HINT)))
            kind = _shape(node) if shape == "any" else shape
            if kind in got:
                raise UsageError(f"{path}: a second file of {NAMES[kind]}; give each once")
            got[kind] = node
    for kind in ("mr", "approvals", "versions"):
        if kind not in got:
            raise UsageError(f"gitlab-approvals needs {NAMES[kind]} (--{kind} FILE)")
    mr = got["mr"]
    mid = mr.field("id", "the merge request's id").integer()
    iid = mr.field("iid", "the merge request's number in its project").integer()
    project = mr.field("project_id", "the project's id").integer()
    head = mr.text_field("sha", "the merge request's head commit")
    approvals = _approvals(got["approvals"], iid, project)
    versions = tuple(sorted((_version(v, mid) for v in got["versions"].items()), key=_when))
    _unique([(str(v.id), v.node) for v in versions], "version")
    if not versions or versions[-1].head != head:
        newest = f"is of {versions[-1].head}" if versions else "is missing: none are listed"
        raise got["versions"].error(
            f"the newest diff version {newest}, but the merge request's head is {head}",
            "save the merge request and its versions at the same moment, after the last push",
        )
    commits = None
    if "commits" in got:
        commits = tuple(_commit(c) for c in got["commits"].items())
        _unique([(c.sha, c.node) for c in commits], "commit")
        if all(c.sha != head for c in commits):
            raise got["commits"].error(
                f"the commits file does not hold the merge request's head {head}",
                "save the commits of this merge request, as they are now",
            )
    url = mr.text_field("web_url", "the merge request's address")
    return MergeRequest(mr, mid, iid, project, url, head, approvals, versions, commits)


def _when(version: Version) -> dt.datetime:
    return version.created


def _shape(node: Node) -> str:
    if isinstance(node.value, dict):
        if "approved_by" in node.value:
            return "approvals"
        if "iid" in node.value and "sha" in node.value:
            return "mr"
    if isinstance(node.value, list) and node.value and all(isinstance(v, dict) for v in node.value):
        first = node.value[0]
        if "head_commit_sha" in first:
            return "versions"
        if "committed_date" in first:
            return "commits"
    raise node.error(
        "expected a merge request, its approvals, its versions or its commits as GitLab's "
        f"REST API gives them, found {'an empty list' if node.value == [] else found(node.value)}",
        "pass a file of an empty list with --commits, to say what it is",
    )


def _approvals(node: Node, iid: int, project: int) -> tuple[Approval, ...]:
    for key, value in (("iid", iid), ("project_id", project)):
        own = node.get(key)
        if own is not None and own.integer() != value:
            raise own.error(f"these approvals are of {key} {own.integer()}, not {value}")
    out = []
    for item in node.field("approved_by", "the approvals").items():
        user = item.field("user", "the approver")
        at = item.get("approved_at")
        out.append(
            Approval(
                item,
                user.field("id", "the approver's id").integer(),
                user.text_field("username", "the approver's username"),
                at.moment() if at is not None else None,
            )
        )
    _unique([(str(a.user_id), a.node) for a in out], "approver")
    return tuple(out)


def _version(node: Node, mid: int) -> Version:
    own = node.get("merge_request_id")
    if own is not None and own.integer() != mid:
        raise own.error(f"this version is of merge request id {own.integer()}, not {mid}")
    return Version(
        node,
        node.field("id", "the version's id").integer(),
        node.text_field("head_commit_sha", "a commit id"),
        node.field("created_at", "when the version was made").moment(),
    )


def _commit(node: Node) -> Commit:
    return Commit(
        node,
        node.text_field("id", "a commit id"),
        node.text_field("author_name", "the author's name"),
        node.text_field("author_email", "the author's e-mail address"),
        node.field("committed_date", "when it was committed").moment(),
        node.text_field("title", "the commit's title"),
    )


def _unique(items: list[tuple[str, Node]], what: str) -> None:
    seen: set[str] = set()
    for name, node in items:
        if name in seen:
            raise node.error(f"{what} {name} is listed twice", "save each page once")
        seen.add(name)
