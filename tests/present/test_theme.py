"""The report theme: registered and enabled on import, offline fonts, one highlight colour."""

import importlib
import re

import altair as alt
import pandas as pd

from yubei_lib.present import theme

HEX = re.compile(r"^#[0-9a-f]{6}$")


def test_theme_is_registered_and_enabled_after_import():
    assert theme.NAME == "yubei"
    assert "yubei" in alt.theme.names()
    assert alt.theme.active == "yubei"


def test_importing_again_is_idempotent():
    before = sorted(alt.theme.names())
    importlib.reload(theme)
    assert sorted(alt.theme.names()) == before
    assert alt.theme.active == "yubei"


def test_charts_carry_the_theme_config():
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
