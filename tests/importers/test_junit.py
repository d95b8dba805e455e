"""``sdlc record import junit``: a test run from the reports pytest, Surefire,
jest-junit and Playwright write, as one test event with its coverage."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import COMMIT, DATA, HERE, PROCESS, ROSTER, Import, copied, events

LOGIN_TESTS = """\
import pytest


def test_bankid_desktop_login():
    assert True


def test_bankid_desktop_logout():
    assert True


def test_minid_login():
    assert {outcome}


@pytest.mark.skip(reason="no phone in the lab")
class TestBankidMobile:
    def test_login(self):
        assert True

    def test_cancel(self):
        assert True
"""

PATTERNS = (
    "--provider-pattern",
    "bankid=test_bankid_desktop*",
    "--provider-pattern",
    "bankid-mobile=*TestBankidMobile.*",
    "--provider-pattern",
    "minid=test_minid*",
)


def pytest_report(folder: Path, *, passing: bool = True) -> Path:
    """The JUnit report of a real pytest run of a small login suite in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "test_login.py").write_text(LOGIN_TESTS.format(outcome=passing), "utf-8")
    report = folder / "junit.xml"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # pytest's own --junitxml, started fast
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", ".",
         f"--junitxml={report.name}", "test_login.py"],
        cwd=folder, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == (0 if passing else 1), done.stdout + done.stderr
    return report


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_real_pytest_run_becomes_one_test_event(
    run_import: Import, record: Path, tmp_path: Path
) -> None:
    report = pytest_report(tmp_path / "run")
    code, out, err = run_import(
        "junit", str(report), "--stage", "tests", "--actor", "ci", "--subject", COMMIT, *PATTERNS
    )
    assert (code, err) == (0, "")
    (event,) = events(record)
    digest = sha256(report)
    assert out.splitlines()[0] == (
        "appended event #1 'tests' by ci: 5 tests in 1 file (pytest tests): 3 passed, 0 failed, "
        "0 errors, 2 skipped; covers bankid, minid"
    )
    assert (event.stage, event.actor, event.outcome, event.subject) == (
        "tests",
        "ci",
        "done",
        COMMIT,
    )
    assert event.covers == ("bankid", "minid")
    assert [(e.kind, e.uri, e.sha256) for e in event.evidence] == [
        ("test-report", "run/junit.xml", digest)
    ]
    assert event.note.splitlines() == [
        "junit: 5 tests in 1 file (pytest tests): 3 passed, 0 failed, 0 errors, 2 skipped",
        "covers: bankid (2 passed), minid (1 passed)",
        "not covered: bankid-mobile (2 skipped)",
        f"source: junit/{digest}",
    ]
    assert abs(event.at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)


def test_importing_the_same_report_twice_adds_nothing(
    run_import: Import, record: Path, tmp_path: Path
) -> None:
    report = pytest_report(tmp_path / "run")
    args = ("junit", str(report), "--stage", "tests", "--actor", "ci", "--subject", COMMIT)
    assert run_import(*args, *PATTERNS)[0] == 0
    before = record.read_bytes()
    code, out, err = run_import(*args, *PATTERNS)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "already in the record as event #1: 5 tests in 1 file (pytest tests): 3 passed, "
        "0 failed, 0 errors, 2 skipped; covers bankid, minid",
        f"nothing to append: {record.as_posix().replace(str(tmp_path), '<tmp>')} holds every "
        "event this evidence proves",
    ]
    assert record.read_bytes() == before


def test_a_failed_test_fails_the_event_and_uncovers_its_provider(
    run_import: Import, record: Path, tmp_path: Path
) -> None:
    report = pytest_report(tmp_path / "run", passing=False)
    args = ("junit", str(report), "--stage", "tests", "--actor", "ci", "--subject", COMMIT)
    assert run_import(*args, *PATTERNS)[0] == 0
    (event,) = events(record)
    assert (event.outcome, event.covers) == ("failed", ("bankid",))
    assert event.note.splitlines()[:4] == [
        "junit: 5 tests in 1 file (pytest tests): 2 passed, 1 failed, 0 errors, 2 skipped",
        "failed: test_login.test_minid_login",
        "covers: bankid (2 passed)",
        "not covered: bankid-mobile (2 skipped), minid (1 failed)",
    ]


