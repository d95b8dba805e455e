"""Reading one snapshot file: its kind found from what it holds (or named), then
parsed by the reader of that kind; anything else is one located refusal naming
what was expected (see docs/design.md, "Errors and exit codes").

A file whose first line that is not blank or a ``#`` comment starts with ``{``,
``[``, ``-`` or a ``key:`` is a document (JSON, or YAML as ``kubectl -o yaml``
writes it), read with the safe reader: a Kubernetes List of Pods, or a ``docker
inspect`` list. Any other file is a plain list of ``NAME DIGEST`` lines.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, Location
from ..load.document import Document
from ..load.source import parse_yaml
from ..load.text import read_text
from .docker import is_docker, read_docker
from .kubernetes import is_pods, read_pods
from .listing import read_listing
from .shapes import EXPECTED, HINT, found
from .snapshot import Snapshot


def read_snapshot(path: Path | str, kind: str | None = None) -> Snapshot:
    """The snapshot in the file at ``path``; ``kind`` (``kubernetes``, ``docker`` or
    ``list``) skips the guess. Raises :class:`~sdlc.errors.InputError` for a file
    that cannot be read or is not a snapshot of that kind."""
    name = str(path)
    source = read_text(Path(path))
    if not source.strip():
        raise InputError(f"the snapshot is empty ({EXPECTED})", location=Location(name, 1, 1))
    if kind == "list" or (kind is None and not _is_document(source)):
        return Snapshot(name, "list", read_listing(source, name))
    doc = parse_yaml(source, name)
    if kind is None:
        kind = "kubernetes" if is_pods(doc.data) else "docker" if is_docker(doc.data) else None
    if kind == "kubernetes":
        if not is_pods(doc.data):
            raise _not(doc, "a Kubernetes List of Pods (kubectl get pods -A -o json)")
        return Snapshot(name, kind, read_pods(doc))
    if kind == "docker":
        if not is_docker(doc.data):
            raise _not(doc, "a 'docker inspect' list of containers and images")
        return Snapshot(name, kind, read_docker(doc))
    raise _not(doc, None)


def _is_document(source: str) -> bool:
    for line in source.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        first = stripped.split()[0]
        return stripped[0] in "{[-" or first.endswith(":")
    return False


def _not(doc: Document, expected: str | None) -> InputError:
    data = doc.data
    what = found(data)
    if isinstance(data, dict):
        kind = data.get("kind")
        what = "a mapping without 'kind'"
        if isinstance(kind, str):
            what = f"a mapping of kind {kind!r}"
    elif isinstance(data, list):
        what = "an empty list" if not data else "a list of something else"
        if data and all(isinstance(item, dict) for item in data):
            what = "a list of mappings without 'Id'"
    wanted = f"expected {expected}" if expected else EXPECTED
    return InputError(
        f"not a snapshot sdlc can read: {wanted}; found {what}",
        location=doc.locate(()),
        hint=HINT,
    )
