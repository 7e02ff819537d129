"""Tests of yubei_lib.survival: Kaplan-Meier time to operation against hand computations."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from yubei_lib.figures import survival
from yubei_lib.figures.survival import DAYS_PER_MONTH, kaplan_meier, time_to_operation


def ledger(**columns):
    frame = pd.DataFrame(columns)
    for c in ("signed_on", "commenced_on", "operating_on", "terminated_on"):
        if c in frame:
            frame[c] = pd.to_datetime(frame[c]).astype("datetime64[ns]")
    frame["contract_value"] = 1e8
    return frame


def test_kaplan_meier_matches_the_textbook_6mp_example():
    # Freireich et al. leukaemia data, 6-MP group (+ = censored); Kleinbaum & Klein give
    # S(6) = 0.857, S(7) = 0.807, S(10) = 0.753, S(13) = 0.690, S(16) = 0.627,
    # S(22) = 0.538, S(23) = 0.448.
    times = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35]
    event = [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
    got = kaplan_meier(np.zeros(21), times, np.array(event, dtype=bool))
    assert got["days"].tolist() == [6, 7, 10, 13, 16, 22, 23]
    assert got["at_risk"].tolist() == [21, 17, 15, 12, 11, 7, 6]
    assert got["events"].tolist() == [3, 1, 1, 1, 1, 1, 1]
    np.testing.assert_allclose(got["survival"], [0.857, 0.807, 0.753, 0.690, 0.627, 0.538, 0.448], atol=5e-4)


def test_time_to_operation_by_hand_with_censoring():
    p = ledger(
        district=["Yubei"] * 9,
        signed_on=["2018-01-01", "2018-01-01", "2018-01-01", "2018-01-01", "2018-01-01", "2018-06-01",
                   "2018-03-01", "2021-01-05", "2020-03-01"],
        operating_on=["2018-04-11", "2018-07-20", None, "2018-07-20", "2021-03-01", None, "2019-12-31",
                      "2021-02-01", "2020-03-01"],
        terminated_on=[None, None, "2018-07-20", None, None, None, None, None, None])
    before = p.copy()
    got = time_to_operation(p, "2020-12-31")
    # Cohort 2018 (7 projects), in days since signing:
    #   #1 in operation after 31 + 28 + 31 + 10 = 100 days; #2 and #4 after 200 days;
    #   #3 terminated after 200 days: censored there (still at risk at 200);
    #   #5 goes into operation after as_of: censored at 2020-12-31 - 2018-01-01 = 1095;
    #   #6 never: censored at 944 days; #7 (2018-03-01 -> 2019-12-31) in operation after 670.
    # KM: t=100: 7 at risk, 1 event: S = 6/7
    #     t=200: 6 at risk, 2 events: S = 6/7 * 4/6 = 4/7
    #     t=670: 3 at risk (#5, #6, #7), 1 event: S = 4/7 * 2/3 = 8/21
    # Cohort 2020: one project in operation on its signing day (time 0). The project signed
    # in 2021 does not exist yet.
    expected = pd.DataFrame({
        "cohort": np.array([2018, 2018, 2018, 2020], dtype=np.int64),
        "months": np.array([100, 200, 670, 0]) / 30.4375,
        "share_in_operation": [1 / 7, 3 / 7, 13 / 21, 1.0],
        "at_risk": np.array([7, 6, 3, 1], dtype=np.int64),
        "events": np.array([1, 2, 1, 1], dtype=np.int64),
    })
    assert_frame_equal(got, expected, check_exact=False, rtol=1e-12)
    assert_frame_equal(p, before)


def test_operation_after_as_of_is_censored_and_split_by_district():
    p = ledger(district=["Yubei", "Yubei", "Dazu", "Dazu"],
               signed_on=["2019-01-01", "2019-01-01", "2019-01-01", "2019-01-01"],
               operating_on=["2019-01-31", "2019-03-02", "2019-03-02", None])
    got = time_to_operation(p, "2019-02-28", by="district")
    # As of 2019-02-28 only the first project is in operation (after 30 days); the others are
    # censored at 58 days. Yubei: 1 of 2 at 30 days. Dazu: no event, no rows.
    assert got[["district", "cohort", "at_risk", "events", "share_in_operation"]].values.tolist() == [
        ["Yubei", 2019, 2, 1, 0.5]]
    assert got["months"].tolist() == [30 / DAYS_PER_MONTH]
    later = time_to_operation(p, "2019-12-31", by="district")
    assert later["district"].tolist() == ["Yubei", "Yubei", "Dazu"]  # districts.csv order
    assert later["share_in_operation"].tolist() == [0.5, 1.0, 0.5]


def test_no_project_gives_an_empty_frame_with_the_columns():
    p = ledger(district=["Yubei"], signed_on=["2020-05-01"], operating_on=[None])
    got = time_to_operation(p, "2019-12-31")
    assert got.empty and list(got.columns) == ["cohort", "months", "share_in_operation", "at_risk", "events"]
    assert time_to_operation(p.iloc[:0], "2020-12-31").empty


def test_operation_before_signing_counts_as_time_zero_and_by_other_column():
    p = ledger(district=["Yubei", "Yubei"], signed_on=["2019-05-01", "2019-05-01"],
               operating_on=["2019-04-01", None])
    p["park"] = ["Airport New Town", None]
    got = time_to_operation(p, "2019-12-31", by="park")
    assert got[["park", "months", "at_risk", "share_in_operation"]].values.tolist() == [
        ["Airport New Town", 0.0, 1, 1.0]]
    with pytest.raises(ValueError, match="lacks required column"):
        time_to_operation(p, "2019-12-31", by="cluster")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2000), st.one_of(st.none(), st.integers(0, 1500))),
                min_size=1, max_size=30),
       st.dates(min_value=dt.date(2016, 1, 1), max_value=dt.date(2022, 1, 1)))
def test_share_in_operation_is_a_rising_fraction(rows, as_of):
    day0 = dt.date(2015, 1, 1)
    p = ledger(district=["Yubei"] * len(rows),
               signed_on=[str(day0 + dt.timedelta(days=s)) for s, _ in rows],
               operating_on=[None if o is None else str(day0 + dt.timedelta(days=s + o)) for s, o in rows])
    got = time_to_operation(p, as_of)
    for _, curve in got.groupby("cohort"):
        share = curve["share_in_operation"].to_numpy()
        assert ((share > 0) & (share <= 1 + 1e-12)).all()
        assert (np.diff(share) > 0).all() and (np.diff(curve["months"]) > 0).all()
        assert (np.diff(curve["at_risk"]) < 0).all()


def test_month_grid_bounds_the_curve_of_a_large_cohort():
    rng = np.random.default_rng(1)
    days = rng.integers(1, 2000, 20_000)
    curve = pd.DataFrame({"cohort": 2016, "months": np.sort(days / 30.4375),
                          "share_in_operation": np.linspace(0.001, 0.9, days.size)})
    grid = survival.on_month_grid(curve)
    assert len(grid) <= 2000 / 30.4375 + 2
    assert grid["share_in_operation"].is_monotonic_increasing and grid["months"].iloc[0] == 0
    # the value at month m is the curve's last value at or before m
    m = 24.0
    assert grid.loc[grid.months == m, "share_in_operation"].item() == curve.loc[curve.months <= m, "share_in_operation"].iloc[-1]