def test_a_surefire_report_counts_a_flaky_pass_and_a_rerun_failure(
    run_import: Import, record: Path, tmp_path: Path
) -> None:
    report = copied(DATA / "junit" / "TEST-no.example.login.BankIdLoginTest.xml", tmp_path)
    code, _, err = run_import(
        "junit", str(report), "--stage", "tests", "--actor", "ci", "--subject", COMMIT,
        "--at", "2026-03-12T08:00:00+01:00",
        "--provider-pattern", "bankid=*.BankIdLoginTest.*",
        "--provider-pattern", "bankid-mobile=*.BankIdMobileLoginTest.*",
        "--provider-pattern", "minid=*MinId*",
    )  # fmt: skip
    assert (code, err) == (0, "")
    (event,) = events(record)
    assert (event.outcome, event.covers, event.at.isoformat()) == (
        "failed",
        ("bankid",),
        "2026-03-12T08:00:00+01:00",
    )
    assert event.note.splitlines()[:-1] == [
        "junit: 5 tests in 1 file (no.example.login.BankIdLoginTest): 3 passed, 1 failed, "
        "0 errors, 1 skipped",
        "failed: no.example.login.BankIdMobileLoginTest.mobileLoginTimesOut",
        "flaky (passed on a rerun): no.example.login.BankIdMobileLoginTest.mobileLoginSucceeds",
        "covers: bankid (2 passed)",
        "not covered: bankid-mobile (1 passed, 1 failed), minid (1 skipped)",
    ]


def test_jest_and_playwright_reports_make_one_event_with_both_files(
    run_import: Import, record: Path, tmp_path: Path
) -> None:
    jest = copied(DATA / "junit" / "jest-junit.xml", tmp_path)
    playwright = copied(DATA / "junit" / "playwright.xml", tmp_path)
    code, _, err = run_import(
        "junit", str(jest), str(playwright), "--stage", "tests", "--actor", "ci",
        "--subject", COMMIT, "--provider-pattern", "bankid-mobile=*mobile*",
        "--provider-pattern", "minid=minid › *",
    )  # fmt: skip
    assert (code, err) == (0, "")
    (event,) = events(record)
    assert [e.sha256 for e in event.evidence] == [sha256(jest), sha256(playwright)]
    combined = hashlib.sha256((sha256(jest) + sha256(playwright)).encode()).hexdigest()
    assert event.note.splitlines()[0] == (
        "junit: 5 tests in 2 files (jest tests, login.spec.ts): 3 passed, 1 failed, 0 errors, "
        "1 skipped"
    )
    assert event.note.splitlines()[-3:] == [
        "covers: minid (1 passed)",
        "not covered: bankid-mobile (1 passed, 1 failed, 1 skipped)",
        f"source: junit/{combined}",
    ]
    # Playwright's timestamp is in UTC; jest-junit's has no zone and is local time
    local = dt.datetime.fromisoformat("2026-03-12T08:15:02").astimezone()
    assert event.at == max(local, dt.datetime(2026, 3, 12, 7, 20, 41, 117000, tzinfo=dt.UTC))


def test_failures_the_suites_declare_but_no_case_shows_fail_the_event(
    run_import: Import, record: Path, tmp_path: Path
) -> None:
    report = copied(DATA / "junit" / "declared-failure.xml", tmp_path)
    args = ("--stage", "tests", "--actor", "ci", "--subject", COMMIT)
    assert run_import("junit", str(report), *args)[0] == 0
    (event,) = events(record)
    assert event.outcome == "failed"
    assert "the suites declare 1 failure or error their cases do not show" in event.note


