"""Aggregated frames of the report pages' charts and tables, for one district.

Pure functions: the canonical frames in, a small tidy frame out, ``as_of`` and the
district explicit, inputs never modified. :mod:`yubei_lib.pages` passes what they return
to the chart builders of :mod:`yubei_lib.charts` and to :func:`yubei_lib.display.table`,
so no chart ever carries the ledger.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from yubei_lib import labels
from yubei_lib.metrics import cohort_rates
from yubei_lib.periods import (
    add_months,
    cohort_key,
    cohort_label,
    parse_as_of,
    parse_cohorts,
    quarter_end,
)
from yubei_lib.rankings import district_rankings
from yubei_lib.reference import resolve_district
from yubei_lib.schema import PROJECT_COLUMNS, PROJECT_REQUIRED

OPTIONAL_COLUMNS = [c for c in PROJECT_COLUMNS if c not in PROJECT_REQUIRED]
"""The ledger's optional columns, whose completeness the data-quality page shows."""


def _canonical(name: object) -> object:
    try:
        return resolve_district(name)
    except ValueError:
        return name


def own_rows(frame: pd.DataFrame, district: str) -> pd.DataFrame:
    """Return the rows of a frame whose ``district`` is the given one (any accepted name).

    Examples
    --------
    >>> f = pd.DataFrame({"district": ["渝北区", "Dazu", "yubei"], "x": [1, 2, 3]})
    >>> own_rows(f, "Yubei").x.tolist()
    [1, 3]
    """
    own = resolve_district(district)
    names = frame["district"].astype("str")
    mapping = {d: _canonical(d) for d in pd.unique(names)}
    return frame.loc[names.map(mapping) == own].reset_index(drop=True)


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
    rows = own_rows(projects, district)
    signed = pd.to_datetime(rows["signed_on"])
    keep = (signed >= pd.Timestamp(end.year, 1, 1)) & (signed <= end)
    signed, value = signed[keep], rows.loc[keep, "contract_value"].astype("float64")
    dates = list(pd.date_range(pd.Timestamp(end.year, 1, 31), end, freq="ME"))
    if not dates or dates[-1] != end:
        dates.append(end)
    values = [float(value[signed <= d].sum()) for d in dates]
    out = pd.DataFrame({"date": dates, "cumulative": values, "kind": "actual"})
    year_end = pd.Timestamp(end.year, 12, 31)
    if projected is not None and not labels._undefined(projected) and end < year_end:
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
    rows = own_rows(projects, district)
    signed = pd.to_datetime(rows["signed_on"])
    keep = (signed <= end) & (signed.dt.to_period(code) >= first)
    groups = rows.loc[keep, "contract_value"].astype("float64").groupby(signed[keep].dt.to_period(code))
    index = pd.period_range(first, last, freq=code)
    out = pd.DataFrame({"value": groups.sum().reindex(index, fill_value=0.0),
                        "count": groups.size().reindex(index, fill_value=0).astype(np.int64)})
    out.insert(0, "period", index.to_timestamp())
    return out.reset_index(drop=True)


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


def rank_history(projects: pd.DataFrame, capital: pd.DataFrame, as_of: object, cohorts: object,
                 quarters: int = 8, figure: str = "composite_score") -> pd.DataFrame:
    """Rank the 22 districts at each of the last quarter ends (see :func:`quarter_ends`).

    Quarter ends before the ledger's first signing are left out.

    Returns
    -------
    pandas.DataFrame
        ``quarter`` (label such as ``"2020Q4"``), ``district``, ``rank`` (on ``figure``;
        ``composite_score`` ranks by the composite rank).
    """
    column = "composite_rank" if figure == "composite_score" else f"rank_{figure}"
    signed = pd.to_datetime(projects["signed_on"])
    since = signed.min() if signed.notna().any() else None
    parts = []
    for when in quarter_ends(as_of, quarters, since):
        ranks = district_rankings(projects, capital, when, cohorts, previous=False)
        parts.append(pd.DataFrame({"quarter": labels.quarter(when, "en"), "district": ranks["district"],
                                   "rank": ranks[column].astype(np.int64)}))
    return pd.concat(parts, ignore_index=True)


