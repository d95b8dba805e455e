"""What a new version of a process does to the changes still under way.

A change under way (no deployment recorded yet) is checked twice as if it were
deployed now, with the events it has: against the version it follows and against
the new version, both with ``in_flight`` semantics. Findings the new version adds
are its impact: stages it now requires that have not happened, reviews with too
few people for its new rules, events it no longer allows, and so on. Changes
already deployed are left alone: they are checked against the rules in force
when they were made.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..checking.builds import built
from ..checking.checker import Checker, CheckOptions
from ..errors import InputError
from ..load.loaders import load_roster
from ..load.records import LoadedRecord
from ..model.process import Process
from ..model.record import Event, Record
from ..model.stage import StageKind
from ..rules.findings import Finding, Report
from .versions import ProcessFolder

IMPACT_ACTOR = "sdlc-impact"
"""The actor of the deployment event imagined at the end of a change under way."""


@dataclass(frozen=True, slots=True)
class Impact:
    """One change under way, and the findings the new version adds to it."""

    record: str
    path: str
    follows: str
    """The process version the record names."""
    compliant_so_far: bool
    """Whether the record passes ``check --in-flight`` against the version it follows."""
    findings: tuple[Finding, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.record,
            "path": self.path,
            "follows": self.follows,
            "compliant_so_far": self.compliant_so_far,
            "findings": [f.as_dict() for f in self.findings],
        }


@dataclass
class ImpactReport:
    """Which changes under way a new version affects, and which it leaves alone."""

    new: Process
    affected: list[Impact] = field(default_factory=list)
    unaffected: list[str] = field(default_factory=list)
    deployed: list[str] = field(default_factory=list)
    """Records already deployed: not re-checked."""
    other: list[str] = field(default_factory=list)
    """Records that follow another process."""
    unreadable: list[Report] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "process": self.new.ref,
            "affected": [i.as_dict() for i in self.affected],
            "unaffected": self.unaffected,
            "deployed": self.deployed,
            "other_process": self.other,
            "unreadable": [
                {"id": r.record, "path": r.path, "error": r.error} for r in self.unreadable
            ],
        }


def impact(
    new: Process,
    loaded: Iterable[LoadedRecord],
    versions: ProcessFolder,
    roster: Path | str | None = None,
    options: CheckOptions | None = None,
) -> ImpactReport:
    """Check every change under way among ``loaded`` against ``new`` and against the
    version it follows (looked up in ``versions``); see the module docstring."""
    options = dataclasses.replace(options or CheckOptions(), in_flight=True)
    if options.now is None:
        options = dataclasses.replace(options, now=dt.datetime.now(dt.UTC))
    checkers: dict[str, Checker] = {}

    def checker_for(process: Process) -> Checker:
        found = checkers.get(process.ref)
        if found is None:
            people = None if roster is None else load_roster(roster, process)
            found = checkers[process.ref] = Checker(process, people, options)
        return found

    result = ImpactReport(new)
    for item in loaded:
        if item.record is None:
            assert item.error is not None
            error = item.error.user_message()
            result.unreadable.append(Report(item.label, path=item.path, error=error))
            continue
        record = item.record
        if record.process_id != new.id:
            result.other.append(record.id)
            continue
        try:
            own = checker_for(versions.resolve(record.process))
        except InputError as exc:
            error = f"record {record.id} follows {record.process}: {exc}"
            result.unreadable.append(Report(record.id, path=item.path, error=error))
            continue
        if _deployed(record, own.process):
            result.deployed.append(record.id)
            continue
        so_far = own.check(record)
        if so_far.error is not None:
            result.unreadable.append(dataclasses.replace(so_far, path=item.path))
            continue
        before = own.check(_projected(record, own.process, options.now))
        retargeted = record.model_copy(update={"process": new.ref})
        after = checker_for(new).check(_projected(retargeted, new, options.now))
        seen = {_key(f) for f in before.findings}
        added = tuple(
            _reworded(f, record) for f in after.findings if f.failing and _key(f) not in seen
        )
        if added:
            result.affected.append(
                Impact(record.id, item.path, record.process, so_far.compliant, added)
            )
        else:
            result.unaffected.append(record.id)
    return result


def _deployed(record: Record, process: Process) -> bool:
    return any(
        process.has_stage(e.stage)
        and process.stage(e.stage).kind is StageKind.DEPLOYMENT
        and e.outcome.completes
        for e in record.events
    )


def _projected(record: Record, process: Process, now: dt.datetime | None) -> Record:
    """``record`` with a deployment of its latest subject appended, as if deployed now."""
    deployment = next((s for s in process.stages if s.kind is StageKind.DEPLOYMENT), None)
    if deployment is None:
        return record
    events = record.events
    produced = [digest for e in events for digest in built(process, e)]
    subject = (
        record.subject.artifact
        or (produced[-1] if produced else None)
        or (events[-1].subject if events else None)
        or record.subject.commit
        or "unknown"
    )
    at = events[-1].at if events else (now or dt.datetime.now(dt.UTC))
    imagined = Event(stage=deployment.id, actor=IMPACT_ACTOR, at=at, subject=subject)
    return record.model_copy(update={"events": (*events, imagined)})


def _key(finding: Finding) -> tuple[str, str | None, int | None]:
    return finding.rule, finding.stage, finding.event


def _reworded(finding: Finding, record: Record) -> Finding:
    """A finding about the imagined deployment, reworded as ``if deployed now``."""
    if finding.event != len(record.events) + 1:
        return finding
    prefix = f"record {record.id}, event #{finding.event} "
    message = finding.message
    if message.startswith(prefix):
        message = f"record {record.id}, if deployed now: " + message.split(": ", 1)[1]
    return dataclasses.replace(finding, message=message, event=None, actor=None)


def render_text(result: ImpactReport, source: str) -> str:
    """The affected changes with the findings the new version adds, then a summary."""
    under_way = len(result.affected) + len(result.unaffected)
    lines = [f"{result.new.ref} ({source}) against {_plural(under_way, 'change')} under way:"]
    for item in result.affected:
        state = "compliant so far" if item.compliant_so_far else "already not compliant"
        lines.append(
            f"{item.path}: {item.record} (follows {item.follows}, {state}): "
            f"{_plural(len(item.findings), 'new finding')}"
        )
        for f in item.findings:
            lines.append(f"  {f.severity.value} {f.code} {f.rule}  {f.message}")
            if f.hint:
                lines.append(f"    hint: {f.hint}")
    for report in result.unreadable:
        lines.append(f"{report.path}: {report.record}: unreadable")
        lines += ["  " + line for line in (report.error or "").splitlines()]
    if result.unaffected:
        lines.append(f"not affected: {', '.join(result.unaffected)}")
    if result.deployed:
        lines.append(f"already deployed, left out: {', '.join(result.deployed)}")
    if result.other:
        lines.append(f"following another process, left out: {', '.join(result.other)}")
    lines.append(
        f"{len(result.affected)} of {_plural(under_way, 'change')} under way would not be "
        f"compliant under {result.new.ref} without more work"
    )
    return "\n".join(lines) + "\n"


def render_json(result: ImpactReport, source: str) -> str:
    payload = {"source": source, **result.as_dict()}
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