def test_with_the_process_the_evidence_is_the_kind_the_stage_requires(
    run_import: Import, record: Path, tmp_path: Path
) -> None:
    report = pytest_report(tmp_path / "run")
    code, _, err = run_import(
        "junit", str(report), "--stage", "tests", "--actor", "ci", "--subject", COMMIT,
        "--process", str(PROCESS), "--roster", str(ROSTER), "--evidence-uri",
        "https://ci.example.no/runs/77/junit.xml",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert [(e.kind, e.uri) for e in events(record)[0].evidence] == [
        ("test-report", "https://ci.example.no/runs/77/junit.xml")
    ]


OK = HERE / "junit" / "jest-junit.xml"
BAD = HERE / "bad" / "junit"
ARGS = ("--stage", "tests", "--actor", "ci", "--subject", COMMIT)
URI = ("--evidence-uri", "https://ci.example.no/runs/77/junit.xml")
WITH_PROCESS = ("--process", str(HERE / "import-demo.yaml"), "--roster", str(HERE / ROSTER.name))

BAD_INPUTS = {
    "doctype": (
        [str(BAD / "doctype.xml"), *ARGS],
        "tests/importers/data/bad/junit/doctype.xml:2:1: the file declares a document type "
        "(<!DOCTYPE>); evidence may not, since its entities could expand without bound or "
        "name other files\n  hint: remove the <!DOCTYPE …> declaration; test reports never "
        "need one",
    ),
    "not-well-formed": (
        [str(BAD / "not-well-formed.xml"), *ARGS],
        "tests/importers/data/bad/junit/not-well-formed.xml:4:5: not well-formed XML: "
        "mismatched tag\n  hint: the file must be the whole report as the tool wrote it",
    ),
    "html": (
        [str(BAD / "html.xml"), *ARGS],
        "tests/importers/data/bad/junit/html.xml:2:1: expected a JUnit report (<testsuites> "
        "or <testsuite>), found <html>\n  hint: pass the XML report the test runner wrote "
        "(pytest --junitxml=FILE)",
    ),
    "no-cases": (
        [str(BAD / "no-cases.xml"), *ARGS],
        "tests/importers/data/bad/junit/no-cases.xml:1:1: the report holds no test cases, so "
        "it proves nothing\n  hint: import the report of a run that collected tests",
    ),
    "nameless": (
        [str(BAD / "nameless.xml"), *ARGS],
        "tests/importers/data/bad/junit/nameless.xml:2:3: a <testcase> without a name\n  "
        "hint: every test case needs its name attribute; pass the report as the tool wrote it",
    ),
    "bad-count": (
        [str(BAD / "bad-count.xml"), *ARGS],
        "tests/importers/data/bad/junit/bad-count.xml:1:1: <testsuite failures='one'>: "
        "expected a whole number of test cases\n  hint: pass the report as the tool wrote it",
    ),
    "bad-timestamp": (
        [str(BAD / "bad-timestamp.xml"), *ARGS],
        "tests/importers/data/bad/junit/bad-timestamp.xml:1:1: <testsuite "
        "timestamp='yesterday'>: expected a date and time (ISO 8601)\n  hint: pass the report "
        "as the tool wrote it",
    ),
    "missing-file": (
        [str(BAD / "absent.xml"), *ARGS],
        "tests/importers/data/bad/junit/absent.xml: no such file",
    ),
    "one-bad-file-of-two": (
        [str(OK), str(BAD / "html.xml"), *ARGS],
        "tests/importers/data/bad/junit/html.xml:2:1: expected a JUnit report (<testsuites> "
        "or <testsuite>), found <html>\n  hint: pass the XML report the test runner wrote "
        "(pytest --junitxml=FILE)",
    ),
    "bad-subject": (
        [str(OK), "--stage", "tests", "--actor", "ci", "--subject", "not a commit", *URI],
        "cannot record subject 'not a commit': not a valid identifier or digest here",
    ),
    "outside-the-repository": (
        [str(OK), *ARGS],
        "tests/importers/data/junit/jest-junit.xml: the evidence lies outside the repository "
        "the record is in (<tmp>), where sdlc check could not compare its digest\n  hint: keep "
        "it in the repository, or say where it is kept with --evidence-uri (an https: address, "
        "say)",
    ),
    "bad-pattern": (
        [str(OK), *ARGS, "--provider-pattern", "bankid"],
        "--provider-pattern 'bankid': expected PROVIDER=GLOB, e.g. "
        "bankid-mobile='test_bankid_mobile*'",
    ),
    "unknown-actor": (
        [str(OK), "--stage", "tests", "--actor", "cii", "--subject", COMMIT, *WITH_PROCESS],
        "--actor 'cii' is no one in the roster tests/importers/data/import-demo.roster.yaml. "
        "Did you mean 'ci'?",
    ),
    "unknown-stage": (
        [str(OK), "--stage", "test", "--actor", "ci", "--subject", COMMIT, *WITH_PROCESS],
        "--stage 'test': process import-demo@1.0 has no such stage. Did you mean 'tests'?",
    ),
    "wrong-kind-of-stage": (
        [str(OK), "--stage", "code-review", "--actor", "ci", "--subject", COMMIT, *WITH_PROCESS],
        "--stage 'code-review' is a code-review stage; this evidence proves a test stage",
    ),
    "provider-not-in-profile": (
        [str(OK), *ARGS, *WITH_PROCESS, "--provider-pattern", "bankid-mobil=*mobile*"],
        "provider 'bankid-mobil' is not in the production profile of import-demo@1.0. Did you "
        "mean 'bankid-mobile'?\n  hint: the providers it measures are: bankid, bankid-mobile, "
        "minid",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_appends_nothing_and_says_exactly_why(
    case: str, run_import: Import, record: Path
) -> None:
    args, message = BAD_INPUTS[case]
    before = record.read_bytes()
    code, out, err = run_import("junit", *args)
    assert (code, out, err) == (2, "", f"sdlc: {message}\n")
    assert record.read_bytes() == before


def test_a_report_of_too_many_elements_is_refused_where_it_passes_the_limit(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from sdlc.errors import InputError
    from sdlc.importers.files import read_evidence
    from sdlc.importers.xml_input import read_xml

    monkeypatch.setenv("SDLC_MAX_NODES", "3")
    path = tmp_path / "junit.xml"
    path.write_text('<testsuite name="x">\n<testcase name="a"/>\n<testcase name="b"/>\n'
                    '<testcase name="c"/>\n</testsuite>\n', "utf-8")  # fmt: skip
    with pytest.raises(InputError) as raised:
        read_xml(read_evidence(path))
    assert str(raised.value) == (
        f"{path}:4:1: the file holds more than 3 elements\n"
        "  hint: split the report, or raise the limit with SDLC_MAX_NODES"
    )
