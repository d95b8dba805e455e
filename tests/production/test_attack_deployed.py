"""Attacks on ``sdlc deployed``: ways to make something run in production look as if
a compliant record deployed it. Each test performs one and asserts the refusal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..conftest import ROOT, RunCli

GATEWAY = "sha256:32b8f63b340ae821db9b6d7dd9ca1b100fb2021189f0de050081d9e7a0a30086"
EVIL = "sha256:" + "e" * 64
RECORDS = [str(ROOT / "examples" / "high-risk-rework.yaml")]
TAIL = [
    "--process",
    str(ROOT / "processes" / "eid-gateway.yaml"),
    "--roster",
    str(ROOT / "processes" / "eid-gateway.roster.yaml"),
    "--severity",
    "undeployed-record=off",
]


def _pods(tmp_path: Path, *statuses: dict[str, Any], spec_image: str = "x") -> Path:
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "eid-gateway-1", "namespace": "eid"},
        "spec": {"containers": [{"name": "gateway", "image": spec_image}]},
        "status": {"containerStatuses": list(statuses)},
    }
    path = tmp_path / "pods.json"
    path.write_text(json.dumps({"apiVersion": "v1", "kind": "List", "items": [pod]}, indent=2))
    return path


def _deployed(run_cli: RunCli, snapshot: Path, *records: str) -> tuple[int, Any, str]:
    code, out, err = run_cli(
        "deployed", str(snapshot), "--records", *(records or RECORDS), *TAIL, "--format", "json"
    )
    return code, json.loads(out) if out else None, err


def _findings(data: Any) -> list[tuple[str, str]]:
    return [(f["rule"], f["message"]) for a in data["artifacts"] for f in a["findings"]]


def test_attack_the_trusted_tag_pushed_again_with_other_bytes(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """The tag people know as EID-2417's release now points at another build; only the
    digest the kubelet resolved counts, and no record deployed it."""
    tag = "registry.example.no/login/eid-gateway:2026.03.12"
    status = {"name": "gateway", "image": tag, "imageID": f"registry.example.no/x@{EVIL}"}
    code, data, _ = _deployed(run_cli, _pods(tmp_path, status))
    assert code == 1
    assert _findings(data) == [
        (
            "unrecorded-artifact",
            f"eid/eid-gateway-1/gateway: runs sha256:eeeeeee… (image {tag}), "
            "but no record deployed it",
        )
    ]


def test_attack_status_image_claims_the_compliant_digest(run_cli: RunCli, tmp_path: Path) -> None:
    """``image`` names the compliant digest, ``imageID`` (what runs) another one."""
    image = f"registry.example.no/login/eid-gateway@{GATEWAY}"
    status = {"name": "gateway", "image": image, "imageID": f"registry.example.no/x@{EVIL}"}
    code, data, _ = _deployed(run_cli, _pods(tmp_path, status, spec_image=image))
    assert code == 1
    assert [rule for rule, _ in _findings(data)] == ["unrecorded-artifact"]


def test_attack_a_digest_prefix_is_not_a_digest(run_cli: RunCli, tmp_path: Path) -> None:
    """``sha256:32b8f63`` is how people quote EID-2417's digest; it matches nothing."""
    status = {"name": "gateway", "image": "gw:1", "imageID": "registry/gw@sha256:32b8f63"}
    code, data, _ = _deployed(run_cli, _pods(tmp_path, status))
    assert code == 1
    assert _findings(data) == [
        (
            "unverifiable",
            "eid/eid-gateway-1/gateway: has imageID 'registry/gw@sha256:32b8f63', which holds "
            "no valid digest ('sha256:32b8f63' is not a digest (expected sha256: and 64 "
            "lower-case hex digits)), so what runs cannot be matched to a record",
        )
    ]


def test_attack_a_pending_pod_is_not_trusted_from_its_spec(run_cli: RunCli, tmp_path: Path) -> None:
    """A pod that pins the compliant digest in its spec but has not pulled anything yet
    runs nothing anyone has seen: unverifiable, not compliant."""
    pinned = f"registry.example.no/login/eid-gateway@{GATEWAY}"
    status = {"name": "gateway", "image": pinned, "imageID": "", "state": {"waiting": {}}}
    code, data, _ = _deployed(run_cli, _pods(tmp_path, status, spec_image=pinned))
    assert code == 1
    assert [(a["status"], a["findings"][0]["code"]) for a in data["artifacts"]] == [
        ("unverifiable", "C016")
    ]


