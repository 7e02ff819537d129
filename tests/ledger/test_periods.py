"""Tests of yubei_lib.periods: as-of dates, quarters, month arithmetic, cohorts."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from yubei_lib.ledger.periods import (
    add_months,
    cohort_key,
    cohort_label,
    full_months,
    parse_as_of,
    parse_cohort,
    parse_cohorts,
    previous_quarter_end,
    quarter_end,
    quarter_label,
    same_day_last_year,
    year_fraction_elapsed,
    ytd_start,
)

T = pd.Timestamp


@pytest.mark.parametrize("label, end", [
    ("2020Q1", "2020-03-31"), ("2020Q2", "2020-06-30"), ("2020Q3", "2020-09-30"),
    ("2020Q4", "2020-12-31"), ("2019q1", "2019-03-31"), ("2020-Q2", "2020-06-30"),
    (" 2020 Q4 ", "2020-12-31"),
])
def test_quarter_label_means_the_last_day_of_the_quarter(label, end):
    assert parse_as_of(label) == T(end)


@pytest.mark.parametrize("value", [
    "2020-06-30", "2020/6/30", "2020.06.30", "20200630", dt.date(2020, 6, 30),
    dt.datetime(2020, 6, 30, 17, 45), T("2020-06-30 08:00"), np.datetime64("2020-06-30"),
    T("2020-06-30 23:00", tz="Asia/Shanghai"),
])
def test_dates_in_any_form_become_midnight_timestamps(value):
    got = parse_as_of(value)
    assert got == T("2020-06-30") and got.tzinfo is None


@pytest.mark.parametrize("value, words", [
    ("2020Q5", "quarter label such as 2020Q2"),
    ("Q2 2020", "cannot read as_of"),
    ("2019-02-29", "day is out of range"),
    ("2020-13-01", "month must be in 1..12"),
    ("", "cannot read as_of ''"),
    ("2020", "cannot read as_of '2020'"),
    (None, "of type NoneType"),
    (2020, "of type int"),
    (True, "of type bool"),
    (pd.NaT, "empty"),
])
def test_bad_as_of_is_a_clear_value_error(value, words):
    with pytest.raises(ValueError, match="as_of") as info:
        parse_as_of(value)
    assert words in str(info.value)


def test_quarter_helpers():
    assert quarter_label("2020-01-01") == "2020Q1"
    assert quarter_label("2020-09-30") == "2020Q3"
    assert quarter_end("2020-02-10") == T("2020-03-31")
    assert quarter_end("2020Q4") == T("2020-12-31")
    # The quarter before Q1 ends on 31 December of the year before.
    assert previous_quarter_end("2020Q1") == T("2019-12-31")
    assert previous_quarter_end("2020-12-31") == T("2020-09-30")
    # Mid-quarter: still the end of the quarter before.
    assert previous_quarter_end("2020-08-15") == T("2020-06-30")
    assert ytd_start("2020-12-31") == T("2020-01-01")


@pytest.mark.parametrize("as_of, last_year", [
    ("2020-02-29", "2019-02-28"),   # the leap day: 28 February of the year before
    ("2021-02-28", "2020-02-28"),   # the day is kept, not moved to the month end
    ("2020Q1", "2019-03-31"), ("2020Q4", "2019-12-31"), ("2020-Q2", "2019-06-30"),
    (dt.date(2019, 1, 1), "2018-01-01"), ("2020/3/1", "2019-03-01"),
])
def test_same_day_last_year(as_of, last_year):
    assert same_day_last_year(as_of) == T(last_year)


@given(st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2199, 12, 31)))
def test_same_day_last_year_is_in_the_year_before_and_in_the_same_month(day):
    got = same_day_last_year(day)
    assert (got.year, got.month) == (day.year - 1, day.month)
    assert got.day == day.day or (day.month, day.day, got.day) == (2, 29, 28)


def test_same_day_last_year_refuses_what_is_no_date():
    with pytest.raises(ValueError, match="as_of"):
        same_day_last_year("2020Q5")


def test_year_fraction_counts_both_ends_and_leap_years():
    assert year_fraction_elapsed("2019-01-01") == 1 / 365
    assert year_fraction_elapsed("2020-01-01") == 1 / 366
    # 2020-02-29: 31 days of January + 29 of February = 60 of 366.
    assert year_fraction_elapsed("2020-02-29") == 60 / 366
    # 2020Q2: 31 + 29 + 31 + 30 + 31 + 30 = 182 of 366.
    assert year_fraction_elapsed("2020Q2") == 182 / 366
    assert year_fraction_elapsed("2019-12-31") == 1.0
    assert year_fraction_elapsed("2020-12-31") == 1.0


@pytest.mark.parametrize("start, months, end", [
    ("2020-02-29", -12, "2019-02-28"),   # clipped to the end of February 2019
    ("2020-02-29", -36, "2017-02-28"),
    ("2020-02-29", -48, "2016-02-29"),   # 2016 is a leap year: no clipping
    ("2020-03-31", -1, "2020-02-29"),
    ("2019-03-31", -1, "2019-02-28"),
    ("2020-05-31", -1, "2020-04-30"),
    ("2019-01-31", 1, "2019-02-28"),
    ("2019-02-28", 12, "2020-02-28"),    # a month end is not kept as a month end
    ("2020-06-30", 0, "2020-06-30"),
])
def test_add_months_clips_to_month_end(start, months, end):
    assert add_months(start, months) == T(end)


@pytest.mark.parametrize("months", [1.5, "3", True])
def test_add_months_refuses_fractions(months):
    with pytest.raises((ValueError, TypeError)):
        add_months("2020-01-31", months)


def test_full_months_as_of_2020_02_29():
    start = pd.to_datetime(["2019-02-28", "2019-02-27", "2019-03-01", "2017-02-28",
                            "2017-03-01", "2020-02-29", "2020-03-01", None])
    # 2019-02-28 is exactly 12 months before (2020-02-29 - 12 months, clipped).
    # 2019-03-01 is one day short of 12 (11); 2017-02-28 exactly 36, 2017-03-01 35.
    # The same day is 0 months; a later day is -1; a missing date is -1.
    expected = np.array([12, 12, 11, 36, 35, 0, -1, -1])
    np.testing.assert_array_equal(full_months(start, "2020-02-29"), expected)


@given(st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2025, 12, 31)),
       st.dates(min_value=dt.date(2014, 1, 1), max_value=dt.date(2025, 12, 31)),
       st.integers(min_value=0, max_value=48))
def test_full_months_agrees_with_the_lagging_rule(start, end, k):
    # full_months(start, end) >= k exactly when start <= end - k months (clipped).
    n = int(full_months(pd.to_datetime([start]), end)[0])
    assert (n >= k) == (T(start) <= add_months(end, -k))


@pytest.mark.parametrize("text, expected", [
    ("2015-2017", (2015, 2017)), ("2018 - 2020", (2018, 2020)), ("2015\u20132017", (2015, 2017)),
    ("2015~2017", (2015, 2017)), ("2019", (2019, 2019)), ((2018, 2020), (2018, 2020)),
    (("2015", "2017"), (2015, 2017)),
])
def test_parse_cohort(text, expected):
    assert parse_cohort(text) == expected


@pytest.mark.parametrize("text, words", [
    ("2017-2015", "ends before it starts"), ("15-17", "cannot read cohort"),
    ("2015-", "cannot read cohort"), ("abc", "cannot read cohort"), ((2015, "x"), "two years"),
    (None, "cannot read cohort"),
])
def test_bad_cohort_is_a_clear_value_error(text, words):
    with pytest.raises(ValueError, match=words):
        parse_cohort(text)


def test_parse_cohorts_and_names():
    assert parse_cohorts("2015-2017,2018-2020") == [(2015, 2017), (2018, 2020)]
    assert parse_cohorts("2015-2017, 2018-2020,") == [(2015, 2017), (2018, 2020)]
    assert parse_cohorts(("2015-2017", "2018-2020")) == [(2015, 2017), (2018, 2020)]
    assert parse_cohorts((2015, 2017)) == [(2015, 2017)]
    assert parse_cohorts("2019") == [(2019, 2019)]
    with pytest.raises(ValueError, match="no cohort"):
        parse_cohorts("")
    assert cohort_key("2015-2017") == "2015_2017"
    assert cohort_label((2018, 2020)) == "2018-2020"
