"""SARIF 2.1.0 logs, from any scanner: which results count, and at what level.

A result's level is worked out as the SARIF standard says (§3.27.10): a result
whose ``kind`` is not ``fail`` (a pass, or one for review) is at level ``none``;
otherwise its own ``level``, else its rule's ``defaultConfiguration.level``, else
``warning``. A result is suppressed when it has suppressions and none of them is
``underReview`` or ``rejected``; a result whose ``baselineState`` is ``absent``
is gone from this run. Everything else counts. A run whose invocation did not
succeed, or that has no ``results`` at all, did not finish, and counts as failed
(see docs/collecting.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .files import EvidenceFile
from .json_input import read_json
from .shape import Node
from .sources import counted

LEVELS = ("none", "note", "warning", "error")
"""The levels of a result, lowest first."""
NAMED = 10


@dataclass(slots=True)
class Scan:
    """What one SARIF log says: its tools, the results that count by level, those
    at or above the failing level, the runs that did not finish, the revision
    scanned when it names one, and when the last run ended."""

    file: EvidenceFile
    tools: list[str] = field(default_factory=list)
    levels: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))
    suppressed: int = 0
    failing: list[str] = field(default_factory=list)
    unfinished: list[str] = field(default_factory=list)
    revisions: dict[str, Node] = field(default_factory=dict)
    ended: dt.datetime | None = None


def read_sarif(file: EvidenceFile, fail_level: str) -> Scan:
    """The scan in ``file``; results at or above ``fail_level`` are its failures."""
    root = Node.root(read_json(file, hint="pass the SARIF log the scanner wrote"))
    version = root.field("version", "the SARIF version, 2.1.0")
    if version.value != "2.1.0":
        raise version.expected('"2.1.0"', "only SARIF 2.1.0 logs are read")
    scan = Scan(file)
    listed = root.field("runs", "the scanner's runs")
    runs = listed.items()
    if not runs:
        raise listed.error("the log has no runs, so it proves nothing")
    for number, run in enumerate(runs, 1):
        _run(scan, run, number, LEVELS.index(fail_level))
    return scan


def _run(scan: Scan, run: Node, number: int, fail_rank: int) -> None:
    driver = run.field("tool", "the tool that ran").field("driver", "the tool's driver")
    name = driver.text_field("name", "the tool's name")
    version = driver.get("version") or driver.get("semanticVersion")
    tool = f"{name} {version.text('a version')}" if version is not None else name
    scan.tools.append(tool)
    for invocation in (run.get("invocations") or _empty(run)).items():
        ok = invocation.get("executionSuccessful")
        if ok is not None and not ok.boolean():
            scan.unfinished.append(f"run {number} ({tool}) did not succeed")
        end = invocation.get("endTimeUtc")
        if end is not None:
            moment = end.moment()
            scan.ended = moment if scan.ended is None else max(scan.ended, moment)
    for provenance in (run.get("versionControlProvenance") or _empty(run)).items():
        revision = provenance.get("revisionId")
        if revision is not None:
            scan.revisions.setdefault(revision.text("a commit id"), revision)
    results = run.get("results")
    if results is None:
        scan.unfinished.append(f"run {number} ({tool}) has no results: the scan did not finish")
        return
    rules = _rules(driver)
    for result in results.items():
        state = result.get("baselineState")
        if state is not None and state.text() == "absent":
            continue
        level = _level(result, rules)
        if _suppressed(result):
            scan.suppressed += 1
            continue
        scan.levels[level] += 1
        if level != "none" and LEVELS.index(level) >= fail_rank:
            scan.failing.append(_where(result, level))


def _empty(node: Node) -> Node:
    return Node(node.file, [], node.at)


def _rules(driver: Node) -> tuple[list[Node], dict[str, Node]]:
    listed = (driver.get("rules") or _empty(driver)).items()
    by_id: dict[str, Node] = {}
    for rule in listed:
        rule_id = rule.get("id")
        if rule_id is not None:
            by_id.setdefault(rule_id.text("the rule's id"), rule)
    return listed, by_id


def _level(result: Node, rules: tuple[list[Node], dict[str, Node]]) -> str:
    kind = result.get("kind")
    if kind is not None and kind.text() != "fail":
        return "none"
    level = result.get("level")
    if level is None:
        rule = _rule(result, rules)
        configuration = rule.get("defaultConfiguration") if rule is not None else None
        level = configuration.get("level") if configuration is not None else None
    if level is None:
        return "warning"
    if level.value not in LEVELS:
        raise level.expected("a level: " + ", ".join(LEVELS))
    return str(level.value)


def _rule(result: Node, rules: tuple[list[Node], dict[str, Node]]) -> Node | None:
    listed, by_id = rules
    index = result.get("ruleIndex")
    if index is not None:
        at = index.integer("the rule's index")
        if not 0 <= at < len(listed):
            raise index.error(f"ruleIndex {at}, but the tool lists {counted(len(listed), 'rule')}")
        return listed[at]
    rule_id = result.get("ruleId")
    return by_id.get(rule_id.text("the rule's id")) if rule_id is not None else None


def _suppressed(result: Node) -> bool:
    suppressions = result.get("suppressions")
    if suppressions is None or not suppressions.items():
        return False
    for suppression in suppressions.items():
        status = suppression.get("status")
        if status is not None and status.text() in ("underReview", "rejected"):
            return False
    return True


def _where(result: Node, level: str) -> str:
    """``F401 at lint.py:1 (error)``."""
    rule = result.get("ruleId")
    text = rule.text() if rule is not None else "a result"
    locations = result.get("locations")
    if locations is not None and locations.items():
        physical = locations.items()[0].get("physicalLocation")
        artifact = physical.get("artifactLocation") if physical is not None else None
        uri = artifact.get("uri") if artifact is not None else None
        if uri is not None:
            text += f" at {uri.text().rpartition('/')[2]}"
            region = physical.get("region") if physical is not None else None
            line = region.get("startLine") if region is not None else None
            if line is not None:
                text += f":{line.integer()}"
    return f"{text} ({level})"
