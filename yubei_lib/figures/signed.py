"""Signed value, target attainment, pace and projection (figures 1-2 of ``docs/definitions.md``).

Every function here is pure: canonical frames in, a new frame out, ``as_of`` explicit,
inputs never modified; what is dated after ``as_of`` has not happened yet. One row per
district, all 22 (:mod:`yubei_lib.figures.frames`). Chain with
:meth:`pandas.DataFrame.pipe`::

    projects.pipe(signed_value, "2020Q2")
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from yubei_lib.figures import frames as f
from yubei_lib.figures.targets import contract_value_targets
from yubei_lib.ledger.periods import parse_as_of, year_fraction_elapsed


def signed_value(projects: pd.DataFrame, as_of: object, start: object = None) -> pd.DataFrame:
    """Sum the contract value and count the projects signed in a period, per district.

    Terminated projects stay in (they were signed); ``terminated_share`` is the share of
    the signed value held by projects terminated on or before ``as_of``.

    Parameters
    ----------
    projects : pandas.DataFrame
        The canonical ledger.
    as_of : date-like or quarter label
        Last day of the period.
    start : date-like, optional
        First day of the period; default 1 January of ``as_of``'s year (year to date).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``district`` (all 22): ``signed_value``, ``signed_count``,
        ``terminated_value``, ``terminated_count``, ``terminated_share`` (NaN when the
        signed value is 0).

    Examples
    --------
    >>> p = pd.DataFrame({"district": ["Yubei", "Yubei", "Yubei", "Nan'an"],
    ...     "signed_on": pd.to_datetime(["2020-01-05", "2020-03-31", "2020-04-01", "2019-12-31"]),
    ...     "contract_value": [3e8, 1e8, 5e8, 2e8],
    ...     "terminated_on": pd.to_datetime(["2020-02-01", None, None, None])})
    >>> signed_value(p, "2020Q1").loc[["Yubei", "Nan'an"], ["signed_value", "signed_count", "terminated_share"]]
              signed_value  signed_count  terminated_share
    district
    Yubei      400000000.0             2              0.75
    Nan'an             0.0             0               NaN
    """
    codes = f.district_codes(projects)
    lo, hi = f.period(as_of, start)
    signed = f.dates(projects, "signed_on")
    value = f.money(projects, "contract_value")
    inside = (signed >= lo) & (signed < hi)
    terminated = inside & (f.dates(projects, "terminated_on") < hi)
    out = pd.DataFrame({
        "signed_value": f.sum_by(codes, inside, value),
        "signed_count": f.sum_by(codes, inside).astype(np.int64),
        "terminated_value": f.sum_by(codes, terminated, value),
        "terminated_count": f.sum_by(codes, terminated).astype(np.int64),
    }, index=f.district_index())
    out["terminated_share"] = f.ratio(out["terminated_value"].to_numpy(), out["signed_value"].to_numpy())
    return out



def target_attainment(projects: pd.DataFrame, as_of: object, targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """Compare the value signed year to date with the year's target, and with the pace needed.

    ``target_attainment`` = YTD signed value / the year's ``contract_value`` target;
    ``pace`` = attainment / :func:`~yubei_lib.ledger.periods.year_fraction_elapsed` (1.0 = exactly
    on pace). Both are NaN for a district without a (positive) target for the year.

    Parameters
    ----------
    projects : pandas.DataFrame
    as_of : date-like or quarter label
    targets : pandas.DataFrame, optional
        As returned by :func:`yubei_lib.ledger.reference.load_targets`; default the reference
        ``targets.csv``. Pass an empty frame for none.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``district``: ``signed_value_ytd``, ``target``, ``target_attainment``,
        ``pace``.

    Examples
    --------
    >>> p = pd.DataFrame({"district": ["Yubei", "Yubei", "Jiangbei"],
    ...     "signed_on": pd.to_datetime(["2020-02-01", "2020-06-30", "2020-03-01"]),
    ...     "contract_value": [30e9, 10e9, 5e9]})
    >>> t = target_attainment(p, "2020Q2")  # 182 of 366 days elapsed
    >>> t.loc[["Yubei", "Jiangbei"]].round(4)
              signed_value_ytd        target  target_attainment    pace
    district
    Yubei         4.000000e+10  8.000000e+10                0.5  1.0055
    Jiangbei      5.000000e+09           NaN                NaN     NaN
    """
    end = parse_as_of(as_of)
    ytd = signed_value(projects, end)["signed_value"]
    target = contract_value_targets(targets, end.year)
    attainment = pd.Series(f.ratio(ytd.to_numpy(), target.fillna(0).to_numpy()), index=f.district_index())
    return pd.DataFrame({"signed_value_ytd": ytd, "target": target,
                         "target_attainment": attainment,
                         "pace": attainment / year_fraction_elapsed(end)})


def projection(projects: pd.DataFrame, as_of: object, years: int = 3) -> pd.DataFrame:
    """Project the year-end signed value from year to date and earlier years' seasonality.

    For each of the ``years`` years before ``as_of``'s year with a positive signed value,
    the cumulative monthly profile is the share of that year's total signed by the end
    of each month; at ``as_of`` it is interpolated linearly by day inside the month
    (``as_of`` a month end: that month's share exactly; 29 February is read in a common
    year as the end of February). ``expected_share`` is the mean of these shares over
    those years, and ``projected_value`` = YTD signed value / ``expected_share``.
    Without such history (no earlier year with signings, or an expected share of 0)
    the projection falls back to the linear pace, YTD / elapsed share of the year, and
    ``method`` says ``"linear"`` instead of ``"profile"``. Each district uses its own
    history; terminated projects count, as in the signed value.

    Parameters
    ----------
    projects : pandas.DataFrame
    as_of : date-like or quarter label
    years : int, default 3
        How many earlier years make the profile.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``district``: ``signed_value_ytd``, ``expected_share``,
        ``projected_value``, ``method``.

    Examples
    --------
    Yubei signed 1 bn in March and 3 bn in November 2019; by 31 March 2020 it has 2 bn.

    >>> p = pd.DataFrame({"district": ["Yubei", "Yubei", "Yubei", "Dazu"],
    ...     "signed_on": pd.to_datetime(["2019-03-10", "2019-11-20", "2020-03-02", "2020-01-10"]),
    ...     "contract_value": [1e9, 3e9, 2e9, 1e9]})
    >>> projection(p, "2020Q1").loc[["Yubei", "Dazu"]]
              signed_value_ytd  expected_share  projected_value   method
    district
    Yubei         2.000000e+09            0.25     8.000000e+09  profile
    Dazu          1.000000e+09             NaN     4.021978e+09   linear
    """
    if int(years) < 1:
        raise ValueError(f"years must be 1 or more, not {years!r}")
    end = parse_as_of(as_of)
    codes, n = f.district_codes(projects), len(f.district_names())
    signed = f.dates(projects, "signed_on")
    value = f.money(projects, "contract_value")
    first = np.datetime64(f"{end.year - years}-01-01")
    inside = (signed >= first) & (signed < np.datetime64(f"{end.year}-01-01"))
    month = signed[inside].astype("datetime64[M]").astype(np.int64) - (end.year - years - 1970) * 12
    cells = np.bincount(codes[inside] * years * 12 + month, weights=value[inside],
                        minlength=n * years * 12).reshape(n, years, 12)
    cum = cells.cumsum(axis=2)
    total = cum[:, :, 11]
    before = cum[:, :, end.month - 2] if end.month > 1 else np.zeros_like(total)
    frac = min(end.day / end.days_in_month, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total > 0, (before + (cum[:, :, end.month - 1] - before) * frac) / total, np.nan)
        expected = np.where(total > 0, share, 0).sum(axis=1) / (total > 0).sum(axis=1)
    ytd = signed_value(projects, end)["signed_value"].to_numpy()
    profiled = np.nan_to_num(expected) > 0
    projected = np.where(profiled, ytd / np.where(profiled, expected, 1),
                         ytd / year_fraction_elapsed(end))
    return pd.DataFrame({
        "signed_value_ytd": ytd,
        "expected_share": np.where(profiled, expected, np.nan),
        "projected_value": projected,
        "method": pd.array(np.where(profiled, "profile", "linear"), dtype="str"),
    }, index=f.district_index())
