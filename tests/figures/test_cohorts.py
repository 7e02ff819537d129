"""Tests of yubei_lib.figures.cohorts: commencement and operation rates of cohorts."""

import datetime as dt

import numpy as np
import pytest
from builders import ledger
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal, assert_series_equal

from yubei_lib.figures.cohorts import cohort_rates, commencement_rate, operation_rate
from yubei_lib.ledger.reference import districts

NAMES = districts()["name_en"].tolist()


DAY0 = dt.date(2015, 1, 1)


@st.composite
def ledgers(draw):
    n = draw(st.integers(min_value=0, max_value=25))
    day = st.integers(min_value=0, max_value=6 * 365)
    rows = []
    for i in range(n):
        signed = draw(day)
        commenced = draw(st.one_of(st.none(), st.integers(signed, signed + 900)))
        operating = draw(st.one_of(st.none(), st.integers(commenced or signed, (commenced or signed) + 900)))
        terminated = draw(st.one_of(st.none(), st.integers(signed, signed + 2000)))
        rows.append((draw(st.sampled_from(["Yubei", "Dazu", "Nan'an"])), signed, commenced, operating,
                     terminated, draw(st.floats(0, 1e10))))
    as_date = lambda d: None if d is None else str(DAY0 + dt.timedelta(days=d))  # noqa: E731
    return ledger(district=[r[0] for r in rows], signed_on=[as_date(r[1]) for r in rows],
                  commenced_on=[as_date(r[2]) for r in rows], operating_on=[as_date(r[3]) for r in rows],
                  terminated_on=[as_date(r[4]) for r in rows], contract_value=[r[5] for r in rows])


as_of_days = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2022, 12, 31))


def test_cohort_rates_as_of_cut_offs_and_terminated_projects():
    p = ledger(district=["Yubei"] * 7,
               signed_on=["2018-01-01", "2018-06-01", "2019-03-01", "2019-09-01", "2020-06-30",
                          "2020-07-01", "2017-12-31"],
               contract_value=[4e8, 1e8, 2e8, 3e8, 5e8, 9e9, 9e9],
               commenced_on=["2018-05-01", None, "2020-07-01", "2019-10-01", None, None, "2018-01-01"],
               operating_on=["2019-01-01", "2020-06-30", None, "2020-08-01", None, None, "2018-06-01"],
               terminated_on=[None, None, None, "2020-02-01", None, None, None])
    before = p.copy()
    got = cohort_rates(p, "2020Q2", "2018-2020")
    # Cohort 2018-2020 as of 2020-06-30: the first five (2020-07-01 not yet signed; 2017 outside).
    #   commenced by as_of: #1 (2018-05-01), #2 (no commencement date, operating 2020-06-30,
    #   counts as commenced then), #4 (2019-10-01, terminated but stays in) -> 3 of 5 = 0.6;
    #   #3 commenced 2020-07-01, after as_of.
    #   in operation by as_of: #1, #2 -> 2 of 5 = 0.4; #4 operates 2020-08-01, after as_of.
    #   by value: commenced (4e8 + 1e8 + 3e8) / 1.5e9; operating (4e8 + 1e8) / 1.5e9.
    row = got.loc["Yubei"]
    assert (row["cohort_count"], row["commenced_count"], row["operating_count"]) == (5, 3, 2)
    assert row["cohort_value"] == 1.5e9
    assert row["commencement_rate"] == 0.6 and row["operation_rate"] == 0.4
    assert row["commencement_rate_value"] == pytest.approx(8e8 / 1.5e9)
    assert row["operation_rate_value"] == pytest.approx(5e8 / 1.5e9)
    assert np.isnan(got.loc["Dazu", "operation_rate"])
    assert_series_equal(operation_rate(p, "2020Q2", "2018-2020"), got["operation_rate"])
    assert_series_equal(commencement_rate(p, "2020Q2", "2018-2020", weight="value"),
                        got["commencement_rate_value"].rename("commencement_rate"))
    with pytest.raises(ValueError, match="weight must be"):
        operation_rate(p, "2020Q2", "2018-2020", weight="amount")
    assert_frame_equal(p, before)
