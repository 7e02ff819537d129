"""Rank the 22 districts on "the three rates" (``docs/definitions.md#ranking``).

For each figure rank 1 is the highest value; equal values share the lowest rank number
(1, 1, 3); districts whose figure is undefined (NaN) tie with each other after all
defined ones (with 20 defined, both undefined rank 21) and are flagged. The composite
score is the mean of the three ranks and the composite rank ranks it ascending, with the
same rule for ties. Rank change = last quarter's rank - this quarter's (positive = up).

A rank among the 22 needs all 22 districts' figures
(``docs/definitions.md#rankings-from-a-published-table``): a district with no project
signed on or before ``as_of`` has no data in the ledger, and its figures come from the
city's published table (:class:`~yubei_lib.ledger.published.PublishedRankings`) when one
is given. While any district has neither, no rank is computed: the rank columns are
``<NA>``, never a rank made up from the districts that do have data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from yubei_lib.config import COHORTS
from yubei_lib.figures import frames as f
from yubei_lib.figures.capital import inflow_codes
from yubei_lib.figures.memo import reuse
from yubei_lib.ledger.periods import (
    cohort_key,
    parse_as_of,
    parse_cohorts,
    previous_quarter_end,
    quarter_ends,
    quarter_label,
)
from yubei_lib.ledger.published import PublishedRankings
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
                   composite_of: list[str] | None = None, rankable: list[str] | None = None) -> pd.DataFrame:
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
    rankable : list of str, optional
        The figures every district has data for; the others get no rank (``<NA>``), nor
        does the composite unless all its figures are rankable. Default all.

    Returns
    -------
    pandas.DataFrame
        All 22 districts in ``districts.csv`` order, with ``district``, the figures,
        ``rank_<figure>`` (``Int64``), ``undefined_<figure>`` (the flag), ``composite_score``
        and ``composite_rank``.

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
    can_rank = set(figures if rankable is None else rankable)
    values = table.reindex(f.district_index())[figures].astype("float64")
    out = values.copy()
    for name in figures:
        ranks = rank_values(values[name]).astype("Int64")
        out[f"rank_{name}"] = ranks if name in can_rank else pd.array([pd.NA] * len(ranks), dtype="Int64")
        out[f"undefined_{name}"] = values[name].isna()
    if composite_of:
        if set(composite_of) <= can_rank:
            total = sum(out[f"rank_{name}"].astype(np.int64) for name in composite_of)
            out["composite_score"] = total / len(composite_of)
            out["composite_rank"] = total.rank(method="min").astype(np.int64).astype("Int64")
        else:
            out["composite_score"] = np.nan
            out["composite_rank"] = pd.array([pd.NA] * len(out), dtype="Int64")
    return out.reset_index()


class LedgerArrays:
    """The ledger's columns the three rates need, read once, for the figures of many dates.

    Ranking 24 quarters reads the district codes, dates and money once, not 24 times; the
    figures are those of :func:`~yubei_lib.figures.capital.conversion_rate` and
    :func:`~yubei_lib.figures.cohorts.operation_rate`, to the last bit.
    """

    PROJECT_COLUMNS = ("project_id", "district", "signed_on", "operating_on", "contract_value")
    CAPITAL_COLUMNS = ("project_id", "received_on", "amount")

    def __init__(self, projects: pd.DataFrame, capital: pd.DataFrame):
        self.codes = f.district_codes(projects)
        self.signed = f.dates(projects, "signed_on")
        self.operating = f.dates(projects, "operating_on")
        self.value = f.money(projects, "contract_value")
        f.require(capital, self.CAPITAL_COLUMNS, "capital")
        self.received = f.dates(capital, "received_on")
        self.amount = f.money(capital, "amount")
        self.inflow = inflow_codes(projects, capital)
        self.first_signed = np.full(len(f.district_index()), np.datetime64("NaT", "ns"))
        signed = ~np.isnat(self.signed)
        if signed.any():  # each district's first signing: whether it has data at a date, at once
            order = np.lexsort((self.signed[signed], self.codes[signed]))
            codes, first = np.unique(self.codes[signed][order], return_index=True)
            self.first_signed[codes] = self.signed[signed][order][first]
        self._members: dict[tuple[int, int], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    @classmethod
    def of(cls, projects: pd.DataFrame, capital: pd.DataFrame) -> LedgerArrays:
        """Return the arrays of these frames, read again only when a column read has changed (:mod:`.memo`)."""
        return reuse("ledger arrays", ((projects, cls.PROJECT_COLUMNS), (capital, cls.CAPITAL_COLUMNS)),
                     lambda: cls(projects, capital))

    def has_data(self, as_of: object) -> pd.Series:
        """Tell which districts have a project signed on or before ``as_of``."""
        present = ~np.isnat(self.first_signed) & (self.first_signed < f.day_after(as_of))
        return pd.Series(present, index=f.district_index(), name="has_data")

    def _cohort(self, first: int, last: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return the district codes, signing and operation dates of a cohort's projects (kept for the next dates)."""
        if (first, last) not in self._members:
            rows = np.flatnonzero((self.signed >= np.datetime64(f"{first}-01-01"))
                                  & (self.signed < np.datetime64(f"{last + 1}-01-01")))
            self._members[(first, last)] = (self.codes[rows], self.signed[rows], self.operating[rows])
        return self._members[(first, last)]

    def three_rates(self, as_of: object, cohorts: object = COHORTS) -> pd.DataFrame:
        """Return every district's conversion rate (year to date) and the first two cohorts' operation rates."""
        lo, hi = f.period(as_of)
        signed = f.sum_by(self.codes, (self.signed >= lo) & (self.signed < hi), self.value)
        realized = f.sum_by(self.inflow, (self.received >= lo) & (self.received < hi), self.amount)
        out = pd.DataFrame({"conversion_rate": f.ratio(realized, signed)}, index=f.district_index())
        for first, last in parse_cohorts(cohorts)[:2]:
            codes, signed, operating = self._cohort(first, last)
            member = signed < hi
            count = f.sum_by(codes, member)
            out[f"operation_rate_{cohort_key((first, last))}"] = f.ratio(
                f.sum_by(codes, member & (operating < hi)), count)
        return out


