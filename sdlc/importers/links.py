"""in-toto link metadata (as ``in-toto-run`` writes it) as a build event.

A link says which step ran (``name``), the command, the files it read
(``materials``) and wrote (``products``) with their digests, and what the command
returned (``byproducts.return-value``). It comes as in-toto's classic metadata
(``{"signed": …, "signatures": […]}``, each signature a hex string over the
canonical JSON of ``signed`` that securesystemslib writes) or, with
``in-toto-run --use-dsse``, in a DSSE envelope. The event is of a build stage,
by ``--actor``, for the commit ``--subject`` (a link names files, not commits);
it ``produces`` the ``sha256`` of each product, and failed when the command
returned non-zero. With ``--verify-key`` a signature must verify with the key
(:mod:`~sdlc.importers.dsse`). The source is the SHA-256 of the link's
canonical JSON, the same whichever way it came (see docs/collecting.md).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from pathlib import Path
from typing import Any

from ..integrity.canonical_json import canonical
from ..load.text import decode
from ..model.stage import StageKind
from .dsse import PublicKey, signed_by, verify_envelope
from .files import EvidenceFile, read_evidence
from .json_input import read_json
from .setting import Setting
from .shape import Node
from .slsa import PAYLOAD
from .sources import Evidence, Proven, counted, new_event, note, short

_HINT = "pass the .link file in-toto-run wrote"


def olpc_canonical(value: Any) -> bytes:
    """securesystemslib's canonical JSON (OLPC's), over which classic in-toto
    metadata is signed: sorted keys, no whitespace, only ``\\`` and ``"`` escaped."""
    if isinstance(value, dict):
        items = sorted(value.items())
        return (
            b"{" + b",".join(olpc_canonical(k) + b":" + olpc_canonical(v) for k, v in items) + b"}"
        )
    if isinstance(value, list):
        return b"[" + b",".join(olpc_canonical(v) for v in value) + b"]"
    if isinstance(value, str):
        return ('"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"').encode("utf-8")
    if value is True or value is False or value is None:
        return json.dumps(value).encode()
    if isinstance(value, int):
        return str(value).encode()
    raise ValueError("in-toto's canonical JSON has no fractional numbers")


def read_link(path: Path, verifier: tuple[PublicKey, Path] | None) -> tuple[Node, str]:
    """The link in the file at ``path``, and how it came (and was verified)."""
    root = Node.root(read_json(read_evidence(path), hint=_HINT))
    if root.get("payloadType") is not None:
        if root.text_field("payloadType", "the payload's type") != PAYLOAD:
            raise root.field("payloadType").expected(f'"{PAYLOAD}"', _HINT)
        payload = root.field("payload", "the link, base64")
        try:
            raw = base64.b64decode(payload.text(), validate=True)
        except (binascii.Error, ValueError):
            raise payload.expected("the link in base64") from None
        inner = read_evidence_bytes(path, raw)
        how = "a DSSE envelope"
        if verifier is not None:
            how += f", {verify_envelope(root, raw, *verifier)} signature verified"
        return inner, how
    link = root.field("signed", "the link (in-toto metadata: signed and signatures)")
    how = "in-toto metadata"
    if verifier is not None:
        try:
            message = olpc_canonical(link.value)
        except ValueError as exc:
            raise link.error(str(exc)) from None
        good = signed_by(root.field("signatures", "the signatures"), message, *verifier, hexa=True)
        how += f", {good} signature verified"
    return link, how


def read_evidence_bytes(path: Path, raw: bytes) -> Node:
    """The JSON document ``raw``, the payload of the envelope at ``path``."""
    name = f"{path} (payload)"
    inner = EvidenceFile(Path(name), decode(raw, name), hashlib.sha256(raw).hexdigest())
    return Node.root(read_json(inner, hint=_HINT))


def prove_link(
    setting: Setting,
    paths: list[Path],
    options: tuple[str, str, str, str | None],
    verifier: tuple[PublicKey, Path] | None,
    extra: tuple[tuple[str, Path], ...] = (),
) -> Evidence:
    """The build events the link files at ``paths`` prove; ``options`` are the
    stage, actor, subject and evidence kind; each event also carries the ``extra``
    files (kind, path) as evidence."""
    stage, actor, subject, kind = options
    stage, evidence = setting.stage(stage, (StageKind.BUILD,), kind, "provenance")
    also = [setting.evidence(k, read_evidence(p)) for k, p in extra]
    actor = setting.actor(actor)
    proven = []
    for path in paths:
        link, how = read_link(path, verifier)
        if link.text_field("_type", "the metadata's type") != "link":
            raise link.field("_type").expected('"link"', _HINT)
        name = link.text_field("name", "the step's name")
        products = []
        for product, digests in sorted((link.get("products") or Node(link.file, {})).value.items()):
            sha = digests.get("sha256") if isinstance(digests, dict) else None
            if not isinstance(sha, str):
                raise link.field("products").field(product).error("no sha256 digest")
            products.append(f"sha256:{sha}")
        returned = (link.get("byproducts") or Node(link.file, {})).get("return-value")
        code = returned.integer() if returned is not None else 0
        command = " ".join(str(w) for w in (link.get("command") or Node(link.file, [])).value)
        source = f"in-toto-link/{hashlib.sha256(canonical(link.value)).hexdigest()}"
        materials = link.get("materials")
        lines = [
            f"in-toto: step {name!r}: {command or 'no command'} returned {code}",
            f"{how}; {counted(len(materials.value) if materials else 0, 'material')}, "
            f"{counted(len(products), 'product')}",
        ]
        event = new_event(
            {
                "stage": stage,
                "actor": actor,
                "at": setting.when(),
                "outcome": "done" if code == 0 else "failed",
                "subject": subject,
                "produces": products,
                "evidence": [setting.evidence(evidence, read_evidence(path)), *also],
                "note": note(lines, source),
            },
            link.file.locate(link.at),
        )
        made = ", ".join(short(p) for p in products) or "nothing"
        proven.append(Proven(event, source, f"step {name!r} on {short(subject)}: made {made}"))
    return Evidence("in-toto-link", tuple(proven))
