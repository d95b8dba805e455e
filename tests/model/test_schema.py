"""JSON Schemas: the committed copies match fresh output, and every shipped file validates."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from sdlc.cli.schema import KINDS
from sdlc.load.source import load_file
from sdlc.model.schema import SCHEMAS, schema_for

from ..conftest import ROOT, RunCli

SCHEMA_DIR = ROOT / "schemas"
SHIPPED = sorted(
    [*(ROOT / "processes").rglob("*.yaml"), *(ROOT / "examples").rglob("*.yaml")],
)
_COMMENT = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.MULTILINE)


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _kind(path: Path) -> str:
    if path.name.endswith(".roster.yaml"):
        return "roster"
    return "process" if _rel(path).startswith("processes/") else "record"


def _validator(kind: str) -> Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_committed_schemas_match_fresh_output(run_cli: RunCli, tmp_path: Path) -> None:
    code, out, err = run_cli("schema", "--out", str(tmp_path))
    assert (code, err) == (0, "")
    assert out == "".join(f"wrote {tmp_path / f'{kind}.schema.json'}\n" for kind in KINDS)
    for kind in KINDS:
        fresh = (tmp_path / f"{kind}.schema.json").read_text(encoding="utf-8")
        committed = SCHEMA_DIR / f"{kind}.schema.json"
        assert committed.exists(), "run: sdlc schema --out schemas/"
        assert committed.read_text(encoding="utf-8") == fresh, (
            f"{_rel(committed)} is out of date with the models; run: sdlc schema --out schemas/"
        )


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_schema_printed_to_stdout(run_cli: RunCli, kind: str) -> None:
    code, out, err = run_cli("schema", kind)
    assert (code, err) == (0, "")
    assert json.loads(out) == schema_for(kind)


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_schemas_are_valid_draft_2020_12(kind: str) -> None:
    schema = schema_for(kind)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    for name in schema.get("$defs", {}):
        assert re.fullmatch(r"[A-Z][A-Za-z]+", name), name


def test_aliases_appear_as_written_in_yaml() -> None:
    defs = schema_for("process")["$defs"]
    condition = set(defs["Condition"]["properties"])
    assert {"all", "any", "not"} <= condition
    assert not condition & {"all_of", "any_of", "not_"}
    grant = schema_for("roster")["$defs"]["RoleGrant"]["properties"]
    assert {"from", "until"} <= set(grant)
    assert not set(grant) & {"valid_from", "valid_until"}


@pytest.mark.parametrize("path", SHIPPED, ids=_rel)
def test_shipped_file_names_its_schema_and_validates(path: Path) -> None:
    kind = _kind(path)
    text = path.read_text(encoding="utf-8")
    found = _COMMENT.search(text)
    assert found, f"{_rel(path)} lacks a '# yaml-language-server: $schema=' comment"
    named = (path.parent / found.group(1)).resolve()
    assert named == (SCHEMA_DIR / f"{kind}.schema.json").resolve()
    errors = sorted(_validator(kind).iter_errors(load_file(path).data), key=str)
    assert [f"{list(e.absolute_path)}: {e.message}" for e in errors] == []


def _bad(kind: str, data: Any, definition: str | None = None) -> list[str]:
    """Messages from validating ``data`` as a whole file, or as one of its ``$defs``."""
    schema = schema_for(kind)
    if definition is not None:
        schema = {"$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"}
    return sorted(e.message for e in Draft202012Validator(schema).iter_errors(data))


def test_schema_refuses_what_the_models_refuse() -> None:
    process = load_file(ROOT / "processes" / "baseline.yaml").data
    assert _bad("process", {**process, "descriptoin": "x"}) == [
        "Additional properties are not allowed ('descriptoin' was unexpected)"
    ]
    two_tests = {"risk_at_least": "high", "components_any": ["auth"]}
    assert _bad("process", two_tests, "Condition") == [f"{two_tests!r} has too many properties"]
    assert _bad("process", {}, "Condition") == ["{} should be non-empty"]
    both = {"stage": "a", "one_of": ["b", "c"]}
    assert _bad("process", both, "Dependency") == [
        f"{both!r} is valid under each of {{'required': ['one_of']}}, {{'required': ['stage']}}"
    ]
    roles = {**process["roles"], "Team Lead": {"title": "Team lead", "level": "team"}}
    assert _bad("process", {**process, "roles": roles}) == [
        "'Team Lead' does not match any of the regexes: '^[a-z0-9][a-z0-9._-]{0,63}$'"
    ]
    grant = {"role": "reviewer", "form": "2026-01-01"}
    assert _bad("roster", grant, "RoleGrant") == [
        "Additional properties are not allowed ('form' was unexpected)"
    ]
