"""A seeded generator of change records on the benchmark process, with ground truth.

Every record follows ``bench/process.yaml`` (roster ``bench/roster.yaml``) in one of
the orders the process allows, with zero or more rework rounds: a review rejects
the commit, a new implementation commit follows, and everything after it is done
again for the new commit. About 15% of the records then carry exactly one
deviation, and each record is labelled with its ground truth.

What a deviation means under sdlc's semantics (DESIGN §3) decides the label:

``skipped-stage``
    every event of one required stage is left out of the final round:
    not compliant.
``swapped-stages``
    two adjacent events are swapped where the second's stage depends on the
    first's: not compliant (the dependency is not complete when it is needed).
``unknown-activity``
    an event of a stage the process does not define is inserted: not compliant.
``duplicated-approval``
    the release approval is recorded a second time, same approver, same commit,
    before deployment: **compliant**. Approving the same subject again adds no
    person and invalidates nothing (only new upstream work does), so sdlc's rules
    see nothing wrong; a strict control-flow model sees an extra activity.
``self-approval``
    the author approves their own release (low risk, author a team lead):
    not compliant.
``approval-below-level``
    a team lead approves a high-risk release that needs the head of section:
    not compliant.

Records are written as JSON Lines; the same events go to an event log as CSV in
PM4Py's column names (case, activity, timestamp, resource), where the activity of
an event that does not complete its stage names the outcome, e.g.
``code-review (rejected)``. Record ``i`` depends only on ``(seed, i)``, so any
slice can be generated on its own.

``Settings(structures=N)`` (``LOW_VARIETY``) makes a low-variety data set: every
structural choice, including the pattern of who did what, comes from one of ``N``
shared structures, while people, commits, digests and times stay per record.

    python -m bench.generate --records 10000 --seed 7 --out bench/out/data
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROCESS = "bench@1.0"
DEVIATIONS = (
    "skipped-stage",
    "swapped-stages",
    "unknown-activity",
    "duplicated-approval",
    "self-approval",
    "approval-below-level",
)
COMPLIANT_DEVIATIONS = frozenset({"duplicated-approval"})
"""Deviations that sdlc's semantics accept (see the module's docstring)."""
CONTROL_FLOW_DEVIATIONS = frozenset(
    {"skipped-stage", "swapped-stages", "unknown-activity", "duplicated-approval"}
)
"""Deviations visible in the order of activities alone."""

DEPENDS: dict[str, tuple[str, ...]] = {
    "threat-modelling": (),
    "design-review": ("threat-modelling",),
    "implementation": ("design-review",),
    "build": ("implementation",),
    "unit-tests": ("build",),
    "code-review": ("implementation",),
    "integration-tests": ("build",),
    "security-test": ("build",),
    "approval": ("code-review", "unit-tests", "integration-tests"),
    "security-approval": ("threat-modelling", "security-test"),
    "deployment": ("approval", "security-approval", "build"),
    "verification": ("deployment",),
}
"""bench/process.yaml's dependencies, written out for the generator."""
HIGH_ONLY = frozenset({"threat-modelling", "security-test", "security-approval"})
EVIDENCE = {
    "threat-modelling": "threat-model",
    "design-review": "design-doc",
    "build": "sbom",
    "unit-tests": "test-report",
    "integration-tests": "test-report",
    "code-review": "review-link",
    "security-test": "security-test-report",
    "approval": "approval-ticket",
    "security-approval": "approval-ticket",
    "deployment": "deploy-log",
    "verification": "verification-report",
}
SKIPPABLE = {
    "low": (
        "design-review",
        "unit-tests",
        "integration-tests",
        "code-review",
        "approval",
        "verification",
    ),
    "high": (
        "threat-modelling",
        "design-review",
        "unit-tests",
        "integration-tests",
        "code-review",
        "security-test",
        "approval",
        "security-approval",
        "verification",
    ),
}

