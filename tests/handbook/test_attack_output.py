"""Attack: making ``sdlc render --out`` replace or delete files it did not write.

A render may replace its output folder only when every file there is one an
earlier render wrote, listed in that render's manifest with the SHA-256 it was
written with and unchanged since. A forged manifest (or an old marker file) in
someone's folder, a manifest that lists their files, a rendered page edited by
hand, a link put in place of a page, a file dropped in while a render runs: each
is refused with exit 2 and a message naming the file, or kept and named, and no
file of theirs is ever deleted.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from sdlc.handbook.manifest import MARKER
from sdlc.handbook.output import RenderError
from sdlc.handbook.site import render
from sdlc.load.loaders import load_process

from ..conftest import ROOT, RunCli

SMALL = ROOT / "tests" / "cases" / "render" / "small" / "process.yaml"
HEAD = "# Written by 'sdlc render'; the next render replaces this folder.\n"
"""The marker file's first line before manifests held digests."""


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() or p.is_symlink()
    }


def _someones_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    (folder / "src").mkdir(parents=True)
    (folder / "src" / "main.py").write_text("print('mine')\n", encoding="utf-8")
    (folder / "README.md").write_text("# My project\n", encoding="utf-8")
    return folder


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_forged_marker_of_the_old_kind_makes_no_folder_replaceable(
    run_cli: RunCli, tmp_path: Path
) -> None:
    folder = _someones_folder(tmp_path)
    (folder / MARKER).write_text(HEAD + "README.md\nsrc/main.py\n", encoding="utf-8")
    before = _tree(folder)
    code, out, err = run_cli("render", str(SMALL), "--out", str(folder))
    assert (code, out) == (2, "")
    assert err == (
        f"sdlc: {folder / MARKER}:2: refusing to replace the folder: its .sdlc-render file is "
        "the list of pages an earlier sdlc wrote, without the SHA-256 that shows they are "
        "unchanged\n"
        "  hint: check that nothing of yours is in the folder, delete it, and render again: "
        "renders now write a manifest with digests\n"
    )
    assert _tree(folder) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]


def test_a_marker_of_paths_without_digests_is_refused(run_cli: RunCli, tmp_path: Path) -> None:
    folder = _someones_folder(tmp_path)
    (folder / MARKER).write_text("README.md\nsrc/main.py\n", encoding="utf-8")
    before = _tree(folder)
    code, out, err = run_cli("render", str(SMALL), "--out", str(folder))
    assert (code, out) == (2, "")
    assert err == (
        f"sdlc: {folder / MARKER}:1: refusing to replace the folder: this line of its "
        ".sdlc-render file is not '<sha256>  <path>' with a path sdlc render writes\n"
        "  hint: sdlc render did not write this manifest, or an older sdlc did: check that "
        "nothing of yours is in the folder, delete it, and render again (or render into "
        "another folder)\n"
    )
    assert _tree(folder) == before


def test_a_forged_manifest_listing_someones_files_makes_them_changed_files(
    run_cli: RunCli, tmp_path: Path
) -> None:
    folder = _someones_folder(tmp_path)
    forged = "".join(f"{'0' * 64}  {rel}\n" for rel in ("README.md", "src/main.py"))
    (folder / MARKER).write_text(forged, encoding="utf-8")
    before = _tree(folder)
    code, out, err = run_cli("render", str(SMALL), "--out", str(folder))
    assert (code, out) == (2, "")
    assert err.startswith(
        f"sdlc: {folder}: refusing to replace an earlier render whose files changed after "
        "sdlc wrote them: README.md, src/main.py\n"
    )
    assert _tree(folder) == before


def test_a_manifest_that_lists_only_some_files_leaves_the_folder_alone(
    run_cli: RunCli, tmp_path: Path
) -> None:
    folder = _someones_folder(tmp_path)
    (folder / MARKER).write_text(f"{_sha(folder / 'README.md')}  README.md\n", encoding="utf-8")
    before = _tree(folder)
    code, _out, err = run_cli("render", str(SMALL), "--out", str(folder))
    assert code == 2
    assert err.startswith(
        f"sdlc: {folder}: refusing to replace an earlier render that now holds files sdlc "
        "did not write: src/\n"
    )
    assert _tree(folder) == before


@pytest.mark.parametrize(
    "line",
    [f"{'a' * 64}  ../outside.md", f"{'a' * 64}  .git/config", f"{'a' * 64}  /etc/passwd"],
)
def test_a_manifest_naming_paths_a_render_never_writes_is_refused(
    tmp_path: Path, line: str
) -> None:
    folder = _someones_folder(tmp_path)
    (folder / MARKER).write_text(line + "\n", encoding="utf-8")
    before = _tree(folder)
    with pytest.raises(RenderError, match=r"this line of its \.sdlc-render file is not"):
        render([load_process(SMALL)], folder)
    assert _tree(folder) == before


