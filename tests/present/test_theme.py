"""The report theme: registered on import, enabled by a page, offline fonts, one highlight colour."""

import importlib
import re
import subprocess
import sys
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from yubei_lib.present import display, theme

HEX = re.compile(r"^#[0-9a-f]{6}$")


@pytest.fixture
def enabled():
    """The theme enabled as a page enables it, then the one there was."""
    active, renderer = alt.theme.active, alt.renderers.active
    display.enable()
    yield
    alt.theme.enable(active)
    alt.renderers.enable(renderer)


def test_importing_registers_the_theme_and_enables_nothing():
    code = ("import altair as alt; before = alt.theme.active; from yubei_lib.present import theme; "
            "print(before, alt.theme.active, theme.NAME in alt.theme.names())")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["default", "default", "True"]


def test_a_page_enables_it():
    code = ("import altair as alt; from yubei_lib.present import display; display.enable(); "
            "print(alt.theme.active)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["yubei"]


def test_importing_again_is_idempotent():
    before, active = sorted(alt.theme.names()), alt.theme.active
    importlib.reload(theme)
    assert sorted(alt.theme.names()) == before
    assert alt.theme.active == active


def test_charts_carry_the_theme_config(enabled):
    spec = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q").to_dict()
    assert spec["config"]["font"] == theme.FONT
    assert spec["config"]["range"]["category"] == theme.PALETTE


def test_fonts_are_a_system_stack_with_cjk_families_and_no_web_fonts():
    for family in ("Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC"):
        assert family in theme.FONT
    assert theme.FONT.endswith("sans-serif")
    text = repr(theme.yubei_theme())
    assert "http" not in text and "@import" not in text and "url(" not in text


def test_highlight_and_muted_are_distinct_colours():
    for colour in (theme.HIGHLIGHT, theme.MUTED, theme.INK, theme.PRIMARY, *theme.PALETTE):
        assert HEX.match(colour)
    assert theme.HIGHLIGHT != theme.MUTED
    assert theme.HIGHLIGHT not in theme.PALETTE


def test_sizes_are_readable():
    config = theme.yubei_theme()["config"]
    assert config["axis"]["labelFontSize"] >= 11
    assert config["title"]["fontSize"] > config["axis"]["labelFontSize"]
    assert config["text"]["fontSize"] >= 10


def _font_sizes(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key.lower().endswith("fontsize"):
                yield key, value
            yield from _font_sizes(value)


def test_no_chart_text_is_smaller_than_7_pt_on_paper():
    # a chart is printed at its own size (it is drawn no wider than the paper): 10 px is 7.5 pt
    assert theme.MIN_TEXT * 0.75 >= 7
    assert min(theme.SIZES.values()) >= theme.MIN_TEXT
    sizes = dict(_font_sizes(theme.yubei_theme()["config"]))
    assert sizes and min(sizes.values()) >= theme.MIN_TEXT, sizes


def test_charts_are_drawn_no_wider_than_a4_prints_them():
    css = (Path(theme.__file__).parents[1] / "templates" / "yubei" / "page.css").read_text(encoding="utf-8")
    page = re.search(r"@page\s*\{[^}]*size:\s*A4 portrait;\s*margin:\s*([\d.]+)mm\s+([\d.]+)mm", css)
    assert page, "the template's @page rule"
    printed_mm = 210 - 2 * float(page[2])
    cap = re.search(r"\.vega-chart\s*\{\s*max-width:\s*([\d.]+)mm;\s*\}", css)
    assert cap and float(cap[1]) == printed_mm  # the page keeps every chart within the printed width
    assert theme.PAPER_WIDTH == round(printed_mm / 25.4 * 96)


def test_quantitative_axes_have_a_handful_of_ticks():
    config = theme.yubei_theme()["config"]
    assert 4 <= config["axisQuantitative"]["tickCount"] <= 8


# ---- one meaning per colour, and every colour that draws data legible on white


DATA_COLOURS = [theme.HIGHLIGHT, theme.MUTED, theme.PRIMARY, theme.EDGE, *theme.PALETTE, *theme.ORDINAL, *theme.COHORTS]


def test_contrast_ratio_follows_wcag():
    assert theme.contrast_ratio("#000000") == pytest.approx(21.0)
    assert theme.contrast_ratio("#ffffff") == pytest.approx(1.0)
    assert theme.contrast_ratio("#767676") == pytest.approx(4.54, abs=0.01)  # the well-known 4.5:1 grey
    assert theme.contrast_ratio("#777777", "#ffffff") == theme.contrast_ratio("#ffffff", "#777777")
    assert theme.contrast_ratio("#c9d6e2") < 1.5  # the lightest of the old ordinal blues
    with pytest.raises(ValueError):
        theme.contrast_ratio("blue")


@pytest.mark.parametrize("colour", DATA_COLOURS)
def test_every_colour_that_draws_data_has_3_to_1_against_white(colour):
    assert HEX.match(colour)
    assert theme.contrast_ratio(colour) >= 3.0, colour


def test_text_and_outlines_stay_legible_on_every_heatmap_cell():
    for cell in theme.HEATMAP:
        assert theme.contrast_ratio(theme.INK, cell) >= 4.5  # text written in the cell
    assert theme.contrast_ratio(theme.EDGE, theme.HEATMAP[0]) >= 3.0  # the border shows the palest cell
    lum = [theme.relative_luminance(c) for c in theme.HEATMAP]
    assert lum == sorted(lum, reverse=True)  # pale to dark: more is darker
    assert theme.colour_distance(theme.HEATMAP[0], theme.HEATMAP[-1]) >= 25
    assert theme.contrast_ratio(theme.ON_DARK, theme.PRIMARY) >= 4.5  # a bar's amount written inside it


@pytest.mark.parametrize("palette", ["PALETTE", "ORDINAL"])
def test_palette_colours_are_told_apart(palette):
    colours = getattr(theme, palette)
    assert len(set(colours)) == len(colours) >= 6
    for i, a in enumerate(colours):
        for b in colours[i + 1:]:
            assert theme.colour_distance(a, b) >= 10, (a, b)


def test_the_own_district_colour_is_neither_a_status_nor_a_series_colour():
    for status in (theme.GOOD, theme.BAD):
        assert theme.colour_distance(theme.HIGHLIGHT, status) >= 30
        for colour in (*theme.PALETTE, *theme.ORDINAL, theme.MUTED):
            assert theme.colour_distance(colour, status) >= 20, (colour, status)  # no series reads as a status
    for colour in (*theme.PALETTE, *theme.ORDINAL):
        assert theme.colour_distance(colour, theme.HIGHLIGHT) >= 20, colour
    assert theme.colour_distance(theme.HIGHLIGHT, theme.MUTED) >= 30



def test_every_signing_year_has_a_colour_and_a_dash_of_its_own():
    colours = theme.COHORTS
    assert len(set(colours)) == len(colours) == len(theme.DASHES) >= 6
    for i, a in enumerate(colours):
        for b in colours[i + 1:]:
            assert theme.colour_distance(a, b) >= 30, (a, b)  # one year's line is picked out of six
        for other in (theme.GOOD, theme.BAD, theme.WARN, theme.HIGHLIGHT, theme.MUTED):
            assert theme.colour_distance(a, other) >= 20, (a, other)  # neither a status nor the own district
    assert len({tuple(d) for d in theme.DASHES}) == len(theme.DASHES)  # told apart in black and white too