DEVELOPERS = tuple(f"dev-{i:02d}" for i in range(1, 13))
REVIEWERS = tuple(f"rev-{i:02d}" for i in range(1, 7))
LEADS = tuple(f"lead-{i:02d}" for i in range(1, 4))
CHAMPIONS = tuple(f"champ-{i:02d}" for i in range(1, 4))
TESTERS = tuple(f"tester-{i:02d}" for i in range(1, 4))
OPERATIONS = tuple(f"ops-{i:02d}" for i in range(1, 4))
HEADS = ("head-01", "head-02")
OFFICERS = ("officer-01", "officer-02")

LOW_COMPONENTS = ("api", "ui", "database", "documentation")
HIGH_COMPONENTS = ("authentication", "session")
EPOCH = dt.datetime(2024, 1, 1, tzinfo=dt.UTC).timestamp()
SPAN = 500 * 86400
"""Records start within 500 days of 2024-01-01: always in the past."""


@dataclass(frozen=True, slots=True)
class Truth:
    """Ground truth for one record."""

    id: str
    compliant: bool
    deviation: str
    """One of :data:`DEVIATIONS`, or ``none``."""
    risk: str
    events: int


@dataclass(frozen=True, slots=True)
class Settings:
    """What to generate: ``reworks`` fixes the rework rounds and ``retries`` the failed
    unit-test runs per round (random when ``None``); ``risk`` fixes the risk level."""

    seed: int = 7
    deviation_rate: float = 0.15
    reworks: int | None = None
    retries: int | None = None
    risk: str | None = None
    structures: int | None = None
    """Low variety: every structural choice of a record (deviation, risk, rework
    rounds, failed runs, the order of independent stages, where a deviation falls,
    the attributes) comes from one of this many seeded structures, so the records
    take a few hundred distinct paths, as most changes of a real team do; people,
    commits, digests and times stay per record. ``None``: every choice per record."""


LOW_VARIETY = Settings(seed=11, structures=1000)
"""The low-variety data set: a few hundred distinct stage sequences."""


def record(index: int, settings: Settings) -> tuple[dict[str, Any], Truth]:
    """Record number ``index`` (and its ground truth); depends only on seed and index."""
    return _Maker(index, settings).make()


def records(start: int, stop: int, settings: Settings) -> Iterator[tuple[dict[str, Any], Truth]]:
    for index in range(start, stop):
        yield record(index, settings)


