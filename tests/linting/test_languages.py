"""untranslated-text: lint names each text field that lacks the handbook's language."""

from __future__ import annotations

import json

from sdlc.linting.languages import untranslated
from sdlc.load.loaders import load_process

from ..conftest import EID, ROOT, RunCli

BASELINE = ROOT / "processes" / "baseline.yaml"


def test_the_shipped_eid_process_has_bokmal_everywhere(run_cli: RunCli) -> None:
    code, out, err = run_cli("lint", str(EID), "--language", "nb")
    assert (code, err) == (0, "")
    assert out.endswith("eid-gateway@3.0 is sound (0 errors, 0 warnings)\n")


def test_lint_with_a_language_warns_once_per_plain_field(run_cli: RunCli) -> None:
    process = load_process(BASELINE)
    expected = [".".join(map(str, path)) for path, _ in untranslated(process, "nb")]
    assert expected[:3] == ["title", "owners.0", "description"]
    assert "stages.0.title" in expected
    code, out, err = run_cli("lint", str(BASELINE), "--language", "nb", "--format", "json")
    assert (code, err) == (0, "")
    (result,) = json.loads(out)
    found = [f for f in result["findings"] if f["rule"] == "untranslated-text"]
    assert len(found) == len(expected)
    assert found[0]["message"] == (
        "title has no Norwegian Bokmål text (nb): it is written in en only, "
        "so the nb handbook shows it in en"
    )


def test_plain_text_is_in_the_process_language(run_cli: RunCli) -> None:
    code, out, _ = run_cli("lint", str(BASELINE))
    assert code == 0
    assert out.endswith("baseline@1.0 is sound (0 errors, 0 warnings)\n")


def test_nynorsk_is_told_it_shows_bokmal() -> None:
    (path, message), *_ = untranslated(load_process(EID), "nn")
    assert path == ("title",)
    assert message.endswith("it is written in en, nb only, so the nn handbook shows it in nb")
