"""Each integrity rule's page shows an example that `sdlc check` really reports.

A page's "## Example" holds a record's `events`, the rest of the header taken
from :data:`HEADER`. The chain and signature fields are not shown: the prose
says how the record was made ("Recorded with `sdlc record append`", "and
signed": each event by its actor's example key), what was edited by hand
afterwards (:data:`MADE` holds that edit, by page), and what it is checked
against ("the shipped `eid-gateway@3.0`", "with a roster that lists everyone's
key", "with `signed: true` on its `approval` stage"). The test makes the record
so, checks it with a fixed clock and asserts the page's rule fires.

`rewritten-history` needs a store: its page tells how the record's versions
were made and shows what `sdlc record verify --store` prints. The test makes
them so in a bare git repository and runs the command; the output, less the
hint, is the page's but for the commit ids.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from sdlc.checking import Checker, CheckOptions
from sdlc.integrity.chain import event_hash, header_hash
from sdlc.load.loaders import load_record
from sdlc.model.process import Process
from sdlc.model.record import Event, Record
from sdlc.model.roster import Roster
from sdlc.rules.catalogue import RULES
from sdlc.store.address import open_store
from sdlc.store.appending import append_to, create_in

from ..conftest import RunCli
from ..page_examples import EXAMPLE, HEADER, NOW
from ..signed_records import sign_record, signed_process, with_keys
from ..store.conftest import SUBJECT, git

_SHIPPED = "the shipped `eid-gateway@3.0`"
_Edit = Callable[[str], str]


def _once(old: str, new: str) -> _Edit:
    def edit(text: str) -> str:
        assert text.count(old) == 1, (old, text)
        return text.replace(old, new)

    return edit


MADE: dict[str, _Edit] = {
    "broken-chain": _once("outcome: rejected", "outcome: approved"),
    "bad-signature": _once("subject: a1f3c9e0", "subject: b7d20e41"),
}
"""The edit by hand each page describes, made to the recorded file's text."""

INTEGRITY_RULES = sorted(slug for slug, rule in RULES.items() if rule.area == "integrity")
PENDING: dict[str, str] = {}
"""Integrity rules whose page example is not checked here, each with the reason."""
STORED = "rewritten-history"
_CONSOLE = re.compile(r"```console\n\$ sdlc (.*?)\n(.*?)```\n", re.DOTALL)
_COMMIT = re.compile(r"\bcommit [0-9a-f]{12}\b")


def _example(slug: str) -> tuple[dict[str, Any], str] | None:
    found = EXAMPLE.search(RULES[slug].page())
    if found is None:
        return None
    prose = " ".join(found.group(2).split())
    if _SHIPPED not in prose or "`sdlc check` reports" not in prose:
        return None
    return {**HEADER, **yaml.safe_load(found.group(1))}, prose


def _made(data: dict[str, Any], prose: str, slug: str, folder: Path) -> Record:
    record = Record.model_validate(data)
    if not prose.startswith("Recorded"):
        return record
    path = folder / "record.yaml"
    sign_record(record, path, sign=prose.startswith("Recorded and signed"))
    edit = MADE.get(slug)
    if edit is not None:
        path.write_text(edit(path.read_text("utf-8")), encoding="utf-8")
    return load_record(path)


@pytest.mark.parametrize("slug", sorted(set(INTEGRITY_RULES) - set(PENDING) - {STORED}))
def test_the_page_example_is_reported_as_the_page_says(
    eid: Process, eid_roster: Roster, slug: str, tmp_path: Path
) -> None:
    example = _example(slug)
    assert example is not None, f"{slug}.md: no example checked against the shipped process"
    data, prose = example
    record = _made(data, prose, slug, tmp_path)
    roster = with_keys(eid_roster) if "lists everyone's key" in prose else eid_roster
    process = signed_process(eid, {"approval"}) if "`signed: true` on its" in prose else eid
    report = Checker(process, roster, CheckOptions(now=NOW)).check(record)
    assert slug in {finding.rule for finding in report.findings}, report.findings


def _rewritten(bare: Path, ref: str, name: str) -> None:
    """What a forger does: the review turned into an approval, the chain made again
    from the header on, and the result force-pushed on top of the ref."""
    data = json.loads(git(bare, "cat-file", "blob", f"{ref}:{name}"))
    (review,) = [item for item in data["events"] if item["stage"] == "code-review"]
    review["outcome"] = "approved"
    top = header_hash(Record.model_validate({**data, "events": []}))
    for item in data["events"]:
        item["prev"] = top
        top = event_hash(Event.model_validate(item))
    blob = git(bare, "hash-object", "-w", "--stdin", stdin=json.dumps(data, indent=2) + "\n")
    tree = git(bare, "mktree", stdin=f"100644 blob {blob}\t{name}\n")
    who = {"GIT_AUTHOR_NAME": "mallory", "GIT_AUTHOR_EMAIL": "mallory@example.com"}
    who |= {"GIT_COMMITTER_NAME": "mallory", "GIT_COMMITTER_EMAIL": "mallory@example.com"}
    forged = subprocess.run(
        ["git", "--git-dir", str(bare), "commit-tree", tree, "-p", ref, "-m", "tidy up"],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", **who},
    ).stdout.strip()
    git(bare, "update-ref", ref, forged)


def test_the_rewritten_history_page_shows_what_record_verify_prints(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = _CONSOLE.search(RULES[STORED].page())
    assert found is not None, f"{STORED}.md: no console example"
    command, shown = found.groups()
    *argv, rid = command.split()
    assert argv[:3] == ["record", "verify", "--store"]
    bare = tmp_path / "records.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    url = f"git+file://{bare}"
    monkeypatch.setenv("SDLC_STORE_CACHE", str(tmp_path / "appender"))
    store = open_store(url)
    create_in(
        store, f"{rid}.json", Record.model_validate({"id": rid, "process": HEADER["process"]})
    )
    for stage, actor, at, outcome in [
        ("implementation", "ola-nordmann", "2026-03-09T10:05:00+01:00", "done"),
        ("build", "ci", "2026-03-09T10:20:00+01:00", "done"),
        ("code-review", "kari-larsen", "2026-03-09T14:00:00+01:00", "rejected"),
    ]:
        event = {"stage": stage, "actor": actor, "at": at, "outcome": outcome}
        append_to(store, rid, Event.model_validate({**event, "subject": SUBJECT}))
    _rewritten(bare, f"refs/sdlc/records/{rid}", f"{rid}.json")
    monkeypatch.setenv("SDLC_STORE_CACHE", str(tmp_path / "verifier"))
    code, out, err = run_cli(*argv[:3], url, rid)
    assert (code, err) == (1, "")
    printed = [line for line in out.splitlines() if not line.lstrip().startswith("hint: ")]
    assert _COMMIT.sub("commit C", "\n".join(printed)) == _COMMIT.sub("commit C", shown.rstrip())
    assert f" I006 {STORED} " in out


def test_pending_is_exactly_the_pages_without_a_checked_example() -> None:
    checked = {slug for slug in INTEGRITY_RULES if _example(slug) is not None}
    if _CONSOLE.search(RULES[STORED].page()) is not None:
        checked.add(STORED)
    assert set(INTEGRITY_RULES) - checked == set(PENDING)