class _Maker:
    def __init__(self, index: int, settings: Settings) -> None:
        self.rng = random.Random(settings.seed * 1_000_003 + index)
        self.shape = self.rng
        """Where structural choices come from: the record's own generator, or (low
        variety) one of ``settings.structures`` shared ones."""
        if settings.structures is not None:
            structure = self.rng.randrange(settings.structures)
            self.shape = random.Random(settings.seed * 7_919 + structure + 1)
        self.who = self.rng if settings.structures is None else self.shape
        """Where the choice of people comes from: per record, or (low variety) from the
        structure, among each group of people in an order shuffled per record, so the
        pattern of who did what is the structure's and the people are the record's."""
        self._groups: dict[tuple[str, ...], list[str]] = {}
        self.id = f"BENCH-{index:07d}"
        self.settings = settings
        self.uri = 0

    # -- pieces -----------------------------------------------------------------------

    def group(self, *groups: tuple[str, ...]) -> list[str]:
        """The people of ``groups``, each group shuffled per record in low variety."""
        out: list[str] = []
        for people in groups:
            if self.settings.structures is None:
                out.extend(people)
                continue
            if people not in self._groups:
                self._groups[people] = self.rng.sample(people, len(people))
            out.extend(self._groups[people])
        return out

    def pick(self, people: list[str]) -> str:
        return self.who.choice(people)

    def digest(self, bits: int = 256) -> str:
        return f"{self.rng.getrandbits(bits):0{bits // 4}x}"

    def event(self, stage: str, actor: str, subject: str, outcome: str = "done") -> dict[str, Any]:
        ev: dict[str, Any] = {"stage": stage, "actor": actor, "outcome": outcome}
        ev["subject"] = subject
        kind = EVIDENCE.get(stage)
        if kind is not None:
            self.uri += 1
            ev["evidence"] = [
                {
                    "kind": kind,
                    "uri": f"https://evidence.example.org/{self.id}/{stage}/{self.uri}",
                    "sha256": self.digest(),
                }
            ]
        return ev

    def schedule(
        self, items: dict[str, tuple[list[dict[str, Any]], tuple[str, ...]]]
    ) -> list[dict[str, Any]]:
        """A random order of ``items`` (name: (events, names it comes after)) that
        respects every "comes after": a random linear extension of the partial order."""
        rng = self.shape
        waiting = dict(items)
        placed: set[str] = set()
        out: list[dict[str, Any]] = []
        while waiting:
            ready = sorted(n for n, (_, after) in waiting.items() if placed.issuperset(after))
            name = ready[rng.randrange(len(ready))]
            out.extend(waiting.pop(name)[0])
            placed.add(name)
        return out

    # -- the record ----------------------------------------------------------------------

    def make(self) -> tuple[dict[str, Any], Truth]:
        rng, shape = self.rng, self.shape
        s = self.settings
        deviation = "none"
        if shape.random() < s.deviation_rate:
            deviation = shape.choice(DEVIATIONS)
        risk = s.risk or ("high" if shape.random() < 0.3 else "low")
        if deviation == "self-approval":
            risk = "low"
        elif deviation == "approval-below-level":
            risk = "high"
        high = risk == "high"
        pick, group = self.pick, self.group
        author = pick(group(LEADS) if deviation == "self-approval" else group(DEVELOPERS, LEADS))
        reviewers = self.who.sample(group(REVIEWERS), 2)
        reworks = s.reworks if s.reworks is not None else shape.choices((0, 1, 2), (70, 22, 8))[0]

        events: list[dict[str, Any]] = []
        base = self.digest(160)
        if high:
            events.append(self.event("threat-modelling", pick(group(CHAMPIONS)), base))
        events.append(self.event("design-review", pick(group(REVIEWERS)), base))
        for _ in range(reworks):
            events.extend(self.round(author, reviewers, high, final=None)[2])
        if deviation == "self-approval":
            approver = author
        elif deviation == "approval-below-level":
            approver = pick([lead for lead in group(LEADS) if lead != author])
        elif high:
            approver = pick(group(HEADS))
        else:
            approver = pick([p for p in group(LEADS, HEADS) if p != author])
        final_start = len(events)
        commit, artifact, round_ = self.round(author, reviewers, high, final=approver)
        events.extend(round_)

        if deviation != "none":
            events = self.deviate(deviation, events, final_start, risk, author, commit)
        start = EPOCH + rng.randrange(SPAN)
        for ev in events:
            start += rng.randrange(60, 4 * 3600)
            ev["at"] = dt.datetime.fromtimestamp(start, dt.UTC).isoformat()
        data: dict[str, Any] = {
            "id": self.id,
            "process": PROCESS,
            "title": f"Benchmark change {self.id}",
            "team": "bench",
            "author": author,
            "declared_risk": risk,
            "attributes": self.attributes(high),
            "subject": {
                "repository": "https://git.example.org/bench/service",
                "commit": commit,
                "artifact": "sha256:" + artifact,
            },
            "events": events,
        }
        truth = Truth(
            self.id,
            deviation == "none" or deviation in COMPLIANT_DEVIATIONS,
            deviation,
            risk,
            len(events),
        )
        return data, truth

    def attributes(self, high: bool) -> dict[str, list[str]]:
        rng = self.shape
        components = rng.sample(LOW_COMPONENTS, rng.randint(1, 2))
        data_classes = [rng.choice(("public", "internal"))]
        if high:
            if rng.random() < 0.5:
                components.append(rng.choice(HIGH_COMPONENTS))
            else:
                data_classes.append(rng.choice(("credentials", "personal-data")))
        return {"components": components, "data_classes": data_classes}

    def round(
        self, author: str, reviewers: list[str], high: bool, *, final: str | None
    ) -> tuple[str, str, list[dict[str, Any]]]:
        """One implementation commit with its build, tests and reviews, in any order the
        process allows. A rework round ends in a rejected review; the ``final`` round is
        approved (by ``final``), deployed and verified."""
        commit = self.digest(160)
        artifact = self.digest()
        build = self.event("build", "ci", commit)
        build["produces"] = ["sha256:" + artifact]
        retries = self.settings.retries
        if retries is None:
            retries = 1 if self.shape.random() < 0.1 else 0
        unit = [self.event("unit-tests", "ci", commit, "failed") for _ in range(retries)]
        unit.append(self.event("unit-tests", "ci", commit))
        if final is not None:
            review = [self.event("code-review", reviewers[0], commit, "approved")]
            if high:
                review.append(self.event("code-review", reviewers[1], commit, "approved"))
        elif high and self.shape.random() < 0.5:  # the first reviewer approves, the second rejects
            review = [
                self.event("code-review", reviewers[0], commit, "approved"),
                self.event("code-review", reviewers[1], commit, "rejected"),
            ]
        else:
            review = [self.event("code-review", reviewers[0], commit, "rejected")]
        items: dict[str, tuple[list[dict[str, Any]], tuple[str, ...]]] = {
            "build": ([build], ()),
            "unit-tests": (unit, ("build",)),  # failed runs and the passing run, in order
            "integration-tests": (
                [self.event("integration-tests", self.pick(self.group(TESTERS)), commit)],
                ("build",),
            ),
            "code-review": (review, ()),
        }
        if high:
            items["security-test"] = (
                [self.event("security-test", self.pick(self.group(CHAMPIONS)), commit)],
                ("build",),
            )
        if final is not None:
            items["approval"] = (
                [self.event("approval", final, commit, "approved")],
                ("code-review", "unit-tests", "integration-tests"),
            )
            gates: tuple[str, ...] = ("approval", "build")
            if high:
                items["security-approval"] = (
                    [
                        self.event(
                            "security-approval", self.pick(self.group(OFFICERS)), commit, "approved"
                        )
                    ],
                    ("security-test",),
                )
                gates += ("security-approval",)
            operator = self.pick(self.group(OPERATIONS))
            deployed = "sha256:" + artifact
            items["deployment"] = ([self.event("deployment", operator, deployed)], gates)
            items["verification"] = (
                [self.event("verification", operator, deployed)],
                ("deployment",),
            )
        events = [self.event("implementation", author, commit)]
        events.extend(self.schedule(items))
        return commit, artifact, events

    # -- deviations ------------------------------------------------------------------------

    def deviate(
        self,
        kind: str,
        events: list[dict[str, Any]],
        final_start: int,
        risk: str,
        author: str,
        commit: str,
    ) -> list[dict[str, Any]]:
        rng = self.shape
        if kind == "skipped-stage":
            stage = rng.choice(SKIPPABLE[risk])
            before = events[:final_start]
            if stage in ("threat-modelling", "design-review"):
                before = [e for e in before if e["stage"] != stage]
            after = [e for e in events[final_start:] if e["stage"] != stage]
            return before + after
        if kind == "swapped-stages":
            needs = _closure(risk)
            pairs = [
                i
                for i in range(len(events) - 1)
                if events[i]["stage"] != events[i + 1]["stage"]
                and events[i]["stage"] in needs[events[i + 1]["stage"]]
            ]
            i = rng.choice(pairs)
            events[i], events[i + 1] = events[i + 1], events[i]
            return events
        if kind == "unknown-activity":
            extra = self.event("hotfix", author, commit)
            events.insert(rng.randrange(len(events) + 1), extra)
            return events
        if kind == "duplicated-approval":
            first = next(i for i, e in enumerate(events) if e["stage"] == "approval")
            deploy = next(i for i, e in enumerate(events) if e["stage"] == "deployment")
            copy = json.loads(json.dumps(events[first]))
            events.insert(rng.randint(first + 1, deploy), copy)
            return events
        return events  # self-approval and approval-below-level: chosen in make()


