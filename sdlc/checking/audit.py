"""The checker's integrity audit of one record.

What :func:`sdlc.integrity.verification.verify` checks of a record on its own (chain,
signatures, evidence digests), with the context's roster, process and
severities, and then the line from commit to deployed artifact, which only the
checker's pass over the record can follow (see docs/design.md, "Integrity" and
"Subjects and lineage").
"""

from __future__ import annotations

from pathlib import Path

from ..integrity.verification import IntegrityOptions, verify
from ..rules.catalogue import Severity
from ..rules.findings import Finding, about, resolve_severity
from .context import Context
from .provenance import lineage_breaks
from .trace import Trace


def audit(context: Context, trace: Trace, path: str | None) -> list[Finding]:
    """The integrity findings of the record behind ``trace``, read from ``path``
    (relative evidence paths are resolved against its folder)."""
    options = context.options
    record = trace.record
    found = verify(
        record,
        roster=context.roster,
        process=context.process,
        folder=Path(path).parent if path is not None else None,
        options=IntegrityOptions(
            severity=options.severity,
            strict=options.strict,
            require_chain=options.require_chain,
            head=(options.heads or {}).get(record.id),
        ),
    )
    severity = resolve_severity("stale-approval", options.severity, strict=options.strict)
    if severity is Severity.OFF:
        return found
    reported = [number for number, _ in trace.restale]
    bound = context.graph.subject_bound
    for gap in lineage_breaks(record, trace.view, bound, trace.deployed, reported):
        found.append(
            about(record, "stale-approval", severity, gap.message, gap.hint, event=gap.event)
        )
    return found
