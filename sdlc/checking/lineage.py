"""Subject lineage: which commits and artifacts are the same change.

A build event maps its input subject (a commit) to the artifacts it produced, so
an approval of the commit also covers the artifact built from it, and nothing
else. A small union-find keeps those links.
"""

from __future__ import annotations


class Lineage:
    """Equivalence of subjects through build links."""

    __slots__ = ("_parent",)

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}

    def root(self, subject: str) -> str:
        parent = self._parent
        node = subject
        while parent.get(node, node) != node:
            node = parent[node]
        while subject != node:  # path compression
            nxt = parent.get(subject, subject)
            parent[subject] = node
            subject = nxt
        return node

    def link(self, source: str, product: str) -> None:
        """Record that ``product`` was built from ``source``."""
        a, b = self.root(source), self.root(product)
        if a != b:
            self._parent[b] = a

    def same(self, a: str, b: str) -> bool:
        return a == b or self.root(a) == self.root(b)


def short(subject: str) -> str:
    """A subject as people quote it: ``4f2a9c1…`` or ``sha256:9c1d2e3…``."""
    prefix, _, digest = subject.rpartition(":")
    head = digest[:7] + "…" if len(digest) > 10 else digest
    return f"{prefix}:{head}" if prefix else head
