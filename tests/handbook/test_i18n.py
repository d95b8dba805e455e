"""The handbook in the staff's language: catalogues, translated process text, and the
Bokmål pages of the shipped process."""

from __future__ import annotations

import gettext
import io
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from sdlc.handbook.i18n import LOCALES
from sdlc.handbook.templating import render_pages
from sdlc.load.loaders import load_process
from sdlc.model.text import Prose

from ..conftest import EID, ROOT, RunCli


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_each_compiled_catalogue_is_its_po_file_compiled(language: str) -> None:
    folder = LOCALES / language / "LC_MESSAGES"
    with (folder / "sdlc.po").open("rb") as po:
        catalog = read_po(po)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    assert (folder / "sdlc.mo").read_bytes() == compiled.getvalue(), "run: make catalogues"


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_each_catalogue_translates_every_message(language: str) -> None:
    with (LOCALES / language / "LC_MESSAGES" / "sdlc.po").open("rb") as po:
        catalog = read_po(po)
    assert [m.id for m in catalog if m.id and not m.string] == []


@pytest.fixture(scope="module")
def bokmal() -> dict[str, str]:
    return render_pages([load_process(EID)], language="nb")


def test_the_bokmal_overview_is_in_norwegian(bokmal: dict[str, str]) -> None:
    page = bokmal["eid-gateway/overview.md"]
    assert page.startswith("# Oversikt\n")
    assert "Sikker utvikling av den nasjonale innloggingsløsningen for eID" in page
    assert "| # | Steg | Type | Gjelder | Avhenger av |" in page
    assert "[Trusselmodellering](stages/threat-modelling.md) | trusselmodellering |" in page


def test_a_bokmal_stage_page_is_in_norwegian(bokmal: dict[str, str]) -> None:
    page = bokmal["eid-gateway/stages/code-review.md"]
    assert "\n# Kodegjennomgang\n" in page
    assert "## Hvem som kan utføre det" in page
    assert "## Slik etterlever du det" in page
    assert "- Gjennomgå pull requesten på commiten som skal rulles ut" in page
    assert "**Lenke til kodegjennomgang** (type review-link)" in page


def test_the_bokmal_roles_page_is_in_norwegian(bokmal: dict[str, str]) -> None:
    page = bokmal["eid-gateway/roles.md"]
    assert page.startswith("# Roller\n")
    assert "**Sikkerhetsforkjemper**" in page
    assert "Erfaren utvikler som er betrodd å gjennomgå andres kode og design." in page


def test_english_stays_the_default_and_plain_text_stays_as_written(tmp_path: Path) -> None:
    english = render_pages([load_process(EID)])
    assert english["eid-gateway/overview.md"].startswith("# Overview\n")
    assert "Kodegjennomgang" not in english["eid-gateway/stages/code-review.md"]


def test_a_text_falls_back_to_a_neighbour_then_to_its_default() -> None:
    text = Prose.of({"en": "Code review", "nb": "Kodegjennomgang"})
    assert (str(text), text.in_("nb"), text.in_("nn"), text.in_("en")) == (
        "Code review",
        "Kodegjennomgang",
        "Kodegjennomgang",
        "Code review",
    )
    assert Prose.of("Review").in_("nb") == "Review"


def test_the_nynorsk_handbook_speaks_nynorsk_and_the_process_falls_back_to_bokmal() -> None:
    from sdlc.handbook.i18n import catalogue

    assert isinstance(catalogue("nn"), gettext.GNUTranslations)
    page = render_pages([load_process(EID)], language="nn")["eid-gateway/stages/code-review.md"]
    assert "## Kven som kan utføre det" in page
    assert "- Gjennomgå pull requesten på commiten som skal rulles ut" in page  # no nn text


def test_the_catalogues_hold_every_message_the_templates_and_code_use() -> None:
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (LOCALES / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)  # type: ignore[no-untyped-call]
    keywords = {"tr": None, "marked": None, "phrase": None, "_": None, "gettext": None}
    used = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT, method_map, options_map, keywords=keywords
        )
    }
    assert "Who may do it" in used
    assert "risk is {level} or higher" in used
    for language in ("nb", "nn"):
        with (LOCALES / language / "LC_MESSAGES" / "sdlc.po").open("rb") as po:
            held = {m.id for m in read_po(po) if m.id}
        assert sorted(used - held) == [], f"run: make catalogues, then translate ({language})"


def test_diagram_labels_and_conditions_speak_the_handbook_language() -> None:
    small = load_process(ROOT / "tests" / "cases" / "render" / "small" / "process.yaml")
    overview = render_pages([small], language="nb")["small/overview.md"]
    labels = [line.strip() for line in overview.splitlines() if '|"' in line]
    assert labels == [
        's5 -.->|"hvis ikke (endringen er merket hotfix)"| s6',
        's7 -->|"ett av"| s9',
        's8 -->|"ett av"| s9',
    ]
    english = render_pages([small])["small/overview.md"]
    assert 's5 -.->|"if not (the change is flagged hotfix)"| s6' in english


def test_a_process_in_bokmal_renders_in_bokmal_by_default(run_cli: RunCli, tmp_path: Path) -> None:
    clean = ROOT / "tests" / "cases" / "lint" / "untranslated-text" / "clean.yaml"
    assert load_process(clean).language == "nb"
    code, out, err = run_cli("render", str(clean), "--out", str(tmp_path / "hb"))
    assert (code, err) == (0, "")
    pages = len(list((tmp_path / "hb").rglob("*.md")))
    assert out == f"rendered demo@1: {pages} pages in {tmp_path / 'hb'}\n"
    roles = (tmp_path / "hb" / "demo" / "roles.md").read_text("utf-8")
    assert roles.startswith("# Roller\n")
    assert "| **Kodegjennomgåer** (reviewer) |" in roles
    code, _, err = run_cli("render", str(clean), "--out", str(tmp_path / "en"), "--language", "en")
    assert (code, err) == (0, "")
    assert (tmp_path / "en" / "demo" / "roles.md").read_text("utf-8").startswith("# Roles\n")
