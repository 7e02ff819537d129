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

import os
import re

import numpy as np
import pandas as pd

from yubei_lib.metrics import _index, conversion_rate, operation_rate
from yubei_lib.periods import (
    cohort_key,
    parse_as_of,
    parse_cohorts,
    previous_quarter_end,
)
from yubei_lib.reference import fold, resolve_district

COHORTS = ("2015-2017", "2018-2020")
"""The article's cohorts, the default of the three rates."""


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
    known = set(_index())
    if not all(name in known for name in table.index):
        table = table.set_axis(pd.Index([resolve_district(d) for d in table.index], name="district"))
    if not table.index.is_unique:
        raise ValueError("a district appears more than once in the table to rank")
    values = table.reindex(_index())[figures].astype("float64")
    out = values.copy()
    for f in figures:
        out[f"rank_{f}"] = rank_values(values[f])
        out[f"undefined_{f}"] = values[f].isna()
    if composite_of:
        total = sum(out[f"rank_{f}"] for f in composite_of)
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
    diff = prev[ranks].reindex(_index()) - cur[ranks].reindex(_index())
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


# -- published tables ----------------------------------------------------------------------

_FIGURE = re.compile(r"^(conversion_rate|(?:operation|commencement)_rate_\d{4}_\d{4})$")
_PERCENT_HEADER = re.compile(r"\s*[(（\[]?\s*(%|percent|pct)\s*[)）\]]?\s*$")
_EMPTY = {"", "-", "—", "na", "n/a", "nan", "null", "none"}


def _figure_name(header: str) -> tuple[str, bool]:
    """Return a header's figure name (folded, spaces and dashes as ``_``) and its % mark."""
    text = fold(header)
    percent = bool(_PERCENT_HEADER.search(text)) and text.strip() not in ("%",)
    name = _PERCENT_HEADER.sub("", text) if percent else text
    name = re.sub(r"[\s\-\u2013]+", "_", name.strip()).strip("_")
    return ("conversion_rate" if name == "conversion_rate_ytd" else name), percent


def read_figure_table(source: object) -> pd.DataFrame:
    """Read a published district-by-figure table, validating every cell.

    Parameters
    ----------
    source : path-like or pandas.DataFrame
        A CSV (UTF-8, with or without BOM, or GB18030) or .xlsx file, or a frame, with a
        ``district`` column (also ``区县``; names in any accepted form) and figure columns:
        ``conversion_rate`` (or ``conversion_rate_ytd``), ``operation_rate_A_B``,
        ``commencement_rate_A_B`` (``A-B`` also works). Other columns are kept as they are.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``district``: all 22 in ``districts.csv`` order, figures as fractions
        (float; NaN where undefined or absent).

    Notes
    -----
    Rates are fractions unless marked as percentages: a cell ending in ``%``
    (``"85%"``), or a column whose header ends in ``%``, ``(%)`` or ``pct``
    (``operation_rate_2015_2017 (%)``). An empty cell, ``-`` or ``NA`` is undefined.
    A commencement or operation rate outside 0..1 is rejected (with a hint when it
    looks like an unmarked percentage); so is a negative conversion rate, or one above
    10 (1000 %), which is taken for an unmarked percentage. Unknown or repeated
    districts are rejected. All problems are reported at once, by CSV line
    (or Excel row).

    Examples
    --------
    >>> t = pd.DataFrame({"区县": ["渝北区", "Jiangbei District", "dazu"],
    ...     "conversion_rate": ["0.25", "31%", ""], "operation_rate_2015-2017 (%)": ["92", "88.5", "90"]})
    >>> read_figure_table(t).loc[["Yubei", "Jiangbei", "Dazu"]]
              conversion_rate  operation_rate_2015_2017
    district
    Yubei                0.25                     0.920
    Jiangbei             0.31                     0.885
    Dazu                  NaN                     0.900
    """
    raw, name = _read_table(source)
    word = "row" if name.lower().endswith((".xlsx", ".xlsm")) else "line"
    headers = {fold(h): h for h in raw.columns}
    district_col = next((headers[k] for k in ("district", "区县", "所属区县") if k in headers), None)
    if district_col is None:
        raise ValueError(f"{name}: no district column (write 'district' or '区县' in the header)")
    problems: list[str] = []
    out = pd.DataFrame(index=raw.index)
    districts_seen: dict[str, str] = {}
    first_line = 2
    names = []
    for i, value in enumerate(raw[district_col].astype("str").fillna("")):
        line = f"{word} {first_line + i}"
        try:
            d = resolve_district(value)
        except ValueError:
            problems.append(f"{line}, column {district_col!r}, value {value!r}: unknown district")
            d = None
        if d is not None and d in districts_seen:
            problems.append(f"{line}, column {district_col!r}, value {value!r}: {d} "
                            f"already on {districts_seen[d]}")
        elif d is not None:
            districts_seen[d] = line
        names.append(d)
    figures = []
    for header in raw.columns:
        if header == district_col:
            continue
        figure, percent = _figure_name(header)
        if not _FIGURE.match(figure):
            out[header] = raw[header]
            continue
        figures.append(figure)
        out[figure] = [_rate(v, percent, figure, f"{word} {first_line + i}, column {header!r}", problems)
                       for i, v in enumerate(raw[header].astype("str").fillna(""))]
    if not figures:
        problems.append("no figure column: expected conversion_rate, operation_rate_2015_2017, "
                        "operation_rate_2018_2020 and the like")
    if problems:
        raise ValueError(f"{name}: {len(problems)} problem(s):\n  " + "\n  ".join(problems))
    out.index = pd.Index(names, name="district")
    return out.reindex(_index())


