"""The domain model: processes, conditions, change records and rosters, as frozen
pydantic models that document themselves (``sdlc schema`` and the reference pages
are generated from their field descriptions).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._faces import face

if TYPE_CHECKING:
    from .accounts import Accounts
    from .conditions import Condition, Situation, holds, in_words
    from .evidence import ProductionProfile
    from .frameworks import SSDF, Framework, ssdf
    from .organisation import Role, WaiverPolicy
    from .process import IntegrityPolicy, Process
    from .record import Attributes, Event, EvidenceRef, Outcome, Record, Signature, Subject
    from .risk import RiskModel, RiskRule, at_risk
    from .roster import Person, PublicKey, Roster
    from .schema import SCHEMAS, schema_for
    from .stage import Dependency, Stage, StageKind

_EXPORTS = {
    "Process": "process",
    "IntegrityPolicy": "process",
    "Stage": "stage",
    "StageKind": "stage",
    "Dependency": "stage",
    "Role": "organisation",
    "WaiverPolicy": "organisation",
    "RiskModel": "risk",
    "RiskRule": "risk",
    "at_risk": "risk",
    "ProductionProfile": "evidence",
    "Condition": "conditions",
    "Situation": "conditions",
    "holds": "conditions",
    "in_words": "conditions",
    "Record": "record",
    "Event": "record",
    "EvidenceRef": "record",
    "Outcome": "record",
    "Attributes": "record",
    "Signature": "record",
    "Subject": "record",
    "Accounts": "accounts",
    "Roster": "roster",
    "Person": "roster",
    "PublicKey": "roster",
    "SCHEMAS": "schema",
    "schema_for": "schema",
    "Framework": "frameworks",
    "SSDF": "frameworks",
    "ssdf": "frameworks",
}
__getattr__, __dir__ = face(__name__, _EXPORTS, globals())

__all__ = [
    "SCHEMAS",
    "SSDF",
    "Accounts",
    "Attributes",
    "Condition",
    "Dependency",
    "Event",
    "EvidenceRef",
    "Framework",
    "IntegrityPolicy",
    "Outcome",
    "Person",
    "Process",
    "ProductionProfile",
    "PublicKey",
    "Record",
    "RiskModel",
    "RiskRule",
    "Role",
    "Roster",
    "Signature",
    "Situation",
    "Stage",
    "StageKind",
    "Subject",
    "WaiverPolicy",
    "at_risk",
    "holds",
    "in_words",
    "schema_for",
    "ssdf",
]
