"""The one Altair theme of the reports: sober, print-friendly, readable on a laptop.

Importing this module registers the theme ``"yubei"`` with
``@alt.theme.register("yubei", enable=True)`` and enables it; Python imports a module
once, so importing it again changes nothing. Chart builders (:mod:`yubei_lib.charts`)
set no colours or fonts of their own; the only colours they name are :data:`HIGHLIGHT`
(the report's own district) and :data:`MUTED` (every other district), so the district
is highlighted the same way on every page.

Fonts are a system stack that works offline (no web fonts), with CJK-capable families
so that Chinese labels render on Windows, macOS and Linux intranet machines.
"""

from __future__ import annotations

import altair as alt

NAME = "yubei"
"""The name the theme is registered under."""

FONT = ('"Segoe UI", "Helvetica Neue", Arial, "Noto Sans CJK SC", "Source Han Sans SC", '
        '"Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "WenQuanYi Micro Hei", '
        "sans-serif")
"""System font stack: Latin faces first, then CJK-capable ones, then the generic family."""

HIGHLIGHT = "#c0392b"
"""Colour of the report's own district (a print-safe vermilion), on every chart."""

MUTED = "#b9c0c8"
"""Colour of the other districts when one district is highlighted."""

INK = "#2b2f33"
"""Colour of text, rules and target ticks."""

PRIMARY = "#4a6f8a"
"""Default colour of a single-series mark (a slate blue)."""

PALETTE = ["#4a6f8a", "#c28f3c", "#6b8f71", "#8c6d8f", "#a3a3a3", "#7a9cb8",
           "#b5715a", "#5e7d7e", "#9a8f5e", "#6e6e8f"]
"""Muted categorical palette; distinct in greyscale print by lightness as far as it goes."""

ORDINAL = ["#c9d6e2", "#9fb6cb", "#7596b3", "#4f7698", "#2f587c", "#1b3b5a"]
"""Light-to-dark ramp for ordered categories (cohorts, years)."""

HEATMAP = ["#f4f6f8", "#dbe5ee", "#b8ccdd", "#93b0c9"]
"""Light sequential ramp for heat maps; dark text stays readable on its darkest cell."""

SIZES = {"label": 12, "title": 12, "chart_title": 15, "subtitle": 12, "text": 11}
"""Font sizes in pixels: axis and legend labels, axis titles, chart titles, mark text."""


@alt.theme.register(NAME, enable=True)
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
    axis = {
        "labelFontSize": SIZES["label"], "titleFontSize": SIZES["title"],
        "titleFontWeight": "normal", "labelColor": INK, "titleColor": INK,
        "domainColor": "#8a9097", "tickColor": "#8a9097", "gridColor": "#e4e7eb",
        "labelLimit": 260, "titlePadding": 8,
    }
    return {
        "background": "white",
        "config": {
            "font": FONT,
            "padding": 8,
            "view": {"continuousWidth": 560, "continuousHeight": 300, "step": 20,
                     "stroke": None},
            "title": {"fontSize": SIZES["chart_title"], "fontWeight": 600, "color": INK,
                      "anchor": "start", "subtitleFontSize": SIZES["subtitle"],
                      "subtitleColor": "#5b6168", "offset": 10},
            "axis": axis,
            "axisBand": {"grid": False, "ticks": False},
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
