"""Rank the 22 districts on "the three rates" (DOMAIN.md, figure 8).

For each figure rank 1 is the highest value; equal values share the lowest rank number
(1, 1, 3); districts whose figure is undefined (NaN) tie with each other after all
defined ones (with 20 defined, both undefined rank 21) and are flagged. The composite
score is the mean of the three ranks and the composite rank ranks it ascending, with the
same rule for ties. Rank change = last quarter's rank - this quarter's (positive = up).

Rankings come from a multi-district ledger (:func:`district_rankings`) or from a
published district-by-figure table (:func:`read_figure_table`,
:func:`rankings_from_table`). Either way all 22 districts come out, in the order of
``districts.csv``; a district absent from the data has undefined figures.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from yubei_lib.config import COHORTS
from yubei_lib.figures import frames as f
from yubei_lib.figures.capital import conversion_rate
from yubei_lib.figures.cohorts import operation_rate
from yubei_lib.ledger.periods import (
    cohort_key,
    parse_as_of,
    parse_cohorts,
    previous_quarter_end,
    quarter_ends,
    quarter_label,
)
from yubei_lib.ledger.reference import resolve_district


def rank_values(values: pd.Series) -> pd.Series:
    """Rank values, highest first, ties sharing the lowest rank, undefined ones last.

    Examples
    --------
    >>> rank_values(pd.Series([0.9, 0.9, 0.5, None, None], index=list("abcde"))).tolist()
    [1, 1, 3, 4, 4]
    """
    values = pd.Series(values, dtype="float64")
    ranks = values.rank(method="min", ascending=False, na_option="keep")
    return ranks.fillna(values.notna().sum() + 1).astype(np.int64)


def three_rate_figures(cohorts: object = COHORTS) -> list[str]:
    """Return the names of the three rates: conversion rate and the first two cohorts' operation rates.

    Examples
    --------
    >>> three_rate_figures("2015-2017,2018-2020,2021-2023")
    ['conversion_rate', 'operation_rate_2015_2017', 'operation_rate_2018_2020']
    """
    return ["conversion_rate"] + [f"operation_rate_{cohort_key(c)}" for c in parse_cohorts(cohorts)[:2]]


def rank_districts(table: pd.DataFrame, figures: list[str] | None = None,
                   composite_of: list[str] | None = None) -> pd.DataFrame:
    """Rank the 22 districts on each figure of a district-by-figure table and on the composite.

    Parameters
    ----------
    table : pandas.DataFrame
        Indexed by district (English names), or with a ``district`` column; one column
        per figure. Districts missing from it have undefined figures.
    figures : list of str, optional
        The figures to rank; default every column but ``district``.
    composite_of : list of str, optional
        The figures averaged into the composite; default ``figures``.

    Returns
    -------
    pandas.DataFrame
        All 22 districts in ``districts.csv`` order, with ``district``, the figures,
        ``rank_<figure>``, ``undefined_<figure>`` (the flag), ``composite_score`` and
        ``composite_rank``.

    Examples
    --------
    >>> t = pd.DataFrame({"district": ["Yubei", "Jiangbei", "Dazu"],
    ...     "conversion_rate": [0.3, 0.3, 0.1], "operation_rate_2015_2017": [0.9, 0.95, 0.8]})
    >>> r = rank_districts(t)
    >>> r.loc[r.district.isin(["Yubei", "Jiangbei", "Dazu", "Banan"]),
    ...       ["district", "rank_conversion_rate", "composite_score", "composite_rank"]]
        district  rank_conversion_rate  composite_score  composite_rank
    2   Jiangbei                     1              1.0               1
    7      Yubei                     1              1.5               2
    8      Banan                     4              4.0               4
    16      Dazu                     3              3.0               3
    """
    if "district" in table.columns:
        table = table.set_index("district")
    figures = [c for c in table.columns] if figures is None else list(figures)
    composite_of = figures if composite_of is None else list(composite_of)
    missing = sorted(set(figures + composite_of) - set(table.columns))
    if missing:
        raise ValueError(f"cannot rank on {', '.join(missing)}: no such column; have "
                         f"{', '.join(map(str, table.columns))}")
    known = set(f.district_index())
    if not all(name in known for name in table.index):
        table = table.set_axis(pd.Index([resolve_district(d) for d in table.index], name="district"))
    if not table.index.is_unique:
        raise ValueError("a district appears more than once in the table to rank")
    values = table.reindex(f.district_index())[figures].astype("float64")
    out = values.copy()
    for name in figures:
        out[f"rank_{name}"] = rank_values(values[name])
        out[f"undefined_{name}"] = values[name].isna()
    if composite_of:
        total = sum(out[f"rank_{name}"] for name in composite_of)
        out["composite_score"] = total / len(composite_of)
        out["composite_rank"] = total.rank(method="min").astype(np.int64)
    return out.reset_index()


def rank_change(current: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """Compare ranks with last quarter's: previous rank - current rank (positive = moved up).

    Parameters
    ----------
    current, previous : pandas.DataFrame
        Outputs of :func:`rank_districts`.

    Returns
    -------
    pandas.DataFrame
        ``district`` and ``change_<rank column>`` for each rank column in both.

    Examples
    --------
    >>> now = pd.DataFrame({"district": ["Yubei", "Dazu"], "rank_conversion_rate": [1, 3]})
    >>> before = pd.DataFrame({"district": ["Yubei", "Dazu"], "rank_conversion_rate": [2, 1]})
    >>> rank_change(now, before).loc[[7, 16]]
       district  change_rank_conversion_rate
    7     Yubei                            1
    16     Dazu                           -2
    """
    cur, prev = current.set_index("district"), previous.set_index("district")
    ranks = [c for c in cur.columns if (c.startswith("rank_") or c == "composite_rank")
             and c in prev.columns]
    diff = prev[ranks].reindex(f.district_index()) - cur[ranks].reindex(f.district_index())
    return diff.add_prefix("change_").astype("Int64").reset_index()


def three_rates(projects: pd.DataFrame, capital: pd.DataFrame, as_of: object,
                cohorts: object = COHORTS) -> pd.DataFrame:
    """Compute the three rates of every district from a multi-district ledger.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``district``: ``conversion_rate`` (year to date) and
        ``operation_rate_<A>_<B>`` of the first two cohorts.
    """
    out = pd.DataFrame({"conversion_rate": conversion_rate(projects, capital, as_of)["conversion_rate"]})
    for c in parse_cohorts(cohorts)[:2]:
        out[f"operation_rate_{cohort_key(c)}"] = operation_rate(projects, as_of, c)
    return out


def district_rankings(projects: pd.DataFrame, capital: pd.DataFrame, as_of: object,
                      cohorts: object = COHORTS, previous: object = True) -> pd.DataFrame:
    """Rank the 22 districts on the three rates from a multi-district ledger.

    Parameters
    ----------
    projects, capital : pandas.DataFrame
        The canonical frames.
    as_of : date-like or quarter label
    cohorts : str or sequence, default ("2015-2017", "2018-2020")
        The operation rates of the first two make the three rates with the conversion rate.
    previous : bool or date-like, default True
        Add rank changes against the end of the previous quarter (True), against
        another date, or none (False).

    Returns
    -------
    pandas.DataFrame
        As :func:`rank_districts`, plus ``change_*`` columns when ``previous``.

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A", "B", "C"], "district": ["Yubei", "Dazu", "Dazu"],
    ...     "signed_on": pd.to_datetime(["2016-01-01", "2020-01-10", "2016-03-01"]),
    ...     "contract_value": [1e9, 1e8, 1e8],
    ...     "operating_on": pd.to_datetime(["2017-05-01", None, "2017-01-01"])})
    >>> c = pd.DataFrame({"project_id": ["A"], "received_on": pd.to_datetime(["2020-02-01"]),
    ...     "amount": [5e7]})
    >>> r = district_rankings(p, c, "2020Q1", cohorts="2015-2017")
    >>> r.loc[[7, 16], ["district", "conversion_rate", "rank_conversion_rate", "composite_score"]]
       district  conversion_rate  rank_conversion_rate  composite_score
    7     Yubei              NaN                     2              1.5
    16     Dazu              0.0                     1              1.0
    """
    figures = three_rate_figures(cohorts)
    out = rank_districts(three_rates(projects, capital, as_of, cohorts), figures)
    if previous is False or previous is None:
        return out
    when = previous_quarter_end(as_of) if previous is True else parse_as_of(previous)
    before = rank_districts(three_rates(projects, capital, when, cohorts), figures)
    return out.merge(rank_change(out, before), on="district", how="left")


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
        parts.append(pd.DataFrame({"quarter": quarter_label(when), "district": ranks["district"],
                                   "rank": ranks[column].astype(np.int64)}))
    return pd.concat(parts, ignore_index=True)
