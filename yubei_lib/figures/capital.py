"""Realized capital and the dynamic conversion rate (figures 3-4 of ``docs/definitions.md``).

Capital counts by the day it was received, whatever its project's signing date, so the
conversion rate of a period may exceed 1. Pure functions, one row per district.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from yubei_lib.figures import frames as f
from yubei_lib.figures.memo import reuse
from yubei_lib.figures.signed import signed_value


def realized_capital(projects: pd.DataFrame, capital: pd.DataFrame, as_of: object,
                     start: object = None) -> pd.Series:
    """Sum the capital received in a period, per district of its project.

    Capital counts by ``received_on`` whatever its project's signing date.

    Parameters
    ----------
    projects : pandas.DataFrame
        The ledger, to find each inflow's district.
    capital : pandas.DataFrame
        ``project_id``, ``received_on``, ``amount``.
    as_of : date-like or quarter label
    start : date-like, optional
        Default 1 January of ``as_of``'s year.

    Returns
    -------
    pandas.Series
        ``realized_capital`` in yuan, indexed by ``district`` (all 22).

    Raises
    ------
    ValueError
        When capital of the period belongs to a project the ledger does not hold.

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["P1", "P2"], "district": ["Yubei", "Beibei"],
    ...     "signed_on": pd.to_datetime(["2016-05-01", "2020-01-10"]), "contract_value": [5e8, 1e8]})
    >>> c = pd.DataFrame({"project_id": ["P1", "P1", "P2"], "amount": [2e8, 7e7, 4e7],
    ...     "received_on": pd.to_datetime(["2020-03-01", "2020-07-01", "2020-06-30"])})
    >>> realized_capital(p, c, "2020Q2")[["Yubei", "Beibei", "Dazu"]]
    district
    Yubei     200000000.0
    Beibei     40000000.0
    Dazu              0.0
    Name: realized_capital, dtype: float64
    """
    f.require(projects, ("project_id", "district"))
    f.require(capital, ("project_id", "received_on", "amount"), "capital")
    lo, hi = f.period(as_of, start)
    received = f.dates(capital, "received_on")
    inside = (received >= lo) & (received < hi)
    codes = inflow_codes(projects, capital, inside)
    total = np.bincount(codes, weights=f.money(capital, "amount")[inside], minlength=len(f.district_names()))
    return pd.Series(total, index=f.district_index(), name="realized_capital")


def inflow_rows(projects: pd.DataFrame, capital: pd.DataFrame) -> np.ndarray:
    """Return the row of ``projects`` holding each inflow's project: -1 where none does, -2 where several do.

    Matched once for a ledger while its ``project_id`` columns stay the same
    (:mod:`~yubei_lib.figures.memo`): the conversion rate, the ranks of every quarter and the
    capital in place of every cohort share the match.

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["P1", "P2", "P2"]})
    >>> inflow_rows(p, pd.DataFrame({"project_id": ["P1", "P3", "P2", None]})).tolist()
    [0, -1, -2, -1]
    """
    f.require(projects, ("project_id",))
    f.require(capital, ("project_id",), "capital")
    return reuse("inflow rows", ((projects, ("project_id",)), (capital, ("project_id",))),
                 lambda: project_rows(projects, capital["project_id"], several=-2))


def project_rows(projects: pd.DataFrame, ids: pd.Series, several: int | None = None) -> np.ndarray:
    """Return the row of ``projects`` holding each id, -1 where the ledger has no such project.

    An id on several rows of the ledger raises, or gives ``several`` when one is given.

    Examples
    --------
    >>> project_rows(pd.DataFrame({"project_id": ["A", "B"]}), pd.Series(["B", "C", None, "B"])).tolist()
    [1, -1, -1, 1]
    """
    f.require(projects, ("project_id",))
    if len(ids) == 0:
        return np.zeros(0, dtype=np.int64)
    which, owner = _owners(projects["project_id"], pd.Series(ids).reset_index(drop=True), several)
    return owner[which]


def refuse_unmatched(rows: np.ndarray, ids: pd.Series, unknown: bool = True) -> None:
    """Raise when an inflow's project is on several rows of the ledger (or, with ``unknown``, on none).

    ``rows`` as :func:`inflow_rows` gives them, ``ids`` the inflows' ``project_id``.
    """
    if (rows == -2).any():
        raise ValueError("projects: project_id is not unique, e.g. "
                         f"{ids.to_numpy()[rows == -2][0]!r}; capital cannot be matched")
    if unknown and (rows == -1).any():
        missing = pd.unique(ids.to_numpy()[rows == -1])
        raise ValueError(f"capital for {len(missing)} project(s) not in the ledger, e.g. "
                         f"{', '.join(map(str, missing[:5]))}")


def inflow_codes(projects: pd.DataFrame, capital: pd.DataFrame, inside: np.ndarray | None = None) -> np.ndarray:
    """Return the district code of each inflow's project (of the inflows ``inside``, a mask, when given).

    Raises when the ledger lacks one of those projects, or holds it on several rows.

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["P1", "P2"], "district": ["Yubei", "Dazu"]})
    >>> inflow_codes(p, pd.DataFrame({"project_id": ["P2", "P1", "P2"]})).tolist()
    [16, 7, 16]
    """
    rows, ids = inflow_rows(projects, capital), capital["project_id"]
    if inside is not None:
        rows, ids = rows[inside], ids[inside]
    refuse_unmatched(rows, ids)
    return f.district_codes(projects)[rows]


def _arrow(values: pd.Series) -> pa.Array:
    array = pa.array(values)
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def _owners(keys: pd.Series, wanted: pd.Series, several: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Match ids to the ledger, hashing only the distinct wanted ones.

    Returns ``which`` (each wanted id's position among the distinct ones) and ``owner``
    (each distinct id's row in ``keys``, -1 when absent, with a last -1 slot for empty
    ids). A wanted id on more than one row of the ledger raises, or has the owner
    ``several`` when one is given.
    """
    try:
        encoded = _arrow(wanted).dictionary_encode()
        ledger = _arrow(keys)
        distinct = encoded.dictionary.cast(ledger.type)
        n_distinct = len(distinct)
        which = encoded.indices.fill_null(n_distinct).to_numpy(zero_copy_only=False)
        hit = pc.index_in(ledger, value_set=distinct).fill_null(-1).to_numpy(zero_copy_only=False)
    except (TypeError, ValueError, NotImplementedError, pa.ArrowException):
        which, distinct = pd.factorize(wanted.to_numpy())
        n_distinct = len(distinct)
        which = np.where(which < 0, n_distinct, which)
        hit = pd.Index(distinct).get_indexer(keys.to_numpy())
    which, hit = which.astype(np.int64), hit.astype(np.int64)
    rows = np.flatnonzero(hit >= 0)
    times = np.bincount(hit[rows], minlength=n_distinct)
    if several is None and (times > 1).any():
        raise ValueError("projects: project_id is not unique, e.g. "
                         f"{keys.iloc[rows[times[hit[rows]] > 1][0]]!r}; capital cannot be matched")
    owner = np.full(n_distinct + 1, -1, dtype=np.int64)
    owner[hit[rows]] = rows
    if several is not None:
        owner[:-1][times > 1] = several
    return which, owner