def three_rates(projects: pd.DataFrame, capital: pd.DataFrame, as_of: object,
                cohorts: object = COHORTS) -> pd.DataFrame:
    """Compute the three rates of every district from a multi-district ledger.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``district``: ``conversion_rate`` (year to date) and
        ``operation_rate_<A>_<B>`` of the first two cohorts.

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A", "B"], "district": ["Yubei", "Dazu"], "contract_value": [1e9, 1e8],
    ...     "signed_on": pd.to_datetime(["2020-01-10", "2016-03-01"]), "operating_on": pd.to_datetime([None, "2017-01-01"])})
    >>> c = pd.DataFrame({"project_id": ["A"], "received_on": pd.to_datetime(["2020-02-01"]), "amount": [2e8]})
    >>> three_rates(p, c, "2020Q1").loc[["Yubei", "Dazu"]]
              conversion_rate  operation_rate_2015_2017  operation_rate_2018_2020
    district
    Yubei                 0.2                       NaN                       0.0
    Dazu                  NaN                       1.0                       NaN
    """
    return LedgerArrays.of(projects, capital).three_rates(as_of, cohorts)


def has_data(projects: pd.DataFrame, as_of: object) -> pd.Series:
    """Tell which districts the ledger holds data for: a project signed on or before ``as_of``.

    Examples
    --------
    >>> p = pd.DataFrame({"district": ["Yubei", "Dazu"], "signed_on": pd.to_datetime(["2019-05-01", "2021-01-01"])})
    >>> has_data(p, "2020Q4")[["Yubei", "Dazu", "Banan"]].tolist()
    [True, False, False]
    """
    signed = f.dates(projects, "signed_on") < f.day_after(as_of)
    return pd.Series(f.sum_by(f.district_codes(projects), signed) > 0, index=f.district_index(), name="has_data")


def with_published(values: pd.DataFrame, present: pd.Series, published: PublishedRankings | None,
                   as_of: object) -> tuple[pd.DataFrame, list[str]]:
    """Fill the districts the ledger has no data for from the published table of ``as_of``'s quarter.

    Parameters
    ----------
    values : pandas.DataFrame
        The ledger's figures, indexed by district (all 22).
    present : pandas.Series
        :func:`has_data` of the ledger.
    published : PublishedRankings or None
    as_of : date-like

    Returns
    -------
    values : pandas.DataFrame
        The figures to rank, with ``source``: ``"ledger"``, ``"table"`` or ``"none"`` (no data).
    rankable : list of str
        The figures every district has data for.
    """
    out = values.copy()
    out["source"] = np.where(present.reindex(out.index).to_numpy(), "ledger", "none")
    table = published.at(as_of) if published is not None else None
    figures = [c for c in values.columns if c != "source"]
    rankable = list(figures)
    if table is not None:
        fill = out["source"].eq("none") & out.index.isin(table.index)
        for name in figures:
            if name in table.columns:
                out.loc[fill, name] = table.loc[out.index[fill], name].to_numpy()
            elif fill.any():
                rankable.remove(name)
        out.loc[fill, "source"] = "table"
    if out["source"].eq("none").any():
        rankable = []
    return out, rankable


def without_data(projects: pd.DataFrame, as_of: object, published: PublishedRankings | None = None) -> list[str]:
    """Return the districts whose figures neither the ledger nor the published table gives at ``as_of``.

    Examples
    --------
    >>> p = pd.DataFrame({"district": ["Yubei"], "signed_on": pd.to_datetime(["2019-05-01"])})
    >>> len(without_data(p, "2020Q4")), "Yubei" in without_data(p, "2020Q4")
    (21, False)
    """
    present = has_data(projects, as_of)
    table = published.at(as_of) if published is not None else None
    given = set() if table is None else set(table.index)
    return [d for d, ok in present.items() if not ok and d not in given]


