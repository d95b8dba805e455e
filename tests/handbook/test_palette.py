"""The charts' colours are readable, and a pie never draws slices too thin to label."""

from __future__ import annotations

import json

from sdlc.handbook.diagrams import profile_pie
from sdlc.handbook.palette import COLOURS, TEXT, chart_theme, pie_slices
from sdlc.load.loaders import load_process

from ..conftest import EID


def _luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_colour_has_aa_contrast_with_white_labels_and_the_page() -> None:
    assert len(set(COLOURS)) == len(COLOURS) == 8
    assert {c: round(contrast(c, "#ffffff"), 1) >= 4.5 for c in COLOURS} == dict.fromkeys(
        COLOURS, True
    )
    assert contrast(TEXT, "#ffffff") >= 7


def test_the_directive_sets_the_palette_on_mermaids_base_theme() -> None:
    directive = chart_theme()
    assert directive.startswith("%%{init: ")
    assert directive.endswith("}%%")
    config = json.loads(directive.removeprefix("%%{init: ").removesuffix("}%%"))
    assert config["theme"] == "base"
    assert [config["themeVariables"][f"pie{i}"] for i in range(1, 9)] == list(COLOURS)
    assert config["themeVariables"]["pieSectionTextColor"] == "#ffffff"
    assert config["themeVariables"]["xyChart"]["plotColorPalette"] == ", ".join(COLOURS)


def test_small_shares_are_one_slice() -> None:
    shares = [("b", 28.0), ("a", 55.0), ("d", 2.0), ("c", 14.0), ("e", 1.0)]
    assert pie_slices(shares) == [("a", 55), ("b", 28), ("c", 14), ("other (2)", 3)]
    # a single small share keeps its name: it has no neighbour to overlap
    assert pie_slices(shares[:4]) == [("a", 55), ("b", 28), ("c", 14), ("d", 2)]
    many = [(f"r{i}", 10.0) for i in range(9)]
    assert pie_slices(many)[-1] == ("other (4)", 40.0)
    assert len(pie_slices(many)) == 6
    assert pie_slices([("none", 0.0)]) == []


def test_the_production_profile_pie_groups_its_small_providers() -> None:
    pie = profile_pie(load_process(EID).production_profile)  # type: ignore[arg-type]
    assert pie is not None
    assert pie.splitlines()[1:] == [
        chart_theme(),
        "pie showData",
        '    "bankid-mobile" : 55',
        '    "bankid" : 28',
        '    "minid" : 14',
        '    "other (2)" : 3',
        "```",
    ]
