"""Attacks through evidence digests: a record that names a secret, a device or a huge
sparse file as local evidence, to make the check print the secret's SHA-256 (from
which a short secret is recovered by guessing), hang, or read without end. Evidence
is read only inside the record's repository, only from regular files, within
SDLC_MAX_EVIDENCE_BYTES, and no message shows a digest the record did not hold."""

from __future__ import annotations

import hashlib
import os
import sys
import time
from pathlib import Path

import pytest
import yaml

from sdlc.integrity.digests import DigestCache, repository

from ..conftest import ROOT, RunCli

BASE = ROOT / "tests" / "cases" / "bad-input" / "_base" / "record.yaml"
GUESS = "0" * 64
PIN = "4711"
"""A short secret: with its SHA-256 printed, it would take ten thousand guesses."""


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _record(folder: Path, uri: str, sha256: str = GUESS) -> Path:
    """A record in ``folder`` whose code review names ``uri`` as evidence."""
    data = yaml.safe_load(BASE.read_text())
    data["events"][1]["evidence"] = [{"kind": "review-link", "uri": uri, "sha256": sha256}]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "CHG-1.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def _finding(uri: str, problem: str, sha256: str = GUESS) -> str:
    return (
        f"record CHG-1, event #2 'code-review' by kari: evidence review-link '{uri}' "
        f"{problem}, so the SHA-256 the event records ({sha256}) cannot be checked"
    )


@pytest.fixture
def pin(tmp_path: Path) -> Path:
    path = tmp_path / "secret" / "pin.txt"
    path.parent.mkdir()
    path.write_text(PIN)
    return path


def test_a_secret_outside_the_repository_is_not_read_and_its_digest_never_shown(
    run_cli: RunCli, tmp_path: Path, pin: Path
) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    outputs = []
    for recorded in (GUESS, _sha(PIN.encode())):  # a wrong guess, and the right one
        record = _record(repo / "records", str(pin), recorded)
        code, out, err = run_cli("record", "verify", str(record))
        assert code == 1
        assert _sha(PIN.encode()) not in out.replace(recorded, "") + err
        problem = f"lies outside the repository the record is in ({repo}), and is not read"
        assert _finding(str(pin), problem, recorded) in out
        outputs.append(out.replace(recorded, "…"))
    assert outputs[0] == outputs[1], "the outcome must not tell a right guess from a wrong one"


def test_a_link_in_the_repository_to_a_secret_is_not_followed(tmp_path: Path, pin: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "reports").mkdir()
    (repo / "reports" / "review.html").symlink_to(pin)
    reading = DigestCache().read(repo / "reports" / "review.html", repo / "records")
    assert (reading.sha256, reading.problem) == (
        None,
        f"lies outside the repository the record is in ({repo}), and is not read",
    )


def test_evidence_elsewhere_in_the_repository_is_read(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "reports").mkdir()
    (repo / "reports" / "review.html").write_text("approved")
    reading = DigestCache().read(
        repo / "records" / ".." / "reports" / "review.html", repo / "records"
    )
    assert reading.sha256 == _sha(b"approved")
    # without git, the repository is the record's own folder
    (repo / ".git").rmdir()
    assert repository(repo / "records") == (repo / "records").resolve()


def test_a_mismatch_shows_only_the_recorded_digest(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "review.html").write_text("rewritten")
    record = _record(tmp_path, "review.html")
    code, out, _ = run_cli("record", "verify", str(record))
    assert code == 1
    assert _sha(b"rewritten") not in out
    assert (
        "evidence review-link 'review.html' does not match the SHA-256 the event records "
        f"({GUESS}): the file was changed or replaced"
    ) in out


def test_evidence_that_no_longer_exists_is_a_finding(run_cli: RunCli, tmp_path: Path) -> None:
    record = _record(tmp_path, "reports/gone.html")
    code, out, _ = run_cli("record", "verify", str(record))
    assert code == 1
    assert _finding("reports/gone.html", "names a local file that does not exist") in out
    assert "hint: restore the evidence the event was recorded with" in out


@pytest.mark.skipif(sys.platform == "win32", reason="sparse files and /proc are POSIX")
def test_a_huge_sparse_file_is_refused_by_its_size_without_reading(
    run_cli: RunCli, tmp_path: Path
) -> None:
    with (tmp_path / "huge.bin").open("wb") as handle:
        handle.truncate(1 << 40)  # a terabyte of nothing, in no space at all
    record = _record(tmp_path, "huge.bin")
    started = time.perf_counter()
    code, out, _ = run_cli("record", "verify", str(record))
    assert time.perf_counter() - started < 5
    assert code == 1
    problem = "is more than the limit of 268,435,456 bytes, and is not read"
    assert _finding("huge.bin", problem) in out
    assert "hint: raise the limit with SDLC_MAX_EVIDENCE_BYTES" in out


def test_a_file_that_grows_past_the_limit_while_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDLC_MAX_EVIDENCE_BYTES", "10")
    (tmp_path / "growing.log").write_bytes(b"x" * 5)
    real = os.fstat

    def shrunk(fd: int) -> os.stat_result:  # the size it had when it was looked at
        info = real(fd)
        return os.stat_result((info.st_mode, *info[1:6], 5, *info[7:]))

    (tmp_path / "growing.log").write_bytes(b"x" * 50)
    monkeypatch.setattr(os, "fstat", shrunk)
    reading = DigestCache().read(tmp_path / "growing.log", tmp_path)
    assert reading.problem == "is more than the limit of 10 bytes, and is not read"


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads /proc (Linux)")
def test_files_of_the_operating_system_are_never_read() -> None:
    cache = DigestCache()
    for path in ("/proc/self/environ", "/dev/zero", "/sys/kernel/mm"):
        reading = cache.read(Path(path), Path("/"))  # even for a record at the root
        assert reading.problem == "is a file of the operating system, which is never read"
    assert cache.sha256(Path("/proc/self/environ")) is None
    assert cache.known == {}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_in_the_evidence_s_place_is_not_waited_on(run_cli: RunCli, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "review.html")
    record = _record(tmp_path, "review.html")
    code, out, _ = run_cli("record", "verify", str(record))
    assert code == 1
    problem = "is not a regular file (a folder, a pipe or a device)"
    assert _finding("review.html", problem) in out
