"""JUnit XML test reports: which test cases ran, and how each ended.

The format is the one pytest (``--junitxml``), Maven Surefire, jest-junit and
Playwright write: a ``<testsuites>`` or ``<testsuite>`` root, suites nested to
any depth, and ``<testcase>`` elements whose child ``<failure>``, ``<error>`` or
``<skipped>`` says how the case ended (no such child: it passed). Surefire's
``<flakyFailure>`` and ``<flakyError>`` mark a case that failed and then passed
on a rerun; it counts as passed, and is named in the note. The totals the suites
declare (``failures``, ``errors``) are read too: a report that declares more
failures than its cases show has failed (see docs/collecting.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import InputError, Location
from .files import EvidenceFile
from .xml_input import Element, read_xml

PASSED, FAILED, ERROR, SKIPPED = "passed", "failed", "error", "skipped"


@dataclass(frozen=True, slots=True)
class Case:
    """One test case: its class (may be empty) and name, how it ended, and where."""

    classname: str
    name: str
    status: str
    location: Location
    flaky: bool = False

    @property
    def id(self) -> str:
        """``classname.name``, or the name alone without a class."""
        return f"{self.classname}.{self.name}" if self.classname else self.name


@dataclass(frozen=True, slots=True)
class Report:
    """A JUnit file's test cases, the failures its suites declare, the tool that
    wrote it as the report names it, and when its last suite started."""

    file: EvidenceFile
    cases: tuple[Case, ...]
    declared: int
    tool: str
    started: dt.datetime | None

    def count(self, status: str) -> int:
        return sum(1 for case in self.cases if case.status == status)

    @property
    def hidden(self) -> int:
        """Failures and errors the suites declare beyond those their cases show."""
        return max(0, self.declared - self.count(FAILED) - self.count(ERROR))


def read_junit(file: EvidenceFile) -> Report:
    """The report in ``file``; an :class:`InputError` where it is not JUnit XML."""
    root = read_xml(file)
    if root.tag not in ("testsuites", "testsuite"):
        raise InputError(
            f"expected a JUnit report (<testsuites> or <testsuite>), found <{root.tag}>",
            location=root.location,
            hint="pass the XML report the test runner wrote (pytest --junitxml=FILE)",
        )
    suites = ([root] if root.tag == "testsuite" else []) + list(_suites(root))
    cases: list[Case] = []
    declared = 0
    for suite in suites:
        own = [_case(e) for e in suite.find("testcase")]
        cases += own
        if own or not suite.find("testsuite"):
            declared += _count(suite, "failures") + _count(suite, "errors")
    if root.tag == "testsuites":
        declared = max(declared, _count(root, "failures") + _count(root, "errors"))
    if not cases:
        raise InputError(
            "the report holds no test cases, so it proves nothing",
            location=root.location,
            hint="import the report of a run that collected tests",
        )
    tool = root.attributes.get("name") or (suites[0].attributes.get("name", "") if suites else "")
    stamps = [_timestamp(s) for s in suites if s.attributes.get("timestamp")]
    started = max((s for s in stamps if s is not None), default=None)
    return Report(file, tuple(cases), declared, tool, started)


def _suites(element: Element) -> Iterator[Element]:
    for child in element.children:
        if child.tag == "testsuite":
            yield child
            yield from _suites(child)


def _case(element: Element) -> Case:
    name = element.attributes.get("name", "")
    if not name:
        raise InputError(
            "a <testcase> without a name",
            location=element.location,
            hint="every test case needs its name attribute; pass the report as the tool wrote it",
        )
    tags = {child.tag for child in element.children}
    if "error" in tags:
        status = ERROR
    elif "failure" in tags:
        status = FAILED
    elif "skipped" in tags:
        status = SKIPPED
    else:
        status = PASSED
    flaky = status == PASSED and bool(tags & {"flakyFailure", "flakyError"})
    return Case(element.attributes.get("classname", ""), name, status, element.location, flaky)


def _count(suite: Element, attribute: str) -> int:
    value = suite.attributes.get(attribute, "0") or "0"
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise InputError(
            f"<{suite.tag} {attribute}={value!r}>: expected a whole number of test cases",
            location=suite.location,
            hint="pass the report as the tool wrote it",
        )
    return number


def _timestamp(suite: Element) -> dt.datetime | None:
    """When the suite started; a time without a zone is local time, as Surefire and
    jest-junit write it."""
    value = suite.attributes["timestamp"]
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"<testsuite timestamp={value!r}>: expected a date and time (ISO 8601)",
            location=suite.location,
            hint="pass the report as the tool wrote it",
        ) from None
    return moment if moment.tzinfo is not None else moment.astimezone()
