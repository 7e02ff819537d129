"""Tests of yubei_lib.figures.yoy: the same period last year (figure 20)."""

import math

import numpy as np
import pandas as pd
import pytest

from yubei_lib.figures.machine import district_figures
from yubei_lib.figures.yoy import YOY_FLOWS, prev_year, reaches, yoy_change, yoy_columns, yoy_figures

D = pd.to_datetime


def ledger():
    """Yubei signs on both sides of the leap day's year-earlier date; Jiangbei signs only in 2020."""
    projects = pd.DataFrame({
        "project_id": ["Y1", "Y2", "Y3", "Y4", "J1"],
        "district": ["Yubei", "Yubei", "Yubei", "Yubei", "Jiangbei"],
        "signed_on": D(["2019-02-28", "2019-03-01", "2020-01-20", "2018-12-31", "2020-02-01"]),
        "contract_value": [2e9, 5e9, 3e9, 7e9, 4e8],
        "commenced_on": D(["2019-01-10", None, None, "2018-06-01", None]),
    })
    capital = pd.DataFrame({"project_id": ["Y1", "Y1", "Y4", "J1"],
                            "received_on": D(["2019-02-28", "2019-03-01", "2020-02-29", "2020-02-10"]),
                            "amount": [1e8, 9e9, 3e8, 5e7]})
    return projects, capital


def log(dates, kind="visit_out", level="main"):
    return pd.DataFrame({"date": D(dates), "kind": kind, "leader": "Zhang", "leader_level": level,
                         "enterprise": [f"E{k}" for k in range(len(dates))]})


def test_the_leap_day_compares_with_28_february_of_the_year_before():
    projects, capital = ledger()
    got = district_figures(projects, capital, "2020-02-29").set_index("district")
    y = got.loc["Yubei"]
    # Last year to 2019-02-28: Y1 (signed that day, 2e9, major) and its inflow that day; Y2 and the 9e9 come a day later.
    assert (y["signed_value_ytd_prev_year"], y["signed_count_ytd_prev_year"]) == (2e9, 1)
    assert (y["realized_capital_ytd_prev_year"], y["major_projects_ytd_prev_year"]) == (1e8, 1)
    # This year: Y3 (3e9); capital 3e8.
    assert math.isclose(y["signed_value_ytd_yoy"], 3e9 / 2e9 - 1) and y["signed_count_ytd_yoy"] == 0.0
    assert math.isclose(y["realized_capital_ytd_yoy"], 2.0)
    # A day later (2020-03-01 against 2019-03-01), Y2 is in last year's figures.
    later = district_figures(projects, capital, "2020-03-01").set_index("district").loc["Yubei"]
    assert later["signed_value_ytd_prev_year"] == 7e9 and later["realized_capital_ytd_prev_year"] == 9.1e9


def test_nothing_last_year_gives_no_change():
    projects, capital = ledger()
    got = district_figures(projects, capital, "2020Q1").set_index("district")
    j = got.loc["Jiangbei"]
    assert (j["signed_value_ytd"], j["signed_value_ytd_prev_year"]) == (4e8, 0.0)
    assert pd.isna(j["signed_value_ytd_yoy"]) and pd.isna(j["realized_capital_ytd_yoy"])
    # Nothing either year: last year 0, no change; never a division by zero.
    assert got.loc["Dazu", "signed_count_ytd_prev_year"] == 0 and pd.isna(got.loc["Dazu", "signed_count_ytd_yoy"])
    assert yoy_change(0.0, 0.0) != yoy_change(0.0, 0.0)  # NaN
    assert yoy_change(0.0, 4.0) == -1.0


def test_the_ledger_flows_last_year_are_the_figures_as_of_that_day():
    projects, capital = ledger()
    now = district_figures(projects, capital, "2020-02-29").set_index("district")
    then = district_figures(projects, capital, "2019-02-28").set_index("district")
    for flow in ("signed_value_ytd", "signed_count_ytd", "realized_capital_ytd", "major_projects_ytd"):
        assert now[f"{flow}_prev_year"].tolist() == then[flow].tolist()


