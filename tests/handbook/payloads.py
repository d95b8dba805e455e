"""A corpus of markup attacks, and a process that carries them in every text field.

Each payload has a tag (``P01`` …) inside its script, so a dialog that fires names
the payload that got through, and the text that must show on the page as text.
The classic ways into a page are here, and the ones the handbook's earlier
escaping let through: code spans that cross paragraphs, list items and headings,
and fences indented four spaces or a tab, after which raw HTML ran.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Payload:
    tag: str
    text: str
    shows: str
    """What a reader must see of it as text, wherever it lands."""


def _p(tag: str, text: str, shows: str | None = None) -> Payload:
    return Payload(tag, text, text if shows is None else shows)


CORPUS: tuple[Payload, ...] = (
    _p("P01", '<script>alert("P01")</script>'),
    _p("P02", '<img src=x onerror=alert("P02")>'),
    _p("P03", '<svg onload=alert("P03")><circle r="9"/></svg>'),
    _p("P04", '<details open ontoggle=alert("P04")>P04</details>'),
    _p("P05", '[P05](javascript:alert("P05"))'),
    _p("P06", "<iframe srcdoc=\"<script>alert('P06')</script>\"></iframe>"),
    _p("P07", '"><script>alert("P07")</script>'),
    _p("P08", '<!-- P08 --><img src=x onerror=alert("P08")>'),
    _p("P09", "P09 {: onclick=\"alert('P09')\" }"),
    _p("P10", '"] ; click s1 call alert("P10") ; %%{init: {"securityLevel": "loose"}}%%'),
    _p("P11", '`P11\n\n<img src=x onerror=alert("P11")>`', '<img src=x onerror=alert("P11")>'),
    _p("P12", '- `P12\n- <img src=x onerror=alert("P12")>`', '<img src=x onerror=alert("P12")>'),
    _p("P13", '`P13\n# <img src=x onerror=alert("P13")>`', '<img src=x onerror=alert("P13")>'),
    _p(
        "P14",
        '    ```\n<details open ontoggle=alert("P14")>P14</details>\n    ```',
        '<details open ontoggle=alert("P14")>P14</details>',
    ),
    _p("P15", '\t```\n<img src=x onerror=alert("P15")>\n\t```', '<img src=x onerror=alert("P15")>'),
    _p("P16", '</title><script>alert("P16")</script>'),
    _p("P17", '<javascript:alert("P17")>'),
    _p("P18", '[P18][x]\n\n[x]: javascript:alert("P18")', '[x]: javascript:alert("P18")'),
    _p("P19", "&lt;img src=x onerror=alert(&quot;P19&quot;)&gt;"),
    _p("P20", '<div markdown="1" onclick="alert(\'P20\')">P20</div>'),
    _p("P21", "![P21](https://example.invalid/x.png\" onerror=\"alert('P21'))"),
    _p(
        "P22",
        '```html {onclick="alert(\'P22\')"}\n<script>alert("P22")</script>\n```',
        '<script>alert("P22")</script>',
    ),
    _p("P23", '--8<-- "/etc/passwd" P23'),
    _p("P24", "!!! danger \"<script>alert('P24')</script>\"", "<script>alert('P24')</script>"),
    _p("P25", "<a href=\"javascript:alert('P25')\">P25</a>"),
    _p("P26", "[P26](data:text/html,<script>alert('P26')</script>)"),
    _p("P27", '<math><mtext><table><mglyph><style><img src=x onerror=alert("P27")>'),
    _p("P28", "<object data=\"javascript:alert('P28')\"></object>"),
    _p(
        "P29",
        '```mermaid\n%%{init: {"securityLevel": "loose"}}%%\nflowchart TD\n'
        '  A["<img src=x onerror=alert(29)>"] --> B\n  click A call alert("P29")\n```',
        'click A call alert("P29")',
    ),
    _p("P30", "<a href=\"&#106;avascript:alert('P30')\">P30</a>"),
    _p("P31", '[P31](JaVaScRiPt:alert("P31")) [ok](https://example.org/"onmouseover="alert(31))'),
    _p("P32", '<body onload=alert("P32")><input autofocus onfocus=alert("P32")>'),
    _p("P33", '<form><button formaction=javascript:alert("P33")>P33</button></form>'),
    _p("P34", "<p style=\"background:url(javascript:alert('P34'))\">P34</p>"),
    _p("P35", "<base href=\"javascript:alert('P35')//\"><style>@import 'x'</style>"),
    _p("P36", '*[P36]: <img src=x onerror=alert("P36")>\n\nP36 [^1]\n\n[^1]: <b>P36</b>'),
    _p("P37", "/// html | div\n    attrs: {onclick: \"alert('P37')\"}\n\nP37\n///", "P37"),
    _p("P38", '<marquee onstart=alert("P38")>P38</marquee>'),
    _p("P39", '1. <img src=x onerror=alert("P39")>\n\n    <img src=x onerror=alert("P39")>'),
    _p("P40", '```\n<img src=x onerror=alert("P40")>', '<img src=x onerror=alert("P40")>'),
)
"""P40, a fence left open, comes last: it would swallow what follows it."""

ALL_AT_ONCE = "\n\n".join(p.text for p in CORPUS)
"""Every payload in one Markdown field, where one payload's open code span or fence
could meet another's."""


