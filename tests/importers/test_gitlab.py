"""``sdlc record import gitlab-approvals``: a merge request's approvals bound to
commits by its diff versions, from GitLab-shaped REST API answers saved as files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from . import gitlab_json as gl
from .conftest import HERE, PROCESS, ROSTER, Import, RunCli, events

GOOD = HERE / "gitlab"
BAD = HERE / "bad" / "gitlab"
M, A, V, C = (str(GOOD / n) for n in ("mr.json", "approvals.json", "versions.json", "commits.json"))
FILES = [M, A, V, C]


def answers(folder: Path, **change: object) -> list[str]:
    files = gl.example()
    files.update(change)
    return [str(p) for p in gl.write(folder, files).values()]


def test_an_approval_is_bound_to_the_head_of_the_newest_version_before_it(
    run_import: Import, record: Path
) -> None:
    code, out, err = run_import("gitlab-approvals", *FILES, "--roster", str(ROSTER))
    assert (code, err) == (0, "")
    found = events(record)
    assert [(e.stage, e.actor, e.outcome, e.subject, e.at) for e in found] == [
        ("implementation", "ola-nordmann", "done", gl.A, gl.T),
        ("implementation", "ola-nordmann", "done", gl.B, gl.T + 2 * gl.HOUR),
        ("code-review", "kari-larsen", "approved", gl.B, gl.T + 3 * gl.HOUR),
    ]
    assert [(e.kind, e.uri) for e in found[2].evidence] == [
        ("review-link", "https://gitlab.example.no/login-team/gateway/-/merge_requests/5")
    ]
    assert found[2].note.splitlines() == [
        "gitlab: approval of merge request !5 by kari.larsen",
        "bound to diff version 202 of 2026-03-12T10:01:00+00:00, the newest before the approval",
        "source: gitlab-approval/42/5/12/2026-03-12T11:00:00.000000Z",
    ]
    assert out.splitlines()[2] == (
        "appended event #3 'code-review' by kari-larsen: approval by kari.larsen: approved "
        "7638417db6d5"
    )


def test_importing_the_same_answers_twice_adds_nothing(run_import: Import, record: Path) -> None:
    assert run_import("gitlab-approvals", *FILES, "--roster", str(ROSTER))[0] == 0
    before = record.read_bytes()
    code, out, _ = run_import("gitlab-approvals", *FILES, "--roster", str(ROSTER))
    assert code == 0
    assert out.splitlines()[-1] == (
        "nothing to append: <tmp>/CH-1.yaml holds every event this evidence proves"
    )
    assert record.read_bytes() == before


def test_an_approval_between_a_push_and_its_version_binds_to_the_commit_before(
    run_import: Import, record: Path, tmp_path: Path
) -> None:
    """B was pushed at 10:00 and GitLab made its version at 10:01: an approval at
    10:00:30 is of A, which is what the approver could have seen."""
    at = gl.T + 2 * gl.HOUR + dt.timedelta(seconds=30)
    files = answers(tmp_path / "gl", **{"approvals.json": gl.approvals((gl.KARI, at))})
    assert run_import("gitlab-approvals", *files, "--roster", str(ROSTER))[0] == 0
    review = events(record)[-1]
    assert (review.subject, review.at) == (gl.A, at)
    assert review.note.splitlines()[1:3] == [
        "bound to diff version 201 of 2026-03-12T08:01:00+00:00, the newest before the approval",
        "of 6dcb09b5b578, not the merge request's head 7638417db6d5",
    ]


@pytest.mark.parametrize(
    ("at", "why"),
    [
        (None, "GitLab gave no approved_at, so the commit approved cannot be told"),
        (gl.T, "it was given before the first diff version"),
        (gl.T + gl.MINUTE, "it was given before the first diff version"),
    ],
)
def test_an_approval_that_cannot_be_bound_is_not_evidence(
    at: dt.datetime | None, why: str, run_import: Import, record: Path, tmp_path: Path
) -> None:
    files = answers(tmp_path / "gl", **{"approvals.json": gl.approvals((gl.KARI, at))})
    code, out, err = run_import("gitlab-approvals", *files, "--roster", str(ROSTER))
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"skipped approval of !5 by kari.larsen: {why}; not evidence"
    assert [e.stage for e in events(record)] == ["implementation", "implementation"]


def test_an_approval_gitlab_no_longer_lists_is_refused_until_voided(
    run_cli: RunCli, run_import: Import, record: Path, tmp_path: Path
) -> None:
    assert run_import("gitlab-approvals", *FILES, "--roster", str(ROSTER))[0] == 0
    before = record.read_bytes()
    files = answers(tmp_path / "gl", **{"approvals.json": gl.approvals()})
    source = "gitlab-approval/42/5/12/2026-03-12T11:00:00.000000Z"
    assert run_import("gitlab-approvals", *files, "--roster", str(ROSTER)) == (
        2,
        "",
        f"sdlc: <tmp>/CH-1.yaml: event #3 records {source} as 'code-review' by kari-larsen, "
        "approved, for 7638417db6d5, but GitLab no longer lists that approval of !5; the record "
        "still counts it\n  hint: void it with an event of stage 'code-review' with outcome "
        f"rejected and the note 'source: {source}' (sdlc record append), then import again\n",
    )
    assert record.read_bytes() == before
    code, _, err = run_cli(
        "record", "append", str(record), "--stage", "code-review", "--actor", "kari-larsen",
        "--subject", gl.B, "--outcome", "rejected", "--note", f"source: {source}",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert run_import("gitlab-approvals", *files, "--roster", str(ROSTER))[0] == 0


def test_an_approval_reset_by_a_push_is_no_longer_listed_and_needs_no_voiding(
    run_import: Import, record: Path, tmp_path: Path
) -> None:
    """GitLab's "reset approvals on push" drops an approval of an older commit; the
    record keeps it as an approval of that commit, stale at the new head."""
    first = {
        "mr.json": gl.merge_request(gl.A, gl.BASE),
        "approvals.json": gl.approvals((gl.KARI, gl.T + gl.HOUR)),
        "versions.json": gl.example()["versions.json"][1:],
        "commits.json": gl.example()["commits.json"][1:],
    }
    assert run_import("gitlab-approvals", *answers(tmp_path / "one", **first), "--roster",
                      str(ROSTER))[0] == 0  # fmt: skip
    files = answers(tmp_path / "two", **{"approvals.json": gl.approvals()})
    code, _, err = run_import("gitlab-approvals", *files, "--roster", str(ROSTER))
    assert (code, err) == (0, "")
    assert [(e.stage, e.subject) for e in events(record)] == [
        ("implementation", gl.A),
        ("code-review", gl.A),
        ("implementation", gl.B),
    ]


def test_an_approval_of_an_older_version_is_stale_at_a_deployment_of_the_head(
    run_cli: RunCli, run_import: Import, record: Path, tmp_path: Path
) -> None:
    files = answers(tmp_path / "gl", **{"approvals.json": gl.approvals((gl.KARI, gl.T + gl.HOUR))})
    assert run_import("gitlab-approvals", *files, "--roster", str(ROSTER))[0] == 0
    code, _, err = run_cli(
        "record", "append", str(record), "--stage", "deployment", "--actor", "nora-bakken",
        "--subject", gl.B, "--at", "2026-03-12T12:00:00Z",
    )  # fmt: skip
    assert (code, err) == (0, "")
    code, out, _ = run_cli("check", str(record), "--process", str(PROCESS), "--roster", str(ROSTER))
    assert code == 1
    assert (
        "error C009 stale-approval  record CH-1, event #4 'deployment' by nora-bakken: deployed "
        f"{gl.B[:7]}…, but 'code-review' was completed for {gl.A[:7]}…"
    ) in out


BAD_INPUTS = {
    "other-mr-approvals": (
        [M, str(BAD / "other-mr.approvals.json"), V],
        f"{BAD}/other-mr.approvals.json:3:10: at iid: these approvals are of iid 6, not 5",
    ),
    "paginated": (
        [M, A, V, "--commits", str(BAD / "paginated.commits.json")],
        f"{BAD}/paginated.commits.json:22:1: not valid JSON: more follows the end of the "
        "document\n  hint: one document per file: 'gh api --paginate' writes one per page, so "
        "add --slurp (or join the pages with jq -s add)",
    ),
    "before-push": (
        [M, A, "--versions", str(BAD / "before-push.versions.json")],
        f"{BAD}/before-push.versions.json:1:1: the newest diff version is of {gl.A}, but the "
        f"merge request's head is {gl.B}\n  hint: save the merge request and its versions at "
        "the same moment, after the last push",
    ),
    "no-head": (
        [M, A, V, "--commits", str(BAD / "no-head.commits.json")],
        f"{BAD}/no-head.commits.json:1:1: the commits file does not hold the merge request's "
        f"head {gl.B}\n  hint: save the commits of this merge request, as they are now",
    ),
    "twice-approvals": (
        [M, str(BAD / "twice.approvals.json"), V],
        f"{BAD}/twice.approvals.json:28:5: at approved_by[1]: approver 12 is listed twice\n"
        "  hint: save each page once",
    ),
    "twice-versions": (
        [M, A, str(BAD / "twice.versions.json")],
        f"{BAD}/twice.versions.json:2:3: at [0]: version 201 is listed twice\n"
        "  hint: save each page once",
    ),
    "other-mr-versions": (
        [M, A, str(BAD / "other-mr.versions.json")],
        f"{BAD}/other-mr.versions.json:19:25: at [1].merge_request_id: this version is of "
        "merge request id 1006, not 1005",
    ),
    "stranger": (
        [M, str(BAD / "stranger.approvals.json"), V],
        f"{BAD}/stranger.approvals.json:19:21: approval of !5: the gitlab account 'eve.x' is "
        f"no one in the roster {ROSTER}\n  hint: add it to the person's entry there: "
        "accounts: {gitlab: USERNAME}",
    ),
    "bad-time": (
        [M, str(BAD / "bad-time.approvals.json"), V],
        f"{BAD}/bad-time.approvals.json:26:22: at approved_by[0].approved_at: expected a date "
        'and time with its zone (Z or +01:00), found "2026-03-12 11:00"',
    ),
    "no-user": (
        [M, str(BAD / "no-user.approvals.json"), V],
        f"{BAD}/no-user.approvals.json:16:5: at approved_by[0]: 'user' is missing; expected "
        "the approver",
    ),
    "stranger-commit": (
        [M, A, V, str(BAD / "stranger.commits.json")],
        f"{BAD}/stranger.commits.json:2:3: commit 7638417db6d5 by Ola Nordmann "
        f"<eve@example.com>: the email account 'eve@example.com' is no one in the roster "
        f"{ROSTER}\n  hint: add it to the person's entry there: accounts: {{email: [ADDRESS]}}",
    ),
    "not-gitlab": (
        [M, A, str(HERE / "github" / "pull.json")],
        f"{HERE}/github/pull.json:1:1: expected a merge request, its approvals, its versions or "
        "its commits as GitLab's REST API gives them, found an object\n  hint: pass a file of "
        "an empty list with --commits, to say what it is",
    ),
    "no-versions": ([M, A], "gitlab-approvals needs its diff versions (--versions FILE)"),
    "no-mr": ([A, V], "gitlab-approvals needs the merge request itself (--mr FILE)"),
    "two-mrs": ([M, M, A, V], f"{M}: a second file of the merge request itself; give each once"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_appends_nothing_and_says_exactly_why(
    case: str, run_import: Import, record: Path
) -> None:
    args, message = BAD_INPUTS[case]
    before = record.read_bytes()
    code, out, err = run_import("gitlab-approvals", *args, "--roster", str(ROSTER))
    assert (code, out, err) == (2, "", f"sdlc: {message}\n")
    assert record.read_bytes() == before


def test_without_a_roster_no_approver_can_be_named(run_import: Import) -> None:
    assert run_import("gitlab-approvals", *FILES) == (
        2,
        "",
        "sdlc: gitlab-approvals needs --roster, to know which person each account is\n",
    )


def test_the_fixtures_are_what_the_helper_writes(tmp_path: Path) -> None:
    written = gl.write_example(tmp_path)
    for name, path in written.items():
        assert (GOOD / name).read_text("utf-8") == path.read_text("utf-8"), name