def test_without_the_optional_tables_last_year_is_unknown_too():
    projects, capital = ledger()
    got = district_figures(projects, capital, "2020Q4").set_index("district")
    for flow in ("new_projects_investment_ytd", "visits_out_main_ytd"):
        assert got[[f"{flow}_prev_year", f"{flow}_yoy"]].isna().all().all()


def test_a_log_that_starts_this_year_has_no_last_year_never_a_false_zero():
    projects, capital = ledger()
    got = prev_year(projects, capital, "2020Q4", activities=log(["2020-01-05", "2020-06-01"]), own="Yubei")
    assert got["visits_out_main_ytd_prev_year"].isna().all()
    # The log reaches back into last year's period (2019-01-01..2019-12-31): last year's count, 0 as well.
    reached = prev_year(projects, capital, "2020Q4", activities=log(["2019-11-30", "2020-06-01"], level="deputy"),
                        own="Yubei")
    assert reached.loc["Yubei", "visits_out_main_ytd_prev_year"] == 0
    assert reached["visits_out_main_ytd_prev_year"].drop("Yubei").isna().all()  # other districts: no log


@pytest.mark.parametrize("dates, as_of, reached", [
    (["2019-02-28", "2020-01-05"], "2020-02-29", True),     # on the last day of last year's period
    (["2019-03-01", "2020-01-05"], "2020-02-29", False),    # starts the day after it
    (["2018-06-01", "2020-01-05"], "2020-02-29", True),     # starts earlier, nothing in the period itself: a true 0
    (["2017-06-01", "2018-12-31"], "2020-02-29", False),    # ended before last year's period began
    (["2019-01-01"], "2020Q4", True),                       # the period's first day
    ([], "2020Q4", False),
])
def test_when_a_dated_table_reaches_last_years_period(dates, as_of, reached):
    assert reaches(log(dates), "date", as_of) is reached


def test_a_month_of_investment_reaches_from_its_first_day_to_its_last():
    months = pd.DataFrame({"project_id": ["Y4"], "month": D(["2019-02-01"]), "amount": [1e8]})
    assert reaches(months, "month", "2020-02-29")       # February 2019 holds 2019-02-28
    assert not reaches(months, "month", "2020-01-31")   # last year's period ends 2019-01-31
    assert reaches(months, "month", "2020-03-31") and not reaches(months, "month", "2021-01-31")


def test_investment_last_year_counts_the_projects_new_then():
    projects, capital = ledger()
    investment = pd.DataFrame({"project_id": ["Y1", "Y4", "Y1"], "month": D(["2019-02-01", "2019-02-01", "2020-02-01"]),
                               "amount": [1e8, 2e8, 6e8]})
    got = district_figures(projects, capital, "2020-02-29", investment=investment).set_index("district")
    y = got.loc["Yubei"]
    # 2019-02-28: Y1 (commenced 2019-01-10) and Y4 (2018-06-01) both new within 24 months: 3e8. Now: Y1's 6e8.
    assert (y["new_projects_investment_ytd"], y["new_projects_investment_ytd_prev_year"]) == (6e8, 3e8)
    assert math.isclose(y["new_projects_investment_ytd_yoy"], 1.0)
    assert got.loc["Dazu", "new_projects_investment_ytd_prev_year"] == 0.0  # the table reaches: a true 0
    late = investment.assign(month=D(["2020-01-01", "2020-01-01", "2020-02-01"]))
    got = district_figures(projects, capital, "2020-02-29", investment=late)
    assert got["new_projects_investment_ytd_prev_year"].isna().all() and got["new_projects_investment_ytd_yoy"].isna().all()


def test_yoy_figures_order_and_types():
    now = pd.DataFrame({flow: [10.0, 0.0] for flow in YOY_FLOWS}, index=["a", "b"])
    before = pd.DataFrame({f"{flow}_prev_year": [8.0, 0.0] for flow in YOY_FLOWS}, index=["a", "b"])
    got = yoy_figures(now, before)
    assert list(got.columns) == yoy_columns()
    assert got.filter(like="_yoy").dtypes.eq("float64").all()
    assert got.loc["a", "signed_value_ytd_yoy"] == 0.25 and np.isnan(got.loc["b", "visits_out_main_ytd_yoy"])
