"""The rule catalogue and findings: every rule's slug, code, severity and page,
and the finding, repair step and report objects that checking returns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._faces import face

if TYPE_CHECKING:
    from .catalogue import RULES, Rule, Severity, by_code_or_slug
    from .findings import Finding, RepairStep, Report, resolve_severity

_EXPORTS = {
    "RULES": "catalogue",
    "Rule": "catalogue",
    "Severity": "catalogue",
    "by_code_or_slug": "catalogue",
    "Finding": "findings",
    "RepairStep": "findings",
    "Report": "findings",
    "resolve_severity": "findings",
}
__getattr__, __dir__ = face(__name__, _EXPORTS, globals())

__all__ = [
    "RULES",
    "Finding",
    "RepairStep",
    "Report",
    "Rule",
    "Severity",
    "by_code_or_slug",
    "resolve_severity",
]
