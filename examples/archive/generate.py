"""The demo archive: a year of signed change records on the shipped process.

``make demo`` runs this to build the archive the documentation site's "Process
health" and "How we really work" pages are made from::

    python examples/archive/generate.py --out build/demo-archive [--seed 2026] [--today DAY]

It writes ``records.jsonl`` (one hash-chained record a line, every event signed by
its actor), ``roster.yaml`` (the shipped roster, each person with the public half
of their demo key) and ``waivers.yaml`` (in force on ``--today``). The same seed
gives the same records, byte for byte; only the waivers' dates follow ``--today``.
The demo keys are made from fixed seeds, so anyone can make them: they show how
signed records are checked, and must never sign anything real.

Three teams (login, tokens, platform) make changes to eid-gateway 3.0 from
January to November 2026, at three risk levels, with a round of rework (a
rejected code review, then a new commit) in about a fifth of them. Planted in
it, for ``sdlc practice`` to find:

- team tokens leaves out the design review in about 40 % of its medium-risk
  changes, each time under a waiver the director (eva-lund) approved;
- the security test waits days: 2.5 to 3.5 after the build for the two security
  champions of login and tokens, and 4 to 6 in team platform, where the one
  security officer (ragnhild-eide) does it;
- team login runs the login end-to-end tests before the build in about 20 % of
  its low-risk changes, an ordering the process forbids;
- team platform leaves out the rollback plan in about 30 % of its medium-risk
  changes, without a waiver.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
from pathlib import Path
from typing import Any

import yaml

from sdlc.integrity.chain import event_hash, header_hash, plain, signing_payload
from sdlc.integrity.signing import SigningKey, from_seed
from sdlc.model.record import Event, Record

ROOT = Path(__file__).resolve().parents[2]
ROSTER = ROOT / "processes" / "eid-gateway.roster.yaml"
ZONE = dt.timezone(dt.timedelta(hours=1))
FIRST_DAY = dt.datetime(2026, 1, 2, 8, 0, tzinfo=ZONE)
DAYS = 328
COUNT = 360
KEYS_FROM = "2025-01-01"
TEAMS = ("login", "tokens", "platform")
AUTHORS = {
    "login": ("ola-nordmann", "ingrid-hansen", "kari-larsen"),
    "tokens": ("kari-larsen", "ola-nordmann"),
    "platform": ("lars-berg", "sofie-dahl"),
}
REVIEWERS = ("kari-larsen", "ingrid-hansen", "magnus-holm", "sofie-dahl")
CHAMPIONS = {"login": "lars-berg", "tokens": "sofie-dahl"}
LEADS = {"login": "per-johansen", "tokens": "marte-solberg", "platform": "per-johansen"}
COMPONENTS = {
    "low": (["ui-texts"], ["documentation"], ["statistics"]),
    "medium": (["login-ui"], ["login-ui", "ui-texts"]),
    "high": (["session"], ["token-issuance"], ["eid-provider-adapters"]),
}
PROVIDERS = ["bankid", "bankid-mobile", "minid", "buypass", "commfides"]
EVIDENCE = {
    "threat-modelling": ["threat-model"],
    "design-review": ["design-doc"],
    "code-review": ["review-link"],
    "build": ["sbom", "provenance"],
    "unit-tests": ["test-report"],
    "login-e2e-tests": ["test-report"],
    "security-test": ["security-test-report"],
    "rollback-plan": ["rollback-plan"],
    "approval": ["approval-ticket"],
    "deployment": ["deploy-log"],
    "verification": ["verification-report"],
}
MINUTE, HOUR, DAY = 60, 3600, 86400


def demo_key(person: str) -> SigningKey:
    """The demo key of ``person``, from a fixed seed."""
    seed = hashlib.sha256(f"sdlc demo archive key: {person}".encode()).digest()
    return SigningKey(f"{person}-demo", from_seed(seed))


class Change:
    """The events of one change being made up (tests/practice/archive.py makes its
    changes with it too)."""

    def __init__(self, rng: random.Random, change_id: str) -> None:
        self.rng = rng
        self.id = change_id
        self.events: list[dict[str, Any]] = []

    def gap(self, low: float, high: float) -> dt.timedelta:
        return dt.timedelta(seconds=self.rng.randint(int(low), int(high)))

    def digest(self, bits: int) -> str:
        return f"{self.rng.getrandbits(bits):0{bits // 4}x}"

    def event(self, stage: str, actor: str, at: dt.datetime, subject: str, **extra: Any) -> None:
        ev: dict[str, Any] = {"stage": stage, "actor": actor, "at": at, "subject": subject}
        ev["outcome"] = extra.pop("outcome", "done")
        ev.update(extra)
        number = len(self.events)
        ev["evidence"] = [
            {"kind": kind, "uri": f"https://evidence.example.no/{self.id}/{stage}/{number}"}
            for kind in EVIDENCE.get(stage, ())
        ]
        self.events.append(ev)


def _commit(
    c: Change,
    team: str,
    risk: str,
    author: str,
    at: dt.datetime,
    plan: dict[str, bool],
    final: bool,
) -> dt.datetime:
    """One commit and what follows it; only the final one is approved and deployed."""
    rng = c.rng
    commit, artifact = c.digest(160), "sha256:" + c.digest(256)
    c.event("implementation", author, at, commit)
    built = at + c.gap(8 * MINUTE, 25 * MINUTE)
    c.event("build", "ci", built, commit, produces=[artifact])
    tested = built + c.gap(8 * MINUTE, 20 * MINUTE)
    c.event("unit-tests", "ci", tested, commit)
    others = [r for r in REVIEWERS if r != author]
    reviewed = at + c.gap(2 * HOUR, 7 * HOUR)
    if not final:
        c.event("code-review", rng.choice(others), reviewed, commit, outcome="rejected")
        return reviewed
    people = rng.sample(others, 2 if risk == "high" else 1)
    for person in people:
        c.event("code-review", person, reviewed, commit, outcome="approved")
        reviewed += c.gap(10 * MINUTE, 2 * HOUR)
    early = plan["early_e2e"]
    e2e = at + c.gap(3 * MINUTE, 6 * MINUTE) if early else built + c.gap(HOUR, 4 * HOUR)
    tester = rng.choice(("aisha-khan", "jonas-lie"))
    c.event("login-e2e-tests", tester, e2e, commit, covers=PROVIDERS)
    ready = [reviewed, tested, e2e]
    if risk == "high":
        if team == "platform":
            secured = built + c.gap(4 * DAY, 6 * DAY)
            tester = "ragnhild-eide"
        else:
            secured = built + c.gap(2.5 * DAY, 3.5 * DAY)
            tester = CHAMPIONS[team]
        c.event("security-test", tester, secured, commit)
        ready.append(secured)
    if risk != "low" and not plan["no_rollback_plan"]:
        planned = at + c.gap(2 * HOUR, 9 * HOUR)
        c.event("rollback-plan", rng.choice(("emil-haugen", "nora-bakken")), planned, commit)
        ready.append(planned)
    approved = max(ready) + c.gap(2 * HOUR, 10 * HOUR)
    approvers = {
        "low": [LEADS[team]],
        "medium": [rng.choice(("hilde-moen", "anders-vik"))],
        "high": ["ragnhild-eide", "bjorn-aas"],
    }[risk]
    for approver in approvers:
        c.event("approval", approver, approved, commit, outcome="approved")
        approved += c.gap(5 * MINUTE, HOUR)
    operators = rng.sample(("emil-haugen", "nora-bakken"), 2)
    deployed = approved + c.gap(HOUR, 5 * HOUR)
    c.event("deployment", operators[0], deployed, artifact)
    verified = deployed + c.gap(15 * MINUTE, HOUR)
    c.event("verification", operators[1], verified, artifact)
    return verified


def change(rng: random.Random, number: int) -> tuple[dict[str, Any], dict[str, bool]]:
    """One change's record data (unsigned) and what was planted in it."""
    c = Change(rng, f"EID-{3000 + number}")
    team = rng.choices(TEAMS, (45, 35, 20))[0]
    risk = rng.choices(("low", "medium", "high"), (45, 35, 20))[0]
    plan = {
        "waived_design_review": team == "tokens" and risk == "medium" and rng.random() < 0.4,
        "early_e2e": team == "login" and risk == "low" and rng.random() < 0.2,
        "no_rollback_plan": team == "platform" and risk == "medium" and rng.random() < 0.3,
        "rework": rng.random() < 0.2,
    }
    author = rng.choice(AUTHORS[team])
    at = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS)) + c.gap(0, 8 * HOUR)
    base = c.digest(160)
    if risk == "high":
        c.event("threat-modelling", rng.choice(("lars-berg", "sofie-dahl")), at, base)
    if risk != "low" and not plan["waived_design_review"]:
        designers = ("kari-larsen", "ingrid-hansen", "ragnhild-eide")
        for reviewer in rng.sample(designers, 2 if risk == "high" else 1):
            at += c.gap(2 * HOUR, 30 * HOUR)
            c.event("design-review", reviewer, at, base)
    at += c.gap(4 * HOUR, 30 * HOUR)
    if plan["rework"]:
        at = _commit(c, team, risk, author, at, plan, False) + c.gap(6 * HOUR, 30 * HOUR)
    _commit(c, team, risk, author, at, plan, True)
    c.events.sort(key=lambda e: e["at"])
    words = {"low": "Adjust", "medium": "Improve", "high": "Harden"}[risk]
    components = rng.choice(COMPONENTS[risk])
    data = {
        "id": c.id,
        "process": "eid-gateway@3.0",
        "title": f"{words} {components[0]} ({team})",
        "team": team,
        "author": author,
        "declared_risk": risk,
        "attributes": {
            "components": components,
            "data_classes": ["session-tokens" if risk == "high" else "public"],
        },
        "subject": {"repository": "https://git.example.no/login/eid-gateway"},
        "events": c.events,
    }
    return data, plan


