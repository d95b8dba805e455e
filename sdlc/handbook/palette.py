"""The colours of the handbook's charts, and the slices a pie chart shows.

Mermaid's default pie and bar colours are pale pastels under white or black
labels, hard to read. Every chart the handbook draws (pies and ``xychart-beta``
bars and lines) starts with one Mermaid ``init`` directive, :func:`chart_theme`,
that sets Mermaid's ``base`` theme to :data:`COLOURS`: dark, distinct colours,
each with a contrast of at least 4.5 : 1 against the white label on it (WCAG AA
for text) and against the page's white background. Flowcharts keep the site
theme's colours.

A pie shows at most :data:`SLICES` slices, each at least :data:`SMALLEST` of the
whole; smaller shares are one slice, "other (N)" for N of them, so that no two
labels overlap. The tables beside each chart keep every figure.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

COLOURS = (
    "#1f4e9c",  # blue
    "#b34700",  # burnt orange
    "#2e7d32",  # green
    "#a3195b",  # magenta
    "#5e35b1",  # violet
    "#00695c",  # teal
    "#7a5c00",  # ochre
    "#455a64",  # blue grey: the "other" slice, when there is one
)
TEXT = "#1b1b1b"
"""Titles, axes and legends: near black on the white page."""
SLICES = 6
SMALLEST = 0.05
OTHER = "other"


def chart_theme() -> str:
    """The Mermaid ``init`` directive that gives a pie or xychart the palette."""
    variables: dict[str, object] = {f"pie{i}": c for i, c in enumerate(COLOURS, 1)}
    variables.update(
        pieOpacity="1",  # Mermaid's default, 0.7, pales every colour
        pieSectionTextColor="#ffffff",
        pieStrokeColor="#ffffff",
        pieStrokeWidth="2px",
        pieOuterStrokeColor=TEXT,
        pieTitleTextColor=TEXT,
        pieLegendTextColor=TEXT,
        xyChart={
            "plotColorPalette": ", ".join(COLOURS),
            "titleColor": TEXT,
            "xAxisLabelColor": TEXT,
            "yAxisLabelColor": TEXT,
            "xAxisTitleColor": TEXT,
            "yAxisTitleColor": TEXT,
        },
    )
    config = {"theme": "base", "themeVariables": variables}
    return "%%{init: " + json.dumps(config, separators=(", ", ": ")) + "}%%"


def pie_slices(values: Sequence[tuple[str, float]]) -> list[tuple[str, float]]:
    """``values`` (name, amount), largest first, for a pie: at most :data:`SLICES`
    slices of at least :data:`SMALLEST` of the whole each, and one :data:`OTHER` slice
    with the rest when two or more are smaller (a single small one keeps its name)."""
    ordered = sorted(((n, v) for n, v in values if v > 0), key=lambda nv: -nv[1])
    total = sum(v for _, v in ordered)
    if not ordered:
        return []
    kept = [(n, v) for n, v in ordered[: SLICES - 1] if v >= SMALLEST * total]
    rest = ordered[len(kept) :]
    if len(rest) == 1 and len(kept) < SLICES:
        return [*kept, rest[0]]
    if rest:
        return [*kept, (f"{OTHER} ({len(rest)})", sum(v for _, v in rest))]
    return kept
