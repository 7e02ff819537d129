"""Commencement and operation rates of signing-year cohorts (figures 5-6 of ``docs/definitions.md``).

A cohort is the projects signed in a range of years and on or before ``as_of``;
terminated projects stay in its denominator. Pure functions, one row per district.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from yubei_lib.figures import frames as f
from yubei_lib.ledger.periods import cohort_key, cohort_label, parse_cohort, parse_cohorts
from yubei_lib.ledger.reference import resolve_district


def cohort_rates(projects: pd.DataFrame, as_of: object, cohort: object) -> pd.DataFrame:
    """Compute the commencement and operation rates of a cohort, per district.

    The cohort is the projects signed in its years and on or before ``as_of``;
    terminated projects stay in. A project has commenced when ``commenced_on`` <=
    ``as_of``; one with an operation date and no commencement date counts as commenced
    on its operation date. It is in operation when ``operating_on`` <= ``as_of``. Rates
    are by count; the ``_value`` rates weight projects by contract value. An empty
    cohort (or one of value 0, for the weighted rates) has undefined (NaN) rates.

    Parameters
    ----------
    projects : pandas.DataFrame
    as_of : date-like or quarter label
    cohort : str or tuple
        Signing years, e.g. ``"2015-2017"``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``district``: ``cohort_count``, ``cohort_value``, ``commenced_count``,
        ``operating_count``, ``commencement_rate``, ``operation_rate``,
        ``commencement_rate_value``, ``operation_rate_value``.

    Examples
    --------
    >>> p = pd.DataFrame({"district": ["Yubei"] * 4,
    ...     "signed_on": pd.to_datetime(["2015-03-01", "2016-07-01", "2017-12-31", "2018-01-01"]),
    ...     "contract_value": [6e8, 3e8, 1e8, 9e9],
    ...     "commenced_on": pd.to_datetime(["2016-01-01", None, "2020-07-01", "2018-05-01"]),
    ...     "operating_on": pd.to_datetime(["2017-01-01", "2019-05-01", None, None])})
    >>> r = cohort_rates(p, "2020Q2", "2015-2017")  # the third commenced after as_of
    >>> r.loc[["Yubei"], ["cohort_count", "commencement_rate", "operation_rate", "operation_rate_value"]]
              cohort_count  commencement_rate  operation_rate  operation_rate_value
    district
    Yubei                3           0.666667        0.666667                   0.9
    """
    first, last = parse_cohort(cohort)
    codes = f.district_codes(projects)
    hi = f.day_after(as_of)
    signed = f.dates(projects, "signed_on")
    value = f.money(projects, "contract_value")
    member = ((signed >= np.datetime64(f"{first}-01-01")) & (signed < np.datetime64(f"{last + 1}-01-01"))
              & (signed < hi))
    commenced = member & (f.commenced_on(projects) < hi)
    operating = member & (f.dates(projects, "operating_on") < hi)
    count, worth = f.sum_by(codes, member), f.sum_by(codes, member, value)
    return pd.DataFrame({
        "cohort_count": count.astype(np.int64),
        "cohort_value": worth,
        "commenced_count": f.sum_by(codes, commenced).astype(np.int64),
        "operating_count": f.sum_by(codes, operating).astype(np.int64),
        "commencement_rate": f.ratio(f.sum_by(codes, commenced), count),
        "operation_rate": f.ratio(f.sum_by(codes, operating), count),
        "commencement_rate_value": f.ratio(f.sum_by(codes, commenced, value), worth),
        "operation_rate_value": f.ratio(f.sum_by(codes, operating, value), worth),
    }, index=f.district_index())


def _rate(projects, as_of, cohort, stage: str, weight: str) -> pd.Series:
    if weight not in ("count", "value"):
        raise ValueError(f"weight must be 'count' or 'value', not {weight!r}")
    column = f"{stage}_rate" + ("_value" if weight == "value" else "")
    return cohort_rates(projects, as_of, cohort)[column].rename(f"{stage}_rate")


def commencement_rate(projects: pd.DataFrame, as_of: object, cohort: object,
                      weight: str = "count") -> pd.Series:
    """Return the commencement rate of a cohort per district, by count or by value.

    See :func:`cohort_rates` for the rules.

    Examples
    --------
    >>> p = pd.DataFrame({"district": ["Yubei", "Yubei", "Dazu"],
    ...     "signed_on": pd.to_datetime(["2018-03-01", "2019-07-01", "2019-01-01"]),
    ...     "contract_value": [3e8, 1e8, 1e8],
    ...     "operating_on": pd.to_datetime(["2019-06-01", None, None])})
    >>> commencement_rate(p, "2020-12-31", "2018-2020")[["Yubei", "Dazu", "Banan"]]
    district
    Yubei    0.5
    Dazu     0.0
    Banan    NaN
    Name: commencement_rate, dtype: float64
    """
    return _rate(projects, as_of, cohort, "commencement", weight)


def operation_rate(projects: pd.DataFrame, as_of: object, cohort: object,
                   weight: str = "count") -> pd.Series:
    """Return the operation rate of a cohort per district, by count or by value.

    See :func:`cohort_rates` for the rules.

    Examples
    --------
    >>> p = pd.DataFrame({"district": ["Yubei", "Yubei", "Yubei"],
    ...     "signed_on": pd.to_datetime(["2018-03-01", "2019-07-01", "2020-01-01"]),
    ...     "contract_value": [3e8, 1e8, 1e8],
    ...     "operating_on": pd.to_datetime(["2019-06-01", "2021-01-01", None])})
    >>> operation_rate(p, "2020-12-31", "2018-2020", weight="value")["Yubei"]  # 3e8 / 5e8
    np.float64(0.6)
    """
    return _rate(projects, as_of, cohort, "operation", weight)


def cohort_figures(projects: pd.DataFrame, as_of: object, district: str, cohorts: object,
                   targets: dict[str, float] | None = None) -> pd.DataFrame:
    """Return the district's commencement and operation rates of each cohort, with targets.

    Parameters
    ----------
    targets : dict, optional
        As :func:`yubei_lib.figures.targets.district_targets` returns.

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
    """Return :func:`cohort_figures` as the tidy frame of :func:`yubei_lib.present.charts.cohort_rates`.

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