def flat(text: str) -> str:
    """``text`` on one line, as a browser shows text: every run of white space one space."""
    return " ".join(text.split())


def _short(payload: Payload) -> str:
    return flat(payload.text)[:64]


def hostile_data() -> dict[str, Any]:
    """A process (as YAML data) whose every text field carries a payload: one stage, role,
    evidence kind and risk rule per payload, and all of them in the process's own fields."""
    tags = [p.tag.lower() for p in CORPUS]
    return {
        "id": "attack",
        "version": "1.0",
        "title": "Attack " + flat(CORPUS[15].text) + " " + flat(CORPUS[1].text),
        "owners": [flat(p.text) for p in CORPUS],
        "effective": "2026-01-01",
        "description": ALL_AT_ONCE,
        "org_levels": ["team"],
        "roles": {
            tag: {"title": flat(p.text), "level": "team", "description": p.text}
            for tag, p in zip(tags, CORPUS, strict=True)
        },
        "risk": {
            "levels": ["low"],
            "default": "low",
            "rules": [
                {
                    "id": f"rule-{tag}",
                    "level": "low",
                    "when": {"components_any": ["c"]},
                    "description": p.text,
                }
                for tag, p in zip(tags, CORPUS, strict=True)
            ],
        },
        "components": ["c"],
        "evidence_kinds": {
            f"e-{tag}": {"title": flat(p.text), "description": p.text}
            for tag, p in zip(tags, CORPUS, strict=True)
        },
        "production_profile": {
            "title": flat(CORPUS[1].text),
            "source": flat(CORPUS[3].text),
            "shares": {"bankid": 0.5},
        },
        "stages": [
            {
                "id": f"s-{tag}",
                "title": flat(p.text),
                "kind": "deployment" if n == len(CORPUS) - 1 else "implementation",
                "description": p.text,
                "how_to_comply": ALL_AT_ONCE if n == 0 else p.text + "\n\n" + CORPUS[n - 1].text,
                "performers": [tag],
                "evidence": [f"e-{tag}"],
                "controls": {"ssdf": ["PW.1.1"], "other": [_short(p)]},
                **({"depends_on": [f"s-{tags[n - 1]}"]} if n else {}),
            }
            for n, (tag, p) in enumerate(zip(tags, CORPUS, strict=True))
        ],
    }


def write_hostile(folder: Path, data: dict[str, Any] | None = None) -> Path:
    """The hostile process as a YAML file in ``folder``."""
    path = folder / "attack.yaml"
    path.write_text(yaml.safe_dump(data or hostile_data(), sort_keys=False), encoding="utf-8")
    return path