def signed(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` as a hash-chained record, each event signed by its actor's demo key."""
    header = Record.model_validate({**data, "events": []})
    events: list[Event] = []
    for number, raw in enumerate(data["events"], 1):
        fields = {**raw, "prev": header_hash(header) if not events else event_hash(events[-1])}
        unsigned = Event.model_validate(fields)
        key = demo_key(unsigned.actor)
        signature = key.sign(signing_payload(unsigned, header, number))
        fields["signature"] = {"key": key.id, "value": signature}
        events.append(Event.model_validate(fields))
    return plain(header.model_copy(update={"events": tuple(events)}))


def roster() -> dict[str, Any]:
    """The shipped roster, every person with their demo key."""
    data: dict[str, Any] = yaml.safe_load(ROSTER.read_text(encoding="utf-8"))
    for person in data["people"]:
        key = demo_key(person["id"])
        person["keys"] = [{"id": key.id, "public_key": key.public_base64, "from": KEYS_FROM}]
    return data


def waivers(plans: list[tuple[str, dict[str, bool]]], today: dt.date) -> str:
    approved, expires = today - dt.timedelta(days=7), today + dt.timedelta(days=60)
    lines = ["waivers:"]
    for record_id, plan in plans:
        if plan["waived_design_review"]:
            lines += [
                f"  - id: WV-{record_id}",
                "    rule: missing-stage",
                f"    record: {record_id}",
                "    stage: design-review",
                "    reason: The design was agreed in the team's weekly architecture meeting.",
                "    approver: eva-lund",
                f"    approved: {approved.isoformat()}",
                f"    expires: {expires.isoformat()}",
            ]
    return "\n".join(lines) + "\n"


def write(out: Path, *, seed: int = 2026, count: int = COUNT, today: dt.date | None = None) -> None:
    """Write the archive into the folder ``out`` (made if missing)."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    plans = []
    with (out / "records.jsonl").open("w", encoding="utf-8", newline="\n") as lines:
        for number in range(count):
            data, plan = change(rng, number)
            lines.write(json.dumps(signed(data), ensure_ascii=False, sort_keys=True) + "\n")
            plans.append((data["id"], plan))
    text = yaml.safe_dump(roster(), sort_keys=False, allow_unicode=True)
    (out / "roster.yaml").write_text(text, encoding="utf-8", newline="\n")
    (out / "waivers.yaml").write_text(
        waivers(plans, today or dt.date.today()), encoding="utf-8", newline="\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, type=Path, help="folder to write into")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (2026)")
    parser.add_argument("--count", type=int, default=COUNT, help=f"records ({COUNT})")
    parser.add_argument("--today", type=dt.date.fromisoformat, help="day the waivers hold on")
    args = parser.parse_args()
    write(args.out, seed=args.seed, count=args.count, today=args.today)
    print(f"wrote {args.count} records, their roster and waivers into {args.out}")


if __name__ == "__main__":
    main()
