"""The JSON form of ``sdlc practice`` (its shape is documented in docs/practice.md):
exact counts, shares as fractions and durations in seconds."""

from __future__ import annotations

import json

from .analysis import Practice
from .groups import Group
from .timing import Spread


def _spread(spread: Spread | None) -> dict[str, object] | None:
    return None if spread is None else spread.as_dict()


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def group_dict(group: Group, top: int) -> dict[str, object]:
    """One group: its flow, times and deviations."""
    flow, times, dev = group.flow, group.times, group.deviations
    n = len(group.cases)
    return {
        "risk": group.risk,
        "team": group.team,
        "changes": n,
        "events": flow.events,
        "flow": {
            "follows": [{"from": a, "to": b, "count": c} for (a, b), c in flow.top_follows()],
            "starts": [{"stage": s, "count": c} for s, c in sorted(flow.starts.items())],
            "ends": [{"stage": s, "count": c} for s, c in sorted(flow.ends.items())],
            "variants": {
                "distinct": len(flow.variants),
                "top": [
                    {"stages": list(v), "count": c, "share": _share(c, n)}
                    for v, c in flow.top_variants(top)
                ],
            },
            "rework": [
                {
                    "stage": loop.stage,
                    "times": loop.times,
                    "changes": loop.changes,
                    "share": _share(loop.changes, n),
                    "after": dict(sorted(loop.after.items())),
                }
                for loop in flow.ranked_loops()
            ],
            "together": [{"first": a, "then": b, "count": c} for a, b, c in flow.together()],
        },
        "times": {
            "stages": [{"stage": s} | sp.as_dict() for s, sp in times.stages().items()],
            "gates": [{"stage": s} | sp.as_dict() for s, sp in times.gates().items()],
            "lead": {
                "deployment": _spread(Spread.of(times.to_deployment)),
                "verification": _spread(Spread.of(times.to_verification)),
            },
            "longest": [s for s, _ in times.longest()],
        },
        "deviations": {
            "out_of_order": [
                {"stage": s, "before": list(b), "changes": c, "share": _share(c, n)}
                for s, b, c in dev.ranked_orders()
            ],
            "stages": [
                {
                    "stage": g.stage,
                    "applies": g.applies,
                    "skipped": len(g.skipped),
                    "waived": len(g.waived),
                    "rules": dict(sorted(g.rules.items())),
                    "waivers": [
                        {"id": a.waiver, "approver": a.approver, "level": a.level, "findings": c}
                        for a, c in sorted(g.approvals.items(), key=lambda kv: kv[0].waiver)
                    ],
                }
                for g in dev.ranked_gaps()
            ],
        },
    }


def practice_dict(practice: Practice, top: int = 5) -> dict[str, object]:
    """The whole study; ``top`` variants per group."""
    return {
        "selection": practice.selection.as_dict(),
        "records": {
            "read": practice.read,
            "unreadable": practice.unreadable,
            "outside": practice.outside,
            "studied": practice.changes,
        },
        "all": group_dict(practice.overall, top),
        "groups": [group_dict(g, top) for g in practice.groups],
        "conditional": [a.as_dict() for a in practice.applicability],
        "suggestions": [s.as_dict() for s in practice.suggestions],
    }


def practice_json(practice: Practice, top: int = 5) -> str:
    return json.dumps(practice_dict(practice, top), indent=2, ensure_ascii=False) + "\n"
