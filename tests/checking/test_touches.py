"""Risk from what a change touches: the process's ``risk.paths`` globs, the files
the record's events ``touch``, and the ``diff-underdeclared`` rule."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from sdlc.checking.checker import Checker
from sdlc.load.loaders import load_record
from sdlc.model.paths import PathMap, glob_pattern
from sdlc.model.process import Process
from sdlc.model.record import Record
from sdlc.model.roster import Roster

from ..conftest import ROOT

CASE = ROOT / "tests" / "cases" / "check" / "compliant" / "record.yaml"


def _record(*touches: str, components: tuple[str, ...] = ("ui-texts",)) -> Record:
    record = load_record(CASE)
    first = record.events[0].model_copy(update={"touches": touches})
    attributes = record.attributes.model_copy(update={"components": components})
    return record.model_copy(
        update={"events": (first, *record.events[1:]), "attributes": attributes}
    )


@pytest.mark.parametrize(
    ("glob", "path", "matches"),
    [
        ("src/session/**", "src/session/store.py", True),
        ("src/session/**", "src/session/tokens/jwt.py", True),
        ("src/session/**", "src/sessions/store.py", False),
        ("src/session/**", "src/session", False),
        ("**/*.sql", "db/migrations/0001.sql", True),
        ("**/*.sql", "init.sql", True),
        ("src/*.py", "src/authn/login.py", False),
        ("src/?.py", "src/a.py", True),
        ("web/[a].py", "web/[a].py", True),
        ("web/[a].py", "web/a.py", False),
    ],
)
def test_a_glob_names_whole_paths_and_stars_stay_in_one_folder(
    glob: str, path: str, matches: bool
) -> None:
    assert bool(glob_pattern(glob).fullmatch(path)) is matches


@pytest.mark.parametrize(
    ("paths", "message"),
    [
        ({"components": {"session": ["/src/session/**"]}}, "String should match pattern"),
        ({"components": {"session": ["src/../etc/**"]}}, "MUST NOT climb out with '..'"),
        ({"components": {"session": []}}, "session MUST list at least one path glob"),
    ],
)
def test_a_glob_outside_the_repository_is_refused(paths: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("(", r"\(")):
        PathMap.model_validate(paths)


def test_a_path_map_may_name_only_the_process_s_own_components(eid: Process) -> None:
    data = eid.model_dump(mode="json", exclude_defaults=True)
    data["risk"]["paths"] = {"components": {"sesion": ["src/session/**"]}}
    with pytest.raises(ValidationError) as caught:
        Process.model_validate(data)
    assert "risk.paths.components: 'sesion' is not one of the process's components" in str(
        caught.value
    )


def test_a_touched_session_file_makes_a_declared_text_change_high_risk(
    eid: Process, eid_roster: Roster
) -> None:
    report = Checker(eid, eid_roster).check(_record("src/session/timeout.py", "web/texts/nn.json"))
    assert report.risk == "high"
    (finding,) = [f for f in report.findings if f.rule == "diff-underdeclared"]
    assert finding.message == (
        "record CASE-compliant: the change's commits touch what its attributes leave out: "
        "src/session/timeout.py is component session (risk.paths glob src/session/**); "
        "declared, the change would be risk low, but what it touches makes it high (rule "
        "core-login-flow); it is checked as high"
    )
    assert "missing-stage" in {f.rule for f in report.findings}


def test_declaring_what_the_diff_shows_clears_the_finding(eid: Process, eid_roster: Roster) -> None:
    record = _record("docs/help.md", "web/texts/nn.json", components=("ui-texts", "documentation"))
    report = Checker(eid, eid_roster).check(record)
    assert [f.rule for f in report.findings] == []


def test_without_recorded_files_the_declared_attributes_stand(
    eid: Process, eid_roster: Roster
) -> None:
    report = Checker(eid, eid_roster).check(_record())
    assert (report.risk, report.findings) == ("low", [])


def test_a_process_without_path_globs_derives_nothing(eid: Process, eid_roster: Roster) -> None:
    bare = eid.model_copy(update={"risk": eid.risk.model_copy(update={"paths": PathMap()})})
    report = Checker(bare, eid_roster).check(_record("src/session/timeout.py"))
    assert (report.risk, report.findings) == ("low", [])


def test_the_repair_declares_what_the_diff_shows_and_never_drops_the_evidence(
    eid: Process, eid_roster: Roster
) -> None:
    """Removing the event that records the touched files would clear the finding
    too: the repair must ask for the declaration instead."""
    report = Checker(eid, eid_roster).check(_record("src/session/timeout.py"))
    texts = [step.text for step in report.repair]
    assert "declare in the record's attributes what its commits touch" in texts
    assert not [step for step in report.repair if step.action == "remove"], texts
