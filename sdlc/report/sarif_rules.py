"""SARIF rule descriptors: each rule of the catalogue as code scanning shows it.

GitHub code scanning wants every rule to carry a short and a full description and
help as text and Markdown; they come from the rule's page (``sdlc/rules/pages``).
``helpUri`` points at the rule's page in the handbook, when its address is given.
"""

from __future__ import annotations

import functools
import re

from ..rules.catalogue import RULES, Severity

LEVEL = dict(zip(Severity, ("error", "warning", "note", "none"), strict=True))
"""error, warn, info, off: in the order :class:`Severity` declares them."""
_MARKUP = re.compile(r"\*\*|`")


def rule_name(slug: str) -> str:
    """The rule's name in PascalCase (``stale-approval``: ``StaleApproval``); a slug of
    one word gets its area after it (``incomplete``: ``IncompleteRecord``), since
    SARIF wants a name that differs from the id."""
    words = slug.split("-")
    if len(words) == 1:
        words.append(RULES[slug].area)
    return "".join(word.capitalize() for word in words)


def help_uri(base: str, slug: str) -> str:
    """The rule's page in a handbook published at ``base`` (``rules/<slug>/``)."""
    return f"{base.rstrip('/')}/rules/{slug}/"


@functools.cache
def _page(slug: str) -> tuple[str, str, str]:
    """The rule's page: its first paragraph, and the rest as Markdown and as text."""
    lines = RULES[slug].page().splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    markdown = "\n".join(lines).strip()
    first = markdown.split("\n\n", 1)[0]
    plain, fenced = [], False
    for line in lines:
        if line.startswith("```"):
            fenced = not fenced
            continue
        heading = not fenced and line.startswith("#")
        plain.append(line.lstrip("#").strip() if heading else line)
        plain[-1] = plain[-1] if fenced else _MARKUP.sub("", plain[-1])
    text = "\n".join(plain).strip() + "\n"
    return _MARKUP.sub("", " ".join(first.split())), markdown + "\n", text


def descriptor(slug: str, help_uri_base: str | None) -> dict[str, object]:
    """The ``reportingDescriptor`` of the rule ``slug``."""
    rule = RULES[slug]
    full, markdown, text = _page(slug)
    described: dict[str, object] = {
        "id": slug,
        "name": rule_name(slug),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": full},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"code": rule.code, "tags": [rule.area]},
    }
    if help_uri_base is not None:
        described["helpUri"] = help_uri(help_uri_base, slug)
    return described
