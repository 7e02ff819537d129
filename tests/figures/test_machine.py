"""Tests of yubei_lib.figures: the machine-readable figures of all 22 districts."""

import json

import numpy as np
import pandas as pd
import pytest
from builders import city_table
from pandas.testing import assert_frame_equal

from yubei_lib.figures.machine import (
    district_figures,
    figure_columns,
    figures_dict,
    figures_json,
)
from yubei_lib.ledger.reference import districts

NAMES = districts()["name_en"].tolist()

KEYS = ["district", "signed_value_ytd", "signed_count_ytd", "realized_capital_ytd", "conversion_rate_ytd",
        "commencement_rate_2015_2017", "operation_rate_2015_2017",
        "commencement_rate_2018_2020", "operation_rate_2018_2020",
        "rank_conversion_rate", "rank_operation_rate_2015_2017", "rank_operation_rate_2018_2020",
        "composite_score", "composite_rank", "lagging_count", "target_attainment", "pace",
        # the second set (figures 13-17), after the keys of figures 1-12
        "contract_performance_rate_2015_2017", "capital_in_place_rate_2015_2017",
        "contract_performance_rate_2018_2020", "capital_in_place_rate_2018_2020", "new_projects_investment_ytd",
        "visits_out_main_ytd", "visit_to_signing_share", "major_projects_ytd", "leading_investor_projects_ytd",
        "foreign_signed_value_ytd",
        # the warnings (figure 21), after the second set
        "warning_red_count", "warning_yellow_count",
        # the same period last year (figure 20), after the warnings
        "signed_value_ytd_prev_year", "signed_value_ytd_yoy", "signed_count_ytd_prev_year", "signed_count_ytd_yoy",
        "realized_capital_ytd_prev_year", "realized_capital_ytd_yoy", "major_projects_ytd_prev_year",
        "major_projects_ytd_yoy", "new_projects_investment_ytd_prev_year", "new_projects_investment_ytd_yoy",
        "visits_out_main_ytd_prev_year", "visits_out_main_ytd_yoy"]


def frames():
    """A Yubei/Jiangbei ledger as of 2020Q2, with projects and capital after it too."""
    projects = pd.DataFrame({
        "project_id": ["Y1", "Y2", "Y3", "Y4", "J1", "J2", "J3"],
        "project_name": ["a", "b", "c", "d", "e", "f", "g"],
        "district": ["Yubei", "Yubei", "Yubei", "Yubei", "Jiangbei", "江北区", "Jiangbei"],
        "signed_on": pd.to_datetime(["2016-04-01", "2018-09-01", "2020-03-15", "2020-07-01",
                                     "2017-01-01", "2019-02-01", "2020-05-01"]),
        "contract_value": [5e9, 2e9, 3e10, 9e9, 1e9, 1e9, 4e9],
        "commenced_on": pd.to_datetime(["2016-10-01", None, None, None, "2017-06-01", "2019-06-01", None]),
        "operating_on": pd.to_datetime(["2017-09-01", "2019-06-01", None, None, None, "2020-07-15", None]),
        "terminated_on": pd.to_datetime([None] * 7),
        "responsible_unit": ["unit"] * 7, "responsible_leader": ["Li"] * 7, "extra": range(7),
    })
    capital = pd.DataFrame({"project_id": ["Y1", "Y3", "J1", "Y1"],
                            "received_on": pd.to_datetime(["2020-02-01", "2020-06-30", "2020-04-01", "2020-07-01"]),
                            "amount": [4e9, 2e9, 3e9, 7e9]})
    return projects, capital


def test_figure_columns_are_the_keys_of_domain():
    assert figure_columns() == KEYS
    assert figure_columns(("2015-2017", "2018-2020")) == KEYS


def test_no_rank_while_a_district_has_no_data():
    projects, capital = frames()  # Yubei and Jiangbei only
    got = district_figures(projects, capital, "2020Q2")
    ranks = ["rank_conversion_rate", "rank_operation_rate_2015_2017", "rank_operation_rate_2018_2020",
             "composite_score", "composite_rank"]
    assert got[ranks].isna().all().all()
    assert all(row[k] is None for row in figures_json(None, None, "2020Q2", figures=got)["districts"] for k in ranks)
    # A table that lacks one quarter does not help another: still no rank at 2020Q1.
    got = district_figures(projects, capital, "2020Q1", published=city_table("2020Q2"))
    assert got[ranks].isna().all().all()