def test_attack_a_second_image_id_key_hides_the_first(run_cli: RunCli, tmp_path: Path) -> None:
    """A snapshot edited to say ``imageID`` twice (a reader that keeps the last would see
    one digest, a human the other) is refused, located."""
    path = tmp_path / "pods.json"
    path.write_text(
        '{"apiVersion": "v1", "kind": "List", "items": [{"kind": "Pod",\n'
        ' "metadata": {"name": "p", "namespace": "eid"}, "status": {"containerStatuses": [\n'
        f' {{"name": "gateway", "imageID": "{GATEWAY}",\n'
        f'  "imageID": "{EVIL}"}}]}}}}]}}\n',
        encoding="utf-8",
    )
    code, data, err = _deployed(run_cli, path)
    assert (code, data) == (2, None)
    assert err == (
        f"sdlc: {path}:4:3: duplicate key 'imageID' (first defined at line 3)\n"
        "  hint: remove one of the two entries\n"
    )


def test_attack_a_record_that_only_mentions_the_digest_deployed_nothing(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """The artifact appears in a record's header, build and verification, but its
    deployment failed: no completed deployment, so no record deployed it."""
    text = (ROOT / "examples" / "high-risk-rework.yaml").read_text(encoding="utf-8")
    deployment = (
        "  - stage: deployment\n    actor: nora-bakken\n    at: 2026-03-12T07:30:00+01:00\n"
    )
    assert text.count(deployment + "    outcome: done\n") == 1
    record = tmp_path / "failed.yaml"
    record.write_text(
        text.replace(deployment + "    outcome: done\n", deployment + "    outcome: failed\n"),
        encoding="utf-8",
    )
    listing = tmp_path / "running.txt"
    listing.write_text(f"eid-gateway-vm-01 {GATEWAY}\n", encoding="utf-8")
    code, data, _ = _deployed(run_cli, listing, str(record))
    assert code == 1
    assert [a["status"] for a in data["artifacts"]] == ["unrecorded"]


def test_attack_an_upper_case_digest_is_refused_not_matched(
    run_cli: RunCli, tmp_path: Path
) -> None:
    listing = tmp_path / "running.txt"
    listing.write_text(f"eid-gateway-vm-01 {GATEWAY.upper().replace('SHA256', 'sha256')}\n")
    code, data, err = _deployed(run_cli, listing)
    assert (code, data) == (2, None)
    assert err.startswith(f"sdlc: {listing}:1:19: eid-gateway-vm-01: 'sha256:32B8F63B")


def test_attack_an_unreadable_record_fails_the_run(run_cli: RunCli, tmp_path: Path) -> None:
    """The record that would account for an artifact cannot be read: the artifact is
    unrecorded and the run ends with exit 2, never 0."""
    broken = tmp_path / "EID-2417.yaml"
    broken.write_text("id: EID-2417\nevents: [\n", encoding="utf-8")
    listing = tmp_path / "running.txt"
    listing.write_text(f"eid-gateway-vm-01 {GATEWAY}\n", encoding="utf-8")
    code, data, _ = _deployed(run_cli, listing, str(broken))
    assert code == 2
    assert [a["status"] for a in data["artifacts"]] == ["unrecorded"]
    assert [u["path"] for u in data["unreadable"]] == [str(broken)]


def test_attack_terminal_escapes_in_a_container_name_are_shown_escaped(
    run_cli: RunCli, tmp_path: Path
) -> None:
    snapshot = tmp_path / "docker.json"
    snapshot.write_text(
        json.dumps(
            [{"Id": "c" * 64, "Name": "/web\x1b[2J", "Image": GATEWAY, "State": {}, "Config": {}}]
        ),
        encoding="utf-8",
    )
    code, out, _ = run_cli("deployed", str(snapshot), "--records", *RECORDS, *TAIL)
    assert code == 0
    assert "\x1b" not in out
    assert "  web\\x1b[2J: compliant, deployed by EID-2417" in out
