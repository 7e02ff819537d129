"""Tests of yubei_lib.figures.timeline: signed value over months, quarters and the year."""

import math

import pandas as pd
from builders import ledger

from yubei_lib.figures.timeline import cumulative_frame, signed_by_period

NAN = math.nan


def test_signed_by_period_fills_empty_periods_and_starts_with_the_ledger():
    p = ledger(district=["Yubei", "Yubei", "Dazu", "Yubei"],
               signed_on=["2019-11-20", "2020-02-10", "2019-10-05", "2020-04-01"],
               contract_value=[1e9, 2e9, 5e9, 7e9])
    got = signed_by_period(p, "2020Q1", "Yubei", "month", 24)
    assert got["period"].dt.strftime("%Y-%m").tolist() == ["2019-10", "2019-11", "2019-12", "2020-01", "2020-02",
                                                          "2020-03"]
    assert got["value"].tolist() == [0.0, 1e9, 0.0, 0.0, 2e9, 0.0]
    assert got["count"].tolist() == [0, 1, 0, 0, 1, 0]
    q = signed_by_period(p, "2020-04-01", "Yubei", "quarter", 12)
    assert q["value"].tolist() == [1e9, 2e9, 7e9]


def test_cumulative_frame_has_no_projection_at_year_end():
    p = ledger(district=["Yubei", "Yubei"], signed_on=["2020-01-10", "2020-11-02"], contract_value=[1e9, 2e9])
    got = cumulative_frame(p, "2020Q4", "Yubei", projected=3e9)
    assert len(got) == 12 and got["kind"].eq("actual").all()
    assert got["cumulative"].iloc[-1] == 3e9 and got["cumulative"].iloc[9] == 1e9
    early = cumulative_frame(p, "2020-01-05", "Yubei", projected=NAN)
    assert early["date"].tolist() == [pd.Timestamp("2020-01-05")] and early["cumulative"].tolist() == [0.0]
