"""Lineage comes only from builds: which claims of ``produces`` the checker believes.

A build stage maps the commit it was given to the artifacts it made, so work
done on the commit (review, tests, approval) also counts for those artifacts
and for nothing else. Because that link decides what a deployment may rely on,
the checker takes it only from a completed event of a build stage, only from
the moment the walk reaches it (so a build recorded after a deployment cannot
vouch for it), and only in the direction commit → artifact: a product must be
an artifact digest (``algorithm:hex``) that nothing upstream of the build's own
subject already is. Every other claim links nothing and is a ``false-lineage``
finding (see docs/design.md, "Subjects and lineage").
"""

from __future__ import annotations

from ..model.process import Process
from ..model.record import Event
from ..model.stage import StageKind
from .lineage import short
from .record_pass import RecordPass


def is_build(process: Process, event: Event) -> bool:
    """Whether ``event`` is an event of a build stage (completed or not)."""
    stage = process.stages_by_id.get(event.stage)
    return stage is not None and stage.kind is StageKind.BUILD


def built(process: Process, event: Event) -> tuple[str, ...]:
    """The artifacts ``event`` may be believed to have produced: those of a completed
    build, that are artifact digests, other than its own subject."""
    if not (event.produces and event.outcome.completes and is_build(process, event)):
        return ()
    return tuple(p for p in event.produces if p != event.subject and is_artifact(p))


def is_artifact(subject: str) -> bool:
    """Whether ``subject`` names an artifact by digest (``sha256:…``), not a commit."""
    algorithm, colon, digest = subject.partition(":")
    return bool(colon and algorithm and digest)


def link_products(run: RecordPass, number: int, event: Event) -> None:
    """Link what event ``number`` produced to its subject, if it may say so; report
    each claim that it may not make."""
    if not event.produces:
        return
    process = run.context.process
    stage = process.stage(event.stage)
    listed = ", ".join(short(p) for p in event.produces)
    if stage.kind is not StageKind.BUILD:
        run.event_finding(
            "false-lineage",
            number,
            f"says it produced {listed}, but only a build may say what was built from a "
            f"commit, and '{stage.id}' is not a build stage; the claim links nothing",
            "record the artifact's build as an event of a build stage, before the deployment "
            "that relies on it, and remove 'produces' from this event",
        )
        return
    if not event.outcome.completes:
        return  # a failed build made nothing that counts; deploying it is a finding
    lineage = run.trace.lineage
    for product in event.produces:
        if product == event.subject or lineage.same(product, event.subject):
            continue
        if not is_artifact(product):
            run.event_finding(
                "false-lineage",
                number,
                f"says it produced {short(product)}, which is not an artifact digest "
                f"(algorithm:hex) but reads as a commit; a build goes from commit to "
                f"artifact, never back, so the claim links nothing",
                "list in 'produces' only the digests of the artifacts the build made, "
                "such as sha256:…",
            )
            continue
        lineage.link(event.subject, product)