def conversion_rate(projects: pd.DataFrame, capital: pd.DataFrame, as_of: object,
                    start: object = None) -> pd.DataFrame:
    """Compute the dynamic conversion rate of realized capital of a period, per district.

    Realized capital of the period / signed value of the same period (default year to
    date). It may exceed 1: capital arrives for projects signed in earlier years. It is
    undefined (NaN) when the signed value is 0, i.e. when nothing was signed.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``district``: ``signed_value``, ``realized_capital``,
        ``conversion_rate``.

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["P1", "P2", "P3"], "district": ["Yubei", "Yubei", "Beibei"],
    ...     "signed_on": pd.to_datetime(["2016-05-01", "2020-01-10", "2016-01-10"]),
    ...     "contract_value": [5e8, 1e8, 1e8]})
    >>> c = pd.DataFrame({"project_id": ["P1", "P2", "P3"], "amount": [2e8, 1e7, 3e7],
    ...     "received_on": pd.to_datetime(["2020-03-01", "2020-06-30", "2020-02-01"])})
    >>> conversion_rate(p, c, "2020Q2").loc[["Yubei", "Beibei"]]  # (2e8 + 1e7) / 1e8
              signed_value  realized_capital  conversion_rate
    district
    Yubei      100000000.0       210000000.0              2.1
    Beibei             0.0        30000000.0              NaN
    """
    signed = signed_value(projects, as_of, start)["signed_value"]
    realized = realized_capital(projects, capital, as_of, start)
    return pd.DataFrame({"signed_value": signed, "realized_capital": realized,
                         "conversion_rate": f.ratio(realized.to_numpy(), signed.to_numpy())})
