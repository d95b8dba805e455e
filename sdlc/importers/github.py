"""GitHub's REST API answers about one pull request, saved as files: the pull
request (``GET /repos/{owner}/{repo}/pulls/{n}``), its reviews (``…/reviews``)
and its commits (``…/commits``).

A file is told apart by its shape: an object with ``number`` and ``head`` is the
pull request; a list of objects with ``sha`` and ``commit`` is its commits; a
list of objects with ``state`` and ``user`` is its reviews. ``gh api --paginate
--slurp`` writes a list of pages, which is read as one list. The answers must
agree: every review is of this pull request, no id or commit is listed twice,
and the commits are all of them (as many as the pull request counts, its head
among them), or the import is refused (see docs/collecting.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ..errors import InputError, Location, UsageError
from .files import read_evidence
from .json_input import read_json
from .shape import Node, found

SHAPES = ("pull", "reviews", "commits")
NAMES = {"pull": "the pull request itself", "reviews": "its reviews", "commits": "its commits"}


@dataclass(frozen=True, slots=True)
class Review:
    """One review: its id, reviewer, state, the commit it was of, and when."""

    node: Node
    id: int
    login: str | None
    state: str
    commit: str | None
    submitted: dt.datetime | None
    url: str | None


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit of the pull request, as GitHub tells it."""

    node: Node
    sha: str
    name: str
    email: str
    login: str | None
    committed: dt.datetime
    subject: str
    verified: bool | None
    reason: str


@dataclass(frozen=True, slots=True)
class PullRequest:
    """The pull request, its reviews and (when given) its commits."""

    node: Node
    number: int
    url: str
    head: str
    reviews: tuple[Review, ...]
    commits: tuple[Commit, ...] | None


T = TypeVar("T", Review, Commit)


def read_pull(paths: dict[str, list[Path]]) -> PullRequest:
    """The pull request of the files by shape (``pull``, ``reviews``, ``commits``);
    ``paths["any"]`` are files whose shape tells what they are."""
    found: dict[str, Node] = {}
    for shape in (*SHAPES, "any"):
        for path in paths.get(shape, []):
            node = flat_pages(Node.root(read_json(read_evidence(path), hint=_HINT)))
            kind = _shape(node) if shape == "any" else shape
            if kind in found:
                raise UsageError(f"{path}: a second file of {NAMES[kind]}; give each once")
            found[kind] = node
    for kind in ("pull", "reviews"):
        if kind not in found:
            raise UsageError(f"github-reviews needs {NAMES[kind]} (--{kind} FILE)")
    pull = found["pull"]
    number = pull.field("number", "the pull request's number").integer()
    url = pull.text_field("url", "the pull request's API address")
    head = pull.field("head", "the pull request's head").text_field("sha", "a commit id")
    reviews = tuple(_review(r, url) for r in found["reviews"].items())
    _unique(reviews, lambda r: str(r.id), "review")
    commits = None
    if "commits" in found:
        commits = tuple(_commit(c) for c in found["commits"].items())
        _unique(commits, lambda c: c.sha, "commit")
        _complete(pull, commits, head)
    return PullRequest(pull, number, url, head, reviews, commits)


_HINT = "save the GitHub REST API's answer as it came (gh api repos/OWNER/REPO/pulls/N > pull.json)"


def flat_pages(node: Node) -> Node:
    """A list of pages (``--paginate --slurp``) as one list."""
    if isinstance(node.value, list) and node.value and all(isinstance(v, list) for v in node.value):
        return Node(node.file, [item for page in node.value for item in page], node.at)
    return node


def _shape(node: Node) -> str:
    if isinstance(node.value, dict) and "number" in node.value and "head" in node.value:
        return "pull"
    if isinstance(node.value, list) and node.value and all(isinstance(v, dict) for v in node.value):
        first = node.value[0]
        if "sha" in first and "commit" in first:
            return "commits"
        if "state" in first and "user" in first:
            return "reviews"
    raise node.error(
        "expected a pull request, its reviews or its commits as GitHub's REST API gives them, "
        f"found {'an empty list' if node.value == [] else found(node.value)}",
        "pass a file of an empty list with --reviews or --commits, to say what it is",
    )


def _review(node: Node, pull_url: str) -> Review:
    own = node.get("pull_request_url")
    if own is not None and own.text() != pull_url:
        raise own.error(f"this review is of {own.text()}, not of {pull_url}")
    user = node.get("user")
    login = user.text_field("login", "the reviewer's login") if user is not None else None
    commit = node.get("commit_id")
    submitted = node.get("submitted_at")
    url = node.get("html_url")
    return Review(
        node,
        node.field("id", "the review's id").integer(),
        login,
        node.text_field("state", "the review's state"),
        commit.text("a commit id") if commit is not None else None,
        submitted.moment() if submitted is not None else None,
        url.text() if url is not None else None,
    )


def _commit(node: Node) -> Commit:
    data = node.field("commit", "the commit's details")
    author = data.field("author", "the commit's author")
    committer = data.field("committer", "the commit's committer")
    account = node.get("author")
    verification = data.get("verification")
    verified = verification.get("verified") if verification is not None else None
    reason = verification.get("reason") if verification is not None else None
    return Commit(
        node,
        node.text_field("sha", "a commit id"),
        author.text_field("name", "the author's name"),
        author.text_field("email", "the author's e-mail address"),
        account.text_field("login", "the author's login") if account is not None else None,
        committer.field("date", "when it was committed").moment(),
        data.text_field("message", "the commit message").splitlines()[0],
        verified.boolean() if verified is not None else None,
        reason.text() if reason is not None else "no verification given",
    )


def _unique(items: Sequence[T], key: Callable[[T], str], what: str) -> None:
    seen: set[str] = set()
    for item in items:
        name = key(item)
        if name in seen:
            raise item.node.error(f"{what} {name} is listed twice", "save each page once")
        seen.add(name)


def _complete(pull: Node, commits: tuple[Commit, ...], head: str) -> None:
    count = pull.get("commits")
    if count is not None and count.integer() > len(commits):
        raise InputError(
            f"the commits file holds {len(commits)} of the pull request's {count.integer()} "
            "commits",
            location=commits[0].node.file.locate(()) if commits else Location(pull.file.file.name),
            hint="save every page: gh api --paginate --slurp repos/OWNER/REPO/pulls/N/commits",
        )
    if all(c.sha != head for c in commits):
        where = commits[0].node.file.locate(()) if commits else Location(pull.file.file.name)
        raise InputError(
            f"the commits file does not hold the pull request's head {head}",
            location=where,
            hint="save the commits of this pull request, as they are now",
        )
