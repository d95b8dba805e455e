"""What a snapshot shows running: one entry per container (or listed artifact),
with the digests that identify it, where the snapshot says so, and the workload
it belongs to, which outlives a rollout (see docs/design.md, "Subjects and lineage").
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Location

KINDS = ("kubernetes", "docker", "list")
"""The kinds of snapshot sdlc reads: ``kubectl get pods -A -o json``, ``docker
inspect``, and a plain list of ``NAME DIGEST`` lines."""


@dataclass(frozen=True, slots=True)
class Running:
    """One running artifact, as a snapshot shows it."""

    label: str
    """How messages name it: ``namespace/pod/container`` (Kubernetes), the
    container's name (Docker), or the NAME of its line (a plain list)."""
    workload: str
    """What it runs as, the same before and after a rollout: ``Deployment
    eid/eid-gateway, container gateway``; snapshots are compared by it."""
    location: Location
    """Where the snapshot names its image (file, line, column)."""
    image: str
    """The image reference as written (``""`` when the snapshot has none)."""
    digests: tuple[str, ...]
    """The digests that identify what runs; empty when none is known."""
    problem: str = ""
    """Why no digest is known, in words, when ``digests`` is empty."""
    image_id: str | None = None
    """Of ``digests``, the local image id (Docker), which no registry gave."""
    note: str = ""
    """Said after what it runs, when that needs saying (why only an image id is known)."""
    namespace: str | None = None
    pod: str | None = None
    container: str | None = None
    role: str = "container"
    """``container``, ``init`` or ``ephemeral`` (Kubernetes)."""
    state: str | None = None
    """``running``, ``waiting: ImagePullBackOff``, ``terminated: Completed``…"""
    started_at: str | None = None
    """When the container started, as the snapshot writes it."""

    @property
    def identity(self) -> tuple[str, ...]:
        """What it runs: its digests, or its image when it has none."""
        return self.digests or (self.image or "(no image)",)

    def as_dict(self) -> dict[str, object]:
        return {
            "label": self.label,
            "workload": self.workload,
            "location": str(self.location),
            "namespace": self.namespace,
            "pod": self.pod,
            "container": self.container,
            "role": self.role,
            "image": self.image,
            "digests": list(self.digests),
            "image_id": self.image_id,
            "state": self.state,
            "started_at": self.started_at,
        }


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One snapshot file: its kind and what it shows running, in file order."""

    path: str
    kind: str
    running: tuple[Running, ...]