def _closure(risk: str) -> dict[str, frozenset[str]]:
    """For each stage, every stage it depends on at this risk, directly or not."""
    applies = {s for s in DEPENDS if risk == "high" or s not in HIGH_ONLY}
    out: dict[str, frozenset[str]] = {}

    def ancestors(stage: str) -> frozenset[str]:
        if stage not in out:
            found: set[str] = set()
            for dep in DEPENDS[stage]:
                if dep in applies:
                    found |= {dep} | ancestors(dep)
            out[stage] = frozenset(found)
        return out[stage]

    for stage in DEPENDS:
        ancestors(stage)
    return out


# -- writing ------------------------------------------------------------------------------


def activity(event: dict[str, Any]) -> str:
    """The activity an event-log row names: the stage, with the outcome unless it
    completes the stage."""
    outcome = event["outcome"]
    return event["stage"] if outcome in ("done", "approved") else f"{event['stage']} ({outcome})"


LOG_COLUMNS = ("case:concept:name", "case:risk", "concept:name", "time:timestamp", "org:resource")


def write(
    out: Path, count: int, settings: Settings, *, log: bool = True, start: int = 0
) -> list[Truth]:
    """Write ``records.jsonl``, ``truth.csv`` and (with ``log``) ``log.csv`` into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    truths: list[Truth] = []
    with (
        open(out / "records.jsonl", "w", encoding="utf-8") as jsonl,
        open(out / "log.csv" if log else "/dev/null", "w", encoding="utf-8", newline="") as raw,
    ):
        rows = csv.writer(raw)
        if log:
            rows.writerow(LOG_COLUMNS)
        dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        for data, truth in records(start, start + count, settings):
            jsonl.write(dumps(data))
            jsonl.write("\n")
            truths.append(truth)
            if log:
                rows.writerows(
                    (data["id"], truth.risk, activity(e), e["at"], e["actor"])
                    for e in data["events"]
                )
    write_truth(out / "truth.csv", truths)
    return truths


def write_truth(path: Path, truths: Sequence[Truth]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        rows = csv.writer(handle)
        rows.writerow(("id", "compliant", "deviation", "risk", "events"))
        rows.writerows((t.id, int(t.compliant), t.deviation, t.risk, t.events) for t in truths)


def read_truth(path: Path) -> dict[str, Truth]:
    with open(path, encoding="utf-8", newline="") as handle:
        return {
            row["id"]: Truth(
                row["id"],
                row["compliant"] == "1",
                row["deviation"],
                row["risk"],
                int(row["events"]),
            )
            for row in csv.DictReader(handle)
        }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate",
        description="Generate benchmark change records with ground truth.",
        epilog="example:\n  python -m bench.generate --records 10000 --out bench/out/data",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--records", type=int, default=10_000, help="how many records")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--deviation-rate", type=float, default=0.15, help="default 0.15")
    parser.add_argument("--reworks", type=int, help="rework rounds per record (default random)")
    parser.add_argument("--retries", type=int, help="failed unit-test runs per round")
    parser.add_argument("--risk", choices=("low", "high"), help="one risk level for all")
    parser.add_argument("--structures", type=int, help="low variety: this many structures")
    parser.add_argument("--no-log", action="store_true", help="skip the PM4Py event log")
    args = parser.parse_args(argv)
    settings = Settings(
        args.seed, args.deviation_rate, args.reworks, args.retries, args.risk, args.structures
    )
    truths = write(args.out, args.records, settings, log=not args.no_log)
    wrong = sum(not t.compliant for t in truths)
    print(f"wrote {len(truths)} records ({wrong} not compliant) to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
