"""From one file to one model: a process, a roster or a change record, validated,
with every failure one located, actionable :class:`~sdlc.errors.InputError`.

A process must also define every name it uses and have no loop of dependencies
before it is handed on (see docs/design.md, "The pipeline").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import InputError
from ..limits import EVENTS
from ..model.process import Process
from ..model.record import Record
from ..model.roster import Roster
from .context import context_chain
from .document import Document
from .folders import refuse_leaving_link
from .names import Problem, process_problems, roster_problems
from .source import load_file

M = TypeVar("M", bound=BaseModel)


def load_process(path: Path | str) -> Process:
    """Load a process file; raise :class:`InputError` if it is malformed, names
    anything it does not define, or has stages that depend on each other in a loop
    (records cannot be checked against it, nor its handbook drawn)."""
    process, doc = load_process_document(path)
    problems = process_problems(process)
    if problems:
        raise problem_error(problems[0], doc)
    loop = _loop(process)
    if loop:
        at = next(i for i, s in enumerate(process.stages) if s.id == loop[0])
        path_ = ("stages", at, "depends_on")
        raise InputError(
            f"stages depend on each other in a loop: {' → '.join([*loop, loop[0]])}",
            location=doc.locate(path_, key=True),
            context=context_chain(doc.data, path_),
            hint="remove one of these dependencies ('sdlc lint' names every loop)",
        )
    return process


def _loop(process: Process) -> list[str]:
    """One loop of dependencies (whatever their conditions), or ``[]`` if none.

    A plain topological sort says whether there is one, without networkx; only a
    process that has one pays for the graph that names it.
    """
    before = {s.id: {t for d in s.dependencies for t in d.targets} for s in process.stages}
    after: dict[str, list[str]] = {stage: [] for stage in before}
    for stage, targets in before.items():
        for target in targets:
            after.setdefault(target, []).append(stage)
    waiting = {stage: len(targets) for stage, targets in before.items()}
    ready = [stage for stage, count in waiting.items() if count == 0]
    placed = 0
    while ready:
        placed += 1
        for stage in after[ready.pop()]:
            waiting[stage] -= 1
            if waiting[stage] == 0:
                ready.append(stage)
    if placed == len(waiting):
        return []
    from ..graph.process_graph import ProcessGraph

    loops = ProcessGraph(process).cycles()
    return loops[0] if loops else []


def load_process_document(path: Path | str) -> tuple[Process, Document]:
    """Load a process without checking references (``sdlc lint`` reports those)."""
    doc = load_file(path)
    return validate(Process, doc), doc


def load_roster(path: Path | str, process: Process | None = None) -> Roster:
    """Load a roster; with ``process``, every role it grants must exist there."""
    doc = load_file(path)
    roster = validate(Roster, doc)
    if process is not None:
        problems = roster_problems(roster, process)
        if problems:
            raise problem_error(problems[0], doc)
    return roster


def load_record(path: Path | str) -> Record:
    """Load a single-record YAML or JSON file."""
    refuse_leaving_link(Path(path))
    return validate_record(load_file(path))


def validate_record(doc: Document) -> Record:
    """Validate ``doc.data`` as a :class:`Record`, its events counted first: a record of
    a million events is refused before any of them is validated. A waiver file, a
    process or a roster among the records is named for what it is."""
    other = other_kind(doc.data)
    if other is not None:
        key, what, option = other
        raise InputError(
            f"{what}, not a change record: pass it with {option}",
            location=doc.locate((key,), key=True),
            hint=f"keep it out of the records' folders, or give the record files one by one; "
            f"'sdlc check --help' shows {option}",
        )
    too_many = too_many_events(doc.data)
    if too_many is not None:
        raise InputError(
            too_many,
            location=doc.locate(("events",)),
            context=context_chain(doc.data, ("events",)),
        )
    return validate(Record, doc)


_OTHER_FILES = (
    ("waivers", "a waiver file", "--waivers"),
    ("stages", "a process file", "--process"),
    ("people", "a roster", "--roster"),
)
"""The top-level key of each other kind of file that may lie among records."""


def other_kind(data: Any) -> tuple[str, str, str] | None:
    """(key, what it is, the option that takes it) when ``data`` is not a record but
    another kind of sdlc file: it has that kind's key, and no record's ``events``."""
    if not isinstance(data, dict) or "events" in data:
        return None
    return next((kind for kind in _OTHER_FILES if kind[0] in data), None)


def too_many_events(data: Any) -> str | None:
    """Why ``data`` holds more events than :data:`~sdlc.limits.EVENTS` allows, or ``None``
    (the model says the same of a record that reaches it)."""
    events = data.get("events") if isinstance(data, dict) else None
    limit = EVENTS.value()
    if not isinstance(events, list) or len(events) <= limit:
        return None
    return (
        f"a record MUST hold at most {limit:,} events (it holds {len(events):,}); "
        "split the change, or raise the limit with SDLC_MAX_EVENTS"
    )


def validate(model: type[M], doc: Document) -> M:
    """Validate ``doc.data`` as ``model``; on failure raise one located message."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        from .translation import translate  # the wording of errors, loaded for one

        raise translate(exc, doc, model) from None


def problem_error(problem: Problem, doc: Document) -> InputError:
    """An unknown-reference problem as an input error (for loaders that must refuse)."""
    return InputError(
        problem.message,
        location=doc.locate(problem.path, key=problem.key),
        context=context_chain(doc.data, problem.path),
        hint=problem.hint,
    )
