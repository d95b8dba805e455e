"""A seeded archive of change records on the shipped process (eid-gateway 3.0,
with its roster), with deviations planted in it that ``sdlc practice`` must name.

Every change is done the way the process wants, in two teams (login and tokens),
at three risk levels, with one round of rework in about a quarter of them (a
rejected code review, then a new commit and everything after it again), except
for what is planted:

- team tokens leaves out the design review in about 40 % of its medium-risk
  changes, each time under a waiver approved by the director (eva-lund);
- in every high-risk change the security test waits 2.5 to 3.5 days after the
  build (the security champions, two people, do it), while other stages take
  hours;
- team login runs the login end-to-end tests before the build in about 20 % of
  its low-risk changes: an ordering the process forbids.

The plan returned says, for each record, what was planted; the figures the tests
expect are recomputed from the records themselves.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..handbook.demo_site import generator

ZONE = dt.timezone(dt.timedelta(hours=1))
FIRST_DAY = dt.datetime(2026, 1, 5, 8, 0, tzinfo=ZONE)
DAYS = 290
"""Changes start within this many days of FIRST_DAY (before the end of October 2026)."""
PROVIDERS = ["bankid", "bankid-mobile", "minid", "buypass", "commfides"]
AUTHORS = {"login": ("ola-nordmann", "ingrid-hansen"), "tokens": ("kari-larsen", "ola-nordmann")}
REVIEWERS = ("kari-larsen", "ingrid-hansen", "magnus-holm", "lars-berg")
LEADS = {"login": "per-johansen", "tokens": "marte-solberg"}
ATTRIBUTES = {
    "low": {"components": ["ui-texts"], "data_classes": ["public"]},
    "medium": {"components": ["login-ui"], "data_classes": ["public"]},
    "high": {"components": ["session"], "data_classes": ["session-tokens"]},
}
MINUTE, HOUR, DAY = 60, 3600, 86400


@dataclass(frozen=True)
class Planned:
    """What went into one record."""

    id: str
    team: str
    risk: str
    skipped_design_review: bool
    early_e2e: bool
    rework: bool


_Maker = generator().Change
"""A change being made up: the demo archive's (examples/archive/generate.py)."""


def _round(
    m: Any, team: str, risk: str, author: str, at: dt.datetime, *, final: bool, early: bool
) -> tuple[dt.datetime, str]:
    """One commit: implementation, build, tests, reviews; the final round also gets the
    other tests, the rollback plan, approval, deployment and verification. Returns when
    the round ended and the artifact built."""
    rng = m.rng
    commit, artifact = m.digest(160), "sha256:" + m.digest(256)
    m.event("implementation", author, at, commit)
    built = at + m.gap(10 * MINUTE, 20 * MINUTE)
    m.event("build", "ci", built, commit, produces=[artifact])
    tested = built + m.gap(10 * MINUTE, 20 * MINUTE)
    m.event("unit-tests", "ci", tested, commit)
    others = [r for r in REVIEWERS if r != author]
    reviewed = at + m.gap(2 * HOUR, 6 * HOUR)
    if not final:
        m.event("code-review", rng.choice(others), reviewed, commit, outcome="rejected")
        return reviewed, artifact
    people = rng.sample(others, 2 if risk == "high" else 1)
    m.event("code-review", people[0], reviewed, commit, outcome="approved")
    if len(people) > 1:
        reviewed += m.gap(10 * MINUTE, 2 * HOUR)
        m.event("code-review", people[1], reviewed, commit, outcome="approved")
    e2e = at + m.gap(4 * MINUTE, 6 * MINUTE) if early else built + m.gap(HOUR, 4 * HOUR)
    m.event(
        "login-e2e-tests", rng.choice(("aisha-khan", "jonas-lie")), e2e, commit, covers=PROVIDERS
    )
    ready = [reviewed, tested, e2e]
    if risk == "high":
        secured = built + m.gap(2.5 * DAY, 3.5 * DAY)
        m.event("security-test", rng.choice(("lars-berg", "sofie-dahl")), secured, commit)
        ready.append(secured)
    if risk != "low":
        planned = at + m.gap(2 * HOUR, 8 * HOUR)
        m.event("rollback-plan", rng.choice(("emil-haugen", "nora-bakken")), planned, commit)
        ready.append(planned)
    approved = max(ready) + m.gap(2 * HOUR, 8 * HOUR)
    approvers = {
        "low": [LEADS[team]],
        "medium": [rng.choice(("hilde-moen", "anders-vik"))],
        "high": ["ragnhild-eide", "bjorn-aas"],
    }[risk]
    for approver in approvers:
        m.event("approval", approver, approved, commit, outcome="approved")
        approved += m.gap(5 * MINUTE, HOUR)
    operators = rng.sample(("emil-haugen", "nora-bakken"), 2)
    deployed = approved + m.gap(HOUR, 4 * HOUR)
    m.event("deployment", operators[0], deployed, artifact)
    verified = deployed + m.gap(20 * MINUTE, HOUR)
    m.event("verification", operators[1], verified, artifact)
    return verified, artifact


