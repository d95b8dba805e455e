"""From evidence to a verdict: a real git repository, a real pytest JUnit report, a
real ruff SARIF log and GitHub-shaped review answers, imported into one record
made with ``sdlc record new``, then checked with ``sdlc check``.

The same flow with a commit pushed after the approval ends in ``stale-approval``
by the checker's ordinary rules; a skipped BankID-mobile suite ends in
``coverage-below-profile``; a commit under the eID gateway's session code makes a
change declared as a text change high risk (``diff-underdeclared``).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sdlc.integrity.signing import from_seed, private_pem, public_base64

from ..conftest import ROOT
from . import github_json as gh
from .conftest import PROCESS, ROSTER, RunCli, events
from .gitrepo import commit, git, new_repo
from .test_junit import LOGIN_TESTS
from .test_sarif import ruff_log

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
HOUR = dt.timedelta(hours=1)

ALL_PASS = """\
def test_bankid_desktop_login():
    assert True


def test_bankid_mobile_login():
    assert True


def test_minid_login():
    assert True
"""

PATTERNS = (
    "--provider-pattern", "bankid=test_bankid_desktop*",
    "--provider-pattern", "bankid-mobile=*bankid_mobile*",
    "--provider-pattern", "bankid-mobile=*TestBankidMobile.*",
    "--provider-pattern", "minid=test_minid*",
)  # fmt: skip


class Change:
    """One change carried through imports into a record, in ``folder``."""

    def __init__(self, folder: Path, run_cli: RunCli) -> None:
        self.folder = folder
        self.run_cli = run_cli
        self.repo = new_repo(folder / "gateway")
        self.base = commit(self.repo, "Start the gateway", at=NOW - 4 * HOUR)
        self.first = commit(self.repo, "Require level 4 for BankID", at=NOW - 3 * HOUR)
        self.record = self.repo / "changes" / "CH-1.yaml"
        self.record.parent.mkdir()
        key = from_seed(b"ci-key-seed-for-the-import-tests")
        (folder / "ci.pem").write_text(private_pem(key), "utf-8")
        roster = yaml.safe_load(ROSTER.read_text("utf-8"))
        for person in roster["people"]:
            if person["id"] == "ci":
                person["keys"] = [{"id": "ci-2026", "public_key": public_base64(key)}]
        self.roster = folder / "roster.yaml"
        self.roster.write_text(yaml.safe_dump(roster, sort_keys=False), "utf-8")

    def sdlc(self, *args: str) -> tuple[int, str, str]:
        return self.run_cli(*args)

    def ok(self, *args: str) -> str:
        code, out, err = self.sdlc(*args)
        assert (code, err) == (0, ""), out + err
        return out

    def new(self) -> None:
        self.ok(
            "record", "new", str(self.record), "--id", "CH-1", "--process", str(PROCESS),
            "--title", "Require level 4 for BankID", "--author", "ola-nordmann",
            "--commit", self.first,
        )  # fmt: skip

    def into(self, kind: str, *args: str) -> str:
        return self.ok(
            "record", "import", kind, *args, "--record", str(self.record),
            "--roster", str(self.roster), "--process", str(PROCESS),
        )  # fmt: skip

    def reviews(self, head: str, commits: list[dict[str, object]]) -> list[str]:
        files = {
            "pull.json": gh.pull(head, self.base, len(commits)),
            "reviews.json": [
                gh.review(80, gh.KARI, "APPROVED", self.first, NOW - 2 * HOUR),
                gh.review(81, gh.OLA, "COMMENTED", self.first, NOW - 2 * HOUR),
            ],
            "commits.json": commits,
        }
        return [str(p) for p in gh.write(self.folder / "github", files).values()]

    def tests(self, subject: str, source: str = ALL_PASS) -> None:
        run = self.repo / "build" / "run"
        run.mkdir(parents=True, exist_ok=True)
        (run / "test_login.py").write_text(source, "utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
        env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # pytest's own --junitxml, started fast
        subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", ".",
             "--junitxml=junit.xml", "test_login.py"],
            cwd=run, env=env, capture_output=True, check=True,
        )  # fmt: skip
        self.into(
            "junit", str(run / "junit.xml"), "--stage", "tests", "--actor", "ci",
            "--subject", subject, *PATTERNS, "--key", str(self.folder / "ci.pem"),
        )  # fmt: skip
        log = ruff_log(self.repo / "build" / "scan", "x = 1\n")
        later = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30)).isoformat()
        self.into(
            "sarif", str(log), "--stage", "lint", "--actor", "ci", "--subject", subject,
            "--at", later,
        )  # fmt: skip

    def deploy(self, subject: str) -> None:
        log = self.record.parent / "deploy.log"
        log.write_text(f"deployed {subject}\n", "utf-8")
        self.ok(
            "record", "append", str(self.record), "--stage", "deployment", "--actor",
            "nora-bakken", "--subject", subject, "--evidence", "deploy-log=deploy.log",
            "--at", (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=60)).isoformat(),
        )  # fmt: skip

    def check(self) -> tuple[int, str, str]:
        return self.sdlc(
            "check", str(self.record), "--process", str(PROCESS), "--roster", str(self.roster)
        )


@pytest.fixture
def change(tmp_path: Path, run_cli: RunCli) -> Change:
    return Change(tmp_path, run_cli)


def test_imported_evidence_of_a_reviewed_tested_change_is_compliant(change: Change) -> None:
    change.new()
    change.into("git", "--repo", str(change.repo), "--range", f"{change.base}..main")
    out = change.into(
        "github-reviews",
        *change.reviews(change.first, [gh.commit(change.first, change.base, "Require level 4 "
                                                 "for BankID", NOW - 3 * HOUR)]),
    )  # fmt: skip
    assert "already in the record as event #1: commit" in out
    change.tests(change.first)
    change.deploy(change.first)
    found = events(change.record)
    assert [(e.stage, e.actor, e.outcome) for e in found] == [
        ("implementation", "ola-nordmann", "done"),
        ("code-review", "kari-larsen", "approved"),
        ("tests", "ci", "done"),
        ("lint", "ci", "done"),
        ("deployment", "nora-bakken", "done"),
    ]
    assert found[2].signature is not None
    assert found[2].signature.key == "ci-2026"
    assert found[2].covers == ("bankid", "bankid-mobile", "minid")
    code, out, err = change.check()
    assert (code, err) == (0, ""), out
    assert out.splitlines()[-1] == "checked 1 record: 1 compliant, 0 not compliant, 0 unreadable"
    code, out, _ = change.sdlc(
        "record", "verify", str(change.record), "--roster", str(change.roster), "--require-chain"
    )
    assert code == 0, out


def test_a_push_after_the_approval_makes_the_approval_stale(change: Change) -> None:
    change.new()
    change.into("git", "--repo", str(change.repo), "--range", f"{change.base}..main")
    second = commit(change.repo, "Log the level used", at=NOW - 90 * dt.timedelta(minutes=1))
    files = change.reviews(
        second,
        [
            gh.commit(change.first, change.base, "Require level 4 for BankID", NOW - 3 * HOUR),
            gh.commit(second, change.first, "Log the level used", NOW - 1.5 * HOUR),
        ],
    )
    change.into("github-reviews", *files)
    change.into("git", "--repo", str(change.repo), "--range", f"{change.base}..main")
    change.tests(second)
    change.deploy(second)
    assert [(e.stage, e.subject) for e in events(change.record)][:3] == [
        ("implementation", change.first),
        ("code-review", change.first),
        ("implementation", second),
    ]
    code, out, err = change.check()
    assert (code, err) == (1, "")
    assert (
        "error C009 stale-approval  record CH-1, event #6 'deployment' by nora-bakken: deployed "
        f"{second[:7]}…, but 'code-review' was completed for {change.first[:7]}…"
    ) in out
    assert out.splitlines()[-1] == "checked 1 record: 0 compliant, 1 not compliant, 0 unreadable"


def test_a_skipped_mobile_suite_leaves_coverage_below_the_profile(change: Change) -> None:
    change.new()
    change.into("git", "--repo", str(change.repo), "--range", f"{change.base}..main")
    change.into(
        "github-reviews",
        *change.reviews(change.first, [gh.commit(change.first, change.base, "Require level 4 "
                                                 "for BankID", NOW - 3 * HOUR)]),
    )  # fmt: skip
    change.tests(change.first, LOGIN_TESTS.format(outcome=True))
    change.deploy(change.first)
    assert events(change.record)[2].covers == ("bankid", "minid")
    code, out, _ = change.check()
    assert code == 1
    assert (
        "error C012 coverage-below-profile  record CH-1, event #3 'tests' by ci: tests covered "
        "45% of production use, but risk low requires 80%; not tested: bankid-mobile (55%)"
    ) in out


def test_a_commit_touching_the_session_code_makes_a_text_change_high_risk(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """Risk from what the diff touches: a real commit under src/session/, imported
    with git, outweighs the record's declared components in sdlc check."""
    eid = ROOT / "processes" / "eid-gateway.yaml"
    roster = yaml.safe_load((ROOT / "processes" / "eid-gateway.roster.yaml").read_text("utf-8"))
    for person in roster["people"]:
        if person["id"] == "ola-nordmann":
            person["accounts"] = {"email": ["ola@example.no"]}
    roster_path = tmp_path / "roster.yaml"
    roster_path.write_text(yaml.safe_dump(roster, sort_keys=False), "utf-8")
    repo = new_repo(tmp_path / "gateway")
    base = commit(repo, "Start the gateway", at=NOW - 4 * HOUR)
    (repo / "src" / "session").mkdir(parents=True)
    (repo / "src" / "session" / "timeout.py").write_text("TIMEOUT = 900\n", "utf-8")
    git(repo, "add", "src")
    head = commit(repo, "Shorten the session timeout in the help text", at=NOW - 3 * HOUR)
    record = repo / "changes" / "CH-2.yaml"
    record.parent.mkdir()
    code, _, err = run_cli(
        "record", "new", str(record), "--id", "CH-2", "--process", str(eid),
        "--component", "ui-texts", "--declared-risk", "low", "--commit", head,
    )  # fmt: skip
    assert (code, err) == (0, ""), err
    code, _, err = run_cli(
        "record", "import", "git", "--repo", str(repo), "--range", f"{base}..{head}",
        "--record", str(record), "--roster", str(roster_path), "--process", str(eid),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert events(record)[0].touches == (
        "shorten-the-session-timeout-in-the-help-text.txt",
        "src/session/timeout.py",
    )
    code, out, _ = run_cli(
        "check", str(record), "--process", str(eid), "--roster", str(roster_path), "--in-flight"
    )
    assert code == 1
    assert (
        "error C018 diff-underdeclared  record CH-2: the change's commits touch what its "
        "attributes leave out: src/session/timeout.py is component session (risk.paths glob "
        "src/session/**); declared, the change would be risk low, but what it touches makes it "
        "high (rule core-login-flow); it is checked as high"
    ) in out
    assert "CH-2 (risk high)" in out
