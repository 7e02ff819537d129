"""Tests of yubei_lib.figures.headline: key figures against targets and last quarter end."""

import math

import pandas as pd
import pytest
from builders import figure_frame, headline_frames
from hypothesis import given, settings
from hypothesis import strategies as st

from yubei_lib.figures.headline import GROUPS, key_figures, news, projects_short, year_over
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
    assert got.loc["signed_value", ["pace", "projected"]].isna().all()  # the year is over: neither
    assert got.loc["conversion_rate", "realized"] == 19e9
    running = key_figures(now, before, "Yubei", "2020-12-30", COHORTS, TARGETS, projected=82.7e9)
    assert running.loc["signed_value", "pace"] == pytest.approx(1.0325)
    assert running.loc["signed_value", "projected"] == 82.7e9


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


# The news: what a leader must act on first.

COHORT_COUNTS = pd.DataFrame({"cohort": ["2015-2017", "2018-2020"], "cohort_count": [165, 259],
                              "operating_count": [153, 155]})


def test_news_puts_the_missed_target_first_then_what_fell_then_lagging_then_what_went_well():
    now = figure_frame(operation_rate_2015_2017=[153 / 165, 0.5], operation_rate_2018_2020=[155 / 259, NAN],
                       rank_conversion_rate=[8, 2])
    before = figure_frame(signed_value_ytd=[52.9e9, 1e9], conversion_rate_ytd=[0.294, 0.0],
                          rank_conversion_rate=[4, 2], operation_rate_2015_2017=[153 / 165, 0.5],
                          operation_rate_2018_2020=[0.591, NAN])
    key, ranks = headline_frames("2020Q4", TARGETS, now=now, before=before, projected=82.6e9)
    got = news(key, ranks, "2020Q4", 13, 11, {"red": 18, "yellow": 5, "newly_red": 4}, COHORT_COUNTS)
    assert got["figure"].tolist() == ["operation_rate_2018_2020", "conversion_rate", "warnings", "lagging",
                                      "signed_value", "operation_rate_2015_2017", "composite_score"]
    assert got["group"].tolist() == ["missed", "worse", "watch", "watch", "good", "good", "good"]
    missed = got.iloc[0]
    assert missed["projects_short"] == 1 and missed["short"] == pytest.approx(0.6 - 155 / 259)
    worse = got.iloc[1]
    assert bool(worse["fell"]) and worse["rank"] == 8 and worse["rank_before"] == 4 and worse["rank_change"] == -4
    assert got.set_index("figure").loc["lagging", ["lagging", "lagging_before"]].tolist() == [13, 11]
    assert got.set_index("figure").loc["warnings", "red"] == 18
    # the year is over: no pace and no projection to speak of
    assert got["pace"].isna().all() and got["projected"].isna().all() and got["year_over"].all()


def test_news_keeps_the_pace_and_projection_while_the_year_runs_and_a_slow_year_is_missed():
    now = figure_frame(signed_value_ytd=[52.9e9, 1e9], target_attainment=[0.66125, NAN], pace=[0.88, NAN])
    key, ranks = headline_frames("2020Q3", TARGETS, now=now, projected=76.2e9)
    got = news(key, ranks, "2020Q3").set_index("figure")
    assert got.loc["signed_value", "group"] == "missed"
    assert got.loc["signed_value", "pace"] == 0.88 and got.loc["signed_value", "projected"] == 76.2e9
    assert got.loc["signed_value", "short"] == pytest.approx(27.1e9)
    assert "warnings" not in got.index and got.loc["lagging", "group"] == "good"


def test_a_year_is_over_on_its_last_day_only():
    assert year_over("2020Q4") and year_over("2020-12-31") and year_over(pd.Timestamp("2019-12-31"))
    assert not year_over("2020-12-30") and not year_over("2020Q3")


@pytest.mark.parametrize(("value", "target", "n", "done", "short"), [
    (155 / 259, 0.6, 259, 155, 1), (139 / 235, 0.6, 235, 139, 2), (149 / 250, 0.6, 250, 149, 1),
    (150 / 250, 0.6, 250, 150, 0), (0.0, 0.9, 1, 0, 1)])
def test_projects_short_counts_the_projects_a_cohort_lacks(value, target, n, done, short):
    assert projects_short(value, target, n, done) == short
    # the count reaches the target and one fewer does not
    assert (done + short) / n >= target and (short == 0 or (done + short - 1) / n < target)


def test_projects_short_needs_the_counts_of_the_rate():
    assert projects_short(0.59, 0.6, 259, 155) is pd.NA  # the rate is not 155/259
    assert projects_short(0.59, NAN, 259, 155) is pd.NA


RATES = st.one_of(st.just(NAN), st.floats(0, 1, allow_nan=False).map(lambda x: round(x, 4)))
RANK = st.one_of(st.just(None), st.integers(1, 2))


@st.composite
def two_quarters(draw):
    """Yubei's figures at a quarter end and the one before, and targets, drawn at random."""
    def frame(**fixed):
        value = draw(st.floats(0, 200e9, allow_nan=False).map(lambda x: round(x, -7)))
        ranks = {c: [draw(RANK), 2] for c in ("rank_conversion_rate", "rank_operation_rate_2015_2017",
                                               "rank_operation_rate_2018_2020", "composite_rank")}
        return figure_frame(signed_value_ytd=[value, 1e9], conversion_rate_ytd=[draw(RATES), 0.0],
                            operation_rate_2015_2017=[draw(RATES), 0.5], operation_rate_2018_2020=[draw(RATES), NAN],
                            **{c: pd.array(v, dtype="Int64") for c, v in ranks.items()}, **fixed)
    target = draw(st.sampled_from([NAN, 80e9]))
    pace = draw(st.floats(0.1, 2))
    now = frame(target_attainment=[NAN, NAN], pace=[pace, NAN])
    now["target_attainment"] = [now["signed_value_ytd"][0] / target, NAN]
    targets = {"signed_value": target, **{k: draw(st.sampled_from([NAN, draw(st.floats(0.05, 0.95))]))
                                          for k in ("conversion_rate", "operation_rate_2015_2017",
                                                    "operation_rate_2018_2020")}}
    as_of = draw(st.sampled_from(["2020Q2", "2020Q3", "2020Q4", "2020-11-15"]))
    return headline_frames(as_of, targets, now=now, before=frame(), projected=draw(st.floats(0, 200e9))), as_of


@settings(max_examples=80, deadline=None)
@given(two_quarters())
def test_news_groups_every_figure_by_what_a_leader_must_do(drawn):
    (key, ranks), as_of = drawn
    got = news(key, ranks, as_of, 3, 5)
    assert got["group"].map(GROUPS.index).is_monotonic_increasing
    by = got.set_index("figure")
    for figure, row in key.iterrows():
        group = by.loc[figure, "group"]
        missed = row["status"] in ("not_met", "behind")
        fell = not pd.isna(row["change"]) and row["change"] < 0
        change = ranks["change"].get(figure, pd.NA)
        down = figure in ranks.index and not pd.isna(change) and not ranks.loc[figure, "undefined"] and change < 0
        assert (group == "missed") == missed
        assert group == "missed" or (group == "worse") == (fell or down)
    composite = ranks.loc["composite_score"]
    if not pd.isna(composite["change"]) and composite["change"] < 0:
        assert by.loc["composite_score", "group"] == "worse"
    if year_over(as_of):
        assert by["pace"].isna().all() and by["projected"].isna().all()