def _read_table(source: object) -> tuple[pd.DataFrame, str]:
    if isinstance(source, pd.DataFrame):
        return source.reset_index(drop=True), "table"
    path = os.fspath(source)
    if str(path).lower().endswith((".xlsx", ".xlsm")):
        return pd.read_excel(path, dtype=str, keep_default_na=False), str(path)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding), str(path)
        except UnicodeDecodeError:
            continue
    raise ValueError(f"{path}: unreadable encoding; save it as UTF-8 or GB18030")


def _rate(value: str, percent: bool, figure: str, where: str, problems: list[str]) -> float:
    text = fold(value).replace(" ", "")
    if text in _EMPTY:
        return np.nan
    marked = text.endswith("%")
    try:
        number = float(text.removesuffix("%"))
    except ValueError:
        problems.append(f"{where}, value {value!r}: not a number")
        return np.nan
    if marked or percent:
        number /= 100
    if figure == "conversion_rate":
        if number < 0 or number > 10:
            problems.append(f"{where}, value {value!r}: a conversion rate must be 0 or more and "
                            "is rarely above 1; write percentages as 20% or mark the header (%)")
    elif not 0 <= number <= 1:
        hint = ("; it looks like a percentage: write it as 85% or mark the header (%)"
                if not (marked or percent) and 1 < number <= 100 else "")
        problems.append(f"{where}, value {value!r}: a rate must be between 0 and 1 (0 % to 100 %){hint}")
    return number


def rankings_from_table(source: object, cohorts: object = None,
                        previous: object = None) -> pd.DataFrame:
    """Rank the 22 districts on the three rates of a published district-by-figure table.

    Parameters
    ----------
    source : path-like or pandas.DataFrame
        See :func:`read_figure_table`.
    cohorts : str or sequence, optional
        Default: the cohorts of the table's ``operation_rate_*`` columns, in their order.
    previous : path-like or pandas.DataFrame, optional
        Last quarter's table, for rank changes.

    Returns
    -------
    pandas.DataFrame
        As :func:`district_rankings`.

    Examples
    --------
    >>> t = pd.DataFrame({"district": ["Yubei", "Jiangbei", "Dazu"], "conversion_rate": ["25%", "31%", "10%"],
    ...     "operation_rate_2015_2017": [0.9, 0.8, 0.8], "operation_rate_2018_2020": [0.6, 0.5, 0.7]})
    >>> r = rankings_from_table(t)
    >>> r.loc[[2, 7, 16], ["district", "composite_score", "composite_rank"]]
        district  composite_score  composite_rank
    2   Jiangbei         2.000000               2
    7      Yubei         1.666667               1
    16      Dazu         2.000000               2
    """
    table = read_figure_table(source)
    if cohorts is None:
        found = [c.removeprefix("operation_rate_").replace("_", "-") for c in table.columns
                 if str(c).startswith("operation_rate_")]
        if not found:
            raise ValueError("the table has no operation_rate_A_B column; give the cohorts")
        cohorts = found
    figures = three_rate_figures(cohorts)
    missing = [f for f in figures if f not in table.columns]
    if missing:
        raise ValueError(f"the table lacks {', '.join(missing)}")
    out = rank_districts(table, figures)
    if previous is not None:
        before = rank_districts(read_figure_table(previous).reindex(columns=figures), figures)
        out = out.merge(rank_change(out, before), on="district", how="left")
    return out
