"""The district's signed value over time: cumulative through the year, and by month or quarter.

Pure functions: the canonical frames in, a small tidy frame out, ``as_of`` and the
district explicit, inputs never modified; the chart builders of
:mod:`yubei_lib.present.charts` draw what they return, so no chart carries the ledger.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from yubei_lib.figures import frames as f
from yubei_lib.ledger.periods import parse_as_of


def cumulative_frame(projects: pd.DataFrame, as_of: object, district: str,
                     projected: float | None = None) -> pd.DataFrame:
    """Return the district's cumulative signed value at each month end of the year to date.

    With ``projected`` (and ``as_of`` before 31 December), two ``projection`` rows go
    from the value at ``as_of`` to the projected value at 31 December.

    Returns
    -------
    pandas.DataFrame
        ``date``, ``cumulative`` (yuan), ``kind`` (``"actual"`` or ``"projection"``).

    Examples
    --------
    >>> p = pd.DataFrame({"district": ["Yubei", "Yubei", "Dazu"], "contract_value": [1e9, 2e9, 5e9],
    ...     "signed_on": pd.to_datetime(["2020-01-10", "2020-03-02", "2020-02-01"])})
    >>> cumulative_frame(p, "2020-03-15", "Yubei", 9e9)
            date    cumulative        kind
    0 2020-01-31  1.000000e+09      actual
    1 2020-02-29  1.000000e+09      actual
    2 2020-03-15  3.000000e+09      actual
    3 2020-03-15  3.000000e+09  projection
    4 2020-12-31  9.000000e+09  projection
    """
    end = parse_as_of(as_of)
    rows = f.own_rows(projects, district)
    signed = pd.to_datetime(rows["signed_on"])
    keep = (signed >= pd.Timestamp(end.year, 1, 1)) & (signed <= end)
    signed, value = signed[keep], rows.loc[keep, "contract_value"].astype("float64")
    dates = list(pd.date_range(pd.Timestamp(end.year, 1, 31), end, freq="ME"))
    if not dates or dates[-1] != end:
        dates.append(end)
    values = [float(value[signed <= d].sum()) for d in dates]
    out = pd.DataFrame({"date": dates, "cumulative": values, "kind": "actual"})
    year_end = pd.Timestamp(end.year, 12, 31)
    if projected is not None and not f.is_undefined(projected) and end < year_end:
        more = pd.DataFrame({"date": [end, year_end], "cumulative": [values[-1], float(projected)],
                             "kind": "projection"})
        out = pd.concat([out, more], ignore_index=True)
    out["date"] = pd.to_datetime(out["date"]).astype("datetime64[ns]")
    return out


def signed_by_period(projects: pd.DataFrame, as_of: object, district: str, freq: str = "month",
                     periods: int = 24) -> pd.DataFrame:
    """Sum the district's signed value and count by month or quarter, the last ``periods`` up to ``as_of``.

    Periods with no signing have 0; none start before the ledger's first signing (of
    any district), so an early report shows no empty history. The last period is cut
    at ``as_of``.

    Returns
    -------
    pandas.DataFrame
        ``period`` (first day), ``value`` (yuan), ``count``.

    Examples
    --------
    >>> p = pd.DataFrame({"district": ["Yubei", "Yubei", "Yubei"], "contract_value": [1e9, 2e9, 4e9],
    ...     "signed_on": pd.to_datetime(["2020-01-10", "2020-03-02", "2020-03-20"])})
    >>> signed_by_period(p, "2020-03-15", "Yubei", "month", 12)
          period         value  count
    0 2020-01-01  1.000000e+09      1
    1 2020-02-01  0.000000e+00      0
    2 2020-03-01  2.000000e+09      1
    """
    if freq not in ("month", "quarter"):
        raise ValueError(f"freq must be 'month' or 'quarter', not {freq!r}")
    end = parse_as_of(as_of)
    code = "M" if freq == "month" else "Q"
    last = end.to_period(code)
    first = last - (int(periods) - 1)
    signed_all = pd.to_datetime(projects["signed_on"])
    if signed_all.notna().any():
        first = max(first, signed_all.min().to_period(code))
    first = min(first, last)
    rows = f.own_rows(projects, district)
    signed = pd.to_datetime(rows["signed_on"])
    keep = (signed <= end) & (signed.dt.to_period(code) >= first)
    groups = rows.loc[keep, "contract_value"].astype("float64").groupby(signed[keep].dt.to_period(code))
    index = pd.period_range(first, last, freq=code)
    out = pd.DataFrame({"value": groups.sum().reindex(index, fill_value=0.0),
                        "count": groups.size().reindex(index, fill_value=0).astype(np.int64)})
    out.insert(0, "period", index.to_timestamp())
    return out.reset_index(drop=True)
