"""The one Altair theme of the reports: sober, print-friendly, readable on a laptop.

Importing this module registers the theme ``"yubei"`` (``@alt.theme.register``) and
changes nothing else; a page enables it where it is made (:func:`yubei_lib.present.display.enable`,
called by :func:`yubei_lib.pages.page.open_page`). Chart builders (:mod:`yubei_lib.present.charts`)
set no colours or fonts of their own; the only colours they name are :data:`HIGHLIGHT`
(the report's own district), :data:`MUTED` (every other district), :data:`INK` and
:data:`EDGE`, so the district is highlighted the same way on every page.

One meaning per colour: :data:`GOOD`, :data:`BAD` and :data:`WARN` are status colours (the
tiles of the pages; red is also an overdue project and yellow a warning, figure 21),
:data:`HIGHLIGHT` is the own district, the palettes are for series; every colour that draws
data has at least 3:1 contrast against white (:func:`contrast_ratio`).

Fonts are a system stack that works offline (no web fonts), with CJK-capable families
so that Chinese labels render on Windows, macOS and Linux intranet machines.
"""

from __future__ import annotations

import math

import altair as alt

NAME = "yubei"
"""The name the theme is registered under."""

FONT = ('"Segoe UI", "Helvetica Neue", Arial, "Noto Sans CJK SC", "Source Han Sans SC", '
        '"Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "WenQuanYi Micro Hei", '
        "sans-serif")
"""System font stack: Latin faces first, then CJK-capable ones, then the generic family."""

HIGHLIGHT = "#5b3f8c"
"""Colour of the report's own district (a deep purple), on every chart and in the page's CSS.

No status uses it (status is :data:`GOOD` green and :data:`BAD` red) and no palette holds
it, so purple means "this district" and nothing else; 8.3:1 against white."""

MUTED = "#8a939c"
"""Colour of the other districts when one district is highlighted (a mid grey, 3.1:1 on white)."""

GOOD = "#2e7d4f"
"""Status colour "met / on track" (green): for status only, never for a district or a series."""

BAD = "#b03a2e"
"""Status colour "not met / behind" (red): for status only, never for a district or a series."""

WARN = "#e0b000"
"""Status colour "warning, due soon" (yellow, figure 21's yellow warning): for status only, never for a
district or a series; a fill or border with :data:`INK` text and a mark beside it (2:1 on white, so
never the colour of text or of a thin mark), a CIE76 distance of 30 or more from every series colour."""

INK = "#2b2f33"
"""Colour of text, rules, target ticks and the outline of weak links."""

ON_DARK = "#ffffff"
"""Colour of text written inside a dark mark (a long bar in :data:`PRIMARY`: 7:1)."""

HALO = "#ffffff"
"""Colour of the white edge that keeps a mark or a word apart from what it crosses (a target tick at the
end of a bar, the words a target line runs through): the page's own white."""

EDGE = "#7f8992"
"""Colour of the thin border of heat-map cells, so that a pale cell stands out from the page."""

PRIMARY = "#2f5d80"
"""Default colour of a single-series mark (a slate blue); the first colour of :data:`PALETTE`."""

PALETTE = ["#2f5d80", "#a0620a", "#6a93bb", "#b98a3a", "#5f6b76", "#1f7a8c"]
"""Categorical palette: blues, ochres, a slate grey and a teal, in pairs (dark, light) of a hue.

No red, green or purple (those mean status and the own district); every colour has at
least 3:1 contrast against white and differs from every other by a CIE76 distance of 15
or more, so that series stay apart on screen and in print."""

ORDINAL = ["#8a5a14", "#b07a1e", "#7b8a8f", "#4f86b8", "#2f5d80", "#1b3b5a"]
"""Ordered categories (cohorts, signing years): from warm brown (oldest) through grey to navy.

Each colour has at least 3:1 contrast against white and a CIE76 distance of 14 or more
from every other."""

COHORTS = ["#7a4a2a", "#c26a00", "#7f6a00", "#008080", "#4f86b8", "#1b3b5a"]
"""Lines of signing years (time to operation), oldest first: brown, orange, olive, teal, blue, navy.

Six hues, each at least a CIE76 distance of 30 from every other (so that one year's line can be
picked out of six), 3:1 or more against white, and none a status or the own district's colour;
each year also has its own dash (:data:`DASHES`), for a black-and-white print."""

DASHES: list[list[float]] = [[1, 0], [9, 3], [4, 3], [1.5, 2.5], [9, 3, 2, 3], [16, 4]]
"""Dash patterns of the lines of :data:`COHORTS`, in the same order: solid, dashed, short dashes,
dotted, dash-dot, long dashes."""

HEATMAP = ["#f2f5f8", "#d3e0ec", "#a9c3db", "#7ea4c8"]
"""Sequential ramp of heat-map cells, pale to mid blue.

Cell fills are pale (the first one is close to white), so a cell is delimited by an
:data:`EDGE` border and its text is :data:`INK`, which keeps 4.5:1 or more on every cell."""

SIZES = {"label": 12, "title": 12, "chart_title": 15, "subtitle": 12, "text": 11}
"""Font sizes in pixels: axis and legend labels, axis titles, chart titles, mark text.

None is below :data:`MIN_TEXT`: a chart is drawn at most :data:`PAPER_WIDTH` wide, so it is
printed at its own size and its text keeps its size on paper."""

MIN_TEXT = 10
"""Least size in pixels of any text on a chart: 7.5 pt printed at 96 px an inch (paper wants 7 pt or more)."""