def cohort_figures(projects: pd.DataFrame, as_of: object, district: str, cohorts: object,
                   targets: dict[str, float] | None = None) -> pd.DataFrame:
    """Return the district's commencement and operation rates of each cohort, with targets.

    Parameters
    ----------
    targets : dict, optional
        As :func:`yubei_lib.summary.district_targets` returns.

    Returns
    -------
    pandas.DataFrame
        One row per cohort: ``cohort``, ``cohort_count``, ``commenced_count``,
        ``operating_count``, ``commencement_rate``, ``operation_rate``,
        ``commencement_rate_value``, ``operation_rate_value``, ``commencement_target``,
        ``operation_target`` (NaN where none is set).

    Examples
    --------
    >>> p = pd.DataFrame({"district": ["Yubei"] * 2, "contract_value": [3e8, 1e8],
    ...     "signed_on": pd.to_datetime(["2015-03-01", "2016-07-01"]),
    ...     "operating_on": pd.to_datetime(["2017-01-01", None])})
    >>> f = cohort_figures(p, "2020Q4", "Yubei", "2015-2017,2018-2020", {"operation_rate_2015_2017": 0.9})
    >>> f[["cohort", "cohort_count", "operation_rate", "operation_target"]]
          cohort  cohort_count  operation_rate  operation_target
    0  2015-2017             2             0.5               0.9
    1  2018-2020             0             NaN               NaN
    >>> f["operation_rate_value"].tolist()
    [0.75, nan]
    """
    own = resolve_district(district)
    targets = targets or {}
    rows = []
    for c in parse_cohorts(cohorts):
        r = cohort_rates(projects, as_of, c).loc[own]
        key = cohort_key(c)
        rows.append({"cohort": cohort_label(c), **{k: r[k] for k in (
            "cohort_count", "commenced_count", "operating_count", "commencement_rate", "operation_rate",
            "commencement_rate_value", "operation_rate_value")},
            "commencement_target": float(targets.get(f"commencement_rate_{key}", np.nan)),
            "operation_target": float(targets.get(f"operation_rate_{key}", np.nan))})
    out = pd.DataFrame(rows)
    return out.astype({"cohort_count": np.int64, "commenced_count": np.int64, "operating_count": np.int64})


def cohort_chart_frame(figures: pd.DataFrame) -> pd.DataFrame:
    """Return :func:`cohort_figures` as the tidy frame of :func:`yubei_lib.charts.cohort_rates`.

    Four rows per cohort: the commencement and operation rates by count (with their
    targets) and by value (no target: the targets are by count).

    Examples
    --------
    >>> f = pd.DataFrame({"cohort": ["2015-2017"], "commencement_rate": [0.9], "operation_rate": [0.8],
    ...     "commencement_rate_value": [0.95], "operation_rate_value": [0.85],
    ...     "commencement_target": [float("nan")], "operation_target": [0.9]})
    >>> cohort_chart_frame(f)
          cohort                   figure  value  target
    0  2015-2017        commencement_rate   0.90     NaN
    1  2015-2017           operation_rate   0.80     0.9
    2  2015-2017  commencement_rate_value   0.95     NaN
    3  2015-2017     operation_rate_value   0.85     NaN
    """
    rows = []
    for _, r in figures.iterrows():
        rows += [(r["cohort"], "commencement_rate", r["commencement_rate"], r["commencement_target"]),
                 (r["cohort"], "operation_rate", r["operation_rate"], r["operation_target"]),
                 (r["cohort"], "commencement_rate_value", r["commencement_rate_value"], np.nan),
                 (r["cohort"], "operation_rate_value", r["operation_rate_value"], np.nan)]
    return pd.DataFrame(rows, columns=["cohort", "figure", "value", "target"]).astype(
        {"value": "float64", "target": "float64"})


def completeness(projects: pd.DataFrame, district: str | None = None, as_of: object = None) -> pd.DataFrame:
    """Return the share of rows with a value in each optional column of the ledger.

    Parameters
    ----------
    projects : pandas.DataFrame
    district : str, optional
        Add a ``district_share`` over the district's projects signed on or before ``as_of``.
    as_of : date-like, optional

    Returns
    -------
    pandas.DataFrame
        ``column``, ``filled`` (rows with a value), ``share`` (of all rows; NaN without
        rows) and, with a district, ``district_share``.

    Examples
    --------
    >>> p = pd.DataFrame({"district": ["Yubei", "Dazu"], "signed_on": pd.to_datetime(["2020-01-01"] * 2),
    ...     "park": ["Airport New Town", None], "investor": ["", "ACME"]})
    >>> completeness(p, "Yubei", "2020Q4").set_index("column").loc[["park", "investor", "cluster"]]
              filled  share  district_share
    column
    park           1    0.5             1.0
    investor       1    0.5             0.0
    cluster        0    0.0             0.0
    """
    def filled(frame: pd.DataFrame, column: str) -> pd.Series:
        if column not in frame.columns:
            return pd.Series(False, index=frame.index)
        values = frame[column]
        has = values.notna()
        if not pd.api.types.is_datetime64_any_dtype(values):
            has &= values.astype("str").str.strip().ne("")
        return has.fillna(False).astype(bool)

    n = len(projects)
    out = pd.DataFrame({"column": OPTIONAL_COLUMNS,
                        "filled": [int(filled(projects, c).sum()) for c in OPTIONAL_COLUMNS]})
    out["share"] = out["filled"] / n if n else np.nan
    if district is not None:
        rows = own_rows(projects, district)
        if as_of is not None:
            rows = rows.loc[pd.to_datetime(rows["signed_on"]) <= parse_as_of(as_of)]
        m = len(rows)
        out["district_share"] = [filled(rows, c).mean() if m else np.nan for c in OPTIONAL_COLUMNS]
    return out
