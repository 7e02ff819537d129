"""Tests of yubei_lib.figures.capital: realized capital and the conversion rate."""

import numpy as np
import pandas as pd
import pytest
from builders import inflows, ledger
from pandas.testing import assert_frame_equal, assert_series_equal

from yubei_lib.figures.capital import conversion_rate, realized_capital
from yubei_lib.ledger.reference import districts

NAMES = districts()["name_en"].tolist()


def test_realized_capital_counts_by_receipt_date_whatever_the_signing_year():
    p = ledger(project_id=["A", "B", "C"], district=["Yubei", "Yubei", "Beibei"],
               signed_on=["2015-06-01", "2020-02-01", "2020-08-01"], contract_value=[5e9, 1e9, 1e9])
    c = inflows(["A", "A", "B", "B", "C"],
                ["2019-12-31", "2020-01-01", "2020-06-30", "2020-07-01", "2020-05-01"],
                [1e9, 2e9, 3e8, 4e8, 5e7])
    before = c.copy()
    got = realized_capital(p, c, "2020Q2")
    # Yubei: 2e9 (2020-01-01, project of 2015) + 3e8 (2020-06-30); not 2019-12-31 nor 2020-07-01.
    # Beibei: capital received before its project's signing date still counts by received_on.
    expected = pd.Series(0.0, index=pd.Index(NAMES, name="district"), name="realized_capital")
    expected["Yubei"], expected["Beibei"] = 2.3e9, 5e7
    assert_series_equal(got, expected)
    assert_frame_equal(c, before)


@pytest.mark.parametrize("dtype", ["str", "object"])
def test_realized_capital_with_object_ids_and_integer_ids(dtype):
    p = ledger(project_id=pd.Series(["A", "B"], dtype=dtype), district=["Yubei", "Dazu"],
               signed_on=["2020-01-01"] * 2)
    c = inflows(pd.Series(["B", "A", "B"], dtype=dtype), ["2020-01-05"] * 3, [1.0, 2.0, 3.0])
    assert realized_capital(p, c, "2020Q1")[["Yubei", "Dazu"]].tolist() == [2.0, 4.0]
    p_int = p.assign(project_id=[10, 20])
    c_int = c.assign(project_id=[20, 10, 20])
    assert realized_capital(p_int, c_int, "2020Q1")[["Yubei", "Dazu"]].tolist() == [2.0, 4.0]


def test_realized_capital_refuses_unknown_or_ambiguous_projects():
    p = ledger(project_id=["A", "A", "B"], district=["Yubei", "Dazu", "Dazu"], signed_on=["2020-01-01"] * 3)
    with pytest.raises(ValueError, match="not unique, e.g. 'A'"):
        realized_capital(p, inflows(["A"], ["2020-02-01"], [1.0]), "2020Q1")
    with pytest.raises(ValueError, match="capital for 1 project.*not in the ledger, e.g. Z"):
        realized_capital(p, inflows(["B", "Z", "Z"], ["2020-02-01"] * 3, [1.0] * 3), "2020Q1")
    # Capital of an unknown project outside the period is not looked at.
    outside = inflows(["B", "Z"], ["2020-02-01", "2021-02-01"], [1.0, 1.0])
    assert realized_capital(p.iloc[[0, 2]], outside, "2020Q1")["Dazu"] == 1.0
    assert realized_capital(p.iloc[[0, 2]], outside.iloc[:0], "2020Q1").sum() == 0.0


def test_conversion_rate_may_exceed_one_and_is_undefined_when_nothing_signed():
    p = ledger(project_id=["A", "B", "C"], district=["Yubei", "Yubei", "Banan"],
               signed_on=["2016-03-01", "2020-02-01", "2016-05-01"], contract_value=[9e9, 1e9, 2e9])
    c = inflows(["A", "B", "C", "B"], ["2020-03-01", "2020-04-01", "2020-05-01", "2020-07-01"],
                [1.5e9, 2e8, 3e8, 1e9])
    got = conversion_rate(p, c, "2020Q2")
    # Yubei: (1.5e9 + 2e8) / 1e9 = 1.7 (capital for the 2016 project counts).
    assert got.loc["Yubei"].tolist() == [1e9, 1.7e9, 1.7]
    # Banan signed nothing in 2020: capital 3e8 but the rate is undefined.
    assert got.loc["Banan", "realized_capital"] == 3e8 and np.isnan(got.loc["Banan", "conversion_rate"])
    assert got["conversion_rate"].isna().sum() == 21
