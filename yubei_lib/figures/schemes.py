"""Ranking schemes as data (figure 18 of ``docs/definitions.md``; 赛马比拼).

A scheme is a set of rows of ``data/reference/ranking_schemes.csv`` (``scheme, indicator,
weight, direction, label_en, label_zh``): each indicator is a key of the figures object
(:mod:`yubei_lib.figures.keys`), ranked by figure 8's rules in its direction (``desc``:
rank 1 is the highest; ``asc``: the lowest; equal values share the lowest rank number,
undefined values share the rank after all defined ones). The composite score is
sum(weight x rank) / sum(weights), so districts with the same rank on every indicator get
exactly the same score; composite ranks order the scores ascending, scores within 1e-9
of each other tying (1, 1, 3). The scheme ``three_rates`` gives figure 8 exactly.

The file is read in the ledger stage (:func:`yubei_lib.ledger.schemes_file.read_scheme_rows`);
this module checks its rows and ranks, and reads no file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from yubei_lib.figures import frames as f
from yubei_lib.figures.keys import is_indicator
from yubei_lib.ledger.problems import LedgerError, Problem
from yubei_lib.ledger.schemes_file import SchemeRows, reference_scheme_rows

DEFAULT_SCHEME = "three_rates"
DIRECTIONS = ("desc", "asc")
TOLERANCE = 1e-9
"""Composite scores closer than this tie."""


@dataclass(frozen=True)
class Indicator:
    """One indicator of a scheme: a figure key, its weight, its direction and its labels."""

    name: str
    weight: float
    direction: str = "desc"
    label_en: str = ""
    label_zh: str = ""


@dataclass(frozen=True)
class Scheme:
    """A ranking scheme: its name and indicators, in the file's order."""

    name: str
    indicators: tuple[Indicator, ...]

    @property
    def names(self) -> list[str]:
        """Return the indicators' keys."""
        return [i.name for i in self.indicators]

    @property
    def rank_columns(self) -> list[str]:
        """Return the ``rank_<indicator>`` keys the scheme adds to the figures."""
        return [f"rank_{i.name}" for i in self.indicators]


def parse_schemes(read: SchemeRows | None = None) -> dict[str, Scheme]:
    """Check the rows of a ranking-schemes file and make its schemes.

    Parameters
    ----------
    read : SchemeRows, optional
        As :func:`yubei_lib.ledger.schemes_file.read_scheme_rows` reads them; default the
        kit's ``data/reference/ranking_schemes.csv`` (:func:`~yubei_lib.ledger.schemes_file.reference_scheme_rows`).

    Returns
    -------
    dict
        Scheme name -> :class:`Scheme`, in the file's order.

    Raises
    ------
    LedgerError
        Listing every problem, each with file, line, column and value: an empty scheme or
        indicator, an unknown indicator (not a key of the figures object), a weight that is
        not a number above 0, an unknown direction, an indicator given twice in a scheme.

    Examples
    --------
    >>> s = parse_schemes()["three_rates"]
    >>> s.names, [i.weight for i in s.indicators], {i.direction for i in s.indicators}
    (['conversion_rate_ytd', 'operation_rate_2015_2017', 'operation_rate_2018_2020'], [1.0, 1.0, 1.0], {'desc'})
    >>> rows = SchemeRows("mine.csv", ((2, {"scheme": "s", "indicator": "x", "weight": "0", "direction": "up"}),))
    >>> [(p.row, p.column) for p in _problems(rows)]
    [(2, 'indicator'), (2, 'weight'), (2, 'direction')]
    """
    read = reference_scheme_rows() if read is None else read
    problems = _problems(read)
    if problems:
        raise LedgerError(problems)
    rows: dict[str, list[Indicator]] = {}
    for _, row in read.rows:
        rows.setdefault(row["scheme"], []).append(Indicator(row["indicator"], float(row["weight"]),
                                                            row["direction"].lower(), row.get("label_en", ""),
                                                            row.get("label_zh", "")))
    return {name: Scheme(name, tuple(items)) for name, items in rows.items()}


def _problems(read: SchemeRows) -> list[Problem]:
    """Return every problem of a schemes file's rows, row by row, in the order of the row's columns."""
    problems: list[Problem] = []
    seen: dict[str, list[str]] = {}
    for line, row in read.rows:

        def bad(column: str, message: str) -> None:
            problems.append(Problem(read.file, line, column, row.get(column, ""), message))

        name, key, direction = row["scheme"], row["indicator"], row["direction"].lower()
        if not name:
            bad("scheme", "empty scheme name")
        if not is_indicator(key):
            bad("indicator", "unknown indicator: use a key of the figures object, such as signed_value_ytd, "
                             "conversion_rate_ytd or operation_rate_2015_2017 (docs/definitions.md#machine-keys)")
        if not _weight_ok(row["weight"]):
            bad("weight", "a weight must be a number above 0")
        if direction not in DIRECTIONS:
            bad("direction", "unknown direction: write desc (higher is better) or asc (lower is better)")
        if name and key in seen.get(name, []):
            bad("indicator", f"indicator given twice in scheme {name!r}")
        seen.setdefault(name, []).append(key)
    return problems


