"""GitHub-shaped REST API answers about one pull request, for the importer tests.

The fields and their nesting follow GitHub's REST reference for "Get a pull
request", "List reviews for a pull request" and "List commits on a pull
request" (API version 2022-11-28); the user objects are cut down to the fields
an answer always has. tests/importers/data/github/ holds files made by
:func:`write_example`.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

API = "https://api.github.com/repos/login-team/gateway"
WEB = "https://github.com/login-team/gateway"
NUMBER = 7


def user(login: str, uid: int) -> dict[str, Any]:
    return {
        "login": login,
        "id": uid,
        "node_id": f"MDQ6VXNlcj{uid}",
        "avatar_url": f"https://avatars.githubusercontent.com/u/{uid}?v=4",
        "url": f"https://api.github.com/users/{login}",
        "html_url": f"https://github.com/{login}",
        "type": "User",
        "site_admin": False,
    }


OLA = user("ola-n", 1001)
KARI = user("kari-l", 1002)


def stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def pull(head: str, base: str, commits: int, *, merged: bool = False) -> dict[str, Any]:
    return {
        "url": f"{API}/pulls/{NUMBER}",
        "id": 1_900_000_007,
        "node_id": "PR_kwDOAbCdEs5xyz07",
        "html_url": f"{WEB}/pull/{NUMBER}",
        "number": NUMBER,
        "state": "closed" if merged else "open",
        "locked": False,
        "title": "Require level 4 for BankID",
        "user": OLA,
        "body": "Enforces the minimum authentication level.",
        "created_at": "2026-03-12T06:55:00Z",
        "merged_at": "2026-03-12T12:00:00Z" if merged else None,
        "merge_commit_sha": None,
        "head": {"label": "login-team:level-4", "ref": "level-4", "sha": head, "user": OLA},
        "base": {"label": "login-team:main", "ref": "main", "sha": base, "user": OLA},
        "merged": merged,
        "commits": commits,
        "additions": 42,
        "deletions": 3,
        "changed_files": 4,
    }


def review(
    rid: int, by: dict[str, Any], state: str, commit: str | None, at: dt.datetime | None
) -> dict[str, Any]:
    return {
        "id": rid,
        "node_id": f"PRR_kwDOAbCdEs4{rid}",
        "user": by,
        "body": "",
        "state": state,
        "html_url": f"{WEB}/pull/{NUMBER}#pullrequestreview-{rid}",
        "pull_request_url": f"{API}/pulls/{NUMBER}",
        "author_association": "MEMBER",
        "_links": {
            "html": {"href": f"{WEB}/pull/{NUMBER}#pullrequestreview-{rid}"},
            "pull_request": {"href": f"{API}/pulls/{NUMBER}"},
        },
        "submitted_at": stamp(at) if at is not None else None,
        "commit_id": commit,
    }


def commit(
    sha: str,
    parent: str,
    message: str,
    at: dt.datetime,
    *,
    name: str = "Ola Nordmann",
    email: str = "ola@example.no",
    by: dict[str, Any] | None = OLA,
    verified: bool = False,
) -> dict[str, Any]:
    person = {"name": name, "email": email, "date": stamp(at)}
    return {
        "url": f"{API}/commits/{sha}",
        "sha": sha,
        "node_id": f"C_kwDOAbCdEs{sha[:10]}",
        "html_url": f"{WEB}/commit/{sha}",
        "comments_url": f"{API}/commits/{sha}/comments",
        "commit": {
            "url": f"{API}/git/commits/{sha}",
            "author": person,
            "committer": person,
            "message": message,
            "tree": {"url": f"{API}/git/trees/{'0' * 40}", "sha": "0" * 40},
            "comment_count": 0,
            "verification": {
                "verified": verified,
                "reason": "valid" if verified else "unsigned",
                "signature": None,
                "payload": None,
                "verified_at": None,
            },
        },
        "author": by,
        "committer": by,
        "parents": [{"url": f"{API}/commits/{parent}", "sha": parent}],
    }


A = "6dcb09b5b57875f334f61aebed695e2e4193db5e"
B = "7638417db6d59f3c431d3e1f261cc637155684cd"
BASE = "9b3a4ef9e3a1c7b2f5d6e8a0c1b2d3e4f5a6b7c8"
T = dt.datetime(2026, 3, 12, 8, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


def example() -> dict[str, Any]:
    """A pull request of two commits; Kari approved the first, commented on the
    second, and Ola's own comment is skipped too."""
    return {
        "pull.json": pull(B, BASE, 2),
        "reviews.json": [
            review(80, KARI, "APPROVED", A, T + HOUR),
            review(81, KARI, "COMMENTED", B, T + 3 * HOUR),
            review(82, OLA, "COMMENTED", B, T + 3 * HOUR),
        ],
        "commits.json": [
            commit(A, BASE, "Require level 4 for BankID", T, verified=True),
            commit(B, A, "Log the level used\n\nFor the audit trail.", T + 2 * HOUR),
        ],
    }


def write(folder: Path, files: dict[str, Any]) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, data in files.items():
        (folder / name).write_text(json.dumps(data, indent=2) + "\n", "utf-8")
        out[name] = folder / name
    return out


def write_example(folder: Path) -> dict[str, Path]:
    return write(folder, example())
