"""Tests of yubei_lib.figures.leading: major, leading-investor and foreign projects (figure 17)."""

import pandas as pd
from builders import ledger
from pandas.testing import assert_frame_equal

from yubei_lib.figures.leading import LEADING_TYPES, MAJOR_VALUE, leading_projects


def test_major_leading_and_foreign_by_hand():
    p = ledger(district=["Yubei"] * 6 + ["Dazu"],
               signed_on=["2020-01-01", "2020-06-30", "2020-07-01", "2019-12-31", "2020-03-01", "2020-04-01",
                          "2020-02-02"],
               contract_value=[MAJOR_VALUE, MAJOR_VALUE - 1, 5e9, 5e9, 3e8, 2e8, 4e8],
               investor_type=["Global 500", "foreign", "foreign", "China Top 500", "central SOE", None, "other"],
               terminated_on=[None, "2020-02-01", None, None, None, None, None])
    before = p.copy()
    got = leading_projects(p, "2020Q2")
    # YTD to 2020-06-30: the first two (exactly 1 bn is major; 1 yuan less is not), #5 and #6; #2 was
    # terminated, and stays in; #3 is signed after as_of, #4 last year.
    assert got.loc["Yubei"].tolist() == [1, 2, MAJOR_VALUE - 1]
    assert got.loc["Dazu"].tolist() == [0, 0, 0.0] and got.loc["Banan"].tolist() == [0, 0, 0.0]
    assert got["major_projects"].dtype == "int64" and len(got) == 22
    assert_frame_equal(p, before)
    assert set(LEADING_TYPES) == {"Global 500", "China Top 500", "central SOE"}


def test_a_ledger_without_investor_types_has_no_leading_or_foreign_projects():
    p = ledger(district=["Yubei"], signed_on=["2020-01-01"], contract_value=[2e9])
    got = leading_projects(p, "2020Q4")
    assert got.loc["Yubei"].tolist() == [1, 0, 0.0]


def test_another_period():
    p = ledger(district=["Yubei"] * 2, signed_on=["2019-05-01", "2020-05-01"], contract_value=[2e9, 3e9],
               investor_type=["foreign", "foreign"])
    got = leading_projects(p, "2020Q2", start=pd.Timestamp("2019-01-01"))
    assert got.loc["Yubei", "foreign_signed_value"] == 5e9