def district_rankings(projects: pd.DataFrame, capital: pd.DataFrame, as_of: object,
                      cohorts: object = COHORTS, previous: object = True,
                      published: PublishedRankings | None = None) -> pd.DataFrame:
    """Rank the 22 districts on the three rates, from the ledger and the city's published table.

    Parameters
    ----------
    projects : pandas.DataFrame
        The canonical ledger (one district's, or many).
    capital : pandas.DataFrame
        Its capital inflows.
    as_of : date-like or quarter label
        The date of the ranks (the table's quarter ending then).
    cohorts : str or sequence, default ("2015-2017", "2018-2020")
        The operation rates of the first two make the three rates with the conversion rate.
    previous : bool or date-like, default True
        Add rank changes against the end of the previous quarter (True), against
        another date, or none (False).
    published : PublishedRankings, optional
        The city's table: the figures of the districts the ledger has no data for, and
        the published ranks.

    Returns
    -------
    pandas.DataFrame
        As :func:`rank_districts` (ranks ``<NA>`` while any district lacks data), with
        ``source`` (``"ledger"``, ``"table"``, ``"none"``), ``published_<rank column>``
        where the table gives ranks, ``shown_<rank column>`` (the published rank where
        given, else the computed one) and, with ``previous``, ``change_<rank column>`` of
        the shown ranks.

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A", "B"], "district": ["Yubei", "Dazu"],
    ...     "signed_on": pd.to_datetime(["2016-01-01", "2016-03-01"]), "contract_value": [1e9, 1e8],
    ...     "operating_on": pd.to_datetime(["2017-05-01", None])})
    >>> c = pd.DataFrame({"project_id": ["A"], "received_on": pd.to_datetime(["2020-02-01"]), "amount": [5e7]})
    >>> r = district_rankings(p, c, "2020Q1", cohorts="2015-2017")  # 20 districts have no data
    >>> r.loc[[7, 16], ["district", "source", "operation_rate_2015_2017", "rank_operation_rate_2015_2017"]]
       district  source  operation_rate_2015_2017  rank_operation_rate_2015_2017
    7     Yubei  ledger                       1.0                           <NA>
    16     Dazu  ledger                       0.0                           <NA>
    """
    return _rankings(LedgerArrays.of(projects, capital), as_of, cohorts, previous, published)


def _rankings(arrays: LedgerArrays, as_of: object, cohorts: object, previous: object,
              published: PublishedRankings | None) -> pd.DataFrame:
    figures = three_rate_figures(cohorts)
    end = parse_as_of(as_of)
    values, rankable = with_published(arrays.three_rates(end, cohorts), arrays.has_data(end), published, end)
    out = rank_districts(values[figures], figures, rankable=rankable)
    out.insert(1, "source", values["source"].to_numpy())
    ranks = [f"rank_{name}" for name in figures] + ["composite_rank"]
    table = published.at(end) if published is not None else None
    for column in ranks:
        shown = out[column]
        if table is not None and column in table.columns:
            given = table[column].reindex(out["district"]).to_numpy()
            out[f"published_{column}"] = pd.array(given, dtype="Int64")
            shown = out[f"published_{column}"].fillna(out[column])
        out[f"shown_{column}"] = shown.astype("Int64")
    if previous is False or previous is None:
        return out
    when = previous_quarter_end(end) if previous is True else parse_as_of(previous)
    before = _rankings(arrays, when, cohorts, False, published)
    change = before.set_index("district")[[f"shown_{c}" for c in ranks]] \
        - out.set_index("district")[[f"shown_{c}" for c in ranks]]
    change.columns = [f"change_{c}" for c in ranks]
    return out.merge(change.reset_index(), on="district", how="left")


def rank_history(projects: pd.DataFrame, capital: pd.DataFrame, as_of: object, cohorts: object,
                 quarters: int = 8, published: PublishedRankings | None = None) -> pd.DataFrame:
    """Rank the 22 districts on the composite at each of the last quarter ends (see :func:`quarter_ends`).

    A quarter whose ranks cannot be had (a district without data in the ledger and in the
    table) is a gap: it has no rows. Quarter ends before the ledger's first signing are left
    out unless the table holds them.

    Returns
    -------
    pandas.DataFrame
        ``quarter`` (label such as ``"2020Q4"``), ``district``, ``rank`` (the shown composite rank).
    """
    signed = pd.to_datetime(projects["signed_on"])
    since = signed.min() if signed.notna().any() else None
    if published is not None and published.quarters:
        since = min([since, published.quarters[0]]) if since is not None else published.quarters[0]
    parts, arrays = [], LedgerArrays.of(projects, capital)
    for when in quarter_ends(as_of, quarters, since):
        ranks = _rankings(arrays, when, cohorts, False, published)
        if ranks["shown_composite_rank"].isna().any():
            continue
        parts.append(pd.DataFrame({"quarter": quarter_label(when), "district": ranks["district"],
                                   "rank": ranks["shown_composite_rank"].astype(np.int64)}))
    if not parts:
        return pd.DataFrame({"quarter": pd.Series(dtype="str"), "district": pd.Series(dtype="str"),
                             "rank": pd.Series(dtype="int64")})
    return pd.concat(parts, ignore_index=True)
