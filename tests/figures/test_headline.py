"""Tests of yubei_lib.figures.headline: key figures against targets and last quarter end."""

import math

import pytest
from builders import figure_frame

from yubei_lib.figures.headline import key_figures
from yubei_lib.present.wording import target_tiles

NAN = math.nan




TARGETS = {"signed_value": 80e9, "conversion_rate": 0.2, "operation_rate_2015_2017": 0.9,
           "operation_rate_2018_2020": 0.6}
COHORTS = "2015-2017,2018-2020"


def test_key_figures_compare_with_target_and_last_quarter_end():
    now = figure_frame()
    before = figure_frame(signed_value_ytd=[52.9e9, 1e9], conversion_rate_ytd=[0.294, 0.0],
                     operation_rate_2015_2017=[0.927, 0.5], operation_rate_2018_2020=[0.591, NAN])
    got = key_figures(now, before, "Yubei", "2020Q4", COHORTS, TARGETS, projected=82.6e9)
    assert list(got.index) == ["signed_value", "conversion_rate", "operation_rate_2015_2017",
                               "operation_rate_2018_2020"]
    assert got["status"].tolist() == ["met", "met", "met", "not_met"]
    assert got.loc["signed_value", "change"] == pytest.approx(29.7e9)
    assert got.loc["conversion_rate", "change"] == pytest.approx(-0.064)
    assert got.loc["operation_rate_2018_2020", "change"] == pytest.approx(0.007)
    assert got.loc["signed_value", "pace"] == pytest.approx(1.0325)
    assert got.loc["conversion_rate", "realized"] == 19e9


def test_signed_value_change_restarts_with_the_year():
    # As of 2020Q1 last quarter end is 2019-12-31: the year to date starts again from 0.
    now, before = figure_frame(), figure_frame(signed_value_ytd=[141.6e9, 9e9])
    got = key_figures(now, before, "Yubei", "2020Q1", COHORTS, TARGETS)
    assert got.loc["signed_value", "previous"] == 0.0
    assert got.loc["signed_value", "change"] == 82.6e9


def test_signed_value_is_behind_or_on_track_by_pace_before_the_year_ends():
    now = figure_frame(signed_value_ytd=[30e9, 1e9], target_attainment=[0.375, NAN], pace=[0.75, NAN])
    got = key_figures(now, now, "Yubei", "2020Q2", COHORTS, TARGETS)
    assert got.loc["signed_value", "status"] == "behind"
    now = figure_frame(signed_value_ytd=[42e9, 1e9], target_attainment=[0.525, NAN], pace=[1.05, NAN])
    assert key_figures(now, now, "Yubei", "2020Q2", COHORTS, TARGETS).loc["signed_value", "status"] == "on_track"
    now = figure_frame(signed_value_ytd=[78e9, 1e9], target_attainment=[0.975, NAN], pace=[0.975, NAN])
    assert key_figures(now, now, "Yubei", "2020Q4", COHORTS, TARGETS).loc["signed_value", "status"] == "not_met"


def test_undefined_figures_stay_undefined_and_say_so():
    now = figure_frame(conversion_rate_ytd=[0.1, NAN], signed_value_ytd=[1e9, 0.0])
    got = key_figures(now, now, "Dazu", "2016Q1", COHORTS, {})
    assert got["status"].tolist() == ["no_target"] * 4
    assert math.isnan(got.loc["conversion_rate", "value"]) and math.isnan(got.loc["conversion_rate", "change"])
    assert math.isnan(got.loc["operation_rate_2018_2020", "value"])
    got = key_figures(now, now, "Dazu", "2016Q1", COHORTS, TARGETS)
    assert got.loc["conversion_rate", "status"] == "undefined"
    assert got.loc["operation_rate_2018_2020", "status"] == "undefined"
    for lang, na in (("en", "n/a"), ("zh", "无")):
        tiles = target_tiles(got, lang, 2016)
        assert tiles[1]["value"] == na and tiles[3]["value"] == na
        assert tiles[1]["state"] == "neutral"
        assert na in tiles[1]["change"]


def test_the_signed_value_carries_last_years_figure_when_the_figures_have_it():
    now = figure_frame()
    got = key_figures(now.assign(signed_value_ytd_prev_year=[141.6e9, 2e9]), now, "Yubei", "2020Q4", COHORTS, TARGETS)
    assert got.loc["signed_value", "prev_year"] == 141.6e9 and got["prev_year"].drop("signed_value").isna().all()
    assert key_figures(now, now, "Yubei", "2020Q4", COHORTS, TARGETS)["prev_year"].isna().all()
