"""Dates of the figures: the as-of date, quarters, year to date, calendar months, cohorts.

Every figure is computed as of a date ``as_of`` (``docs/definitions.md#as-of``). This
module turns what a user writes (``"2020Q2"``, ``"2020-06-30"``, a ``datetime.date``)
into a :class:`pandas.Timestamp` at midnight, and does the calendar arithmetic the
figures need. Month arithmetic clips to the end of the month, so 2020-02-29 minus 12
months is 2019-02-28.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

_QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*[Qq]\s*([1-4])\s*$")
_DATE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_COHORT = re.compile(r"^\s*(\d{4})\s*(?:[-\u2013\u2014~]\s*(\d{4}))?\s*$")

_HOW = "expected a date such as 2020-06-30 or a quarter label such as 2020Q2"


def parse_as_of(value: object) -> pd.Timestamp:
    """Return the as-of date given as a date or a quarter label.

    Parameters
    ----------
    value : str, datetime.date, datetime.datetime, pandas.Timestamp or numpy.datetime64
        A date (``"2020-06-30"``, ``"2020/6/30"``, ``"20200630"``) or a quarter label
        (``"2020Q2"``, ``"2020-Q2"``), which means the quarter's last day. A time of day
        is dropped; so is a time zone.

    Returns
    -------
    pandas.Timestamp
        The date at midnight, without time zone.

    Raises
    ------
    ValueError
        When the value is empty or is no calendar date.

    Examples
    --------
    >>> parse_as_of("2020Q2")
    Timestamp('2020-06-30 00:00:00')
    >>> parse_as_of("2020-02-29"), parse_as_of(dt.date(2019, 12, 31))
    (Timestamp('2020-02-29 00:00:00'), Timestamp('2019-12-31 00:00:00'))
    >>> parse_as_of("2020Q5")
    Traceback (most recent call last):
    ...
    ValueError: cannot read as_of '2020Q5': expected a date such as 2020-06-30 or a quarter label such as 2020Q2
    """
    if isinstance(value, str):
        m = _QUARTER.match(value)
        if m:
            return quarter_end(pd.Timestamp(int(m[1]), 3 * int(m[2]), 1))
        m = _DATE.match(value) or _COMPACT.match(value)
        if m is None:
            raise ValueError(f"cannot read as_of {value!r}: {_HOW}")
        try:
            return pd.Timestamp(dt.date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError as exc:
            raise ValueError(f"cannot read as_of {value!r}: {exc}; {_HOW}") from None
    if isinstance(value, (dt.date, np.datetime64)) and not isinstance(value, bool):
        ts = pd.Timestamp(value)
        if pd.isna(ts):
            raise ValueError(f"as_of is empty (NaT): {_HOW}")
        if ts.tzinfo is not None:
            ts = ts.tz_localize(None)
        return ts.normalize()
    raise ValueError(f"cannot read as_of {value!r} of type {type(value).__name__}: {_HOW}")


def quarter_end(date: object) -> pd.Timestamp:
    """Return the last day of the quarter holding a date.

    Examples
    --------
    >>> quarter_end("2020-05-15"), quarter_end("2020-12-31")
    (Timestamp('2020-06-30 00:00:00'), Timestamp('2020-12-31 00:00:00'))
    """
    d = parse_as_of(date)
    month = 3 * ((d.month - 1) // 3 + 1)
    return pd.Timestamp(d.year, month, 1) + pd.offsets.MonthEnd(0)


def quarter_label(date: object) -> str:
    """Return the quarter label of a date.

    Examples
    --------
    >>> quarter_label("2020-06-30"), quarter_label("2021-01-01"), quarter_label("2019Q4")
    ('2020Q2', '2021Q1', '2019Q4')
    """
    d = parse_as_of(date)
    return f"{d.year}Q{(d.month - 1) // 3 + 1}"


def previous_quarter_end(as_of: object) -> pd.Timestamp:
    """Return the last day of the quarter before the one holding ``as_of``.

    This is the date of "last quarter's" figures, used for rank changes; for a date in
    the middle of a quarter it is still the end of the previous quarter.

    Examples
    --------
    >>> previous_quarter_end("2020Q2"), previous_quarter_end("2020-02-29")
    (Timestamp('2020-03-31 00:00:00'), Timestamp('2019-12-31 00:00:00'))
    """
    d = parse_as_of(as_of)
    start = pd.Timestamp(d.year, 3 * ((d.month - 1) // 3) + 1, 1)
    return start - pd.Timedelta(days=1)


def same_day_last_year(as_of: object) -> pd.Timestamp:
    """Return the same calendar day one year earlier: the date of "the same period last year" (同比).

    Twelve calendar months back, clipped to the end of the month, so the leap day falls on
    28 February. A quarter label means the quarter's last day, as in :func:`parse_as_of`.

    Examples
    --------
    >>> same_day_last_year("2020-02-29"), same_day_last_year("2020Q4")
    (Timestamp('2019-02-28 00:00:00'), Timestamp('2019-12-31 00:00:00'))
    >>> same_day_last_year("2021-02-28"), same_day_last_year("2020Q1")
    (Timestamp('2020-02-28 00:00:00'), Timestamp('2019-03-31 00:00:00'))
    """
    return add_months(as_of, -12)


def ytd_start(as_of: object) -> pd.Timestamp:
    """Return 1 January of the year of ``as_of``, the first day of year to date.

    Examples
    --------
    >>> ytd_start("2020Q2")
    Timestamp('2020-01-01 00:00:00')
    """
    return pd.Timestamp(parse_as_of(as_of).year, 1, 1)


def year_fraction_elapsed(as_of: object) -> float:
    """Return the elapsed share of the year: days from 1 January to ``as_of``, both counted.

    Divided by the days in the year (365 or 366).

    Examples
    --------
    >>> year_fraction_elapsed("2020-12-31"), year_fraction_elapsed("2019-01-01") == 1 / 365
    (1.0, True)
    >>> round(year_fraction_elapsed("2020Q2"), 6)  # 182 of 366 days
    0.497268
    """
    d = parse_as_of(as_of)
    return d.day_of_year / (366 if d.is_leap_year else 365)


def add_months(date: object, months: int) -> pd.Timestamp:
    """Return a date moved by whole calendar months, clipped to the end of the month.

    Parameters
    ----------
    date : date-like or quarter label
    months : int
        Negative to go back.

    Examples
    --------
    >>> add_months("2020-02-29", -12), add_months("2020-02-29", -36)
    (Timestamp('2019-02-28 00:00:00'), Timestamp('2017-02-28 00:00:00'))
    >>> add_months("2019-01-31", 1), add_months("2019-02-28", 12)
    (Timestamp('2019-02-28 00:00:00'), Timestamp('2020-02-28 00:00:00'))
    """
    if isinstance(months, bool) or int(months) != months:
        raise ValueError(f"months must be a whole number, not {months!r}")
    return parse_as_of(date) + pd.DateOffset(months=int(months))


def shift_months(dates: object, months: int) -> np.ndarray:
    """Return many dates moved by whole calendar months, clipped as :func:`add_months` clips.

    Parameters
    ----------
    dates : array-like of datetime64
        Missing dates (NaT) stay missing.
    months : int
        Negative to go back.

    Returns
    -------
    numpy.ndarray of datetime64[ns]

    Examples
    --------
    >>> shift_months(pd.to_datetime(["2019-02-28", "2020-02-29", None]), 12)
    array(['2020-02-28T00:00:00.000000000', '2021-02-28T00:00:00.000000000',
           'NaT'], dtype='datetime64[ns]')
    """
    if isinstance(months, bool) or int(months) != months:
        raise ValueError(f"months must be a whole number, not {months!r}")
    index = pd.DatetimeIndex(np.atleast_1d(pd.to_datetime(dates))).as_unit("ns")
    return (index + pd.DateOffset(months=int(months))).to_numpy()


def full_months(start: object, end: object) -> np.ndarray:
    """Return the whole calendar months from each start date to ``end``.

    That is the largest ``n`` with ``add_months(end, -n) >= start``, so that
    ``start <= add_months(end, -12)`` exactly when ``full_months(start, end) >= 12``.
    Negative when ``start`` is after ``end``; ``-1`` for a missing start.

    Parameters
    ----------
    start : array-like of datetime64 or a single date
    end : date-like
        One date, e.g. ``as_of``.

    Returns
    -------
    numpy.ndarray of int64

    Examples
    --------
    >>> full_months(pd.to_datetime(["2019-02-28", "2019-03-01", "2017-02-28"]), "2020-02-29")
    array([12, 11, 36])
    >>> full_months(pd.to_datetime(["2020-01-29", "2020-01-30"]), "2020-02-29")
    array([1, 0])
    """
    e = parse_as_of(end)
    s = pd.DatetimeIndex(np.atleast_1d(pd.to_datetime(start)))
    n0 = 12 * (e.year - s.year.to_numpy()) + (e.month - s.month.to_numpy())
    landed_day = np.minimum(e.day, s.days_in_month.to_numpy())
    n = np.where(landed_day >= s.day.to_numpy(), n0, n0 - 1)
    return np.where(s.isna(), -1, n).astype(np.int64)


def parse_cohort(cohort: object) -> tuple[int, int]:
    """Return the first and last signing year of a cohort.

    Parameters
    ----------
    cohort : str or tuple of two ints
        ``"2015-2017"`` (an en dash or ``~`` also works), a single year ``"2019"``, or
        ``(2015, 2017)``.

    Examples
    --------
    >>> parse_cohort("2015-2017"), parse_cohort("2019"), parse_cohort((2018, 2020))
    ((2015, 2017), (2019, 2019), (2018, 2020))
    >>> parse_cohort("2017-2015")
    Traceback (most recent call last):
    ...
    ValueError: cohort '2017-2015' ends before it starts; write the first signing year first, e.g. 2015-2017
    """
    if isinstance(cohort, tuple) and len(cohort) == 2:
        try:
            first, last = (int(y) for y in cohort)
        except (TypeError, ValueError):
            raise ValueError(f"cohort {cohort!r} must be two years, e.g. (2015, 2017)") from None
    else:
        m = _COHORT.match(str(cohort)) if isinstance(cohort, (str, int)) else None
        if m is None:
            raise ValueError(f"cannot read cohort {cohort!r}: expected signing years such as 2015-2017")
        first, last = int(m[1]), int(m[2] or m[1])
    if last < first:
        raise ValueError(f"cohort {cohort!r} ends before it starts; write the first signing "
                         f"year first, e.g. {last}-{first}")
    return first, last


def parse_cohorts(cohorts: object) -> list[tuple[int, int]]:
    """Return the cohorts given as ``"2015-2017,2018-2020"`` or a sequence.

    Examples
    --------
    >>> parse_cohorts("2015-2017,2018-2020")
    [(2015, 2017), (2018, 2020)]
    >>> parse_cohorts(["2015-2017", (2018, 2020)])
    [(2015, 2017), (2018, 2020)]
    """
    if isinstance(cohorts, str):
        items: Iterable[object] = [c for c in cohorts.split(",") if c.strip()]
    elif isinstance(cohorts, tuple) and len(cohorts) == 2 and all(
            isinstance(c, int) for c in cohorts):
        items = [cohorts]
    else:
        items = list(cohorts)  # type: ignore[call-overload]  # any other iterable of cohorts; list() refuses the rest
    out = [parse_cohort(c) for c in items]
    if not out:
        raise ValueError("no cohort given: expected signing years such as 2015-2017,2018-2020")
    return out


def cohort_label(cohort: object) -> str:
    """Return the label of a cohort, as in reports: ``"2015-2017"``.

    Examples
    --------
    >>> cohort_label((2015, 2017)), cohort_label("2019")
    ('2015-2017', '2019-2019')
    """
    first, last = parse_cohort(cohort)
    return f"{first}-{last}"


def cohort_key(cohort: object) -> str:
    """Return the cohort as used in figure names: ``"2015_2017"``.

    Examples
    --------
    >>> "operation_rate_" + cohort_key("2015-2017")
    'operation_rate_2015_2017'
    """
    first, last = parse_cohort(cohort)
    return f"{first}_{last}"


def quarter_ends(as_of: object, quarters: int = 8, since: object = None) -> list[pd.Timestamp]:
    """Return the last ``quarters`` quarter ends up to ``as_of`` (``as_of`` itself last).

    Quarter ends before ``since`` (e.g. the first signing) are left out.

    Examples
    --------
    >>> [d.strftime("%Y-%m-%d") for d in quarter_ends("2020-05-15", 3)]
    ['2019-12-31', '2020-03-31', '2020-05-15']
    >>> len(quarter_ends("2016Q1", 8, since="2015-01-01"))
    5
    """
    end = parse_as_of(as_of)
    out = [quarter_end(add_months(end, -3 * k)) for k in range(int(quarters) - 1, 0, -1)] + [end]
    if since is not None:
        start = parse_as_of(since)
        out = [d for d in out if d >= start] or [end]
    return out
