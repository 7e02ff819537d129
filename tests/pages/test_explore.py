"""Tests of yubei_lib.pages.explore: a ledger's figures as DataFrames, for any date."""

import pandas as pd
import pytest
from paths import SAMPLE

import yubei_lib as yb
from yubei_lib.figures.machine import district_figures


@pytest.fixture(scope="module")
def ex():
    return yb.explore(yb.load_ledger(SAMPLE / "projects.csv", SAMPLE / "capital.csv"), "2020Q4", "渝北")


def test_frames_of_every_district_and_of_the_district(ex):
    assert ex.district == "Yubei" and ex.as_of == pd.Timestamp("2020-12-31")
    pd.testing.assert_frame_equal(ex.figures, district_figures(ex.ledger.projects, ex.ledger.capital, "2020Q4"))
    assert len(ex.rankings) == 22 and ex.rankings["shown_composite_rank"].notna().all()
    assert len(ex.signed_by_month) == 24 and ex.cumulative["date"].max() == pd.Timestamp("2020-12-31")
    assert set(ex.cohorts_table["cohort"]) == {"2015-2017", "2018-2020"} and len(ex.cohorts_table) == 44
    assert (ex.lagging["district"] == "Yubei").all() and len(ex.lagging) == 13
    assert {"district", "park", "signed_value"} <= set(ex.composition("park").columns)
    assert ex.largest(3).groupby("district").size().max() == 3
    assert ex.time_to_operation["share_in_operation"].between(0, 1).all()
    assert set(ex.rank_history(4)["quarter"]) == {"2020Q1", "2020Q2", "2020Q3", "2020Q4"}


def test_another_date_is_computed_afresh(ex):
    earlier = ex.at("2019Q4")
    assert earlier.as_of == pd.Timestamp("2019-12-31") and ex.as_of == pd.Timestamp("2020-12-31")
    yubei = earlier.figures.set_index("district").loc["Yubei"]
    assert round(yubei["signed_value_ytd"] / 1e9, 1) == 141.6 and yubei["composite_rank"] == 1
    assert earlier.signed_by_month["period"].max() == pd.Timestamp("2019-12-01")


def test_one_districts_ledger_has_no_rank_until_the_citys_table_is_given():
    from yubei_lib.ledger.published import read_rankings

    office = yb.load_ledger(SAMPLE / "yubei_projects.xlsx", SAMPLE / "yubei_capital.xlsx")
    alone = yb.explore(office, "2020Q4")
    assert alone.figures["composite_rank"].isna().all()
    with_table = yb.explore(office, "2020Q4", published=read_rankings(SAMPLE / "city_rankings.xlsx"))
    assert with_table.figures.set_index("district").loc["Yubei", "composite_rank"] == 1


def test_warnings_are_the_districts_red_and_yellow_stages(ex):
    w = ex.warnings
    assert (w["district"] == "Yubei").all() and set(w["status"]) == {"red", "yellow"}
    yubei = ex.figures.set_index("district").loc["Yubei"]
    red = set(w.loc[w["status"] == "red", "project_id"])
    assert len(red) == yubei["warning_red_count"] > yubei["lagging_count"] == len(ex.lagging)  # plans missed too
    assert set(ex.lagging["project_id"]) <= red
    assert len(set(w["project_id"]) - red) == yubei["warning_yellow_count"] > 0


def test_the_same_period_last_year_of_the_district(ex):
    table = ex.same_period_last_year
    assert list(table.columns) == ["flow", "this_period", "same_period_last_year", "change"]
    assert table["flow"].tolist() == ["signed_value_ytd", "signed_count_ytd", "realized_capital_ytd", "major_projects_ytd",
                                      "new_projects_investment_ytd", "visits_out_main_ytd"]
    got = table.set_index("flow")
    last_year = ex.at("2019Q4").figures.set_index("district").loc["Yubei"]
    for flow in ("signed_value_ytd", "signed_count_ytd", "realized_capital_ytd", "major_projects_ytd"):
        assert got.loc[flow, "same_period_last_year"] == last_year[flow]
        assert got.loc[flow, "change"] == pytest.approx(got.loc[flow, "this_period"] / last_year[flow] - 1)
    # This ledger has no optional tables: their flows are unknown both years, never 0.
    assert got.loc[["new_projects_investment_ytd", "visits_out_main_ytd"]].isna().all().all()


def test_the_ledgers_optional_tables_give_their_flows_and_last_years():
    ledger = yb.load_ledger(SAMPLE / "projects.csv", SAMPLE / "capital.csv", investment=SAMPLE / "investment.xlsx",
                            activities=SAMPLE / "activities.xlsx")
    got = yb.explore(ledger, "2020Q4").same_period_last_year.set_index("flow")
    assert got.loc["visits_out_main_ytd", "same_period_last_year"] == 314  # the article's 2019
    assert round(got.loc["new_projects_investment_ytd", "same_period_last_year"] / 1e9) == 11
    assert got["change"].notna().all()
