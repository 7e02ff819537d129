"""What was signed: composition by category, the largest projects, chain weak links (figures 11-12)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from yubei_lib.figures import frames as f
from yubei_lib.ledger.periods import add_months, parse_as_of


def _signed_in(projects: pd.DataFrame, as_of: object, start: object, columns: list | None = None) -> pd.DataFrame:
    """Return the projects signed in the period (their ``columns``, default all), ``district`` an ordered category."""
    lo, hi = f.period(as_of, start)
    signed = f.dates(projects, "signed_on")
    rows = np.flatnonzero((signed >= lo) & (signed < hi))
    kept = projects if columns is None else projects[[c for c in dict.fromkeys(["district", *columns])
                                                      if c in projects.columns]]
    out = kept.iloc[rows].reset_index(drop=True)
    out["district"] = pd.Categorical.from_codes(f.district_codes(projects)[rows], categories=f.district_names(),
                                                ordered=True)
    return out


def composition(projects: pd.DataFrame, as_of: object, by: str = "cluster",
                start: object = None) -> pd.DataFrame:
    """Sum the value and count of the projects signed in a period by a category, per district.

    Parameters
    ----------
    projects : pandas.DataFrame
    as_of : date-like or quarter label
    by : str, default "cluster"
        ``"cluster"``, ``"chain_segment"``, ``"investor_type"``, ``"park"`` or any other
        column; an absent column counts as all empty (NA), a category of its own.
    start : date-like, optional
        Default 1 January of ``as_of``'s year.

    Returns
    -------
    pandas.DataFrame
        Tidy: ``district``, ``by``, ``signed_value``, ``signed_count``, ``value_share``
        (of the district's signed value); districts in ``districts.csv`` order, largest
        value first; only districts and categories with signings.

    Examples
    --------
    >>> p = pd.DataFrame({"district": ["Yubei", "Yubei", "Yubei", "Dazu"],
    ...     "signed_on": pd.to_datetime(["2020-01-05", "2020-02-01", "2020-03-01", "2020-03-01"]),
    ...     "contract_value": [3e8, 1e8, 4e8, 2e8],
    ...     "investor_type": ["private", "foreign", "private", "other"]})
    >>> composition(p, "2020Q1", by="investor_type")
      district investor_type  signed_value  signed_count  value_share
    0    Yubei       private   700000000.0             2        0.875
    1    Yubei       foreign   100000000.0             1        0.125
    2     Dazu         other   200000000.0             1        1.000
    """
    f.require(projects, ("district", "signed_on", "contract_value"))
    signed = _signed_in(projects, as_of, start, [by, "contract_value"])
    if by not in signed.columns:
        signed[by] = pd.Series(pd.NA, index=signed.index, dtype="str")
    out = (signed.groupby(["district", by], observed=True, dropna=False, sort=False)
           .agg(signed_value=("contract_value", "sum"), signed_count=("contract_value", "size"))
           .reset_index())
    total = out.groupby("district", observed=True)["signed_value"].transform("sum")
    out["value_share"] = f.ratio(out["signed_value"].to_numpy(), total.to_numpy())
    out = out.sort_values(["district", "signed_value"], ascending=[True, False], kind="stable")
    out["district"] = out["district"].astype("str")
    out["signed_count"] = out["signed_count"].astype(np.int64)
    return out.reset_index(drop=True)


def largest_projects(projects: pd.DataFrame, as_of: object, n: int = 10,
                     start: object = None) -> pd.DataFrame:
    """List the ``n`` largest projects signed in a period, per district.

    Returns
    -------
    pandas.DataFrame
        The ledger's rows (all its columns), largest contract value first within each
        district, districts in ``districts.csv`` order, with ``rank`` (1 = largest).

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A", "B", "C", "D"],
    ...     "district": ["Yubei", "Yubei", "Yubei", "Dazu"],
    ...     "signed_on": pd.to_datetime(["2020-01-05", "2020-02-01", "2020-03-01", "2020-03-01"]),
    ...     "contract_value": [3e8, 1e8, 4e8, 2e8]})
    >>> largest_projects(p, "2020Q1", n=2)[["district", "project_id", "contract_value", "rank"]]
      district project_id  contract_value  rank
    0    Yubei          C     400000000.0     1
    1    Yubei          A     300000000.0     2
    2     Dazu          D     200000000.0     1
    """
    f.require(projects, ("district", "signed_on", "contract_value"))
    signed = _signed_in(projects, as_of, start)
    out = (signed.sort_values(["district", "contract_value"], ascending=[True, False], kind="stable")
           .groupby("district", observed=True).head(int(n)).reset_index(drop=True))
    out["rank"] = out.groupby("district", observed=True).cumcount().astype(np.int64) + 1
    out["district"] = out["district"].astype("str")
    return out


def weak_links(projects: pd.DataFrame, as_of: object, years: int = 3,
               threshold: float = 0.05, chain_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Find the weak links of each industrial cluster's chain, per district.

    For each chain segment of ``chains.csv``, the projects and value signed in the
    trailing ``years`` years: after ``as_of`` minus ``12 * years`` calendar months, up to
    and including ``as_of`` (as of 2020-12-31: 2018-01-01 to 2020-12-31). A project
    counts for a segment when both its ``cluster`` and ``chain_segment`` match the
    segment's row. A segment with no project, or below ``threshold`` of its cluster's
    value (all the cluster's projects in the window, whatever their segment), is weak.

    Returns
    -------
    pandas.DataFrame
        22 districts x all segments: ``district``, ``cluster``, ``segment``,
        ``signed_count``, ``signed_value``, ``cluster_value``, ``value_share`` (NaN when
        the cluster has no value), ``weak``.

    Examples
    --------
    >>> chains = pd.DataFrame({"cluster": ["aviation logistics"] * 3,
    ...     "segment": ["warehousing", "express delivery", "aviation bonded"]})
    >>> p = pd.DataFrame({"district": ["Yubei"] * 3, "cluster": ["aviation logistics"] * 3,
    ...     "chain_segment": ["warehousing", "express delivery", "warehousing"],
    ...     "signed_on": pd.to_datetime(["2019-05-01", "2020-01-01", "2017-12-31"]),
    ...     "contract_value": [9.7e8, 3e7, 5e9]})
    >>> w = weak_links(p, "2020-12-31", chain_table=chains)  # the 2017 project is too old
    >>> w.loc[w.district == "Yubei", ["segment", "signed_count", "value_share", "weak"]]
                 segment  signed_count  value_share   weak
    21       warehousing             1         0.97  False
    22  express delivery             1         0.03   True
    23   aviation bonded             0         0.00   True
    """
    from yubei_lib.ledger.reference import chains as reference_chains

    if int(years) < 1:
        raise ValueError(f"years must be 1 or more, not {years!r}")
    table = reference_chains() if chain_table is None else chain_table
    f.require(table, ("cluster", "segment"), "chain table")
    end = parse_as_of(as_of)
    codes, n = f.district_codes(projects), len(f.district_names())
    signed = f.dates(projects, "signed_on")
    window = (signed >= f.day_after(add_months(end, -12 * int(years)))) & (signed < f.day_after(end))
    value = f.money(projects, "contract_value")[window]
    codes = codes[window]

    def column(name: str) -> np.ndarray:
        if name not in projects.columns:
            return np.full(int(window.sum()), None, dtype=object)
        return projects[name][window].to_numpy()

    cluster_names = pd.Index(pd.unique(table["cluster"]))
    cluster_at = cluster_names.get_indexer(column("cluster"))
    pairs = pd.MultiIndex.from_arrays([table["cluster"], table["segment"]])
    segment_at = pairs.get_indexer(pd.MultiIndex.from_arrays([column("cluster"), column("chain_segment")]))
    k, s = len(cluster_names), len(pairs)
    has_cluster, has_segment = cluster_at >= 0, segment_at >= 0
    cluster_value = np.bincount(codes[has_cluster] * k + cluster_at[has_cluster],
                                weights=value[has_cluster], minlength=n * k).reshape(n, k)
    seg_cells = codes[has_segment] * s + segment_at[has_segment]
    seg_value = np.bincount(seg_cells, weights=value[has_segment], minlength=n * s)
    seg_count = np.bincount(seg_cells, minlength=n * s)
    own_cluster = np.tile(cluster_names.get_indexer(table["cluster"]), n)
    base = cluster_value[np.repeat(np.arange(n), s), own_cluster]
    share = f.ratio(seg_value, base)
    return pd.DataFrame({
        "district": np.repeat(f.district_names(), s).astype(object),
        "cluster": np.tile(table["cluster"].to_numpy(), n),
        "segment": np.tile(table["segment"].to_numpy(), n),
        "signed_count": seg_count.astype(np.int64),
        "signed_value": seg_value,
        "cluster_value": base,
        "value_share": share,
        "weak": (seg_count == 0) | ~(share >= threshold),
    }).astype({"district": "str", "cluster": "str", "segment": "str"})
