"""Tests of yubei_lib.figures.performance: contract performance (履约率) and capital in place (资金到位率), figures 13-14."""

import numpy as np
import pandas as pd
import pytest
from builders import inflows, ledger
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from yubei_lib.figures.capital import project_rows
from yubei_lib.figures.performance import (
    capital_in_place_rate,
    contract_performance_rate,
    performance_rates,
)


def test_performance_by_hand_with_as_of_cut_offs():
    p = ledger(project_id=["A", "B", "C", "D", "E", "F"], district=["Yubei"] * 5 + ["江北区"],
               signed_on=["2018-01-01", "2019-05-01", "2020-06-30", "2020-07-01", "2017-12-31", "2019-01-01"],
               contract_value=[4e8, 1e8, 5e8, 9e9, 2e8, 0.0],
               terminated_on=["2020-06-30", "2020-07-01", None, None, None, "2019-02-01"])
    c = inflows(["A", "A", "B", "C", "D", "E", "C"],
                ["2018-03-01", "2020-06-30", "2020-07-01", "2020-01-01", "2020-07-01", "2019-01-01", "2020-06-30"],
                [1e8, 5e7, 3e7, 2e8, 1e9, 2e8, 1e7])
    before_p, before_c = p.copy(), c.copy()
    got = performance_rates(p, c, "2020Q2", "2018-2020")
    y = got.loc["Yubei"]
    # Cohort: A, B, C (D signed after as_of; E in 2017). A terminated on as_of: out; B terminates later: in.
    assert (y["cohort_count"], y["live_count"]) == (3, 2) and y["contract_performance_rate"] == 2 / 3
    # Capital on or before as_of: A 1e8 + 5e7, C 2e8 + 1e7 (an inflow dated before signing counts); B's comes later.
    assert y["capital_in_place"] == 3.6e8 and y["capital_in_place_rate"] == pytest.approx(3.6e8 / 1e9)
    # Jiangbei: F of value 0, terminated: performance 0; capital in place undefined.
    assert got.loc["Jiangbei", "contract_performance_rate"] == 0.0
    assert np.isnan(got.loc["Jiangbei", "capital_in_place_rate"])
    assert np.isnan(got.loc["Dazu", "contract_performance_rate"]) and got.loc["Dazu", "cohort_count"] == 0
    assert contract_performance_rate(p, "2020Q2", "2018-2020")["Yubei"] == 2 / 3
    assert capital_in_place_rate(p, c, "2020Q2", "2018-2020")["Yubei"] == y["capital_in_place_rate"]
    assert len(got) == 22
    assert_frame_equal(p, before_p)
    assert_frame_equal(c, before_c)


def test_capital_of_unknown_projects_belongs_to_no_cohort():
    p = ledger(project_id=["A"], district=["Yubei"], signed_on=["2016-01-01"], contract_value=[1e9])
    c = inflows(["A", "Z"], ["2016-05-01", "2016-05-01"], [1e8, 5e8])
    assert capital_in_place_rate(p, c, "2016Q4", "2015-2017")["Yubei"] == pytest.approx(0.1)
    assert project_rows(p, pd.Series(["Z", "A"])).tolist() == [-1, 0]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2000), st.one_of(st.none(), st.integers(0, 2000)),
                          st.integers(0, 5)), min_size=1, max_size=25),
       st.integers(0, 2200))
def test_performance_against_a_plain_count(rows, day):
    """Property: the rate is the count of members not terminated by as_of over the members."""
    base = pd.Timestamp("2015-01-01")
    as_of = base + pd.Timedelta(days=day)
    signed = [base + pd.Timedelta(days=s) for s, _, _ in rows]
    ended = [None if t is None else base + pd.Timedelta(days=s + t) for s, t, _ in rows]
    p = ledger(district=["Yubei"] * len(rows), signed_on=signed, terminated_on=ended,
               contract_value=[float(v) for _, _, v in rows])
    got = contract_performance_rate(p, as_of, "2015-2020")["Yubei"]
    members = [(s, e) for s, e in zip(signed, ended) if s <= as_of]
    if not members:
        assert np.isnan(got)
    else:
        assert got == sum(1 for _, e in members if e is None or e > as_of) / len(members)
