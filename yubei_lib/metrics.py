"""Figures of the investment-promotion ledger, for all 22 districts at once.

Every function here is pure: canonical frames in (see :mod:`yubei_lib.schema`), a new
frame or series out, ``as_of`` explicit, inputs never modified. What is dated after
``as_of`` has not happened yet (DOMAIN.md, "As-of semantics"). Figures of districts
come one row per district, all 22 in the order of ``districts.csv`` (a district without
projects gets zero sums and undefined, ``NaN``, rates), so they rank and join directly.
A period is ``start`` to ``as_of``, both days counted; ``start`` defaults to 1 January of
``as_of``'s year (year to date). Chain with :meth:`pandas.DataFrame.pipe`::

    projects.pipe(conversion_rate, capital, "2020Q2")
"""

from __future__ import annotations

import warnings
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from yubei_lib.periods import (
    parse_as_of,
    parse_cohort,
    year_fraction_elapsed,
    ytd_start,
)
from yubei_lib.reference import districts, load_targets, reference_dir, resolve_district

# -- shared helpers (also used by rankings, survival and figures) -------------------------


@lru_cache(maxsize=4)
def _names_in(folder: object) -> tuple[str, ...]:
    return tuple(districts()["name_en"])


def _names() -> list[str]:
    return list(_names_in(reference_dir()))


def _index() -> pd.Index:
    return pd.Index(_names(), name="district")


def _require(frame: pd.DataFrame, columns: tuple[str, ...], what: str = "projects") -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame, not {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} lacks required column(s): {', '.join(missing)}")


def _codes(projects: pd.DataFrame) -> np.ndarray:
    """Return each project's position in ``districts.csv`` (names in any accepted form)."""
    _require(projects, ("district",))
    col = projects["district"]
    names = _names()
    if isinstance(col.dtype, pd.CategoricalDtype) and list(col.cat.categories) == names:
        codes = col.cat.codes.to_numpy().astype(np.int64)
    else:
        codes, uniques = pd.factorize(col)
        pos = {name: i for i, name in enumerate(names)}
        lookup = np.array([pos[resolve_district(u)] for u in uniques] + [-1], dtype=np.int64)
        codes = lookup[codes]
    if (codes < 0).any():
        raise ValueError(f"district is empty in {int((codes < 0).sum())} row(s) of projects")
    return codes


def _dates(frame: pd.DataFrame, column: str) -> np.ndarray:
    """Return a date column as datetime64 values; an absent column is all empty (NaT)."""
    if column not in frame.columns:
        return np.full(len(frame), np.datetime64("NaT", "ns"))
    col = frame[column]
    if not pd.api.types.is_datetime64_any_dtype(col):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                col = pd.to_datetime(col)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"column {column!r} must hold dates: {exc}") from None
    if isinstance(col.dtype, pd.DatetimeTZDtype):
        col = col.dt.tz_localize(None)
    return col.to_numpy()


def _money(frame: pd.DataFrame, column: str) -> np.ndarray:
    return frame[column].to_numpy(dtype=np.float64, na_value=np.nan)


def _day_after(as_of: object) -> np.datetime64:
    """Return the exclusive upper bound of "on or before ``as_of``"."""
    return (parse_as_of(as_of) + pd.Timedelta(days=1)).to_datetime64()


def _period(as_of: object, start: object = None) -> tuple[np.datetime64, np.datetime64]:
    end = parse_as_of(as_of)
    lo = ytd_start(end) if start is None else parse_as_of(start)
    if lo > end:
        raise ValueError(f"period starts {lo.date()} after as_of {end.date()}")
    return lo.to_datetime64(), _day_after(end)