PAPER_WIDTH = 688
"""Widest a chart is drawn, in pixels: the printed width of A4 portrait, 210 mm less the page's margins
of 14 mm each side (182 mm at 96 px an inch; ``@page`` and ``.vega-chart`` in the template's
``page.css``). A chart drawn no wider prints at its own size, never shrunk; on a narrower screen
(a phone) it is as wide as the screen. A chart drawn to an image for a document takes a fixed
width (:func:`yubei_lib.present.charts.base.fixed_width`)."""

TICKS = 6
"""About how many ticks a quantitative axis has (Vega picks round values near it: 0, 50, 100 ...)."""


def _channels(colour: str) -> tuple[float, float, float]:
    """Return the linear (gamma-expanded) sRGB channels of a ``#rrggbb`` colour."""
    text = colour.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(ch * 2 for ch in text)
    if len(text) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    values = [int(text[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in values)
    return r, g, b


def relative_luminance(colour: str) -> float:
    """Return the WCAG 2 relative luminance of a ``#rrggbb`` colour, from 0 (black) to 1 (white).

    Examples
    --------
    >>> relative_luminance("#ffffff"), relative_luminance("#000000")
    (1.0, 0.0)
    >>> round(relative_luminance("#808080"), 3)
    0.216
    """
    r, g, b = _channels(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(colour: str, background: str = "#ffffff") -> float:
    """Return the WCAG 2 contrast ratio of two colours, from 1 (none) to 21 (black on white).

    WCAG asks 3:1 of the graphics that carry data (marks, outlines) and 4.5:1 of text.

    Parameters
    ----------
    colour : str
        A ``#rrggbb`` (or ``#rgb``) colour.
    background : str, default "#ffffff"
        The colour it is drawn on.

    Returns
    -------
    float

    Examples
    --------
    >>> round(contrast_ratio("#000000"), 1), round(contrast_ratio(HIGHLIGHT), 1)
    (21.0, 8.3)
    >>> contrast_ratio(INK, HEATMAP[-1]) >= 4.5
    True
    """
    light, dark = sorted((relative_luminance(colour), relative_luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def colour_distance(a: str, b: str) -> float:
    """Return the CIE76 distance (Delta E) of two colours in CIELAB under D65.

    About 2 is the least difference one notices side by side; marks meant to be told
    apart want 10 or more.

    Examples
    --------
    >>> colour_distance("#ffffff", "#ffffff")
    0.0
    >>> round(colour_distance("#000000", "#ffffff"))
    100
    """
    def lab(colour: str) -> tuple[float, float, float]:
        r, g, bl = _channels(colour)
        x = (0.4124 * r + 0.3576 * g + 0.1805 * bl) / 0.95047
        y = 0.2126 * r + 0.7152 * g + 0.0722 * bl
        z = (0.0193 * r + 0.1192 * g + 0.9505 * bl) / 1.08883

        def f(v: float) -> float:
            return v ** (1 / 3) if v > 216 / 24389 else (24389 / 27 * v + 16) / 116

        return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))

    return math.dist(lab(a), lab(b))


@alt.theme.register(NAME, enable=False)
def yubei_theme() -> alt.theme.ThemeConfig:
    """Return the configuration of the ``"yubei"`` Altair theme.

    Returns
    -------
    dict
        A Vega-Lite top-level ``config`` (with ``background``), as
        :func:`altair.theme.register` expects.

    Examples
    --------
    >>> cfg = yubei_theme()["config"]
    >>> cfg["font"].endswith("sans-serif"), cfg["range"]["category"][0] == PRIMARY
    (True, True)
    """
    axis: alt.theme.AxisConfigKwds = {
        "labelFontSize": SIZES["label"], "titleFontSize": SIZES["title"],
        "titleFontWeight": "normal", "labelColor": INK, "titleColor": INK,
        "domainColor": "#8a9097", "tickColor": "#8a9097", "gridColor": "#e4e7eb",
        "labelLimit": 260, "titlePadding": 8,
    }
    return {
        "background": "white",
        "config": {
            "font": FONT,
            "padding": {"top": 8, "bottom": 8, "left": 8, "right": 16},  # room for a label the browser draws wider
            "view": {"continuousWidth": 560, "continuousHeight": 300, "step": 20,
                     "stroke": None},
            "title": {"fontSize": SIZES["chart_title"], "fontWeight": 600, "color": INK,
                      "anchor": "start", "subtitleFontSize": SIZES["subtitle"],
                      "subtitleColor": "#5b6168", "offset": 10},
            "axis": axis,
            "axisBand": {"grid": False, "ticks": False},
            "axisQuantitative": {"tickCount": TICKS},
            # a vertical axis's title is written level, above the axis, never turned on its side
            "axisY": {"titleAngle": 0, "titleAnchor": "end", "titleAlign": "left", "titleBaseline": "bottom",
                      "titleY": -10},
            "legend": {"labelFontSize": SIZES["label"], "titleFontSize": SIZES["title"],
                       "titleFontWeight": "normal", "labelColor": INK, "titleColor": INK,
                       "orient": "bottom", "labelLimit": 260},
            "header": {"labelFontSize": SIZES["label"], "titleFontSize": SIZES["title"],
                       "labelColor": INK, "titleColor": INK},
            "range": {"category": PALETTE, "ordinal": ORDINAL, "heatmap": HEATMAP,
                      "ramp": HEATMAP},
            "mark": {"color": PRIMARY},
            "bar": {"color": PRIMARY},
            "line": {"color": PRIMARY, "strokeWidth": 2},
            "point": {"color": PRIMARY, "size": 30, "filled": True},
            "rule": {"color": INK, "strokeWidth": 1.5},
            "tick": {"color": INK, "thickness": 2},
            "text": {"color": INK, "fontSize": SIZES["text"]},
            "rect": {"color": PRIMARY},
        },
    }
