"""Tests of yubei_lib.figures.targets: the target lookup and statuses."""

import math

import pytest

from yubei_lib.figures.targets import district_targets, target_status
from yubei_lib.ledger.reference import load_targets

NAN = math.nan


COHORTS = "2015-2017,2018-2020"


@pytest.mark.parametrize("value, target, pace, year_over, expected", [
    (0.9, 0.9, None, False, "met"),  # at the target is met
    (0.8999, 0.9, None, False, "not_met"),
    (NAN, 0.9, None, False, "undefined"),
    (0.95, NAN, None, False, "no_target"),
    (NAN, NAN, None, False, "no_target"),
    (40e9, 80e9, 1.0, False, "on_track"),  # pace exactly 1 is on track
    (40e9, 80e9, 0.99, False, "behind"),
    (80e9, 80e9, 1.0, False, "met"),
    (79e9, 80e9, 0.99, True, "not_met"),  # the year is over: no pace any more
    (5e9, 0.0, NAN, False, "no_target"),
])
def test_target_status(value, target, pace, year_over, expected):
    assert target_status(value, target, pace=pace, year_over=year_over) == expected


def test_district_targets_read_the_article_values_and_nan_elsewhere():
    table = load_targets()
    got = district_targets(table, "渝北区", 2020, COHORTS)
    assert got["signed_value"] == 80e9 and got["conversion_rate"] == pytest.approx(0.2)
    assert got["operation_rate_2015_2017"] == pytest.approx(0.9)
    assert got["operation_rate_2018_2020"] == pytest.approx(0.6)
    assert math.isnan(got["commencement_rate_2015_2017"])
    assert all(math.isnan(v) for v in district_targets(table, "Yubei", 2019, COHORTS).values())
    assert all(math.isnan(v) for v in district_targets(table, "Wansheng", 2020, COHORTS).values())
