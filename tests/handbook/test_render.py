"""The handbook renderer: pinned pages, escaping, determinism and a safe output folder."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sdlc.handbook.manifest import MARKER
from sdlc.handbook.markdown import block, inline, mermaid_text
from sdlc.handbook.output import RenderError, inside
from sdlc.handbook.site import render
from sdlc.handbook.templating import default_templates, render_pages
from sdlc.load.loaders import load_process
from sdlc.model.frameworks import ssdf
from sdlc.model.process import Process

from ..conftest import EID, REGEN, ROOT, RunCli, golden

CASES = ROOT / "tests" / "cases" / "render"
SMALL = CASES / "small" / "process.yaml"
HOSTILE = CASES / "hostile" / "process.yaml"
LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.fixture(scope="module")
def small() -> Process:
    return load_process(SMALL)


@pytest.fixture(scope="module")
def hostile() -> Process:
    return load_process(HOSTILE)


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


# -- pinned pages -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    [
        "stages/review.md",
        "stages/approve.md",
        "stages/hotfix-check.md",
        "overview.md",
        "risk-levels/2-high.md",
        "roles.md",
        "risk-model.md",
        "production-profile.md",
    ],
)
def test_pages_of_the_small_process_are_pinned(small: Process, page: str) -> None:
    pages = render_pages([small])
    expected = CASES / "small" / "expected" / page
    expected.parent.mkdir(parents=True, exist_ok=True)
    golden(expected, pages[f"small/{page}"])


def test_every_page_has_the_expected_path(small: Process) -> None:
    pages = render_pages([small])
    process_pages = sorted(p for p in pages if not p.startswith("rules/"))
    assert process_pages == [
        "index.md",
        "small/coverage.md",
        "small/index.md",
        "small/overview.md",
        "small/production-profile.md",
        "small/risk-levels/1-low.md",
        "small/risk-levels/2-high.md",
        "small/risk-model.md",
        "small/roles.md",
        "small/stages/approve.md",
        "small/stages/blue-green.md",
        "small/stages/canary.md",
        "small/stages/hotfix-check.md",
        "small/stages/implement.md",
        "small/stages/review.md",
        "small/stages/test.md",
        "small/stages/threat-model.md",
        "small/stages/verify.md",
    ]


def test_rule_pages_are_the_pages_sdlc_explain_prints(small: Process) -> None:
    from sdlc.rules.catalogue import RULES

    pages = render_pages([small])
    for rule in RULES.values():
        assert pages[f"rules/{rule.slug}.md"] == rule.page().rstrip("\n") + "\n"
        assert f"[{rule.slug}]({rule.slug}.md)" in pages["rules/index.md"]


def test_overview_marks_one_of_and_conditional_edges(small: Process) -> None:
    overview = render_pages([small])["small/overview.md"]
    assert '    s5 -.->|"if not (the change is flagged hotfix)"| s6' in overview
    assert '    s7 -->|"one of"| s9' in overview
    assert '    s8 -->|"one of"| s9' in overview
    assert "    class s1 conditional" in overview
    assert "    class s4 conditional" in overview
    assert "    class s6 gate" in overview


def test_every_link_between_pages_resolves(small: Process) -> None:
    pages = render_pages([small])
    for path, text in pages.items():
        for target in LINK.findall(text):
            if target.startswith(("https://", "http://", "mailto:")):
                continue
            resolved = os.path.normpath(os.path.join(os.path.dirname(path), target.split("#")[0]))
            assert resolved in pages, f"{path} links to missing {target}"


def test_the_shipped_process_renders(tmp_path: Path) -> None:
    written = render([load_process(EID)], tmp_path / "out")
    assert "eid-gateway/stages/login-e2e-tests.md" in written
    high = (tmp_path / "out" / "eid-gateway" / "risk-levels" / "3-high.md").read_text("utf-8")
    assert "Tests cover at least 97 % of production use" in high


# -- escaping ---------------------------------------------------------------------------


def test_inline_text_cannot_carry_markup() -> None:
    assert inline("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;&#8203;/script&gt;"
    assert inline("a | b\n\n# c") == "a &#124; b # c"
    assert inline("# c") == "&#35; c"
    assert inline("[x](javascript:alert(1))") == "&#91;x&#93;(javascript:alert(1))"
    assert inline("{: onclick=x }") == "&#123;: onclick&#61;x &#125;"
    assert inline("- item") == "&#45; item"
    assert inline("1. item") == "1&#46; item"
    assert inline("!!! note") == "&#33;!! note"
    assert inline("version 3.0 - ok") == "version 3.0 - ok"


def test_a_diagram_in_a_markdown_field_is_shown_as_code() -> None:
    text = "```mermaid\nflowchart TD\n  click a call alert(1)\n```\n~~~ Mermaid\nx\n~~~"
    assert block(text) == (
        "<pre><code>flowchart TD&#10;  click a call alert(1)</code></pre>\n\n"
        "<pre><code>x</code></pre>"
    )


def test_markdown_fields_keep_markdown_but_not_html() -> None:
    text = (
        "**Bold** <b>tag</b> `<code>` [ok](https://example.org) [bad](javascript:alert(1))\n"
        "![img](https://example.org/x.png) {: onclick=x } <!-- c --> --8<-- 'file'\n"
        "```python {onclick=x}\n<raw>\n```\n"
        "~~~\nopen"
    )
    assert block(text) == (
        "**Bold** &lt;b&gt;tag&lt;&#8203;/b&gt; <code>&lt;code&gt;</code> "
        "[ok](https://example.org) &#91;bad&#93;(javascript:alert(1)) "
        "!&#91;img&#93;(https://example.org/x.png) "
        "&#123;: onclick&#61;x &#125; &lt;!-- c --&gt; --8&lt;-- 'file'\n\n"
        "<pre><code>&lt;raw&gt;</code></pre>\n\n"
        "<pre><code>open</code></pre>"
    )


def test_markdown_fields_keep_lists_emphasis_and_code() -> None:
    text = "- a *b* _c_ snake_case\n  more\n    - nested `x`\n2. two\n\n1) one\n\nend!"
    assert block(text) == (
        "- a *b* *c* snake&#95;case more\n    - nested <code>x</code>\n\n2. two\n3. one\n\nend&#33;"
    )


def test_mermaid_labels_are_one_line_of_entities() -> None:
    assert mermaid_text('end"] --> x["<b>') == "end#34;#93; --#62; x#91;#34;#60;b#62;"
    assert mermaid_text("Blåbær\n;%%{init}%%") == "Blåbær #59;#37;#37;#123;init#125;#37;#37;"
    assert mermaid_text("classDef a fill:#f00;") == "classDef a fill#58;#35;f00#59;"


def test_hostile_text_is_shown_not_run(hostile: Process) -> None:
    pages = render_pages([hostile])
    everything = "\n".join(pages.values())
    assert "<script" not in _outside_code(everything)
    assert "<img" not in everything
    assert "<iframe" not in everything
    assert re.search(r"\[[^\]\n]*\]\(javascript:", everything) is None
    assert "{:" not in everything
    index = pages["hostile/index.md"]
    # the navigation's title keeps only plain characters: mkdocs puts it in unescaped
    assert index.startswith(
        '---\ntitle: "Hostile scriptalert(title)/script\\u2026"\n---\n\n'
        "# Hostile &lt;script&gt;alert(&quot;title&quot;)&lt;&#8203;/script&gt; &#124; process\n"
    )
    assert "[fine](https://example.org/ok)" in index
    assert index.count("```") % 2 == 0, "an unclosed fence must be closed"


def test_hostile_titles_cannot_break_a_diagram(hostile: Process) -> None:
    overview = render_pages([hostile])["hostile/overview.md"]
    diagram = overview.split("```mermaid\n", 1)[1].split("\n```", 1)[0].splitlines()
    node = re.compile(r'^    s\d+(\["|\(\["|\("|\{\{")[^"`\n]*("\]|"\]\)|"\)|"\}\})$')
    edge = re.compile(r'^    s\d+ (-->|-\.->)(\|"[^"|`]*"\|)? s\d+$')
    assert diagram[0] == "flowchart TD"
    assert len([line for line in diagram if node.match(line)]) == 3
    for line in diagram[1:]:
        assert node.match(line) or edge.match(line) or line.startswith("    class"), line


def _outside_code(text: str) -> str:
    """The text with fenced code blocks and code spans removed (Markdown escapes those)."""
    text = re.sub(r"^```[^\n]*\n.*?^```$", "", text, flags=re.DOTALL | re.MULTILINE)
    text = re.sub(r"^~~~[^\n]*\n.*?^~~~$", "", text, flags=re.DOTALL | re.MULTILINE)
    return re.sub(r"`[^`\n]+`", "", text)


# -- determinism and renaming -----------------------------------------------------------


def test_rendering_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    runs = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}"
        subprocess.run(
            [sys.executable, "-m", "sdlc", "render", str(SMALL), str(EID), "--out", str(out)],
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        runs.append(_tree(out))
    assert runs[0] == runs[1]
    render([load_process(SMALL), load_process(EID)], tmp_path / "seed1")
    assert _tree(tmp_path / "seed1") == runs[0]


def test_renaming_a_stage_is_followed_everywhere(tmp_path: Path) -> None:
    text = SMALL.read_text("utf-8")
    renamed = (
        text.replace("  - id: review\n", "  - id: peer-review\n")
        .replace("      - review\n", "      - peer-review\n")
        .replace("title: Code review", "title: Peer code review")
    )
    assert renamed.count("peer-review") == 2
    (tmp_path / "renamed.yaml").write_text(renamed, encoding="utf-8")
    out = tmp_path / "out"
    render([load_process(SMALL)], out)
    render([load_process(tmp_path / "renamed.yaml")], out)
    pages = {p: b.decode() for p, b in _tree(out).items() if p.endswith(".md")}
    assert "small/stages/review.md" not in pages
    assert "small/stages/peer-review.md" in pages
    everything = "\n".join(pages.values())
    assert "stages/review.md" not in everything
    assert "(review.md)" not in everything
    assert "[Code review]" not in everything
    assert '"Code review"' not in everything
    for page in ("overview.md", "risk-levels/1-low.md", "risk-levels/2-high.md", "roles.md"):
        assert "Peer code review" in pages[f"small/{page}"], page
    assert "[Peer code review](stages/peer-review.md)" in pages["small/roles.md"]
    assert 's3["Peer code review"]' in pages["small/overview.md"]
    assert "[Peer code review](peer-review.md)" in pages["small/stages/approve.md"]


# -- the output folder ------------------------------------------------------------------


def test_an_earlier_render_is_replaced_and_the_manifest_lists_the_pages(tmp_path: Path) -> None:
    out = tmp_path / "out"
    written = render([load_process(SMALL)], out)
    marker = (out / MARKER).read_text("utf-8").splitlines()
    assert marker[0].startswith("# Written by 'sdlc render': the SHA-256 of every file")
    assert [line.split("  ", 1)[1] for line in marker[2:]] == written
    render([load_process(HOSTILE)], out)
    assert not (out / "small").exists()
    assert (out / "hostile" / "index.md").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["out"], "no staging folder is left behind"


def test_an_empty_folder_is_used(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    render([load_process(SMALL)], tmp_path / "out")
    assert (tmp_path / "out" / "small" / "index.md").is_file()


def test_a_folder_of_other_files_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(RenderError) as caught:
        render([load_process(SMALL)], out)
    assert caught.value.user_message() == (
        f"{out}: refusing to render into a folder that is neither empty nor an earlier "
        "render (it has no .sdlc-render file)\n"
        "  hint: choose an empty or new folder; sdlc render replaces the whole folder"
    )
    assert _tree(out) == {"notes.txt": b"mine"}
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_file_added_to_an_earlier_render_is_never_deleted(tmp_path: Path) -> None:
    out = tmp_path / "out"
    render([load_process(SMALL)], out)
    (out / "small" / "my-notes.md").write_text("mine", encoding="utf-8")
    before = _tree(out)
    with pytest.raises(RenderError, match=r"holds files sdlc did not write: small/my-notes\.md"):
        render([load_process(SMALL)], out)
    assert _tree(out) == before


def test_a_file_or_a_link_as_output_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(RenderError, match="is not a folder"):
        render([load_process(SMALL)], tmp_path / "file")
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    with pytest.raises(RenderError, match="symbolic link"):
        render([load_process(SMALL)], tmp_path / "link")


def test_a_failing_template_leaves_the_old_output_intact(tmp_path: Path) -> None:
    out = tmp_path / "out"
    render([load_process(SMALL)], out)
    before = _tree(out)
    broken = tmp_path / "templates"
    broken.mkdir()
    (broken / "roles.md.j2").write_text("# Roles\n\n{{ no_such_thing }}\n", encoding="utf-8")
    with pytest.raises(RenderError) as caught:
        render([load_process(SMALL)], out, templates=broken)
    message = caught.value.user_message()
    assert message.startswith(f"{broken / 'roles.md.j2'}:3: cannot render small/roles.md")
    assert "'no_such_thing' is undefined" in message
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "templates"]


def test_a_failing_swap_puts_the_old_output_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    render([load_process(SMALL)], out)
    before = _tree(out)
    real_replace = os.replace
    calls: list[str] = []

    def failing_replace(src: str | Path, dst: str | Path) -> None:
        calls.append(str(dst))
        if len(calls) == 2:  # the new folder moving into place
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr("sdlc.handbook.output.os.replace", failing_replace)
    # where folders cannot be exchanged in one step, the swap is two renames
    monkeypatch.setattr("sdlc.handbook.output._exchange", lambda a, b: False)
    with pytest.raises(RenderError, match="No space left on device"):
        render([load_process(HOSTILE)], out)
    monkeypatch.undo()
    assert _tree(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


@pytest.mark.parametrize(
    "rel", ["../escape.md", "/etc/passwd", "a/../../b.md", ".hidden/x.md", "a//b.md", "a\\b.md", ""]
)
def test_page_paths_stay_inside_the_output(tmp_path: Path, rel: str) -> None:
    with pytest.raises(RenderError, match="page paths must stay inside the output"):
        inside(tmp_path, rel)


def test_a_link_inside_the_output_cannot_lead_out(tmp_path: Path) -> None:
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "stages").symlink_to(tmp_path)
    with pytest.raises(RenderError, match="resolves outside the output"):
        inside(tmp_path / "root", "stages/x.md")


def test_process_ids_that_clash_are_refused(small: Process) -> None:
    with pytest.raises(RenderError, match="two processes share the id 'small'"):
        render_pages([small, small])
    with pytest.raises(RenderError, match="rule catalogue folder"):
        render_pages([small.model_copy(update={"id": "rules"})])


# -- templates --------------------------------------------------------------------------


def test_the_templates_are_found_in_the_checkout() -> None:
    assert default_templates() == ROOT / "templates"


def test_a_users_template_replaces_the_built_in_one_and_is_escaped_too(
    tmp_path: Path, hostile: Process
) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "stage.md.j2").write_text(
        "# {{ stage.title }}\n\n{% include 'sdlc/stage.md.j2' %}\n", encoding="utf-8"
    )
    pages = render_pages([hostile], mine)
    page = pages["hostile/stages/end.md"]
    assert page.startswith("# end&quot;&#93; --&gt; pwned&#91;&quot;&lt;script&gt;")
    assert page.count("\n# ") == 1, "the built-in page follows the user's heading"
    assert pages["hostile/roles.md"] == render_pages([hostile])["hostile/roles.md"]


def test_a_template_syntax_error_names_the_file_and_line(tmp_path: Path, small: Process) -> None:
    (tmp_path / "overview.md.j2").write_text("# Overview\n\n{% if %}\n", encoding="utf-8")
    with pytest.raises(RenderError) as caught:
        render_pages([small], tmp_path)
    assert caught.value.user_message().startswith(
        f"{tmp_path / 'overview.md.j2'}:3: cannot render small/overview.md from overview.md.j2: "
    )


def test_a_missing_templates_folder_is_an_input_error(tmp_path: Path, small: Process) -> None:
    with pytest.raises(RenderError, match="does not exist or is not a folder"):
        render_pages([small], tmp_path / "nope")


# -- the command ------------------------------------------------------------------------


def test_sdlc_render_writes_the_handbook(run_cli: RunCli, tmp_path: Path) -> None:
    code, out, err = run_cli("render", str(SMALL), "--out", str(tmp_path / "hb"))
    pages = len(render_pages([load_process(SMALL)]))
    assert (code, out, err) == (0, f"rendered small@1.0: {pages} pages in {tmp_path / 'hb'}\n", "")


def test_sdlc_render_refuses_a_foreign_folder_with_exit_2(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("x", encoding="utf-8")
    code, out, err = run_cli("render", str(SMALL), "--out", str(tmp_path))
    assert (code, out) == (2, "")
    assert err.startswith(f"sdlc: {tmp_path}: refusing to render into a folder")
    assert (tmp_path / "keep.txt").read_text("utf-8") == "x"


def test_sdlc_render_reports_a_bad_process_with_exit_2(run_cli: RunCli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\n", encoding="utf-8")
    code, out, err = run_cli("render", str(bad), "--out", str(tmp_path / "hb"))
    assert (code, out) == (2, "")
    assert err.startswith(f"sdlc: {bad}")
    assert not (tmp_path / "hb").exists()


# -- data shipped for the handbook ------------------------------------------------------


def test_ssdf_1_1_has_its_19_practices_and_42_tasks() -> None:
    framework = ssdf()
    assert [g for g, _ in framework.groups] == ["PO", "PS", "PW", "RV"]
    assert len(framework.practices) == 19
    assert len(framework.task_ids) == 42 == len(set(framework.task_ids))
    assert all(re.fullmatch(r"(PO|PS|PW|RV)\.\d\.\d", t) for t in framework.task_ids)
    assert "PW.4.3" not in framework.task_ids
    assert "PW.4.4" in framework.task_ids


def test_the_shipped_process_names_only_real_ssdf_tasks() -> None:
    known = set(ssdf().task_ids)
    process = load_process(EID)
    named = {c for stage in process.stages for c in stage.controls.get("ssdf", ())}
    assert named <= known, named - known


def test_the_committed_process_file_reference_is_current() -> None:
    from sdlc.handbook.reference import file_reference

    committed = ROOT / "docs" / "reference" / "process-file.md"
    actual = file_reference("process")
    if REGEN:
        committed.write_text(actual, encoding="utf-8")
    assert committed.read_text("utf-8") == actual, (
        "docs/reference/process-file.md is out of date: run "
        "'python -m sdlc.handbook.reference docs/reference' (or SDLC_REGEN=1 pytest) and commit it"
    )
