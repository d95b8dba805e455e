"""The shape cache gives the reports the plain checker gives (sdlc.checking.shapes).

Random records, made from the shipped examples by renaming people and subjects
(so that many share a shape, and some only nearly), moving times across role
grants, into the future and before the process took effect, and changing
outcomes, evidence, attributes and declared risk, are checked one after the other
by the plain checker and by the cached one, with waivers, a roster with dated
grants and a fixed ``now``: every report must be identical, in the same order.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from sdlc.checking.batch import check_many
from sdlc.checking.checker import Checker, CheckOptions
from sdlc.checking.shapes import CachedChecker, shape
from sdlc.evolution.versions import VersionedChecker
from sdlc.load.loaders import load_process, load_roster
from sdlc.load.records import LoadedRecord
from sdlc.model.record import Record
from sdlc.rules.findings import Report

ROOT = Path(__file__).resolve().parents[2]
PROCESS = ROOT / "processes" / "eid-gateway.yaml"
ROSTER = ROOT / "processes" / "eid-gateway.roster.yaml"
NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
BASES = [
    yaml.safe_load((ROOT / "examples" / name).read_text("utf-8"))
    for name in ("low-risk-compliant.yaml", "high-risk-rework.yaml", "incident-2020.yaml")
]
_ROSTER = load_roster(ROSTER)
PEOPLE = [p.id for p in _ROSTER.people] + ["nobody-known"]
_DAY = dt.date(2026, 3, 2)
PEERS = {
    p.id: [q.id for q in _ROSTER.people if q.roles_on(_DAY) == p.roles_on(_DAY)]
    for p in _ROSTER.people
}
"""People who held the same roles as someone on the examples' day: renaming people to
distinct peers mostly keeps a record's shape."""
SUBJECTS = [
    "09dec5bbe55d3ab0f7ea7dd3e71792f381be0511",
    "1111111111111111111111111111111111111111",
    "sha256:" + "ab" * 32,
    "sha256:" + "cd" * 32,
    "not-an-artifact:",
]
SHIFTS = [
    dt.timedelta(0),
    dt.timedelta(days=-1190),  # around 2022-12-31/2023-01-01, when reviewer grants begin
    dt.timedelta(days=-1189),
    dt.timedelta(days=-3000),  # before the process took effect
    dt.timedelta(days=88),  # around NOW: some events in the future
    dt.timedelta(days=400),
]
AROUND_NOW = [dt.timedelta(minutes=m) for m in (-1, 4, 5, 6)] + [dt.timedelta(days=1)]
"""Times just inside and outside the clock skew a future timestamp is allowed."""
WAIVERS = """\
waivers:
  - id: WV-1
    rule: missing-evidence
    record: CASE-1
    reason: the evidence is kept elsewhere
    approver: eva-lund
    approved: 2026-03-10
    expires: 2026-12-31
  - id: WV-2
    rule: incomplete
    record: CASE-2
    reason: expired before now
    approver: eva-lund
    approved: 2026-01-10
    expires: 2026-02-01
  - id: WV-3
    rule: unknown-actor
    record: CASE-1
    reason: a contractor
    approver: eva-lund
    approved: 2026-03-10
    expires: 2026-12-31
"""


def _move(at: Any, by: dt.timedelta) -> str:
    moment = at if isinstance(at, dt.datetime) else dt.datetime.fromisoformat(str(at))
    return (moment + by).isoformat()


@st.composite
def variant(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    """``base`` with people and subjects renamed (any function, not only a bijection),
    times shifted, and a few events changed."""
    data = copy.deepcopy(base)
    events = data["events"]
    actors = sorted({e["actor"] for e in events} | {data.get("author") or "x"})
    anyone = draw(st.integers(0, 2)) == 0  # else the same people (peers() renames them)
    rename = {a: draw(st.sampled_from(PEOPLE)) if anyone else a for a in actors}
    subjects = sorted(
        {e["subject"] for e in events} | {p for e in events for p in e.get("produces", ())}
    )
    same = draw(st.integers(0, 3)) > 0  # keep the subjects as they are, or rename them
    resubject = {s: s if same else draw(st.sampled_from(SUBJECTS)) for s in subjects}
    shift = draw(st.sampled_from(SHIFTS)) if draw(st.integers(0, 3)) == 0 else dt.timedelta(0)
    data["id"] = draw(st.sampled_from(["CASE-1", "CASE-2", "CASE-3"]))
    if data.get("author"):
        data["author"] = rename[data["author"]]
    if draw(st.integers(0, 3)) == 0:
        data["declared_risk"] = draw(st.sampled_from(["low", "medium", "high", "extreme"]))
    if draw(st.integers(0, 3)) == 0:
        components = data.setdefault("attributes", {}).setdefault("components", [])
        components.append(draw(st.sampled_from(["ui-texts", "authentication", "no-such-part"])))
    for event in events:
        event["actor"] = rename[event["actor"]]
        event["subject"] = resubject[event["subject"]]
        if "produces" in event:
            event["produces"] = [resubject[p] for p in event["produces"]]
        event["at"] = _move(event["at"], shift)
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):  # a few changes to single events
        _change_one(draw, data)
    return data