def test_a_marker_that_is_a_link_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    render([load_process(SMALL)], out)
    real = tmp_path / "manifest"
    (out / MARKER).rename(real)
    (out / MARKER).symlink_to(real)
    before = _tree(out)
    with pytest.raises(RenderError, match=r"\.sdlc-render is not a regular file"):
        render([load_process(SMALL)], out)
    assert _tree(out) == before


def test_a_rendered_page_edited_by_hand_is_never_silently_deleted(
    run_cli: RunCli, tmp_path: Path
) -> None:
    out = tmp_path / "handbook"
    assert run_cli("render", str(SMALL), "--out", str(out))[0] == 0
    page = out / "small" / "roles.md"
    page.write_text(page.read_text("utf-8") + "\nMy own notes.\n", encoding="utf-8")
    before = _tree(out)
    code, out_text, err = run_cli("render", str(SMALL), "--out", str(out))
    assert (code, out_text) == (2, "")
    assert err == (
        f"sdlc: {out}: refusing to replace an earlier render whose files changed after sdlc "
        "wrote them: small/roles.md\n"
        "  hint: sdlc render replaces only the files it wrote, unchanged: keep your edits in "
        "the process file or a --templates folder, then delete the changed files and render "
        "again\n"
    )
    assert _tree(out) == before
    page.unlink()  # as the hint says: the edit is kept elsewhere, the page goes
    assert run_cli("render", str(SMALL), "--out", str(out))[0] == 0
    assert (out / "small" / "roles.md").is_file()


def test_a_page_replaced_by_a_link_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    render([load_process(SMALL)], out)
    mine = tmp_path / "mine.md"
    mine.write_bytes((out / "small" / "roles.md").read_bytes())  # even with the same bytes
    (out / "small" / "roles.md").unlink()
    (out / "small" / "roles.md").symlink_to(mine)
    with pytest.raises(RenderError, match=r"files changed after sdlc wrote them: small/roles\.md"):
        render([load_process(SMALL)], out)
    assert mine.is_file()
    assert (out / "small" / "roles.md").is_symlink()


def test_an_empty_folder_of_ones_own_in_a_render_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    render([load_process(SMALL)], out)
    (out / "small" / "drafts").mkdir()
    with pytest.raises(RenderError, match=r"did not write: small/drafts/"):
        render([load_process(SMALL)], out)
    assert (out / "small" / "drafts").is_dir()


def test_the_manifest_is_what_sha256sum_checks(tmp_path: Path) -> None:
    out = tmp_path / "out"
    written = render([load_process(SMALL)], out)
    lines = [line for line in (out / MARKER).read_text("utf-8").splitlines() if line[:1] != "#"]
    assert [line.split("  ", 1)[1] for line in lines] == written
    for line in lines:
        digest, rel = line.split("  ", 1)
        assert _sha(out / rel) == digest


def test_a_file_dropped_in_while_a_render_runs_is_kept_and_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between the check and the swap someone writes into the old handbook: the swap
    goes ahead, but only the old render's own files are deleted; theirs is kept, and
    the render says where (exit 2)."""
    from sdlc.handbook import output

    out = tmp_path / "out"
    render([load_process(SMALL)], out)
    real_swap = output._swap

    def swap_after_a_write(staging: Path, target: Path) -> Path | None:
        (target / "small" / "late.md").write_text("mine", encoding="utf-8")
        return real_swap(staging, target)

    monkeypatch.setattr(output, "_swap", swap_after_a_write)
    with pytest.raises(RenderError) as caught:
        render([load_process(SMALL)], out)
    kept = [p for p in tmp_path.iterdir() if p.name != "out"]
    assert len(kept) == 1
    assert caught.value.message == (
        "the handbook was rendered, but small/late.md appeared in the old handbook while it "
        f"was replaced; kept in {kept[0]}"
    )
    assert _tree(kept[0]) == {"small/late.md": b"mine"}
    assert (out / "small" / "index.md").is_file()
    assert not (out / "small" / "late.md").exists()
    monkeypatch.undo()
    render([load_process(SMALL)], out)  # a later render clears only what is its own
    assert _tree(kept[0]) == {"small/late.md": b"mine"}


def test_a_killed_renders_folder_is_cleared_only_of_its_own_files(tmp_path: Path) -> None:
    from sdlc.handbook.output import publish

    out = tmp_path / "out"
    publish({"a.md": "a\n"}, out)
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )  # a process that has ended: its id names no running render
    dead = ended.stdout.strip()
    left = tmp_path / f".out.render-{dead}-x1y2"
    left.mkdir()
    (left / MARKER).write_text(f"{'b' * 64}  b.md\n", encoding="utf-8")
    (left / "b.md").write_text("cut sh", encoding="utf-8")  # killed mid-write
    (left / "notes.txt").write_text("mine", encoding="utf-8")
    publish({"a.md": "a2\n"}, out)
    assert _tree(left) == {"notes.txt": b"mine"}
