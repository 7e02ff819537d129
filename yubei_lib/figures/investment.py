"""Completed investment of newly started projects (figure 15 of ``docs/definitions.md``).

The article's "11 bn yuan invested in the period by newly started projects of the past two
years" (新开工项目完成投资): the completed investment of the months from January to
``as_of``'s month, by projects that commenced after ``as_of`` minus 24 calendar months and
on or before ``as_of``. It needs the optional completed-investment table
(:mod:`yubei_lib.ledger.optional`); without it the figure is undefined (NaN), never 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from yubei_lib.figures import frames as f
from yubei_lib.figures.capital import project_rows
from yubei_lib.ledger.periods import add_months, parse_as_of
from yubei_lib.ledger.reference import resolve_district

NEW_PROJECT_MONTHS = 24
"""A project is newly started when it commenced within this many calendar months up to ``as_of``."""


def _newly_started(projects: pd.DataFrame, as_of: object, months: int) -> np.ndarray:
    end = parse_as_of(as_of)
    commenced = f.commenced_on(projects)
    signed = f.dates(projects, "signed_on")
    return ((commenced >= f.day_after(add_months(end, -months))) & (commenced < f.day_after(end))
            & (signed < f.day_after(end)))


def _ytd_rows(investment: pd.DataFrame, as_of: object) -> np.ndarray:
    end = parse_as_of(as_of)
    month = f.dates(investment, "month")
    return (month >= np.datetime64(f"{end.year}-01-01")) & (month < np.datetime64((end + pd.offsets.MonthBegin(1)).date()))


def new_projects_investment(projects: pd.DataFrame, investment: pd.DataFrame | None, as_of: object,
                            months: int = NEW_PROJECT_MONTHS) -> pd.Series:
    """Sum the completed investment of the year to date of newly started projects, per district.

    The year to date is the months January to ``as_of``'s month, that month whole (the
    table is by month). A project is newly started when its ``commenced_on`` (an operation
    date standing in for a missing one) is after ``as_of`` minus ``months`` calendar months
    (clipped to month end) and on or before ``as_of``. Rows of projects not in the ledger
    count for no district.

    Parameters
    ----------
    projects : pandas.DataFrame
        The canonical ledger.
    investment : pandas.DataFrame or None
        ``project_id``, ``month`` (any day of the month), ``amount`` (yuan); None when no
        completed-investment table was given.
    as_of : date-like or quarter label
    months : int, default 24

    Returns
    -------
    pandas.Series
        ``new_projects_investment`` in yuan, indexed by ``district`` (all 22): 0 where
        nothing was invested, NaN everywhere without the table.

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A", "B", "C"], "district": ["Yubei", "Yubei", "Dazu"],
    ...     "signed_on": pd.to_datetime(["2017-06-01", "2016-01-01", "2019-05-01"]),
    ...     "commenced_on": pd.to_datetime(["2018-01-01", "2017-12-31", "2021-01-05"])})
    >>> i = pd.DataFrame({"project_id": ["A", "A", "B", "C"], "amount": [3e8, 1e8, 5e8, 2e8],
    ...     "month": pd.to_datetime(["2019-12-01", "2018-12-01", "2019-06-01", "2019-06-01"])})
    >>> new_projects_investment(p, i, "2019-12-31")[["Yubei", "Dazu", "Banan"]]  # B began 24 months before
    district
    Yubei    300000000.0
    Dazu             0.0
    Banan            0.0
    Name: new_projects_investment, dtype: float64
    >>> bool(new_projects_investment(p, None, "2019-12-31").isna().all())
    True
    """
    f.require(projects, ("project_id", "district", "signed_on"))
    if isinstance(months, bool) or int(months) != months or months < 0:
        raise ValueError(f"months must be a whole number >= 0, not {months!r}")
    if investment is None:
        return pd.Series(np.nan, index=f.district_index(), name="new_projects_investment")
    f.require(investment, ("project_id", "month", "amount"), "investment")
    ytd = _ytd_rows(investment, as_of)
    rows = project_rows(projects, investment["project_id"][ytd])
    amounts = f.money(investment, "amount")[ytd]
    new = _newly_started(projects, as_of, int(months))
    counted = (rows >= 0) & new[np.maximum(rows, 0)]
    codes = f.district_codes(projects)
    total = np.bincount(codes[rows[counted]], weights=amounts[counted], minlength=len(f.district_names()))
    return pd.Series(total, index=f.district_index(), name="new_projects_investment")


def new_projects(projects: pd.DataFrame, investment: pd.DataFrame | None, as_of: object, district: str,
                 months: int = NEW_PROJECT_MONTHS) -> pd.DataFrame:
    """List a district's newly started projects with their completed investment of the year to date.

    Returns
    -------
    pandas.DataFrame
        One row per project that commenced in the window (see :func:`new_projects_investment`):
        ``project_id``, ``project_name``, ``commenced_on``, ``contract_value``,
        ``investment_ytd`` (yuan; NaN without the table), largest first.

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A", "B"], "project_name": ["a", "b"], "district": ["Yubei"] * 2,
    ...     "signed_on": pd.to_datetime(["2019-01-01", "2019-02-01"]), "contract_value": [1e9, 2e9],
    ...     "commenced_on": pd.to_datetime(["2019-03-01", "2019-04-01"])})
    >>> i = pd.DataFrame({"project_id": ["A"], "month": pd.to_datetime(["2020-02-01"]), "amount": [7e7]})
    >>> new_projects(p, i, "2020-03-15", "Yubei")[["project_id", "investment_ytd"]]
      project_id  investment_ytd
    0          A      70000000.0
    1          B             0.0
    """
    own = f.district_codes(projects) == f.district_names().index(resolve_district(district))
    keep = np.flatnonzero(own & _newly_started(projects, as_of, months))
    out = projects.iloc[keep].reset_index(drop=True)
    out = pd.DataFrame({c: out[c] if c in out.columns else pd.NA
                        for c in ("project_id", "project_name", "commenced_on", "contract_value")})
    out["commenced_on"] = pd.Series(f.commenced_on(projects)[keep], dtype="datetime64[ns]")
    if investment is None:
        out["investment_ytd"] = np.nan
    else:
        ytd = investment.loc[_ytd_rows(investment, as_of)]
        by_project = ytd.groupby(ytd["project_id"].astype(str))["amount"].sum()
        out["investment_ytd"] = out["project_id"].astype(str).map(by_project).fillna(0.0).astype("float64")
    return out.sort_values(["investment_ytd", "project_id"], ascending=[False, True], kind="stable",
                           na_position="last").reset_index(drop=True)
