"""Versions of a process: records are checked against the version they name.

``--process`` may be one process file, a git revision ``REV:path`` (see
:func:`read_process`) or a folder. A folder holds every version
of every process in it: each ``*.yaml`` or ``*.yml`` file, in the folder or below
it, whose top level has ``id``, ``version`` and ``stages`` is a process file
(rosters, ``*.roster.yaml``, are not). The shipped layout keeps the current
version at ``processes/<id>.yaml`` and older ones at ``processes/<id>/<version>.yaml``,
but only the ``id`` and ``version`` inside a file count, never its name.

A record's ``process: id@version`` chooses among them. Files are indexed by
reading their ``id`` and ``version`` only; a version is validated in full when
the first record that follows it is checked, so a broken old version never stops
the records that follow the others.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..checking.checker import Checker, CheckOptions
from ..errors import InputError, Location, UsageError, suggest
from ..load.loaders import load_process, load_roster, problem_error, validate
from ..load.names import process_problems
from ..load.records import LoadedRecord
from ..load.source import load_file, parse_yaml
from ..load.text import decode
from ..model.process import Process
from ..model.roster import Roster
from ..rules.findings import Report

if TYPE_CHECKING:
    from .waiver_file import WaiverFile

PROCESS_SUFFIXES = (".yaml", ".yml")


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key for versions: ``2.0`` < ``2.10`` < ``10.0``; text parts after numbers."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part)
        for part in re.split(r"[.+-]", version)
        if part
    )


@dataclass(frozen=True)
class ProcessFolder:
    """The process versions found in one file or folder, by id and version."""

    root: Path
    files: dict[str, dict[str, Path]]
    """Process id → version → file."""
    single: bool = False
    """True when ``--process`` named one file: every record is checked against it."""
    _loaded: dict[Path, Process] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def open(cls, path: Path | str) -> ProcessFolder:
        """Index the process file or folder at ``path`` (or one git revision ``REV:path``,
        see :func:`read_process`)."""
        root = Path(path)
        if not root.is_dir():
            process, _ = read_process(str(path))
            folder = cls(root, {process.id: {process.version: root}}, single=True)
            folder._loaded[root] = process
            return folder
        files: dict[str, dict[str, Path]] = {}
        for candidate in sorted(root.rglob("*")):
            ref = _process_ref(candidate)
            if ref is None:
                continue
            process_id, version = ref
            versions = files.setdefault(process_id, {})
            if version in versions:
                raise InputError(
                    f"{process_id}@{version} is defined twice: in {versions[version]} and "
                    f"in {candidate}",
                    location=Location(str(candidate)),
                    hint="give one of them a new version, or remove it",
                )
            versions[version] = candidate
        if not files:
            raise InputError(
                "no process files in this folder (a process file is a YAML file with "
                "'id', 'version' and 'stages' at its top level)",
                location=Location(str(root)),
            )
        return cls(root, files)

    def versions(self, process_id: str) -> tuple[str, ...]:
        """The versions of a process, oldest first."""
        return tuple(sorted(self.files.get(process_id, {}), key=version_key))

    def successor(self, process: Process) -> tuple[str, dt.date] | None:
        """The version that replaced ``process`` and the day it took effect: the earliest
        effective date of the later versions in this folder (none for a single file)."""
        if self.single:
            return None
        later = [
            self.resolve(f"{process.id}@{v}")
            for v in self.versions(process.id)
            if version_key(v) > version_key(process.version)
        ]
        later = [p for p in later if p.effective > process.effective]
        if not later:
            return None
        first = min(later, key=lambda p: (p.effective, version_key(p.version)))
        return first.ref, first.effective

    def latest(self, process_id: str) -> Process:
        """The newest version of a process."""
        return self.resolve(f"{process_id}@{self.versions(process_id)[-1]}")

    def resolve(self, ref: str) -> Process:
        """The process a record names as ``id@version``; :class:`InputError` if absent."""
        if self.single:
            return self._load(self.root)
        process_id, _, version = ref.partition("@")
        versions = self.files.get(process_id)
        if versions is None:
            raise InputError(
                suggest(
                    f"no process {process_id!r} in {self.root} "
                    f"(processes there: {', '.join(sorted(self.files))})",
                    process_id,
                    self.files,
                ),
                hint="correct the record's 'process', or point --process at the folder "
                "that holds it",
            )
        path = versions.get(version)
        if path is None:
            raise InputError(
                f"no version {version!r} of process {process_id!r} in {self.root} "
                f"(versions available: {', '.join(self.versions(process_id))})",
                hint="correct the record's 'process', or add that version's file to the folder",
            )
        return self._load(path)

    def _load(self, path: Path) -> Process:
        process = self._loaded.get(path)
        if process is None:
            process = self._loaded[path] = load_process(path)
        return process


def _process_ref(path: Path) -> tuple[str, str] | None:
    """``(id, version)`` of a process file, or ``None`` for any other file."""
    if not path.is_file() or path.suffix not in PROCESS_SUFFIXES:
        return None
    if path.name.endswith((".roster.yaml", ".roster.yml")):
        return None
    data = load_file(path).data
    if not isinstance(data, dict) or "stages" not in data:
        return None
    process_id, version = data.get("id"), data.get("version")
    if not isinstance(process_id, str) or not isinstance(version, str):
        return None
    return process_id, version


class VersionedChecker:
    """Checks each record against the version of the process it names.

    One :class:`~sdlc.checking.Checker` is kept per version; with ``waivers``, every
    report is passed through :func:`sdlc.evolution.waivers.apply_waivers` with its version.
    """

    def __init__(
        self,
        processes: ProcessFolder,
        roster: Path | str | None = None,
        options: CheckOptions | None = None,
        waivers: Path | str | None = None,
        *,
        checker: type[Checker] = Checker,
    ) -> None:
        """``checker`` is the kind of checker kept per version (a
        :class:`~sdlc.checking.shapes.CachedChecker` gives the same reports, faster)."""
        if waivers is not None and roster is None:
            raise UsageError("--waivers needs --roster: a waiver's approver is looked up there")
        self.processes = processes
        self.roster_path = roster
        if roster is not None:
            load_roster(roster)  # an unreadable roster is one error up front, not one per record
        self.options = options or CheckOptions()
        self.waivers: WaiverFile | None = None
        if waivers is not None:  # the waivers' modules are loaded only for them
            from .waivers import load_waivers

            self.waivers = load_waivers(waivers)
        self.now = self.options.now or dt.datetime.now(dt.UTC)
        self._checkers: dict[Path | str, Checker] = {}
        self._kind = checker

    @classmethod
    def open(
        cls,
        process: Path | str,
        roster: Path | str | None = None,
        options: CheckOptions | None = None,
        waivers: Path | str | None = None,
        *,
        checker: type[Checker] = Checker,
    ) -> VersionedChecker:
        """A checker for the process file or folder at ``process``."""
        return cls(ProcessFolder.open(process), roster, options, waivers, checker=checker)

    def checker(self, ref: str) -> Checker:
        """The checker for the process version ``ref`` (``id@version``)."""
        process = self.processes.resolve(ref)
        checker = self._checkers.get(process.ref)
        if checker is None:
            roster = None if self.roster_path is None else self._roster(process)
            checker = self._checkers[process.ref] = self._kind(
                process, roster, self.options, superseded=self.processes.successor(process)
            )
        return checker

    def _roster(self, process: Process) -> Roster:
        assert self.roster_path is not None
        return load_roster(self.roster_path, process)

    def results(self, loaded: Iterable[LoadedRecord]) -> Iterator[tuple[LoadedRecord, Report]]:
        """Check loaded records (see :func:`sdlc.load.load_records`) one at a time."""
        for item in loaded:
            if item.record is None:
                assert item.error is not None
                error = item.error.user_message()
                yield item, Report(item.label, path=item.path, error=error, line=item.line)
                continue
            try:
                process = self.processes.resolve(item.record.process)
            except InputError as exc:
                message = f"record {item.record.id} follows {item.record.process}: {exc}"
                yield item, Report(item.label, path=item.path, error=message, line=item.line)
                continue
            checker = self.checker(process.ref)  # a bad roster stops the run: raised
            report = checker.check(
                item.record, path=item.path, event_lines=item.event_lines, line=item.line
            )
            if self.waivers is not None and checker.roster is not None:
                from .waivers import apply_waivers

                report = apply_waivers(
                    report, self.waivers, checker.process, checker.roster, self.options, self.now
                )
            yield item, report

    def check_loaded(self, loaded: Iterable[LoadedRecord]) -> Iterator[Report]:
        """The reports alone, in the order the records were read."""
        for _, report in self.results(loaded):
            yield report


def read_process(spec: str) -> tuple[Process, str]:
    """A process from a file, or from git as ``REV:path`` (``HEAD~1:processes/x.yaml``);
    returns the process and the label messages use for it.

    A path that exists is read as a file. Otherwise ``REV:path`` is read with ``git
    show`` in the current folder (no network): ``path`` is relative to the top of the
    repository, or to the current folder when it starts with ``./``.
    """
    if Path(spec).exists() or ":" not in spec:
        return load_process(spec), spec
    if spec.startswith("-"):
        raise InputError("expected a file or REV:path", location=Location(spec))
    import subprocess  # for a git revision alone

    try:
        shown = subprocess.run(
            ["git", "show", spec], capture_output=True, timeout=60, check=False, stdin=None
        )
    except FileNotFoundError:
        raise InputError(
            "cannot read a git revision: git is not installed", location=Location(spec)
        ) from None
    except subprocess.TimeoutExpired:
        raise InputError("git show took longer than 60 s", location=Location(spec)) from None
    if shown.returncode != 0:
        reason = shown.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(
            f"no such file, and git cannot show it: {reason[0] if reason else 'failed'}",
            location=Location(spec),
            hint="give an existing file, or REV:path with path relative to the top of the "
            "repository (e.g. HEAD~1:processes/eid-gateway.yaml)",
        )
    doc = parse_yaml(decode(shown.stdout, spec), spec)
    process = validate(Process, doc)
    problems = process_problems(process)
    if problems:
        raise problem_error(problems[0], doc)
    return process, spec
