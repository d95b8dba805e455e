"""sdlc.load.source: unsafe or malformed YAML, JSON and JSON Lines get one exact, located
message."""

from __future__ import annotations

import itertools
import json
import os
import stat
import tracemalloc
from pathlib import Path
from types import SimpleNamespace

import pytest

from sdlc.errors import InputError
from sdlc.load.json_lines import iter_json_lines
from sdlc.load.source import load_file


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in an empty folder, so messages name files as ``bad.yaml``."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _refused(content: str | bytes, name: str = "bad.yaml") -> str:
    path = Path(name)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        load_file(path)
    return caught.value.user_message()


BAD_YAML = {
    "unclosed-bracket": (
        "id: demo\ntitle: [unclosed\nversion: '1'\n",
        "bad.yaml:3:8: YAML syntax error: did not find expected ',' or ']' (in the [list] "
        "that starts at line 2, column 8)\n"
        "  hint: close the brackets, and quote values that contain ',', '[', ']', '{' or '}'",
    ),
    "unclosed-quote": (
        "id: 'demo\ntitle: x\n",
        "bad.yaml:3:1: YAML syntax error: found unexpected end of stream (in the quoted text "
        "that starts at line 1, column 5)\n"
        "  hint: close the quotes",
    ),
    "colon-in-value": (
        "title: Review: code\n",
        "bad.yaml:1:14: YAML syntax error: mapping values are not allowed in this context\n"
        "  hint: quote values that contain ': ', or fix the indentation",
    ),
    "bad-indentation": (
        "roles:\n  dev: x\n qa: y\n",
        "bad.yaml:3:2: YAML syntax error: did not find expected key (in the mapping that "
        "starts at line 1, column 1)\n"
        "  hint: check the indentation and quoting near this position",
    ),
    "tab-indentation": (
        "id: demo\nroles:\n\tdeveloper: {title: Developer, level: team}\n",
        "bad.yaml:3:1: YAML syntax error: found a tab character where YAML allows only spaces\n"
        "  hint: indent with spaces, not tabs",
    ),
    "two-documents": (
        "id: one\n---\nid: two\n",
        "bad.yaml:2:1: YAML syntax error: expected one document, found a second one ('---')\n"
        "  hint: put each document in a file of its own",
    ),
    "duplicate-key": (
        "id: demo\ntitle: First\nowners: [a]\ntitle: Second\n",
        "bad.yaml:4:1: duplicate key 'title' (first defined at line 2)\n"
        "  hint: remove one of the two entries",
    ),
    "nested-duplicate-key": (
        "roles:\n  dev: {title: Developer, level: team, level: director}\n",
        "bad.yaml:2:40: duplicate key 'level' (first defined at line 2)\n"
        "  hint: remove one of the two entries",
    ),
    "python-object-tag": (
        "id: !!python/object/apply:os.system ['echo pwned']\n",
        "bad.yaml:1:5: tag '!!python/object/apply:os.system' is not allowed (expected plain "
        "text, numbers, booleans, lists and mappings)\n"
        "  hint: remove the tag; sdlc never builds objects from YAML",
    ),
    "python-object-mapping": (
        "stages:\n  - !!python/object:sdlc.model.Stage {id: x}\n",
        "bad.yaml:2:5: tag '!!python/object:sdlc.model.Stage' is not allowed (expected plain "
        "text, numbers, booleans, lists and mappings)\n"
        "  hint: remove the tag; sdlc never builds objects from YAML",
    ),
    "custom-tag": (
        "id: demo\ntitle: !vault secret/title\n",
        "bad.yaml:2:8: tag '!vault' is not allowed (expected plain text, numbers, booleans, "
        "lists and mappings)\n"
        "  hint: remove the tag; sdlc never builds objects from YAML",
    ),
    "tagged-key": (
        "!!python/name:os.system : 1\n",
        "bad.yaml:1:1: tag '!!python/name:os.system' is not allowed (expected plain text, "
        "numbers, booleans, lists and mappings)\n"
        "  hint: remove the tag; sdlc never builds objects from YAML",
    ),
    "binary-tag": (
        "id: !!binary aGVsbG8=\n",
        "bad.yaml:1:5: tag '!!binary' is not allowed (expected plain text, numbers, booleans, "
        "lists and mappings)\n"
        "  hint: remove the tag; sdlc never builds objects from YAML",
    ),
    "merge-key": (
        "defaults: &defaults {kind: test, performers: [tester]}\n"
        "stages:\n"
        "  - <<: *defaults\n"
        "    id: login-tests\n",
        "bad.yaml:3:5: merge keys ('<<') are not allowed\n  hint: write the keys out in full",
    ),
    "complex-key": (
        "? [a, b]\n: 1\n",
        "bad.yaml:1:3: expected a plain text key, found a list\n"
        "  hint: mapping keys must be plain names",
    ),
    "undefined-alias": (
        "id: *nowhere\n",
        "bad.yaml:1:5: YAML syntax error: found undefined alias\n"
        "  hint: check the indentation and quoting near this position",
    ),
    "control-character": (
        "id: demo\ntitle: bell \x07 here\n",
        "bad.yaml:2:13: control character U+0007 is not allowed in YAML\n"
        '  hint: remove it, or write it as "\\u0007" inside double quotes',
    ),
    "empty-file": (
        "",
        "bad.yaml:1:1: the file is empty (expected a mapping of fields)\n"
        "  hint: write the document's fields; 'sdlc schema' shows which are needed",
    ),
    "only-comments": (
        "# yaml-language-server: $schema=../schemas/process.schema.json\n# nothing yet\n",
        "bad.yaml:1:1: the file is empty (expected a mapping of fields)\n"
        "  hint: write the document's fields; 'sdlc schema' shows which are needed",
    ),
    "deep-block-nesting": (
        "a:\n" + "".join("  " * i + "b:\n" for i in range(1, 120)),
        "bad.yaml:102:203: nested more deeply than the limit of 100 levels\n"
        "  hint: flatten the document, or raise the limit with SDLC_MAX_DEPTH",
    ),
    "deep-flow-nesting": (
        "[" * 10_000 + "]" * 10_000 + "\n",
        "bad.yaml:1:1001: nested more deeply than the limit of 100 levels\n"
        "  hint: flatten the document, or raise the limit with SDLC_MAX_DEPTH",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_YAML))
