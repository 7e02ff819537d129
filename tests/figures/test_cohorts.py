"""Tests of yubei_lib.figures.cohorts: commencement and operation rates of cohorts."""

import numpy as np
import pytest
from builders import ledger
from pandas.testing import assert_frame_equal, assert_series_equal

from yubei_lib.figures.cohorts import (
    cohort_chart_frame,
    cohort_figures,
    cohort_rates,
    commencement_rate,
    operation_rate,
)


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


TARGETS = {"signed_value": 80e9, "conversion_rate": 0.2, "operation_rate_2015_2017": 0.9,
           "operation_rate_2018_2020": 0.6}
COHORTS = "2015-2017,2018-2020"


def test_cohort_chart_frame_targets_only_the_count_rates():
    p = ledger(district=["Yubei"] * 3, signed_on=["2015-03-01", "2016-07-01", "2019-01-01"],
               contract_value=[3e8, 1e8, 6e8], commenced_on=["2015-06-01", None, "2019-05-01"],
               operating_on=["2017-01-01", None, None])
    got = cohort_figures(p, "2020Q4", "Yubei", COHORTS, TARGETS)
    assert got["cohort_count"].tolist() == [2, 1]
    assert got["commencement_rate"].tolist() == [0.5, 1.0]
    assert got["operation_target"].tolist() == [0.9, 0.6]
    frame = cohort_chart_frame(got)
    assert len(frame) == 8 and frame["target"].notna().sum() == 2
    assert frame.loc[frame["figure"] == "operation_rate_value", "value"].tolist() == [0.75, 0.0]