def test_district_figures_by_hand():
    projects, capital = frames()
    before_p, before_c = projects.copy(), capital.copy()
    # The city's table gives the other 20 districts, their rates undefined.
    got = district_figures(projects, capital, "2020Q2", published=city_table("2020Q2"))
    assert list(got.columns) == KEYS and got["district"].tolist() == NAMES
    y = got.set_index("district").loc["Yubei"]
    j = got.set_index("district").loc["Jiangbei"]
    # Yubei YTD: Y3 (3e10) only (Y4 signed after as_of). Capital: 4e9 (Y1, signed 2016) + 2e9;
    # the 2020-07-01 inflow is after as_of. Conversion (4e9 + 2e9) / 3e10 = 0.2.
    assert (y["signed_value_ytd"], y["signed_count_ytd"], y["realized_capital_ytd"]) == (3e10, 1, 6e9)
    assert y["conversion_rate_ytd"] == pytest.approx(0.2)
    # Jiangbei YTD: J3 4e9; capital 3e9 (J1, signed 2017) -> 0.75.
    assert j["conversion_rate_ytd"] == 0.75
    # Cohort 2015-2017: Yubei Y1 commenced and operating -> 1, 1. Jiangbei J1 commenced -> 1, 0.
    assert (y["commencement_rate_2015_2017"], y["operation_rate_2015_2017"]) == (1.0, 1.0)
    assert (j["commencement_rate_2015_2017"], j["operation_rate_2015_2017"]) == (1.0, 0.0)
    # Cohort 2018-2020 as of 2020-06-30: Yubei Y2 (operating 2019-06-01, no commencement date:
    # commenced then), Y3 -> commenced 1/2, operating 1/2. Jiangbei J2 (commenced; operating
    # 2020-07-15, after as_of), J3 -> commenced 1/2, operating 0/2.
    assert (y["commencement_rate_2018_2020"], y["operation_rate_2018_2020"]) == (0.5, 0.5)
    assert (j["commencement_rate_2018_2020"], j["operation_rate_2018_2020"]) == (0.5, 0.0)
    # Ranks: conversion Jiangbei 1, Yubei 2, 20 undefined -> 3. Operation 2015-2017: Yubei 1,
    # Jiangbei 2, others 3. Operation 2018-2020: Yubei 1, Jiangbei 2, others 3.
    assert (y["rank_conversion_rate"], y["rank_operation_rate_2015_2017"], y["rank_operation_rate_2018_2020"]) == (2, 1, 1)
    assert (j["rank_conversion_rate"], j["rank_operation_rate_2015_2017"], j["rank_operation_rate_2018_2020"]) == (1, 2, 2)
    assert y["composite_score"] == pytest.approx(4 / 3) and j["composite_score"] == pytest.approx(5 / 3)
    assert (y["composite_rank"], j["composite_rank"]) == (1, 2)
    banan = got.set_index("district").loc["Banan"]
    assert banan["composite_score"] == 3.0 and banan["composite_rank"] == 3 and pd.isna(banan["conversion_rate_ytd"])
    # Lagging as of 2020-06-30: Y2 (2018-09-01) has an operation date, so commenced; signed
    # less than 36 months ago -> not lagging. J1 (2017-01-01) not in operation after 36 months
    # -> lagging. J2 signed 2019-02-01, commenced -> not lagging.
    assert (y["lagging_count"], j["lagging_count"]) == (0, 1)
    # Target (reference targets.csv): Yubei 80e9 in 2020: 3e10 / 8e10 = 0.375; pace
    # 0.375 / (182 / 366). Jiangbei has no target.
    assert y["target_attainment"] == 0.375 and y["pace"] == pytest.approx(0.375 * 366 / 182)
    assert pd.isna(j["target_attainment"]) and pd.isna(j["pace"])
    # Warnings (figure 21, no planned dates): red = lagging (J1); Y3 (2020-03-15) is not within 3 months
    # of its 12-month deadline: none yellow.
    assert (y["warning_red_count"], j["warning_red_count"], j["warning_yellow_count"]) == (0, 1, 0)
    for c in ("signed_count_ytd", "lagging_count", "warning_red_count", "warning_yellow_count"):
        assert got[c].dtype == np.int64
    assert got["rank_conversion_rate"].dtype == "Int64" and got["composite_rank"].dtype == "Int64"
    assert_frame_equal(projects, before_p)
    assert_frame_equal(capital, before_c)