def _weight_ok(text: str) -> bool:
    try:
        weight = float(text)
    except ValueError:
        return False
    return math.isfinite(weight) and weight > 0


def get_scheme(name: str | Scheme, read: SchemeRows | None = None) -> Scheme:
    """Return a scheme by name from a schemes file's rows (a :class:`Scheme` passes through).

    Parameters
    ----------
    name : str or Scheme
    read : SchemeRows, optional
        As :func:`yubei_lib.ledger.schemes_file.read_scheme_rows` reads them; default the
        kit's ``ranking_schemes.csv``.

    Examples
    --------
    >>> get_scheme("horse_race").names[:2]
    ['signed_value_ytd', 'realized_capital_ytd']
    """
    if isinstance(name, Scheme):
        return name
    read = reference_scheme_rows() if read is None else read
    known = parse_schemes(read)
    if name not in known:
        raise ValueError(f"unknown ranking scheme {name!r}; {read.file} has: {', '.join(known)}")
    return known[name]


def rank_in_direction(values: pd.Series, direction: str = "desc") -> pd.Series:
    """Rank values by figure 8's rules in a direction: ties share the lowest rank, undefined ones last.

    Examples
    --------
    >>> v = pd.Series([0.9, 0.9, 0.5, None, 2.0])
    >>> rank_in_direction(v, "desc").tolist(), rank_in_direction(v, "asc").tolist()
    ([2, 2, 4, 5, 1], [2, 2, 1, 5, 4])
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be desc or asc, not {direction!r}")
    values = pd.Series(values, dtype="float64")
    values = values.where(np.isfinite(values))
    ranks = values.rank(method="min", ascending=direction == "asc", na_option="keep")
    return ranks.fillna(values.notna().sum() + 1).astype(np.int64)


def composite_ranks(scores: pd.Series) -> pd.Series:
    """Rank composite scores ascending, scores within :data:`TOLERANCE` tying (1, 1, 3).

    Examples
    --------
    >>> composite_ranks(pd.Series([2.0, 1.0, 1.0 + 1e-12, 3.0])).tolist()
    [3, 1, 1, 4]
    """
    s = scores.to_numpy(dtype=np.float64)
    return pd.Series(1 + (s[None, :] < s[:, None] - TOLERANCE).sum(axis=1), index=scores.index).astype(np.int64)


def rank_by_scheme(table: pd.DataFrame, scheme: str | Scheme, rankable: list[str] | None = None) -> pd.DataFrame:
    """Rank the 22 districts on a scheme's indicators and on its weighted composite.

    Parameters
    ----------
    table : pandas.DataFrame
        Indexed by district (all 22, English names) or with a ``district`` column; one
        column per indicator (more are ignored).
    scheme : str or Scheme
        A scheme, or its name in the schemes file.
    rankable : list of str, optional
        The indicators every district has data for; the others get no rank (``<NA>``),
        nor does the composite unless all are rankable. Default all.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``district``: ``rank_<indicator>`` (``Int64``), ``composite_score``,
        ``composite_rank`` (``Int64``).

    Examples
    --------
    >>> s = Scheme("demo", (Indicator("signed_value_ytd", 2.0), Indicator("lagging_count", 1.0, "asc")))
    >>> t = pd.DataFrame({"signed_value_ytd": [5.0, 3.0, 3.0], "lagging_count": [4, 0, 0]},
    ...                  index=["Yubei", "Dazu", "Banan"]).reindex(f.district_names()).fillna(0)
    >>> r = rank_by_scheme(t, s).loc[["Yubei", "Dazu", "Banan", "Yuzhong"]]
    >>> r[["rank_signed_value_ytd", "rank_lagging_count"]].to_numpy().tolist()
    [[1, 22], [2, 1], [2, 1], [4, 1]]
    >>> r["composite_score"].round(4).tolist(), r["composite_rank"].tolist()  # (2 x 1 + 22) / 3 = 8 for Yubei
    ([8.0, 1.6667, 1.6667, 3.0], [22, 1, 1, 3])
    """
    scheme = get_scheme(scheme)
    if "district" in table.columns:
        table = table.set_index("district")
    missing = [n for n in scheme.names if n not in table.columns]
    if missing:
        raise ValueError(f"scheme {scheme.name!r} ranks {', '.join(missing)}, which the figures do not have "
                         "(a cohort's figure needs that cohort: --cohorts)")
    values = table.reindex(f.district_index())
    can_rank = set(scheme.names if rankable is None else rankable)
    out = pd.DataFrame(index=f.district_index())
    total = np.zeros(len(out))
    for ind in scheme.indicators:
        ranks = rank_in_direction(values[ind.name].astype("float64"), ind.direction)
        total = total + ind.weight * ranks.to_numpy(dtype=np.float64)
        out[f"rank_{ind.name}"] = (ranks.astype("Int64") if ind.name in can_rank
                                   else pd.array([pd.NA] * len(out), dtype="Int64"))
    if set(scheme.names) <= can_rank:
        score = pd.Series(total / sum(i.weight for i in scheme.indicators), index=out.index)
        out["composite_score"] = score
        out["composite_rank"] = composite_ranks(score).astype("Int64")
    else:
        out["composite_score"] = np.nan
        out["composite_rank"] = pd.array([pd.NA] * len(out), dtype="Int64")
    return out