def test_bad_yaml_gets_one_exact_message(here: Path, case: str) -> None:
    content, expected = BAD_YAML[case]
    assert _refused(content) == expected


BAD_BYTES = {
    "utf8-bom": (
        b"\xef\xbb\xbfid: demo\n",
        "bad.yaml:1:1: file starts with a UTF-8 byte-order mark\n"
        "  hint: save the file as UTF-8 without a byte-order mark",
    ),
    "utf16-bom": (
        "id: demo\n".encode("utf-16"),
        "bad.yaml:1:1: file starts with a UTF-16 byte-order mark\n"
        "  hint: save the file as UTF-8 without a byte-order mark",
    ),
    "utf16-big-endian-bom": (
        b"\xfe\xff" + "id: demo\n".encode("utf-16-be"),
        "bad.yaml:1:1: file starts with a UTF-16 byte-order mark\n"
        "  hint: save the file as UTF-8 without a byte-order mark",
    ),
    "latin1-byte-mid-file": (
        "id: demo\nowners:\n  - Løgin team\n  - Caf".encode() + b"\xe9 team\n",
        "bad.yaml:4:8: not valid UTF-8: byte 0xe9 cannot start or continue a character\n"
        "  hint: save the file as UTF-8",
    ),
    "truncated-sequence": (
        b"id: demo\ntitle: \xe2\x82\n",
        "bad.yaml:2:8: not valid UTF-8: byte 0xe2 cannot start or continue a character\n"
        "  hint: save the file as UTF-8",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_BYTES))
def test_bad_encoding_gets_one_exact_message(here: Path, case: str) -> None:
    content, expected = BAD_BYTES[case]
    assert _refused(content) == expected


def test_non_ascii_utf8_is_read(here: Path) -> None:
    Path("ok.yaml").write_text("owners: [Påløgging, Ærlig Øst]\n", encoding="utf-8")
    assert load_file("ok.yaml").data == {"owners": ["Påløgging", "Ærlig Øst"]}


