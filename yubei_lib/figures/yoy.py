"""The same period last year (同比, figure 20 of ``docs/definitions.md``).

For each flow figure ``F`` of :data:`YOY_FLOWS`, ``F_prev_year`` is ``F`` computed as of
the same calendar day one year earlier (:func:`yubei_lib.ledger.periods.same_day_last_year`:
2020-02-29 -> 2019-02-28), from the same ledger and tables as known now, and ``F_yoy`` is
``F / F_prev_year - 1``, undefined (NaN) when ``F_prev_year`` is 0 or undefined.

A flow from an optional table (completed investment, the outreach log) has no value last
year when the table does not reach the previous year's period (:func:`reaches`): its
``F_prev_year`` is then undefined, never a false 0. Rates have no ``_yoy`` key.
Pure functions, one row per district (all 22).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from yubei_lib.figures import frames as f
from yubei_lib.figures.capital import realized_capital
from yubei_lib.figures.investment import new_projects_investment
from yubei_lib.figures.leading import leading_projects
from yubei_lib.figures.outreach import visits_out_main
from yubei_lib.figures.signed import signed_value
from yubei_lib.ledger.periods import parse_as_of, same_day_last_year, ytd_start

YOY_FLOWS = ("signed_value_ytd", "signed_count_ytd", "realized_capital_ytd", "major_projects_ytd",
             "new_projects_investment_ytd", "visits_out_main_ytd")
"""The flow figures (machine keys) that are compared with the same period last year."""

OPTIONAL_FLOWS = {"new_projects_investment_ytd": ("investment", "month"), "visits_out_main_ytd": ("activities", "date")}
"""The flows read from an optional table: the table and its date column."""


def yoy_columns(flows: tuple[str, ...] = YOY_FLOWS) -> list[str]:
    """Return the machine keys of figure 20, in order: ``F_prev_year`` then ``F_yoy`` for each flow.

    Examples
    --------
    >>> yoy_columns(("signed_value_ytd", "visits_out_main_ytd"))
    ['signed_value_ytd_prev_year', 'signed_value_ytd_yoy', 'visits_out_main_ytd_prev_year', 'visits_out_main_ytd_yoy']
    """
    return [f"{flow}_{part}" for flow in flows for part in ("prev_year", "yoy")]


def reaches(table: pd.DataFrame | None, column: str, as_of: object) -> bool:
    """Tell whether an optional table reaches the previous year's period, so a 0 there is a true 0.

    The previous year's period runs from 1 January of the year before ``as_of`` to
    :func:`~yubei_lib.ledger.periods.same_day_last_year`. The table reaches it when it
    holds a row dated on or before the period's last day and a row dated on or after its
    first day; a table that holds nothing on or before that last day (it starts later) or
    nothing from that first day on (it ended earlier) does not. A month (the
    completed-investment table) counts from its first day to its last.

    Parameters
    ----------
    table : pandas.DataFrame or None
        The optional table; None when it was not given (it reaches nothing).
    column : str
        Its date column: ``month`` (first day of the month) or ``date``.
    as_of : date-like or quarter label
        The date of this year's figure.

    Examples
    --------
    >>> log = pd.DataFrame({"date": pd.to_datetime(["2019-03-01", "2020-05-01"])})
    >>> reaches(log, "date", "2020-03-01"), reaches(log, "date", "2020-02-29"), reaches(log, "date", "2019Q4")
    (True, False, False)
    >>> months = pd.DataFrame({"month": pd.to_datetime(["2019-02-01"])})  # February 2019, whole
    >>> reaches(months, "month", "2020-02-29"), reaches(months, "month", "2021-01-31"), reaches(None, "month", "2020Q4")
    (True, False, False)
    """
    if table is None:
        return False
    last = same_day_last_year(as_of)
    first = ytd_start(last)
    when = f.dates(table, column)
    when = when[~np.isnat(when)]
    if not len(when):
        return False
    lo = hi = when.astype("datetime64[D]")
    if column == "month":  # a month runs from its first day to its last
        lo = when.astype("datetime64[M]").astype("datetime64[D]")
        hi = (when.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1
    return bool(lo.min() <= np.datetime64(last.date()) and hi.max() >= np.datetime64(first.date()))


def flows(projects: pd.DataFrame, capital: pd.DataFrame, as_of: object, investment: pd.DataFrame | None = None,
          activities: pd.DataFrame | None = None, own: str | None = None) -> pd.DataFrame:
    """Compute the flow figures of :data:`YOY_FLOWS` of all 22 districts as of a date, under their machine keys.

    Parameters
    ----------
    projects, capital : pandas.DataFrame
        The canonical frames.
    as_of : date-like or quarter label
    investment, activities : pandas.DataFrame, optional
        The optional tables; without one its flow is undefined everywhere.
    own : str, optional
        The district the outreach log belongs to.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``district``, columns :data:`YOY_FLOWS` (counts int64, visits Int64).

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A", "B"], "district": ["Yubei", "Yubei"], "contract_value": [2e9, 5e8],
    ...     "signed_on": pd.to_datetime(["2019-02-01", "2019-03-01"])})
    >>> c = pd.DataFrame({"project_id": ["A"], "received_on": pd.to_datetime(["2019-02-28"]), "amount": [1e8]})
    >>> flows(p, c, "2019-02-28").loc[["Yubei", "Dazu"], ["signed_count_ytd", "major_projects_ytd"]]  # B comes later
              signed_count_ytd  major_projects_ytd
    district
    Yubei                    1                   1
    Dazu                     0                   0
    """
    end = parse_as_of(as_of)
    signed = signed_value(projects, end)
    return pd.DataFrame({"signed_value_ytd": signed["signed_value"], "signed_count_ytd": signed["signed_count"],
                         "realized_capital_ytd": realized_capital(projects, capital, end),
                         "major_projects_ytd": leading_projects(projects, end)["major_projects"],
                         "new_projects_investment_ytd": new_projects_investment(projects, investment, end),
                         "visits_out_main_ytd": visits_out_main(activities, end, own or "Yubei")},
                        index=f.district_index())


def prev_year(projects: pd.DataFrame, capital: pd.DataFrame, as_of: object, investment: pd.DataFrame | None = None,
              activities: pd.DataFrame | None = None, own: str | None = None) -> pd.DataFrame:
    """Compute each flow as of the same day last year (``F_prev_year``), of all 22 districts.

    Parameters are those of :func:`flows`; ``as_of`` is this year's date. A flow of an
    optional table that does not reach the previous year's period (:func:`reaches`) is
    undefined.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``district``, columns ``F_prev_year`` for each flow of :data:`YOY_FLOWS`.

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A"], "district": ["Yubei"], "contract_value": [2e9],
    ...     "signed_on": pd.to_datetime(["2019-02-28"])})
    >>> c = pd.DataFrame({"project_id": [], "received_on": pd.to_datetime([]), "amount": []})
    >>> log = pd.DataFrame({"date": pd.to_datetime(["2020-01-10"]), "kind": ["visit_out"], "leader": ["Zhang"],
    ...     "leader_level": ["main"], "enterprise": ["Acme"]})
    >>> last = prev_year(p, c, "2020-02-29", activities=log, own="Yubei")  # the log starts in 2020
    >>> last.loc["Yubei", ["signed_value_ytd_prev_year", "visits_out_main_ytd_prev_year"]].tolist()
    [2000000000.0, <NA>]
    >>> prev_year(p, c, "2021-02-28", activities=log, own="Yubei").loc["Yubei", "visits_out_main_ytd_prev_year"]
    np.int64(1)
    """
    out = flows(projects, capital, same_day_last_year(as_of), investment, activities, own)
    for flow, (name, column) in OPTIONAL_FLOWS.items():
        if not reaches({"investment": investment, "activities": activities}[name], column, as_of):
            out[flow] = out[flow].where(np.zeros(len(out), dtype=bool))  # NaN, or <NA> for a count
    return out.add_suffix("_prev_year")


def yoy_change(now: object, before: object) -> float:
    """Return the change on the same period last year, ``now / before - 1``; NaN when ``before`` is 0 or undefined.

    Examples
    --------
    >>> round(yoy_change(112.3, 100), 6), yoy_change(5, 0), yoy_change(5, None), yoy_change(None, 5)
    (0.123, nan, nan, nan)
    """
    if f.is_undefined(now) or f.is_undefined(before) or float(before) == 0:  # type: ignore[arg-type]  # a number once is_undefined() is False
        return np.nan
    return float(now) / float(before) - 1.0  # type: ignore[arg-type]  # numbers once is_undefined() is False


def yoy_figures(now: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """Return the keys of figure 20 from this year's flows and last year's.

    Parameters
    ----------
    now : pandas.DataFrame
        The flows of :data:`YOY_FLOWS` (machine keys), indexed by ``district``.
    before : pandas.DataFrame
        :func:`prev_year` (columns ``F_prev_year``), on the same index.

    Returns
    -------
    pandas.DataFrame
        Columns :func:`yoy_columns`: ``F_prev_year`` as given, ``F_yoy`` (float64, NaN where
        undefined).

    Examples
    --------
    >>> now = pd.DataFrame({"signed_value_ytd": [110.0, 5.0, 7.0]}, index=["a", "b", "c"])
    >>> before = pd.DataFrame({"signed_value_ytd_prev_year": [100.0, 0.0, np.nan]}, index=["a", "b", "c"])
    >>> yoy_figures(now, before).round(6)
       signed_value_ytd_prev_year  signed_value_ytd_yoy
    a                       100.0                   0.1
    b                         0.0                   NaN
    c                         NaN                   NaN
    """
    present = tuple(flow for flow in YOY_FLOWS if flow in now.columns)
    out = pd.DataFrame(index=now.index)
    for flow in present:
        last = before[f"{flow}_prev_year"]
        out[f"{flow}_prev_year"] = last
        out[f"{flow}_yoy"] = np.array([yoy_change(a, b) for a, b in zip(now[flow], last)], dtype="float64")
    return out[yoy_columns(present)]
