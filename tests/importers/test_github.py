"""``sdlc record import github-reviews``: a pull request's reviews and commits,
from GitHub-shaped REST API answers saved as files."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest

from . import github_json as gh
from .conftest import HERE, ROSTER, Import, RunCli, events

GOOD = HERE / "github"
BAD = HERE / "bad" / "github"
FILES = [str(GOOD / name) for name in ("pull.json", "reviews.json", "commits.json")]


def test_reviews_and_commits_become_events_in_the_order_they_happened(
    run_import: Import, record: Path
) -> None:
    code, out, err = run_import("github-reviews", *FILES, "--roster", str(ROSTER))
    assert (code, err) == (0, "")
    found = events(record)
    assert [(e.stage, e.actor, e.outcome, e.subject, e.at) for e in found] == [
        ("implementation", "ola-nordmann", "done", gh.A, gh.T),
        ("code-review", "kari-larsen", "approved", gh.A, gh.T + gh.HOUR),
        ("implementation", "ola-nordmann", "done", gh.B, gh.T + 2 * gh.HOUR),
    ]
    assert [(e.kind, e.uri) for e in found[1].evidence] == [
        ("review-link", "https://github.com/login-team/gateway/pull/7#pullrequestreview-80")
    ]
    assert found[1].note.splitlines() == [
        "github: review 80 of pull request #7: APPROVED",
        "of 6dcb09b5b578, not the pull request's head 7638417db6d5",
        "source: github-review/80",
    ]
    assert found[0].note.splitlines()[2] == "signature: verified by GitHub (valid)"
    assert found[2].note.splitlines()[2] == "signature: not verified by GitHub (unsigned)"
    assert out.splitlines()[:2] == [
        "skipped review 81 by kari-l: COMMENTED (a comment neither approves nor rejects)",
        "skipped review 82 by ola-n: COMMENTED (a comment neither approves nor rejects)",
    ]


def test_importing_the_same_answers_twice_adds_nothing(run_import: Import, record: Path) -> None:
    assert run_import("github-reviews", *FILES, "--roster", str(ROSTER))[0] == 0
    before = record.read_bytes()
    code, out, _ = run_import("github-reviews", *FILES, "--roster", str(ROSTER))
    assert code == 0
    assert out.splitlines()[-1] == (
        "nothing to append: <tmp>/CH-1.yaml holds every event this evidence proves"
    )
    assert record.read_bytes() == before


def test_commits_already_imported_from_git_are_not_implemented_twice(
    run_cli: RunCli, run_import: Import, record: Path
) -> None:
    code, _, err = run_cli(
        "record", "append", str(record), "--stage", "implementation", "--actor", "ola-nordmann",
        "--subject", gh.A, "--at", gh.T.isoformat(), "--note", f"source: commit/{gh.A}",
    )  # fmt: skip
    assert (code, err) == (0, "")
    code, out, _ = run_import("github-reviews", *FILES, "--roster", str(ROSTER))
    assert code == 0
    assert (
        "already in the record as event #1: commit 6dcb09b5b578 'Require level 4 for BankID'"
        in (out.splitlines())
    )
    assert [e.subject for e in events(record) if e.stage == "implementation"] == [gh.A, gh.B]


def answers(folder: Path, **change: object) -> list[str]:
    files = gh.example()
    files.update(change)
    return [str(p) for p in gh.write(folder, files).values()]


def test_changes_requested_is_a_rejected_review(
    run_import: Import, record: Path, tmp_path: Path
) -> None:
    reviews = [gh.review(90, gh.KARI, "CHANGES_REQUESTED", gh.B, gh.T + 3 * gh.HOUR)]
    code, _, _ = run_import(
        "github-reviews", *answers(tmp_path / "gh", **{"reviews.json": reviews}),
        "--roster", str(ROSTER),
    )  # fmt: skip
    assert code == 0
    assert [(e.stage, e.outcome, e.subject) for e in events(record)][-1] == (
        "code-review",
        "rejected",
        gh.B,
    )


def test_an_approval_dismissed_after_its_import_is_refused_until_voided(
    run_cli: RunCli, run_import: Import, record: Path, tmp_path: Path
) -> None:
    assert run_import("github-reviews", *FILES, "--roster", str(ROSTER))[0] == 0
    dismissed = copy.deepcopy(gh.example()["reviews.json"])
    dismissed[0]["state"] = "DISMISSED"
    files = answers(tmp_path / "gh", **{"reviews.json": dismissed})
    before = record.read_bytes()
    code, out, err = run_import("github-reviews", *files, "--roster", str(ROSTER))
    assert (code, out) == (2, "")
    assert err == (
        "sdlc: <tmp>/CH-1.yaml: event #2 records github-review/80 as 'code-review' by "
        "kari-larsen, approved, for 6dcb09b5b578, but GitHub says review 80 was dismissed; the "
        "record still counts it\n  hint: void it with an event of stage 'code-review' with "
        "outcome rejected and the note 'source: github-review/80' (sdlc record append), then "
        "import again\n"
    )
    assert record.read_bytes() == before
    code, _, err = run_cli(
        "record", "append", str(record), "--stage", "code-review", "--actor", "kari-larsen",
        "--outcome", "rejected", "--subject", gh.A,
        "--at", (gh.T + 4 * gh.HOUR).isoformat(), "--note", "source: github-review/80",
    )  # fmt: skip
    assert (code, err) == (0, "")
    code, out, _ = run_import("github-reviews", *files, "--roster", str(ROSTER))
    assert code == 0
    assert "skipped review 80 by kari-l: DISMISSED (it was dismissed)" in out.splitlines()


def test_files_can_be_named_by_option_and_pages_slurped(
    run_import: Import, record: Path, tmp_path: Path
) -> None:
    example = gh.example()
    pages = [example["reviews.json"][:1], example["reviews.json"][1:]]
    paths = gh.write(tmp_path / "gh", {**example, "reviews.json": pages})
    code, _, err = run_import(
        "github-reviews", "--pull", str(paths["pull.json"]), "--reviews",
        str(paths["reviews.json"]), "--roster", str(ROSTER),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert [e.stage for e in events(record)] == ["code-review"]


def test_an_empty_list_of_reviews_is_fine_when_named(
    run_import: Import, record: Path, tmp_path: Path
) -> None:
    paths = gh.write(tmp_path / "gh", {**gh.example(), "reviews.json": []})
    code, out, _ = run_import(
        "github-reviews", str(paths["pull.json"]), "--reviews", str(paths["reviews.json"]),
        "--roster", str(ROSTER),
    )  # fmt: skip
    assert (code, out.splitlines()[-1]) == (
        0,
        "nothing to append: <tmp>/CH-1.yaml holds every event this evidence proves",
    )


P, R, C = (str(GOOD / n) for n in ("pull.json", "reviews.json", "commits.json"))
BAD_INPUTS = {
    "other-pull": (
        [P, str(BAD / "other-pull.reviews.json")],
        f"{BAD}/other-pull.reviews.json:18:25: at [0].pull_request_url: this review is of "
        "https://api.github.com/repos/login-team/gateway/pulls/8, not of "
        "https://api.github.com/repos/login-team/gateway/pulls/7",
    ),
    "paginated": (
        [P, "--reviews", str(BAD / "paginated.reviews.json")],
        f"{BAD}/paginated.reviews.json:60:2: not valid JSON: more follows the end of the "
        "document\n  hint: one document per file: 'gh api --paginate' writes one per page, so "
        "add --slurp (or join the pages with jq -s add)",
    ),
    "three-commits": (
        [str(BAD / "three-commits.pull.json"), R, C],
        f"{GOOD}/commits.json:1:1: the commits file holds 2 of the pull request's 3 commits\n"
        "  hint: save every page: gh api --paginate --slurp repos/OWNER/REPO/pulls/N/commits",
    ),
    "one-of-two": (
        [P, R, "--commits", str(BAD / "one-of-two.commits.json")],
        f"{BAD}/one-of-two.commits.json:1:1: the commits file holds 1 of the pull request's 2 "
        "commits\n  hint: save every page: gh api --paginate --slurp "
        "repos/OWNER/REPO/pulls/N/commits",
    ),
    "no-head": (
        [P, R, "--commits", str(BAD / "no-head.commits.json")],
        f"{BAD}/no-head.commits.json:1:1: the commits file does not hold the pull request's "
        f"head {gh.B}\n  hint: save the commits of this pull request, as they are now",
    ),
    "twice": (
        [P, "--reviews", str(BAD / "twice.reviews.json")],
        f"{BAD}/twice.reviews.json:89:3: at [3]: review 80 is listed twice\n  hint: save each "
        "page once",
    ),
    "unknown-state": (
        [P, str(BAD / "unknown-state.reviews.json")],
        f"{BAD}/unknown-state.reviews.json:2:3: at [0]: unknown review state 'LGTM'\n  hint: "
        "expected APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED or PENDING",
    ),
    "numeric-state": (
        [P, str(BAD / "numeric-state.reviews.json")],
        f"{BAD}/numeric-state.reviews.json:16:14: at [0].state: expected the review's state, "
        "found 1",
    ),
    "ghost": (
        [P, str(BAD / "ghost.reviews.json")],
        f"{BAD}/ghost.reviews.json:2:3: at [0]: review 80 (APPROVED) has no reviewer, so no "
        "one can be said to have done it\n  hint: a review of a deleted account cannot count; "
        "ask for a new review",
    ),
    "stranger": (
        [P, str(BAD / "stranger.reviews.json")],
        f"{BAD}/stranger.reviews.json:5:13: review 80: the github account 'eve-x' is no one in "
        f"the roster {ROSTER}\n  hint: add it to the person's entry there: accounts: "
        "{github: LOGIN}",
    ),
    "two-people": (
        [P, R, "--commits", str(BAD / "two-people.commits.json")],
        f"{BAD}/two-people.commits.json:61:3: commit 7638417db6d5 by Ola Nordmann "
        "<ola@example.no>: the e-mail is ola-nordmann's but the GitHub login 'kari-l' is "
        "kari-larsen's\n  hint: one account, one person: correct the roster's accounts",
    ),
    "not-github": (
        [P, str(HERE / "bad" / "sarif" / "no-runs.sarif")],
        "tests/importers/data/bad/sarif/no-runs.sarif:1:1: expected a pull request, its "
        "reviews or its commits as GitHub's REST API gives them, found an object\n  hint: pass "
        "a file of an empty list with --reviews or --commits, to say what it is",
    ),
    "no-reviews": ([P], "github-reviews needs its reviews (--reviews FILE)"),
    "no-pull": ([R, C], "github-reviews needs the pull request itself (--pull FILE)"),
    "two-pulls": (
        [P, P, R],
        f"{P}: a second file of the pull request itself; give each once",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_appends_nothing_and_says_exactly_why(
    case: str, run_import: Import, record: Path
) -> None:
    args, message = BAD_INPUTS[case]
    before = record.read_bytes()
    code, out, err = run_import("github-reviews", *args, "--roster", str(ROSTER))
    assert (code, out, err) == (2, "", f"sdlc: {message}\n")
    assert record.read_bytes() == before


def test_without_a_roster_no_reviewer_can_be_named(run_import: Import) -> None:
    assert run_import("github-reviews", *FILES) == (
        2,
        "",
        "sdlc: github-reviews needs --roster, to know which person each account is\n",
    )


def test_a_review_submitted_at_a_given_time_keeps_its_time(
    run_import: Import, record: Path, tmp_path: Path
) -> None:
    at = dt.datetime(2026, 3, 12, 9, 30, tzinfo=dt.UTC)
    reviews = [gh.review(91, gh.KARI, "APPROVED", gh.B, at)]
    files = answers(tmp_path / "gh", **{"reviews.json": reviews})
    assert (
        run_import(
            "github-reviews", *files, "--roster", str(ROSTER), "--at", "2027-01-01T00:00:00Z"
        )[0]
        == 0
    )
    assert [e.at for e in events(record) if e.stage == "code-review"] == [at]
