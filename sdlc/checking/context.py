"""What checking a record reads: the process, its graph, the roster and the options.

A :class:`Context` is built once per process (and roster) and shared by every
record checked against it. The per-record pass, the deployment checks, the
integrity audit and the repair take a context, never the :class:`Checker` that
owns it, so none of them depends on the checker (see docs/design.md, "Layout").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..graph.process_graph import ProcessGraph
from ..model.process import Process
from ..model.roster import Roster
from ..rules.catalogue import Severity

CLOCK_SKEW = dt.timedelta(minutes=5)
"""How far in the future a timestamp may lie before time-order reports it."""


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """How strictly to check.

    ``severity`` overrides rules' default severities; ``strict`` turns warnings into
    errors; ``in_flight`` reports a record without a deployment as information, not
    as a failure; ``now`` is the time future timestamps are measured against.
    ``require_chain`` and ``heads`` (a head noted earlier, by record id) are passed to
    the integrity audit (see :class:`~sdlc.integrity.verification.IntegrityOptions`).
    """

    severity: Mapping[str, Severity] | None = None
    strict: bool = False
    in_flight: bool = False
    now: dt.datetime | None = None
    require_chain: bool = False
    heads: Mapping[str, str] | None = None
    repair: bool = True
    """Whether to build the smallest repair of a record that is not compliant (reports
    that do not show it, such as SARIF, need not pay for it)."""


@dataclass(frozen=True, slots=True)
class Context:
    """One process (with its graph), roster and options, ready to check records."""

    process: Process
    roster: Roster | None
    options: CheckOptions
    graph: ProcessGraph
    vocabulary: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """The attribute names the process defines, by attribute: ``components``,
    ``data_classes``, ``providers`` and ``flags``."""
    superseded: tuple[str, dt.date] | None = None
    """The version that replaced this one and the day it took effect, when known (a
    folder of versions tells; a single file cannot)."""

    @classmethod
    def of(
        cls,
        process: Process,
        roster: Roster | None = None,
        options: CheckOptions | None = None,
        superseded: tuple[str, dt.date] | None = None,
    ) -> Context:
        vocabulary = {
            "components": frozenset(process.components),
            "data_classes": frozenset(process.data_classes),
            "providers": frozenset(process.providers),
            "flags": frozenset(process.flags),
        }
        graph = ProcessGraph(process)
        return cls(process, roster, options or CheckOptions(), graph, vocabulary, superseded)
