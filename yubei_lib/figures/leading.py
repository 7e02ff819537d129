"""Major and leading-investor projects, foreign investment (figure 17 of ``docs/definitions.md``; 招大引强、外资).

Counted over the projects signed in the year to date, terminated ones kept (they were
signed), as figure 1. Pure functions, one row per district.
"""

from __future__ import annotations

import pandas as pd

from yubei_lib.figures import frames as f

MAJOR_VALUE = 1e9
"""A major project (重大项目) has a contract value of at least this (1 bn yuan, 10亿元)."""

LEADING_TYPES = ("Global 500", "China Top 500", "central SOE")
"""Investor types of the leading investors (世界500强, 中国500强, 央企)."""

FOREIGN_TYPES = ("foreign",)
"""Investor types counted as foreign investment (外资)."""


def leading_projects(projects: pd.DataFrame, as_of: object, start: object = None) -> pd.DataFrame:
    """Count the major and leading-investor projects signed in a period and the value signed by foreign investors.

    Parameters
    ----------
    projects : pandas.DataFrame
        The canonical ledger; ``investor_type`` as the loader gives it (English names).
        A ledger without the column has no leading or foreign investor.
    as_of : date-like or quarter label
    start : date-like, optional
        First day of the period; default 1 January of ``as_of``'s year (year to date).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``district`` (all 22): ``major_projects`` (contract value >=
        :data:`MAJOR_VALUE`), ``leading_investor_projects`` (investor type in
        :data:`LEADING_TYPES`), ``foreign_signed_value`` (investor type in
        :data:`FOREIGN_TYPES`); 0 where none.

    Examples
    --------
    >>> p = pd.DataFrame({"district": ["Yubei"] * 4,
    ...     "signed_on": pd.to_datetime(["2020-01-05", "2020-03-31", "2020-04-01", "2019-12-31"]),
    ...     "contract_value": [1e9, 2e8, 5e9, 3e9],
    ...     "investor_type": ["Global 500", "foreign", "central SOE", "foreign"],
    ...     "terminated_on": pd.to_datetime(["2020-02-01", None, None, None])})
    >>> leading_projects(p, "2020Q1").loc[["Yubei", "Dazu"]]
              major_projects  leading_investor_projects  foreign_signed_value
    district
    Yubei                  1                          1           200000000.0
    Dazu                   0                          0                   0.0
    """
    f.require(projects, ("district", "signed_on", "contract_value"))
    codes = f.district_codes(projects)
    lo, hi = f.period(as_of, start)
    signed = f.dates(projects, "signed_on")
    inside = (signed >= lo) & (signed < hi)
    value = f.money(projects, "contract_value")
    kind = projects["investor_type"] if "investor_type" in projects.columns else pd.Series(pd.NA, index=projects.index)
    leading = inside & kind.isin(LEADING_TYPES).to_numpy(bool)
    foreign = inside & kind.isin(FOREIGN_TYPES).to_numpy(bool)
    return pd.DataFrame({
        "major_projects": f.sum_by(codes, inside & (value >= MAJOR_VALUE)),
        "leading_investor_projects": f.sum_by(codes, leading),
        "foreign_signed_value": f.sum_by(codes, foreign, value),
    }, index=f.district_index())