def _billion_laughs(levels: int = 9, fan_out: int = 10) -> str:
    """Each level lists the one before ``fan_out`` times: 10**9 strings in all."""
    names = [f"l{i}" for i in range(levels + 1)]
    lines = [f"{names[0]}: &{names[0]} [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for before, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [{', '.join([f'*{before}'] * fan_out)}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_small(here: Path) -> None:
    Path("bomb.yaml").write_text(_billion_laughs(), encoding="utf-8")
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as caught:
            load_file("bomb.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.user_message() == (
        "bomb.yaml:1:5: the document repeats values through aliases more than 100 times\n"
        "  hint: this looks like an alias bomb; write the values out instead of using "
        "'&anchor' and '*alias', or raise the limit with SDLC_MAX_ALIASES"
    )
    assert peak < 5 * 1024 * 1024  # bytes; expanding it would take gigabytes


def test_a_few_aliases_are_fine(here: Path) -> None:
    Path("ok.yaml").write_text(
        "base: &base [developer, reviewer]\na: *base\nb: *base\n", encoding="utf-8"
    )
    data = load_file("ok.yaml").data
    assert data["a"] == data["b"] == ["developer", "reviewer"]


def test_tags_are_never_constructed(here: Path) -> None:
    marker = here / "pwned"
    _refused(f"id: !!python/object/apply:builtins.open [{str(marker)!r}, w]\n")
    assert not marker.exists()


def test_size_limit_by_default(here: Path) -> None:
    """20 MiB; the size is read before any byte, so a sparse file is enough."""
    with Path("bad.yaml").open("wb") as handle:
        handle.truncate(20 * 1024 * 1024 + 1)
    with pytest.raises(InputError) as caught:
        load_file("bad.yaml")
    assert caught.value.user_message() == (
        "bad.yaml: file is 20,971,521 bytes, more than the limit of 20,971,520\n"
        "  hint: split it, or raise the limit with SDLC_MAX_FILE_BYTES"
    )


def test_size_limit_by_environment(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDLC_MAX_FILE_BYTES", "64")
    message = _refused("title: " + "x" * 100 + "\n")
    assert message == (
        "bad.yaml: file is 108 bytes, more than the limit of 64\n"
        "  hint: split it, or raise the limit with SDLC_MAX_FILE_BYTES"
    )
    Path("small.yaml").write_text("id: demo\n", encoding="utf-8")
    assert load_file("small.yaml").data == {"id": "demo"}


@pytest.mark.parametrize("value", ["lots", "-5", "0", "", "1e6", "\u00b2", "\u0661"])
def test_bad_size_limit_setting(here: Path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("SDLC_MAX_FILE_BYTES", value)
    message = _refused("id: demo\n")
    assert message == (
        f"SDLC_MAX_FILE_BYTES is {value!r}, expected a positive whole number of bytes\n"
        "  hint: unset it for the default of 20971520, or set it to a number"
    )


def test_missing_file_and_directory(here: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_file("nowhere.yaml")
    assert caught.value.user_message() == "nowhere.yaml: no such file"
    Path("folder").mkdir()
    with pytest.raises(InputError) as caught:
        load_file("folder")
    assert caught.value.user_message() == "folder: expected a file, found a directory"


def test_positions_are_kept(here: Path) -> None:
    Path("ok.yaml").write_text(
        "id: demo\nstages:\n  - id: build\n    performers: [ci, developer]\n", encoding="utf-8"
    )
    doc = load_file("ok.yaml")
    assert str(doc.locate(("stages", 0, "performers", 1))) == "ok.yaml:4:22"
    assert str(doc.locate(("stages", 0, "id"), key=True)) == "ok.yaml:3:5"
    assert str(doc.locate(("stages", 0, "missing"))) == "ok.yaml:3:5"


def test_scalars_are_plain_and_dates_stay_text(here: Path) -> None:
    Path("ok.yaml").write_text(
        "a: 3.10\nb: no\nc: 2026-01-01\nd: 0x1f\ne: ~\nf: '3.10'\n", encoding="utf-8"
    )
    doc = load_file("ok.yaml")
    assert doc.data == {"a": 3.1, "b": False, "c": "2026-01-01", "d": 31, "e": None, "f": "3.10"}
    assert doc.texts[("a",)] == "3.10"
    assert doc.texts[("b",)] == "no"
    assert ("f",) not in doc.texts


# -- JSON Lines -----------------------------------------------------------------------------


def _lines(path: str) -> list[tuple[int, str]]:
    """Each line's number and either its record id or its error message."""
    out = []
    for number, _, data in iter_json_lines(path):
        out.append((number, data.user_message() if isinstance(data, InputError) else data["id"]))
    return out


def test_json_lines_one_bad_line_among_good_ones(here: Path) -> None:
    good = [json.dumps({"id": f"CHG-{i}"}) for i in range(4)]
    Path("batch.jsonl").write_bytes(
        "\n".join(
            [
                good[0],
                '{"id": "CHG-x", "events": [',
                good[1],
                "",
                '{"id": "CHG-a", "title": "t", "id": "CHG-b"}',
                good[2],
                '{"id": "CHG-y", "title": "caf',
                good[3],
            ]
        ).encode()
        + b'\n{"id": "CHG-z", "title": "caf\xe9"}\n'
    )
    assert _lines("batch.jsonl") == [
        (1, "CHG-0"),
        (
            2,
            "batch.jsonl:2:28: JSON syntax error: expecting value, found the end of the line\n"
            "  hint: each line must hold one complete JSON object",
        ),
        (3, "CHG-1"),
        (
            5,
            "batch.jsonl:5:31: duplicate key 'id' (first defined at line 5)\n"
            "  hint: remove one of the two entries",
        ),
        (6, "CHG-2"),
        (
            7,
            "batch.jsonl:7:26: JSON syntax error: unterminated string starting at\n"
            "  hint: each line must hold one complete JSON object",
        ),
        (8, "CHG-3"),
        (
            9,
            "batch.jsonl:9:30: not valid UTF-8: byte 0xe9 cannot start or continue a character\n"
            "  hint: save the file as UTF-8",
        ),
    ]


def test_json_lines_overlong_line_is_skipped(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDLC_MAX_FILE_BYTES", "100")
    Path("batch.jsonl").write_text(
        '{"id": "CHG-1"}\n{"id": "CHG-2", "title": "' + "x" * 500 + '"}\n{"id": "CHG-3"}\n',
        encoding="utf-8",
    )
    assert _lines("batch.jsonl") == [
        (1, "CHG-1"),
        (
            2,
            "batch.jsonl:2:1: line is more than the limit of 100 bytes\n"
            "  hint: split the record, or raise the limit with SDLC_MAX_FILE_BYTES",
        ),
        (3, "CHG-3"),
    ]


def test_json_lines_deep_line(here: Path) -> None:
    Path("batch.jsonl").write_text("[" * 10_000 + "]" * 10_000 + '\n{"id": "CHG-1"}\n')
    assert _lines("batch.jsonl") == [
        (
            1,
            "batch.jsonl:1:1: nested more deeply than the limit of 100 levels\n"
            "  hint: flatten the document, or raise the limit with SDLC_MAX_DEPTH",
        ),
        (2, "CHG-1"),
    ]


def test_json_lines_missing_file(here: Path) -> None:
    with pytest.raises(InputError) as caught:
        list(iter_json_lines("nowhere.jsonl"))
    assert caught.value.user_message() == "nowhere.jsonl: no such file"


def test_json_file_keeps_positions(here: Path) -> None:
    Path("record.json").write_text('{\n  "id": "CHG-1",\n  "events": [\n    {"stage": "x"}\n  ]\n}')
    doc = load_file("record.json")
    assert str(doc.locate(("events", 0, "stage"))) == "record.json:4:15"


def test_size_limit_holds_when_the_file_grows(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The size is read first; a file that grows past the limit meanwhile is still refused."""
    monkeypatch.setenv("SDLC_MAX_FILE_BYTES", "1000")
    Path("growing.yaml").write_bytes(b"#" * 5_000)
    grown = SimpleNamespace(st_size=10, st_mode=stat.S_IFREG | 0o644)
    monkeypatch.setattr(os, "fstat", lambda fd: grown)
    with pytest.raises(InputError) as caught:
        load_file("growing.yaml")
    assert caught.value.user_message() == (
        "growing.yaml: file is more than the limit of 1,000 bytes\n"
        "  hint: split it, or raise the limit with SDLC_MAX_FILE_BYTES"
    )
