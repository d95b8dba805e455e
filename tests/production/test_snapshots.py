"""Reading snapshots: image references, Kubernetes pod lists, docker inspect output,
plain lists, and the guess of which one a file is."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from sdlc.errors import InputError
from sdlc.production.reader import read_snapshot
from sdlc.production.references import BadDigest, pinned_digest

from ..conftest import ROOT

DATA = ROOT / "tests" / "production" / "data"
D = "sha256:" + "ab" * 32


# -- image references --------------------------------------------------------------------


@pytest.mark.parametrize(
    "reference",
    [
        f"docker-pullable://registry.example.no/login/eid-gateway@{D}",
        f"registry.example.no:5000/login/eid-gateway@{D}",
        f"docker.io/library/nginx@{D}",
        f"docker://{D}",
        D,
        f"nginx:1.25@{D}",
    ],
)
def test_every_form_of_image_id_pins_its_digest(reference: str) -> None:
    assert pinned_digest(reference) == D


@pytest.mark.parametrize(
    "reference", ["nginx:1.25", "registry.example.no:5000/ops/log-shipper:2.3", "busybox", ""]
)
def test_a_reference_by_tag_pins_nothing(reference: str) -> None:
    assert pinned_digest(reference) is None


@pytest.mark.parametrize(
    "reference",
    ["nginx@sha256:32b8f63", "sha256:" + "AB" * 32, "sha256:" + "ab" * 31, "x@md5:abcd"],
)
def test_a_malformed_digest_is_refused_not_shortened(reference: str) -> None:
    with pytest.raises(BadDigest):
        pinned_digest(reference)


def test_a_bare_image_id_is_a_digest_only_where_asked() -> None:
    assert pinned_digest("ab" * 32) is None
    assert pinned_digest("ab" * 32, bare_id=True) == D


# -- Kubernetes ----------------------------------------------------------------------------


def test_the_realistic_pod_list_is_read_container_by_container() -> None:
    snapshot = read_snapshot(DATA / "pods.json")
    assert snapshot.kind == "kubernetes"
    first = {r.label: r for r in snapshot.running}
    assert len(snapshot.running) == 11
    gateway = first["eid/eid-gateway-7c9d8f6b5-2xk4q/gateway"]
    assert gateway.digests == (
        "sha256:32b8f63b340ae821db9b6d7dd9ca1b100fb2021189f0de050081d9e7a0a30086",
    )
    assert gateway.workload == "Deployment eid/eid-gateway, container gateway"
    assert (gateway.namespace, gateway.pod, gateway.container) == (
        "eid",
        "eid-gateway-7c9d8f6b5-2xk4q",
        "gateway",
    )
    assert (gateway.state, gateway.started_at) == ("running", "2026-11-20T03:14:32Z")
    assert str(gateway.location).startswith(f"{DATA / 'pods.json'}:")
    roles = {r.label.rsplit("/", 1)[1]: r.role for r in snapshot.running}
    assert roles["istio-init"] == "init"
    assert roles["debugger-x7p2q"] == "ephemeral"
    assert first["eid/eid-gateway-7c9d8f6b5-2xk4q/istio-init"].state == "terminated: Completed"
    canary = first["eid/eid-gateway-canary-5f8b9c7d6-lq8wd/gateway"]
    assert canary.digests[0].startswith("sha256:748c00b")  # docker-pullable:// form
    shipper = first["monitoring/log-shipper-x7k2p/shipper"]
    assert shipper.digests == ()
    assert "by tag" in shipper.problem
    assert shipper.workload == "DaemonSet monitoring/log-shipper, container shipper"
    pending = first["monitoring/report-generator-29410560-7wq9c/report"]
    assert pending.digests == ()
    assert "imageID is empty, waiting: ImagePullBackOff" in pending.problem


def _pod(**status: Any) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "web-1", "namespace": "shop"},
        "spec": {"containers": [{"name": "web", "image": "shop/web:3"}]},
        "status": status,
    }


def _write(tmp_path: Path, data: object, name: str = "snap.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def test_one_pod_and_a_pod_list_from_the_api_are_read(tmp_path: Path) -> None:
    status = {"containerStatuses": [{"name": "web", "image": "shop/web:3", "imageID": D}]}
    (one,) = read_snapshot(_write(tmp_path, _pod(**status))).running
    assert (one.label, one.digests, one.workload) == (
        "shop/web-1/web",
        (D,),
        "Pod shop/web-1, container web",
    )
    pod = _pod(**status)
    del pod["kind"]  # items of a PodList carry no kind
    listed = {"apiVersion": "v1", "kind": "PodList", "items": [pod]}
    (same,) = read_snapshot(_write(tmp_path, listed)).running
    assert dataclasses.replace(same, location=one.location) == one


def test_a_container_with_no_status_yet_is_read_from_the_spec(tmp_path: Path) -> None:
    (waiting,) = read_snapshot(_write(tmp_path, _pod(phase="Pending"))).running
    assert (waiting.label, waiting.digests, waiting.state) == ("shop/web-1/web", (), "not started")
    assert "no status yet" in waiting.problem


def test_kubectl_yaml_output_is_read_too(tmp_path: Path) -> None:
    path = tmp_path / "pods.yaml"
    path.write_text(
        "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n"
        "  metadata: {name: web-1, namespace: shop}\n"
        f"  status:\n    containerStatuses:\n    - name: web\n      imageID: {D}\n",
        encoding="utf-8",
    )
    (one,) = read_snapshot(path).running
    assert one.digests == (D,)
    assert str(one.location) == f"{path}:10:16"


def test_a_list_of_something_other_than_pods_is_refused_where_it_says_so(
    tmp_path: Path,
) -> None:
    data = {"apiVersion": "v1", "kind": "List", "items": [{"kind": "Service", "metadata": {}}]}
    path = _write(tmp_path, data)
    with pytest.raises(InputError) as caught:
        read_snapshot(path)
    assert caught.value.user_message() == (
        f"{path}:6:15: expected only Pods, found a 'Service'\n"
        "  hint: list pods alone: kubectl get pods -A -o json"
    )


def test_a_wrong_type_is_refused_at_its_place(tmp_path: Path) -> None:
    path = _write(tmp_path, _pod(containerStatuses=[{"name": ["web"], "imageID": D}]))
    with pytest.raises(InputError) as caught:
        read_snapshot(path)
    assert caught.value.message == "the container's name: expected text, found a list"
    assert caught.value.location is not None
    assert (caught.value.location.line, caught.value.location.column) == (19, 17)


# -- Docker --------------------------------------------------------------------------------


def test_docker_containers_take_the_repository_digests_of_their_images() -> None:
    snapshot = read_snapshot(DATA / "docker.json")
    assert snapshot.kind == "docker"
    gateway, fallback, agent = snapshot.running
    assert gateway.label == "eid-edge-gateway-1"
    assert gateway.workload == "compose service eid-edge/gateway"
    assert gateway.digests[0].startswith("sha256:32b8f63")
    assert fallback.digests[0].startswith("sha256:748c00b")  # from RepoDigests only
    assert fallback.digests[-1] == fallback.image_id
    assert agent.digests == (agent.image_id,)
    assert "built here" in agent.note
    assert gateway.started_at == "2026-11-28T09:14:03.402118733Z"


def _container(**fields: Any) -> dict[str, Any]:
    return {
        "Id": "c" * 64,
        "Name": "/web-1",
        "Image": D,
        "State": {"Status": "running", "StartedAt": "0001-01-01T00:00:00Z"},
        "Config": {"Image": "shop/web:3", "Labels": {}},
        **fields,
    }


def test_a_container_alone_says_to_inspect_its_image(tmp_path: Path) -> None:
    (web,) = read_snapshot(_write(tmp_path, [_container()])).running
    assert (web.label, web.workload, web.digests) == ("web-1", "container web-1", (D,))
    assert web.note == "no repository digest in the snapshot: inspect its image too"
    assert web.started_at is None  # Docker's "never started"


def test_podman_bare_image_ids_are_digests(tmp_path: Path) -> None:
    (web,) = read_snapshot(_write(tmp_path, [_container(Image="ab" * 32)])).running
    assert web.digests == (D,)


def test_an_object_docker_inspect_gives_for_a_network_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, [_container(), {"Id": "n" * 64, "Name": "bridge", "Driver": "x"}])
    with pytest.raises(InputError, match="expected a container or an image") as caught:
        read_snapshot(path)
    assert caught.value.location is not None
    assert caught.value.location.line == 15


def test_a_container_without_an_image_is_unverifiable(tmp_path: Path) -> None:
    (web,) = read_snapshot(_write(tmp_path, [_container(Image="", Config={})])).running
    assert web.digests == ()
    assert web.problem == "has no image id nor digest; image ''"


# -- plain lists ---------------------------------------------------------------------------


def test_a_plain_list_is_read_line_by_line() -> None:
    snapshot = read_snapshot(DATA / "running.txt")
    assert snapshot.kind == "list"
    assert [r.label for r in snapshot.running] == [
        "eid-gateway-vm-01",
        "eid-gateway-vm-02",
        "signing-proxy",
        "status-page",
    ]
    vm, _, proxy, _ = snapshot.running
    assert str(vm.location) == f"{DATA / 'running.txt'}:3:22"
    assert proxy.digests == ()
    assert "by tag" in proxy.problem


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        ("web sha256:abc\n", "web: 'sha256:abc' is not a digest", 5),
        ("web\n", "expected NAME DIGEST (two words), found 1 word", 1),
        (f"web {D} extra\n", "expected NAME DIGEST (two words), found 3 words", 1),
    ],
)
def test_a_bad_line_is_refused_at_its_place(
    tmp_path: Path, text: str, message: str, column: int
) -> None:
    path = tmp_path / "running.txt"
    path.write_text(f"# header\n{text}", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_snapshot(path)
    assert caught.value.message.startswith(message)
    assert caught.value.location is not None
    assert (caught.value.location.line, caught.value.location.column) == (2, column)


# -- which kind ----------------------------------------------------------------------------


def test_a_named_kind_must_fit_the_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="expected a 'docker inspect' list"):
        read_snapshot(DATA / "pods.json", "docker")
    with pytest.raises(InputError, match="expected a Kubernetes List of Pods"):
        read_snapshot(DATA / "docker.json", "kubernetes")
    with pytest.raises(InputError, match="expected NAME DIGEST"):
        read_snapshot(DATA / "pods.json", "list")
    assert read_snapshot(DATA / "running.txt", "list").kind == "list"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('{"apiVersion": "v1", "kind": "Service"}', "found a mapping of kind 'Service'"),
        ("[]", "found an empty list"),
        ('[{"Name": "x"}]', "found a list of mappings without 'Id'"),
        ("items: 3\n", "found a mapping without 'kind'"),
    ],
)
def test_an_unknown_shape_names_what_was_expected(tmp_path: Path, text: str, found: str) -> None:
    path = tmp_path / "snap.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_snapshot(path)
    message = caught.value.user_message()
    assert message.startswith(f"{path}:1:1: not a snapshot sdlc can read: expected the output")
    assert found in message


@pytest.mark.parametrize("text", ["", "\n\n", "   \n"])
def test_an_empty_snapshot_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "snap.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="the snapshot is empty"):
        read_snapshot(path)


def test_a_list_of_comments_only_lists_nothing(tmp_path: Path) -> None:
    path = tmp_path / "snap.txt"
    path.write_text("# nothing yet\n", encoding="utf-8")
    with pytest.raises(InputError, match="the snapshot lists nothing running"):
        read_snapshot(path)