def test_three_rates_use_the_first_two_cohorts_only():
    projects, capital = frames()
    got = district_figures(projects, capital, "2020-06-30", cohorts="2018-2020,2015-2017,2019-2019",
                           published=city_table("2020Q2", cohorts=("2015-2017", "2018-2020", "2019-2019")))
    assert "rank_operation_rate_2019_2019" in got.columns and "operation_rate_2019_2019" in got.columns
    y = got.set_index("district").loc["Yubei"]
    # Composite of conversion (2), operation 2018-2020 (1) and 2015-2017 (1) only.
    assert y["composite_score"] == pytest.approx(4 / 3)
    with pytest.raises(ValueError, match="given twice"):
        district_figures(projects, capital, "2020Q2", cohorts=["2015-2017", "2015-2017"])


def test_targets_of_our_own_or_none():
    projects, capital = frames()
    targets = pd.DataFrame({"district": ["Jiangbei"], "year": [2020], "figure": ["contract_value"],
                            "cohort": [""], "value": [1.6e10]})
    got = district_figures(projects, capital, "2020Q2", targets=targets).set_index("district")
    assert got.loc["Jiangbei", "target_attainment"] == 0.25 and np.isnan(got.loc["Yubei", "target_attainment"])
    none = district_figures(projects, capital, "2020Q2", targets=pd.DataFrame())
    assert none["target_attainment"].isna().all() and none["pace"].isna().all()


def test_quarter_label_and_date_give_the_same_figures():
    projects, capital = frames()
    assert_frame_equal(district_figures(projects, capital, "2020Q2"),
                       district_figures(projects, capital, "2020-06-30"))


def test_figures_json_is_plain_and_at_full_precision():
    projects, capital = frames()
    out = figures_json(projects, capital, "2020Q2", published=city_table("2020Q2"))
    assert out["as_of"] == "2020-06-30" and out["cohorts"] == ["2015-2017", "2018-2020"]
    assert [d["district"] for d in out["districts"]] == NAMES
    yubei = out["districts"][NAMES.index("Yubei")]
    assert list(yubei) == KEYS
    assert yubei["target_attainment"] == 0.375
    assert isinstance(yubei["signed_count_ytd"], int) and isinstance(yubei["composite_rank"], int)
    jiangbei = out["districts"][NAMES.index("Jiangbei")]
    assert jiangbei["target_attainment"] is None and jiangbei["pace"] is None
    assert out["districts"][0]["conversion_rate_ytd"] is None
    text = json.dumps(out, allow_nan=False)   # no NaN anywhere
    back = json.loads(text)
    assert back["districts"][NAMES.index("Yubei")]["pace"] == yubei["pace"] == 0.375 / (182 / 366)
    # Given the frame already computed, the same object comes out without recomputing.
    frame = district_figures(projects, capital, "2020Q2", published=city_table("2020Q2"))
    assert figures_json(None, None, "2020Q2", figures=frame) == out


def test_figures_dict_converts_numpy_values():
    f = pd.DataFrame({"district": ["Yubei", "Dazu"], "composite_score": [4 / 3, np.nan],
                      "lagging_count": np.array([2, 0], dtype=np.int64)})
    got = figures_dict(f, "2020-12-31", "2015-2017")
    assert got == {"as_of": "2020-12-31", "cohorts": ["2015-2017"],
                   "districts": [{"district": "Yubei", "composite_score": 4 / 3, "lagging_count": 2},
                                 {"district": "Dazu", "composite_score": None, "lagging_count": 0}]}
    assert json.dumps(got["districts"][0]["composite_score"]) == "1.3333333333333333"
