"""Text fields in several languages: what loads, what is refused and how, and what the
schema and the other consumers of a process see."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from sdlc.load.loaders import load_process
from sdlc.model.text import Prose

from ..conftest import EID, ROOT, RunCli

HEAD = """id: demo
version: "1"
title: {title}
language: {language}
owners: [process-owner]
effective: 2026-01-01
roles:
  developer: {{title: Developer, level: team}}
risk:
  levels: [low]
  default: low
stages:
  - id: implementation
    title: Implement
    kind: implementation
    performers: [developer]
  - id: deployment
    title: Deploy
    kind: deployment
    performers: [developer]
    depends_on: [implementation]
"""


def _process(tmp_path: Path, title: str, language: str = "en") -> Path:
    path = tmp_path / "process.yaml"
    path.write_text(HEAD.format(title=title, language=language), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("title", "language", "where", "expected"),
    [
        (
            '{"no": Demo}',
            "en",
            "3:8",
            "unknown language 'no' (expected one of: en, nb, nn); Norwegian is nb (Bokmål) "
            "or nn (Nynorsk)",
        ),
        (
            "{no: Demo}",
            "en",
            "3:8",
            "a language key reads as false: YAML reads an unquoted no as false, and Norwegian "
            "is nb (Bokmål) or nn (Nynorsk) (expected one of: en, nb, nn)",
        ),
        ("{}", "en", "3:8", "expected at least one language (en, nb, nn) and its text"),
        ("{en: 3}", "en", "3:8", "the en text must be a string"),
        (
            "{en: Demo, nb: " + "x" * 20_001 + "}",
            "en",
            "3:8",
            "the nb text has 20,001 characters; at most 20,000 are allowed",
        ),
        (
            "Demo",
            "no",
            "4:11",
            "language reads as false: YAML reads an unquoted no as false, and Norwegian is "
            "nb (Bokmål) or nn (Nynorsk)",
        ),
    ],
)
def test_a_bad_translation_is_one_located_message(
    run_cli: RunCli, tmp_path: Path, title: str, language: str, where: str, expected: str
) -> None:
    path = _process(tmp_path, title, language)
    code, out, err = run_cli("lint", str(path))
    assert (code, out) == (2, "")
    key = "language" if language == "no" else "title"
    assert err.startswith(f"sdlc: {path}:{where}: At key: {key} ==> {expected}"), err


def test_plain_and_translated_text_load_and_read_as_their_default(tmp_path: Path) -> None:
    process = load_process(_process(tmp_path, "{en: Demo, nb: Demoprosess}"))
    assert process.title == "Demo"
    assert process.title.in_("nb") == "Demoprosess"
    assert f"process {process.title}" == "process Demo"
    plain = load_process(_process(tmp_path, "Demo"))
    assert (plain.title, plain.title.languages) == ("Demo", ())


def test_a_process_with_translations_pickles_and_dumps_as_written() -> None:
    process = load_process(EID)
    again = pickle.loads(pickle.dumps(process))
    assert again.stages[3].title.in_("nb") == "Kodegjennomgang"
    data = process.model_dump(mode="json", by_alias=True)
    assert data["stages"][3]["title"] == {"en": "Code review", "nb": "Kodegjennomgang"}
    assert data["owners"][0] == {
        "en": "Head of the Login Services department",
        "nb": "Avdelingsdirektør for innloggingstjenestene",
    }
    assert load_process(ROOT / "processes" / "baseline.yaml").model_dump()["owners"][0] == (
        "Head of the Platform section"
    )
    assert json.loads(json.dumps(data))["title"]["nb"].startswith("Sikker utvikling")


def test_the_schema_takes_both_forms_and_refuses_an_unknown_language() -> None:
    schema = json.loads((ROOT / "schemas" / "process.schema.json").read_text("utf-8"))
    validator = Draft202012Validator(schema)
    title = schema["properties"]["title"]
    assert validator.evolve(schema=title).is_valid("Demo")
    assert validator.evolve(schema=title).is_valid({"en": "Demo", "nb": "Demoprosess"})
    assert not validator.evolve(schema=title).is_valid({"no": "Demo"})
    assert not validator.evolve(schema=title).is_valid({})


def test_a_field_falls_back_to_its_neighbour_then_its_first_language() -> None:
    text = Prose.of({"nb": "Kodegjennomgang", "en": "Code review"})
    assert (str(text), text.in_("nn"), text.in_("en")) == (
        "Kodegjennomgang",
        "Kodegjennomgang",
        "Code review",
    )
    assert Prose.of({"en": "Code review"}).in_("nn") == "Code review"