def _sum(codes: np.ndarray, mask: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    w = mask if weights is None else np.where(mask, weights, 0.0)
    out = np.bincount(codes, weights=w, minlength=len(_names()))
    return out.astype(np.int64) if weights is None else out


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


def _commenced_on(projects: pd.DataFrame) -> np.ndarray:
    """Return commencement dates, an operation date standing in for a missing one."""
    commenced, operating = _dates(projects, "commenced_on"), _dates(projects, "operating_on")
    return np.where(np.isnat(commenced), operating, commenced)


# -- figures 1-4: signed value, target attainment, pace, projection, capital, conversion ---


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
    codes = _codes(projects)
    lo, hi = _period(as_of, start)
    signed = _dates(projects, "signed_on")
    value = _money(projects, "contract_value")
    inside = (signed >= lo) & (signed < hi)
    terminated = inside & (_dates(projects, "terminated_on") < hi)
    out = pd.DataFrame({
        "signed_value": _sum(codes, inside, value),
        "signed_count": _sum(codes, inside).astype(np.int64),
        "terminated_value": _sum(codes, terminated, value),
        "terminated_count": _sum(codes, terminated).astype(np.int64),
    }, index=_index())
    out["terminated_share"] = _ratio(out["terminated_value"].to_numpy(), out["signed_value"].to_numpy())
    return out


def _targets_for(targets: object, year: int) -> pd.Series:
    """Return the contract-value target of ``year`` per district (NaN without one)."""
    table = load_targets() if targets is None else (
        targets if isinstance(targets, pd.DataFrame) else load_targets(targets))
    if len(table) == 0:
        return pd.Series(np.nan, index=_index())
    _require(table, ("district", "year", "figure", "value"), "targets")
    cohort = table["cohort"] if "cohort" in table.columns else pd.Series("", index=table.index)
    rows = table[(table["figure"] == "contract_value") & (table["year"].astype(int) == year)
                 & cohort.fillna("").eq("")]
    names = rows["district"].map(resolve_district)
    if names.duplicated().any():
        raise ValueError(f"targets: more than one contract_value target for "
                         f"{', '.join(sorted(set(names[names.duplicated()])))} in {year}")
    return pd.Series(rows["value"].astype(float).to_numpy(), index=names.to_numpy()).reindex(_index())


def target_attainment(projects: pd.DataFrame, as_of: object, targets: object = None) -> pd.DataFrame:
    """Compare the value signed year to date with the year's target, and with the pace needed.

    ``target_attainment`` = YTD signed value / the year's ``contract_value`` target;
    ``pace`` = attainment / :func:`~yubei_lib.periods.year_fraction_elapsed` (1.0 = exactly
    on pace). Both are NaN for a district without a (positive) target for the year.

    Parameters
    ----------
    projects : pandas.DataFrame
    as_of : date-like or quarter label
    targets : pandas.DataFrame or path-like, optional
        As returned by :func:`yubei_lib.reference.load_targets`; default the reference
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
    target = _targets_for(targets, end.year)
    attainment = pd.Series(_ratio(ytd.to_numpy(), target.fillna(0).to_numpy()), index=_index())
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
    codes, n = _codes(projects), len(_names())
    signed = _dates(projects, "signed_on")
    value = _money(projects, "contract_value")
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
    }, index=_index())


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
    _require(projects, ("project_id", "district"))
    _require(capital, ("project_id", "received_on", "amount"), "capital")
    lo, hi = _period(as_of, start)
    received = _dates(capital, "received_on")
    inside = (received >= lo) & (received < hi)
    wanted = capital["project_id"][inside]
    which, owner = _owners(projects["project_id"], wanted)
    codes = np.full(len(owner), -1, dtype=np.int64)
    found = owner >= 0
    codes[found] = _codes(projects)[owner[found]]
    if not found[which].all():
        unknown = pd.unique(wanted.to_numpy()[~found[which]])
        raise ValueError(f"capital for {len(unknown)} project(s) not in the ledger, e.g. "
                         f"{', '.join(map(str, unknown[:5]))}")
    total = np.bincount(codes[which], weights=_money(capital, "amount")[inside],
                        minlength=len(_names()))
    return pd.Series(total, index=_index(), name="realized_capital")


def _arrow(values: pd.Series) -> pa.Array:
    array = pa.array(values)
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def _owners(keys: pd.Series, wanted: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Match ids to the ledger, hashing only the distinct wanted ones.

    Returns ``which`` (each wanted id's position among the distinct ones) and ``owner``
    (each distinct id's row in ``keys``, -1 when absent, with a last -1 slot for empty
    ids). Raises when a wanted id is on more than one row of the ledger.
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
    if (times > 1).any():
        raise ValueError("projects: project_id is not unique, e.g. "
                         f"{keys.iloc[rows[times[hit[rows]] > 1][0]]!r}; capital cannot be matched")
    owner = np.full(n_distinct + 1, -1, dtype=np.int64)
    owner[hit[rows]] = rows
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
                         "conversion_rate": _ratio(realized.to_numpy(), signed.to_numpy())})


# -- figures 5-6: commencement and operation rates of cohorts -----------------------------


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
    codes = _codes(projects)
    hi = _day_after(as_of)
    signed = _dates(projects, "signed_on")
    value = _money(projects, "contract_value")
    member = ((signed >= np.datetime64(f"{first}-01-01")) & (signed < np.datetime64(f"{last + 1}-01-01"))
              & (signed < hi))
    commenced = member & (_commenced_on(projects) < hi)
    operating = member & (_dates(projects, "operating_on") < hi)
    count, worth = _sum(codes, member), _sum(codes, member, value)
    return pd.DataFrame({
        "cohort_count": count.astype(np.int64),
        "cohort_value": worth,
        "commenced_count": _sum(codes, commenced).astype(np.int64),
        "operating_count": _sum(codes, operating).astype(np.int64),
        "commencement_rate": _ratio(_sum(codes, commenced), count),
        "operation_rate": _ratio(_sum(codes, operating), count),
        "commencement_rate_value": _ratio(_sum(codes, commenced, value), worth),
        "operation_rate_value": _ratio(_sum(codes, operating, value), worth),
    }, index=_index())


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
