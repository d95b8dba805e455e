"""What every import is done in: the record, the roster's people, the process when
given, and the time to use where the evidence gives none.

With the process (``--process``), an importer's stage must be one of the process's,
of a kind the evidence can prove, and the evidence is recorded as the kind of
evidence that stage requires (see docs/collecting.md).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from ..checking.touches import touched
from ..errors import InputError, Location, UsageError, suggest
from ..graph.process_graph import ProcessGraph
from ..integrity.digests import repository
from ..model.process import Process
from ..model.record import EvidenceRef, Record
from ..model.stage import StageKind
from .directory import Directory
from .files import EvidenceFile


@dataclass(frozen=True, slots=True)
class Setting:
    """The record imported into (read from ``path``), and what the import knows."""

    path: Path
    record: Record
    directory: Directory | None = None
    process: Process | None = None
    at: dt.datetime | None = None
    """``--at``: the time of events whose evidence says none."""
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC).replace(microsecond=0))

    def people(self, why: str) -> Directory:
        """The roster's people, which ``why`` needs."""
        if self.directory is None:
            raise UsageError(f"{why} needs --roster, to know which person each account is")
        return self.directory

    def actor(self, person: str, option: str = "--actor") -> str:
        """``person`` as the actor; checked against the roster when there is one."""
        return person if self.directory is None else self.directory.actor(person, option)

    def when(self, found: dt.datetime | None = None) -> dt.datetime:
        """The time of an event: what the evidence says, else ``--at``, else now."""
        return found or self.at or self.now

    def evidence(self, kind: str, file: EvidenceFile, uri: str | None = None) -> EvidenceRef:
        """A reference to ``file`` with its SHA-256, by its path from the record's
        folder, or by ``uri``. Without ``uri`` the file must lie in the record's
        repository, where ``sdlc check`` reads evidence to compare its digest."""
        if uri is None:
            folder = self.path.parent.resolve()
            real = file.path.resolve()
            root = repository(folder)
            if not real.is_relative_to(root):
                raise InputError(
                    f"the evidence lies outside the repository the record is in ({root}), "
                    "where sdlc check could not compare its digest",
                    location=Location(file.name),
                    hint="keep it in the repository, or say where it is kept with "
                    "--evidence-uri (an https: address, say)",
                )
            uri = Path(os.path.relpath(real, folder)).as_posix()
        return EvidenceRef(kind=kind, uri=uri, sha256=file.sha256)

    def risk(self) -> str | None:
        """The record's risk as ``sdlc check`` works it out (the declared and the
        diff's attributes, and the declared risk when higher), or ``None`` without
        the process."""
        if self.process is None:
            return None
        graph = ProcessGraph(self.process)
        atoms = self.record.attributes.atoms() | frozenset(touched(self.process, self.record))
        computed, _ = graph.classify(atoms)
        declared = self.record.declared_risk
        if declared in graph.rank and graph.rank[declared] > graph.rank[computed]:
            return declared
        return computed

    def stage(
        self, stage: str, kinds: Collection[StageKind], evidence: str | None, default: str
    ) -> tuple[str, str]:
        """The stage to record, checked against the process when given, and the kind
        of evidence to record: ``evidence`` when given, else the kind the stage
        requires (``default`` when it requires it, or requires none)."""
        if self.process is None:
            return stage, evidence or default
        if not self.process.has_stage(stage):
            raise UsageError(
                suggest(
                    f"--stage {stage!r}: process {self.process.ref} has no such stage",
                    stage,
                    self.process.stages_by_id,
                )
            )
        found = self.process.stage(stage)
        if found.kind not in kinds:
            names = " or ".join(sorted(k.value for k in kinds))
            raise UsageError(
                f"--stage {stage!r} is a {found.kind.value} stage; this evidence proves a "
                f"{names} stage"
            )
        if evidence is not None:
            return stage, evidence
        required = found.evidence
        return stage, default if default in required or not required else required[0]


def check_process(process: Process, record: Record, path: Path) -> None:
    """``process`` must be the one the record follows."""
    if process.ref != record.process:
        raise InputError(
            f"the record follows {record.process}, not {process.ref} (the --process given)",
            location=Location(str(path)),
            hint="give the process file of the version the record names",
        )
