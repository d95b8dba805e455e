"""The ``diff-underdeclared`` rule: the change's commits touch components or data
classes its record does not declare.

:mod:`~sdlc.checking.touches` derives what the diff shows; the record is checked
at the risk of the declared and the derived attributes together. This rule names
each attribute the record left out, the file that shows it and the glob that
matched, and the risk the declaration alone would have given (see
docs/design.md, "When each rule fires").
"""

from __future__ import annotations

from .record_pass import RecordPass

KINDS = {"components": "component", "data_classes": "data class"}


def check_touches(run: RecordPass) -> None:
    """Report the attributes the diff shows that the record does not declare."""
    declared = run.record.attributes.atoms()
    missing = {atom: why for atom, why in run.touched.items() if atom not in declared}
    if not missing:
        return
    shown = "; ".join(
        f"{path} is {KINDS[kind]} {name} (risk.paths glob {glob})"
        for (kind, name), (path, glob) in sorted(missing.items())
    )
    level, _ = run.context.graph.classify(declared)
    text = f"the change's commits touch what its attributes leave out: {shown}"
    if level != run.computed:
        text += (
            f"; declared, the change would be risk {level}, but what it touches makes it "
            f"{run.computed} (rule {', '.join(run.fired)}); it is checked as {run.computed}"
        )
    else:
        text += "; it is checked as touching them"
    run.add(
        "diff-underdeclared",
        text,
        "declare them in the record's attributes ("
        + ", ".join(f"{kind}: [{name}]" for kind, name in sorted(missing))
        + "), or correct risk.paths in the process if a glob names files it should not",
    )
