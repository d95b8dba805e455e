"""Docker snapshots: the output of ``docker inspect``, a list of containers and,
optionally, of the images they run (``docker inspect $(docker ps -q) $(docker
images -q)``), read into one :class:`~.snapshot.Running` per container.

A container's digests are the digest its ``Config.Image`` pins, if any, then the
repository digests (``RepoDigests``) of its image when the image is in the same
file, then its image id (``Image``, itself a content digest). Records name the
digest the registry gave the pushed image, which only the image's
``RepoDigests`` hold: inspect the images too.
"""

from __future__ import annotations

from typing import Any

from ..load.document import Document, Path_
from .references import BadDigest, pinned_digest
from .shapes import EXPECTED, found, mapping, refuse, sequence, text
from .snapshot import Running

_NEVER = "0001-01-01T00:00:00Z"
"""What Docker writes as ``StartedAt`` for a container that never started."""
_PROJECT = "com.docker.compose.project"
_SERVICE = "com.docker.compose.service"
_ONLY = (
    "inspect containers and their images only: docker inspect $(docker ps -q) $(docker images -q)"
)


def is_docker(data: object) -> bool:
    """Whether ``data`` looks like ``docker inspect``: a list of objects with an ``Id``."""
    return (
        isinstance(data, list)
        and bool(data)
        and all(isinstance(item, dict) and "Id" in item for item in data)
    )


def read_docker(doc: Document) -> tuple[Running, ...]:
    """Every container in ``doc``, in file order; the images only lend their digests."""
    items = sequence(doc, (), "the snapshot")
    images: dict[str, tuple[str, ...]] = {}
    containers: list[int] = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise refuse(
                doc, (i,), f"expected a container or an image, found {found(item)}", hint=_ONLY
            )
        if "State" in item:
            containers.append(i)
        elif "RepoDigests" in item or "RepoTags" in item:
            images[text(doc, (i, "Id"), "the image's Id")] = _repo_digests(doc, i)
        else:
            raise refuse(
                doc,
                (i,),
                "expected a container or an image from 'docker inspect', found an object "
                f"with neither 'State' nor 'RepoDigests' ({EXPECTED})",
                hint=_ONLY,
            )
    return tuple(_container(doc, i, images) for i in containers)


def _repo_digests(doc: Document, i: int) -> tuple[str, ...]:
    out = []
    for j, _ in enumerate(sequence(doc, (i, "RepoDigests"), "RepoDigests")):
        at: Path_ = (i, "RepoDigests", j)
        try:
            digest = pinned_digest(text(doc, at, "a repository digest"))
        except BadDigest as exc:
            raise refuse(doc, at, f"RepoDigests: {exc}") from None
        if digest is not None:
            out.append(digest)
    return tuple(out)


def _container(doc: Document, i: int, images: dict[str, tuple[str, ...]]) -> Running:
    name = text(doc, (i, "Name"), "the container's Name").lstrip("/")
    config = mapping(doc, (i, "Config"), "Config", required=False)
    reference = text(doc, (i, "Config", "Image"), "Config.Image", default="")
    image_id = text(doc, (i, "Image"), "the container's Image", default="")
    state = mapping(doc, (i, "State"), "State")
    digests: list[str] = []
    local: str | None = None
    problem = ""
    for value, lent in ((reference, ()), (image_id, images.get(image_id, ()))):
        try:
            digest = pinned_digest(value, bare_id=True) if value else None
        except BadDigest as exc:
            problem = f"has image {value!r}, which holds no valid digest ({exc})"
            continue
        if digest is not None:
            digests += [*lent, digest]
            local = digest if value is image_id else local
    note = ""
    if local is not None and digests == [local]:
        note = (
            "its image has no repository digest: built here, not pulled from a registry"
            if image_id in images
            else "no repository digest in the snapshot: inspect its image too"
        )
    if not digests and not problem:
        problem = f"has no image id nor digest; image {reference!r}"
    started = state.get("StartedAt")
    status = state.get("Status")
    labels = config.get("Labels")
    return Running(
        label=name,
        workload=_workload(labels if isinstance(labels, dict) else {}, name),
        location=doc.locate((i, "Image")),
        image=reference or image_id,
        digests=tuple(dict.fromkeys(digests)),
        problem=problem,
        image_id=local,
        note=note,
        container=name,
        namespace=_label(labels, _PROJECT),
        state=status if isinstance(status, str) else None,
        started_at=started if isinstance(started, str) and started != _NEVER else None,
    )


def _workload(labels: dict[str, Any], name: str) -> str:
    project, service = _label(labels, _PROJECT), _label(labels, _SERVICE)
    if project and service:
        return f"compose service {project}/{service}"
    return f"container {name}"


def _label(labels: object, key: str) -> str | None:
    value = labels.get(key) if isinstance(labels, dict) else None
    return value if isinstance(value, str) and value else None