def _change_one(draw: st.DrawFn, data: dict[str, Any]) -> None:
    """Change one event of ``data``: drop it, or its outcome, evidence, time, place,
    digests, actor, or its time against the clock."""
    events = data["events"]
    if not events:
        return
    i = draw(st.integers(0, len(events) - 1))
    change = draw(
        st.sampled_from(["drop", "outcome", "evidence", "time", "swap", "digest", "actor", "clock"])
    )
    if change == "drop":
        del events[i]
    elif change == "outcome":
        events[i]["outcome"] = draw(st.sampled_from(["done", "approved", "rejected", "failed"]))
    elif change == "evidence":
        events[i]["evidence"] = events[i].get("evidence", [])[:-1]
    elif change == "time":
        events[i]["at"] = _move(events[i]["at"], draw(st.sampled_from(SHIFTS[1:])))
    elif change == "swap" and i + 1 < len(events):
        events[i], events[i + 1] = events[i + 1], events[i]
    elif change == "digest":
        for ref in events[i].get("evidence", []):
            ref["sha256"] = "0" * 64
    elif change == "actor":  # who did one event: someone of the record, or anyone
        others = [e["actor"] for e in events] + [data.get("author") or "x"]
        events[i]["actor"] = draw(st.sampled_from(others + PEOPLE))
    elif change == "clock":  # either side of the clock skew allowed from now
        events[i]["at"] = (NOW + draw(st.sampled_from(AROUND_NOW))).isoformat()


