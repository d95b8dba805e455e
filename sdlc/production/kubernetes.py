"""Kubernetes snapshots: the output of ``kubectl get pods -A -o json`` (a ``List``
of Pods, a ``PodList`` from the API, or one Pod), read into one
:class:`~.snapshot.Running` per container, init container and ephemeral container.

The digest comes from each status's ``imageID`` only: that is what the kubelet
resolved and runs. A container without one (a pending pod, or a runtime that
reports a tag) has no digest, and what it runs cannot be matched to a record.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..load.document import Document, Path_
from .references import BadDigest, pinned_digest
from .shapes import mapping, refuse, sequence, text
from .snapshot import Running

_LISTS = (
    ("containerStatuses", "containers", "container"),
    ("initContainerStatuses", "initContainers", "init"),
    ("ephemeralContainerStatuses", "ephemeralContainers", "ephemeral"),
)
"""Each list of statuses, the list of the spec it reports on, and the role."""
_STATES = ("running", "waiting", "terminated")


def is_pods(data: object) -> bool:
    """Whether ``data`` looks like pods: a ``List`` or ``PodList``, or one ``Pod``."""
    if not isinstance(data, dict):
        return False
    kind = data.get("kind")
    return kind == "Pod" or (kind in ("List", "PodList") and "items" in data)


def read_pods(doc: Document) -> tuple[Running, ...]:
    """Every container of every pod in ``doc``, in file order."""
    if isinstance(doc.data, dict) and doc.data.get("kind") == "Pod":
        return tuple(_pod(doc, ()))
    items = sequence(doc, ("items",), "items")
    return tuple(found for i in range(len(items)) for found in _pod(doc, ("items", i)))


def _pod(doc: Document, at: Path_) -> Iterator[Running]:
    pod = mapping(doc, at, "a pod")
    kind = pod.get("kind", "Pod")
    if kind != "Pod":
        raise refuse(
            doc,
            (*at, "kind"),
            f"expected only Pods, found a {kind!r}",
            hint="list pods alone: kubectl get pods -A -o json",
        )
    name = text(doc, (*at, "metadata", "name"), "the pod's metadata.name")
    namespace = text(doc, (*at, "metadata", "namespace"), "metadata.namespace", default="default")
    workload = _workload(mapping(doc, (*at, "metadata"), "metadata"), namespace, name)
    mapping(doc, (*at, "spec"), "spec", required=False)  # refused unless a mapping
    for key, spec_key, role in _LISTS:
        seen: set[str] = set()
        statuses = sequence(doc, (*at, "status", key), f"status.{key}")
        for j in range(len(statuses)):
            entry = (*at, "status", key, j)
            mapping(doc, entry, f"an entry of status.{key}")
            container = text(doc, (*entry, "name"), "the container's name")
            seen.add(container)
            yield _container(doc, entry, namespace, name, container, role, workload)
        for j, item in enumerate(sequence(doc, (*at, "spec", spec_key), f"spec.{spec_key}")):
            if isinstance(item, dict) and item.get("name") not in seen:  # no status yet
                place = (*at, "spec", spec_key, j)
                container = text(doc, (*place, "name"), "the container's name")
                image = text(doc, (*place, "image"), "the container's image", default="")
                yield Running(
                    label=f"{namespace}/{name}/{container}",
                    workload=f"{workload}, {_role_word(role)} {container}",
                    location=doc.locate((*place, "image")),
                    image=image,
                    digests=(),
                    problem=f"has no status yet, so no image digest; image {image!r}",
                    namespace=namespace,
                    pod=name,
                    container=container,
                    role=role,
                    state="not started",
                )


def _container(
    doc: Document, at: Path_, namespace: str, pod: str, name: str, role: str, workload: str
) -> Running:
    image = text(doc, (*at, "image"), "the container's image", default="")
    image_id = text(doc, (*at, "imageID"), "the container's imageID", default="")
    state, started = _state(doc, at)
    digests: tuple[str, ...] = ()
    problem = ""
    try:
        digest = pinned_digest(image_id) if image_id else None
    except BadDigest as exc:
        digest, problem = None, f"has imageID {image_id!r}, which holds no valid digest ({exc})"
    if digest is not None:
        digests = (digest,)
    elif not problem and not image_id:
        problem = f"has no image digest yet (imageID is empty, {state}); image {image!r}"
    elif not problem:
        problem = f"runs image {image!r} by tag, without a digest (imageID {image_id!r})"
    return Running(
        label=f"{namespace}/{pod}/{name}",
        workload=f"{workload}, {_role_word(role)} {name}",
        location=doc.locate((*at, "imageID")),
        image=image,
        digests=digests,
        problem=problem,
        namespace=namespace,
        pod=pod,
        container=name,
        role=role,
        state=state,
        started_at=started,
    )


def _state(doc: Document, at: Path_) -> tuple[str, str | None]:
    """``running``, ``waiting: Reason`` or ``terminated: Reason``, and when it started."""
    states = mapping(doc, (*at, "state"), "the container's state", required=False)
    for word in _STATES:
        if word in states:
            detail = mapping(doc, (*at, "state", word), f"state.{word}", required=False)
            reason = detail.get("reason")
            started = detail.get("startedAt")
            label = f"{word}: {reason}" if isinstance(reason, str) and reason else word
            return label, started if isinstance(started, str) else None
    return "unknown state", None


def _workload(metadata: dict[str, Any], namespace: str, pod: str) -> str:
    """What the pod runs as: its controller (a ReplicaSet is named by its Deployment,
    without the pod-template hash), or the pod itself."""
    owners = metadata.get("ownerReferences")
    labels = metadata.get("labels")
    for owner in owners if isinstance(owners, list) else []:
        if not isinstance(owner, dict) or owner.get("controller") is not True:
            continue
        kind, name = owner.get("kind"), owner.get("name")
        if not isinstance(kind, str) or not isinstance(name, str):
            continue
        template = labels.get("pod-template-hash") if isinstance(labels, dict) else None
        if kind == "ReplicaSet" and isinstance(template, str) and name.endswith(f"-{template}"):
            kind, name = "Deployment", name[: -len(template) - 1]
        return f"{kind} {namespace}/{name}"
    return f"Pod {namespace}/{pod}"


def _role_word(role: str) -> str:
    return {"init": "init container", "ephemeral": "ephemeral container"}.get(role, "container")