def record(rng: random.Random, number: int) -> tuple[dict[str, Any], Planned]:
    m = _Maker(rng, f"PR-{number:04d}")
    team = rng.choice(("login", "tokens"))
    risk = rng.choices(("low", "medium", "high"), (40, 35, 25))[0]
    skip = team == "tokens" and risk == "medium" and rng.random() < 0.4
    early = team == "login" and risk == "low" and rng.random() < 0.2
    rework = rng.random() < 0.25
    author = rng.choice(AUTHORS[team])
    at = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS)) + m.gap(0, 8 * HOUR)
    base = m.digest(160)
    if risk == "high":
        m.event("threat-modelling", rng.choice(("lars-berg", "sofie-dahl")), at, base)
    if risk != "low" and not skip:
        for reviewer in rng.sample(("kari-larsen", "ingrid-hansen", "ragnhild-eide"),
                                   2 if risk == "high" else 1):  # fmt: skip
            at += m.gap(2 * HOUR, 30 * HOUR)
            m.event("design-review", reviewer, at, base)
    at += m.gap(4 * HOUR, 30 * HOUR)
    if rework:
        ended, _ = _round(m, team, risk, author, at, final=False, early=False)
        at = ended + m.gap(6 * HOUR, 30 * HOUR)
    _round(m, team, risk, author, at, final=True, early=early)
    m.events.sort(key=lambda e: e["at"])
    for ev in m.events:
        ev["at"] = ev["at"].isoformat()
    data = {
        "id": m.id,
        "process": "eid-gateway@3.0",
        "title": f"Generated change {m.id}",
        "team": team,
        "author": author,
        "declared_risk": risk,
        "attributes": ATTRIBUTES[risk],
        "subject": {"repository": "https://git.example.no/login/eid-gateway"},
        "events": m.events,
    }
    return data, Planned(m.id, team, risk, skip, early, rework)


def write(folder: Path, *, seed: int, count: int, today: dt.date) -> list[Planned]:
    """``records.jsonl`` and ``waivers.yaml`` (in force on ``today``) in ``folder``."""
    rng = random.Random(seed)
    plan = []
    with (folder / "records.jsonl").open("w", encoding="utf-8") as out:
        for number in range(count):
            data, planned = record(rng, number)
            out.write(json.dumps(data) + "\n")
            plan.append(planned)
    approved, expires = today - dt.timedelta(days=10), today + dt.timedelta(days=60)
    waivers = ["waivers:"]
    for p in plan:
        if p.skipped_design_review:
            waivers += [
                f"  - id: WV-{p.id}",
                "    rule: missing-stage",
                f"    record: {p.id}",
                "    stage: design-review",
                "    reason: The design was agreed in the team's weekly architecture meeting.",
                "    approver: eva-lund",
                f"    approved: {approved.isoformat()}",
                f"    expires: {expires.isoformat()}",
            ]
    (folder / "waivers.yaml").write_text("\n".join(waivers) + "\n", encoding="utf-8")
    return plan