@st.composite
def one_changed(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with one event changed (:func:`_change_one`)."""
    data = copy.deepcopy(data)
    _change_one(draw, data)
    return data


@st.composite
def peers(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with its people renamed, mostly to peers, one to one: mostly the same
    shape, and sometimes another very like it."""
    data = copy.deepcopy(data)
    actors = sorted({e["actor"] for e in data["events"]} | {data.get("author") or "x"})
    rename: dict[str, str] = {}
    for actor in actors:
        how = draw(st.integers(0, 7))
        if how == 0:  # anyone: other roles, or someone else of the record
            rename[actor] = draw(st.sampled_from(PEOPLE))
            continue
        peer = PEERS.get(actor, [actor])
        free = [p for p in peer if how == 1 or p not in rename.values()] or [actor]
        rename[actor] = draw(st.sampled_from(free))
    data["author"] = rename.get(data.get("author") or "x", data.get("author"))
    later = draw(st.sampled_from([0, 0, 0, 1, 7, 91]))  # 91 days: into the future, partly
    for event in data["events"]:
        event["actor"] = rename[event["actor"]]
        event["at"] = _move(event["at"], dt.timedelta(days=later))
    return data


def _records(data: st.DataObject) -> list[Record]:
    out: list[Record] = []
    for _ in range(data.draw(st.integers(2, 8))):
        base = data.draw(st.sampled_from(BASES))
        changed = data.draw(variant(base))
        twins = [changed]
        if data.draw(st.booleans()):  # the same record but one event: a shape very like it
            twins.append(data.draw(one_changed(changed)))
        for twin in twins:
            for _ in range(data.draw(st.integers(1, 3))):  # renamed to peers: shapes repeat
                try:
                    out.append(Record.model_validate(data.draw(peers(twin))))
                except ValidationError:
                    continue
    return out


def _loaded(records: list[Record]) -> list[LoadedRecord]:
    return [LoadedRecord(r.id, r, None, 1, ()) for r in records]


def _versioned(kind: type[Checker], waivers: Path, options: CheckOptions) -> VersionedChecker:
    return VersionedChecker.open(PROCESS, ROSTER, options, waivers, checker=kind)


@pytest.fixture(scope="module")
def waivers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("waivers") / "waivers.yaml"
    path.write_text(WAIVERS, encoding="utf-8")
    return path


_settings = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@_settings
@given(data=st.data(), in_flight=st.booleans(), strict=st.booleans())
def test_cached_and_plain_reports_are_identical(
    data: st.DataObject, in_flight: bool, strict: bool, waivers: Path
) -> None:
    options = CheckOptions(now=NOW, in_flight=in_flight, strict=strict, repair=False)
    records = _records(data)
    loaded = _loaded(records)
    plain = list(_versioned(Checker, waivers, options).check_loaded(loaded))
    cached_checker = _versioned(CachedChecker, waivers, options)
    cached = list(cached_checker.check_loaded(loaded))
    assert cached == plain


def test_the_cache_answers_records_of_one_shape_with_other_people(waivers: Path) -> None:
    """Two people with the same roles on the day swap places: the same shape, one run of
    the rules, and each report names its own record's people."""
    base = copy.deepcopy(BASES[0])
    other = copy.deepcopy(base)
    other["id"] = "EID-2382"
    swap = {
        "aisha-khan": "jonas-lie",
        "jonas-lie": "aisha-khan",
        "kari-larsen": "ingrid-hansen",
        "ingrid-hansen": "kari-larsen",
    }
    for event in other["events"]:
        event["actor"] = swap.get(event["actor"], event["actor"])
    first, second = Record.model_validate(base), Record.model_validate(other)
    process = load_process(PROCESS)
    checker = CachedChecker(process, load_roster(ROSTER, process), CheckOptions(now=NOW))
    roster = checker.roster
    assert roster is not None
    day = dt.date(2026, 3, 2)  # the record's day
    held = {a: roster.by_id[a].roles_on(day) for a in swap}
    assert held["aisha-khan"] == held["jonas-lie"] == frozenset({"tester"})
    assert held["kari-larsen"] == held["ingrid-hansen"] == frozenset({"developer", "reviewer"})
    assert shape(checker.context, first, NOW) == shape(checker.context, second, NOW)
    reports = [checker.check(first), checker.check(second)]
    assert checker.shapes.hits == 1
    plain = Checker(process, checker.roster, CheckOptions(now=NOW))
    assert reports == [plain.check(first), plain.check(second)]
    assert [r.record for r in reports] == ["EID-2381", "EID-2382"]


def test_check_many_gives_the_same_reports_with_and_without_the_cache(tmp_path: Path) -> None:
    """Non-compliant records, with their repairs, through check_many both ways."""
    process = load_process(PROCESS)
    roster = load_roster(ROSTER, process)
    lines = []
    for n, base in enumerate(BASES * 3):
        data = copy.deepcopy(base)
        data["id"] = f"CASE-{n}"
        if n % 2:
            data["events"] = data["events"][:-1]  # the last event dropped: not compliant
        lines.append(Record.model_validate(data).model_dump_json(exclude_defaults=True))
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    options = CheckOptions(now=NOW)
    plain = list(check_many(process, [path], roster, options, workers=1, cache=False))
    cached: list[Report] = list(check_many(process, [path], roster, options, workers=1))
    # as people see them: a repair step's identity is not part of what it says
    assert [r.as_dict() for r in cached] == [r.as_dict() for r in plain]
    assert any(r.repair for r in plain)
    assert any(r.compliant for r in plain)


def test_a_record_of_a_cached_shape_still_has_its_own_evidence_checked(tmp_path: Path) -> None:
    """The shape leaves out where evidence is and its digest: a record whose local
    evidence file was changed is not answered from the cache."""
    import hashlib

    process = load_process(PROCESS)
    checker = CachedChecker(process, load_roster(ROSTER, process), CheckOptions(now=NOW))
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text("the report\n", encoding="utf-8")
    bad.write_text("another report\n", encoding="utf-8")
    digest = hashlib.sha256(good.read_bytes()).hexdigest()
    reports = []
    for name, evidence in (("EID-1", good), ("EID-2", bad)):
        data = copy.deepcopy(BASES[0])
        data["id"] = name
        data["events"][0]["evidence"] = [{"kind": "note", "uri": evidence.name, "sha256": digest}]
        record = Record.model_validate(data)
        reports.append(checker.check(record, path=str(tmp_path / f"{name}.yaml")))
    assert reports[0].compliant
    assert [f.rule for f in reports[1].findings] == ["evidence-digest-mismatch"]
    assert checker.shapes.hits == 0


def test_the_cache_pauses_on_records_that_share_no_shape_and_then_tries_again() -> None:
    """Records of a team each (a shape each) give the cache no hit in its window: it
    checks the next records in full without a key, then weighs again; the reports are
    the plain checker's all along."""
    from sdlc.checking.pacing import Pacing
    from sdlc.checking.shapes import ShapeCache

    process = load_process(PROCESS)
    roster = load_roster(ROSTER, process)
    checker = CachedChecker(process, roster, CheckOptions(now=NOW))
    pacing = Pacing(warm=0, window=4, pause=3)
    checker.shapes = ShapeCache(checker.context, pacing=pacing)

    def record(n: int, team: str) -> Record:
        data = copy.deepcopy(BASES[0])
        data["id"], data["team"] = f"EID-{n}", team
        return Record.model_validate(data)

    records = [record(n, f"team-{n}") for n in range(4)]  # four shapes: no hit
    records += [record(n, "team-0") for n in range(4, 9)]  # one shape seen before
    reports = [checker.check(r) for r in records]
    plain = Checker(process, roster, CheckOptions(now=NOW))
    assert reports == [plain.check(r) for r in records]
    assert all(r.compliant for r in reports)
    # records 4-6 were checked while the cache paused; 7 and 8 are answered from it
    assert (pacing.passed, checker.shapes.hits) == (3, 2)
