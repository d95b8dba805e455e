"""GitLab-shaped REST API answers about one merge request, for the importer tests.

The fields and their nesting follow GitLab's REST API reference (API v4):
"Get single MR" (``GET /projects/:id/merge_requests/:merge_request_iid``),
"Get configuration for approvals on a specific merge request"
(``…/approvals``, whose ``approved_by`` entries carry ``user`` and
``approved_at``, as ``API::Entities::Approvals`` exposes them), "Get MR diff
versions" (``…/versions``, newest first) and "Get single MR commits"
(``…/commits``). User objects are ``UserBasic``'s fields. tests/importers/data/
gitlab/ holds files made by :func:`write_example`.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

WEB = "https://gitlab.example.no/login-team/gateway"
PROJECT = 42
IID = 5
MR_ID = 1005


def user(username: str, uid: int, name: str) -> dict[str, Any]:
    return {
        "id": uid,
        "username": username,
        "name": name,
        "state": "active",
        "locked": False,
        "avatar_url": f"https://gitlab.example.no/uploads/-/system/user/avatar/{uid}/avatar.png",
        "web_url": f"https://gitlab.example.no/{username}",
    }


OLA = user("ola.nordmann", 11, "Ola Nordmann")
KARI = user("kari.larsen", 12, "Kari Larsen")


def stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def merge_request(head: str, base: str, *, iid: int = IID) -> dict[str, Any]:
    return {
        "id": MR_ID,
        "iid": iid,
        "project_id": PROJECT,
        "title": "Require level 4 for BankID",
        "description": "Enforces the minimum authentication level.",
        "state": "opened",
        "created_at": "2026-03-12T06:55:00.000Z",
        "updated_at": "2026-03-12T11:00:00.000Z",
        "merged_by": None,
        "merge_user": None,
        "merged_at": None,
        "closed_by": None,
        "closed_at": None,
        "target_branch": "main",
        "source_branch": "level-4",
        "user_notes_count": 1,
        "upvotes": 0,
        "downvotes": 0,
        "author": OLA,
        "assignees": [OLA],
        "assignee": OLA,
        "reviewers": [KARI],
        "source_project_id": PROJECT,
        "target_project_id": PROJECT,
        "labels": [],
        "draft": False,
        "work_in_progress": False,
        "milestone": None,
        "merge_when_pipeline_succeeds": False,
        "merge_status": "can_be_merged",
        "detailed_merge_status": "mergeable",
        "sha": head,
        "merge_commit_sha": None,
        "squash_commit_sha": None,
        "discussion_locked": None,
        "should_remove_source_branch": None,
        "force_remove_source_branch": True,
        "reference": f"!{iid}",
        "references": {
            "short": f"!{iid}",
            "relative": f"!{iid}",
            "full": f"login-team/gateway!{iid}",
        },
        "web_url": f"{WEB}/-/merge_requests/{iid}",
        "squash": False,
        "has_conflicts": False,
        "blocking_discussions_resolved": True,
        "changes_count": "4",
        "diff_refs": {"base_sha": base, "head_sha": head, "start_sha": base},
        "merge_error": None,
        "first_contribution": False,
    }


def approvals(
    *approved: tuple[dict[str, Any], dt.datetime | None], iid: int = IID
) -> dict[str, Any]:
    by = []
    for who, at in approved:
        entry: dict[str, Any] = {"user": who}
        if at is not None:
            entry["approved_at"] = stamp(at)
        by.append(entry)
    return {
        "id": MR_ID,
        "iid": iid,
        "project_id": PROJECT,
        "title": "Require level 4 for BankID",
        "description": "Enforces the minimum authentication level.",
        "state": "opened",
        "created_at": "2026-03-12T06:55:00.000Z",
        "updated_at": "2026-03-12T11:00:00.000Z",
        "merge_status": "can_be_merged",
        "approved": bool(by),
        "approvals_required": 1,
        "approvals_left": 0 if by else 1,
        "require_password_to_approve": False,
        "approved_by": by,
        "suggested_approvers": [],
        "approvers": [],
        "approver_groups": [],
        "user_has_approved": False,
        "user_can_approve": False,
        "approval_rules_left": [],
        "has_approval_rules": False,
        "merge_request_approvers_available": True,
        "multiple_approval_rules_available": True,
        "invalid_approvers_rules": [],
    }


def version(vid: int, head: str, base: str, at: dt.datetime) -> dict[str, Any]:
    return {
        "id": vid,
        "head_commit_sha": head,
        "base_commit_sha": base,
        "start_commit_sha": base,
        "created_at": stamp(at),
        "merge_request_id": MR_ID,
        "state": "collected",
        "real_size": "2",
        "patch_id_sha": f"{vid:040x}",
    }


def commit(
    sha: str,
    parent: str,
    message: str,
    at: dt.datetime,
    *,
    name: str = "Ola Nordmann",
    email: str = "ola@example.no",
) -> dict[str, Any]:
    return {
        "id": sha,
        "short_id": sha[:8],
        "created_at": stamp(at),
        "parent_ids": [parent],
        "title": message.splitlines()[0],
        "message": message,
        "author_name": name,
        "author_email": email,
        "authored_date": stamp(at),
        "committer_name": name,
        "committer_email": email,
        "committed_date": stamp(at),
        "trailers": {},
        "extended_trailers": {},
        "web_url": f"{WEB}/-/commit/{sha}",
    }


A = "6dcb09b5b57875f334f61aebed695e2e4193db5e"
B = "7638417db6d59f3c431d3e1f261cc637155684cd"
BASE = "9b3a4ef9e3a1c7b2f5d6e8a0c1b2d3e4f5a6b7c8"
T = dt.datetime(2026, 3, 12, 8, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)
MINUTE = dt.timedelta(minutes=1)


def example() -> dict[str, Any]:
    """A merge request of two pushes (A, then B); Kari approved after the second."""
    return {
        "mr.json": merge_request(B, BASE),
        "approvals.json": approvals((KARI, T + 3 * HOUR)),
        "versions.json": [
            version(202, B, BASE, T + 2 * HOUR + MINUTE),
            version(201, A, BASE, T + MINUTE),
        ],
        "commits.json": [
            commit(B, A, "Log the level used\n\nFor the audit trail.", T + 2 * HOUR),
            commit(A, BASE, "Require level 4 for BankID", T),
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
