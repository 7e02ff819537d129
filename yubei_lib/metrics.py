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

from yubei_lib.periods import (add_months, full_months, parse_as_of, parse_cohort,
                               year_fraction_elapsed, ytd_start)
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


# -- figure 10: lagging projects -----------------------------------------------------------


def _lagging_masks(projects, as_of, months_to_commence, months_to_operate):
    end = parse_as_of(as_of)
    hi = _day_after(end)
    for m in (months_to_commence, months_to_operate):
        if isinstance(m, bool) or int(m) != m or m < 0:
            raise ValueError(f"lagging thresholds must be whole months >= 0, not {m!r}")
    signed = _dates(projects, "signed_on")
    live = ~(_dates(projects, "terminated_on") < hi)
    late_start = live & (signed < _day_after(add_months(end, -months_to_commence))) \
        & ~(_commenced_on(projects) < hi)
    late_run = live & (signed < _day_after(add_months(end, -months_to_operate))) \
        & ~(_dates(projects, "operating_on") < hi)
    return late_start, late_run


def lagging_count(projects: pd.DataFrame, as_of: object, months_to_commence: int = 12,
                  months_to_operate: int = 36) -> pd.Series:
    """Count the lagging projects per district (see :func:`lagging_projects`).

    Examples
    --------
    >>> p = pd.DataFrame({"district": ["Yubei", "Yubei", "Yubei"],
    ...     "signed_on": pd.to_datetime(["2019-02-28", "2019-03-01", "2017-01-01"]),
    ...     "contract_value": [1e8, 1e8, 1e8],
    ...     "commenced_on": pd.to_datetime([None, None, "2018-01-01"])})
    >>> lagging_count(p, "2020-02-29")["Yubei"]  # the 1st (12 months) and the 3rd (36)
    np.int64(2)
    """
    late_start, late_run = _lagging_masks(projects, as_of, months_to_commence, months_to_operate)
    return pd.Series(_sum(_codes(projects), late_start | late_run).astype(np.int64),
                     index=_index(), name="lagging_count")


def lagging_projects(projects: pd.DataFrame, as_of: object, months_to_commence: int = 12,
                     months_to_operate: int = 36) -> pd.DataFrame:
    """List the lagging projects: the accountability list of each district.

    A project is lagging when it is live at ``as_of`` (not terminated on or before it)
    and either signed on or before ``as_of`` minus ``months_to_commence`` calendar
    months and not commenced, or signed on or before ``as_of`` minus
    ``months_to_operate`` months and not in operation (month arithmetic clips to month
    end: 2020-02-29 minus 12 months is 2019-02-28). ``stage`` is the first of these
    that applies; ``months_overdue`` is the whole calendar months past that deadline,
    the largest ``m`` with ``signed_on <= as_of - (threshold + m) months``, so 0 means
    the deadline passed less than a month ago.

    Parameters
    ----------
    projects : pandas.DataFrame
    as_of : date-like or quarter label
    months_to_commence, months_to_operate : int, default 12 and 36

    Returns
    -------
    pandas.DataFrame
        One row per lagging project: ``district``, ``project_id``, ``project_name``,
        ``signed_on``, ``contract_value``, ``responsible_unit``, ``responsible_leader``
        (NA when the ledger lacks them), ``stage`` ("not commenced" or "not in
        operation"), ``months_overdue``; in district order, most overdue first.

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A", "B", "C", "D"], "project_name": ["a", "b", "c", "d"],
    ...     "district": ["Yubei"] * 4, "contract_value": [1e8] * 4,
    ...     "signed_on": pd.to_datetime(["2019-02-28", "2019-03-01", "2016-11-30", "2016-01-05"]),
    ...     "commenced_on": pd.to_datetime([None, None, "2017-06-01", None]),
    ...     "terminated_on": pd.to_datetime([None, None, None, "2019-12-31"]),
    ...     "responsible_unit": ["Bureau of Commerce"] * 4, "responsible_leader": ["Li"] * 4})
    >>> lagging_projects(p, "2020-02-29")[["project_id", "stage", "months_overdue"]]
      project_id             stage  months_overdue
    0          C  not in operation               2
    1          A     not commenced               0
    """
    late_start, late_run = _lagging_masks(projects, as_of, months_to_commence, months_to_operate)
    rows = np.flatnonzero(late_start | late_run)
    codes = _codes(projects)[rows]
    columns = ["project_id", "project_name", "signed_on", "contract_value",
               "responsible_unit", "responsible_leader"]
    out = pd.DataFrame({"district": pd.Categorical.from_codes(codes, categories=_names())})
    for c in columns:
        out[c] = (projects[c].iloc[rows].reset_index(drop=True) if c in projects.columns
                  else pd.Series(pd.NA, index=out.index, dtype="str"))
    starting = late_start[rows]
    out["stage"] = pd.array(np.where(starting, "not commenced", "not in operation"), dtype="str")
    threshold = np.where(starting, months_to_commence, months_to_operate)
    out["months_overdue"] = full_months(out["signed_on"].to_numpy(), as_of) - threshold
    out = out.sort_values(["district", "months_overdue", "project_id"],
                          ascending=[True, False, True], kind="stable").reset_index(drop=True)
    out["district"] = out["district"].astype("str")
    return out


# -- figures 11-12: composition, largest projects, weak links ------------------------------


def _signed_in(projects: pd.DataFrame, as_of: object, start: object) -> pd.DataFrame:
    """Return the projects signed in the period, with ``district`` as an ordered category."""
    lo, hi = _period(as_of, start)
    signed = _dates(projects, "signed_on")
    rows = np.flatnonzero((signed >= lo) & (signed < hi))
    out = projects.iloc[rows].reset_index(drop=True)
    out["district"] = pd.Categorical.from_codes(_codes(projects)[rows], categories=_names(),
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
    _require(projects, ("district", "signed_on", "contract_value"))
    signed = _signed_in(projects, as_of, start)
    if by not in signed.columns:
        signed[by] = pd.Series(pd.NA, index=signed.index, dtype="str")
    out = (signed.groupby(["district", by], observed=True, dropna=False, sort=False)
           .agg(signed_value=("contract_value", "sum"), signed_count=("contract_value", "size"))
           .reset_index())
    total = out.groupby("district", observed=True)["signed_value"].transform("sum")
    out["value_share"] = _ratio(out["signed_value"].to_numpy(), total.to_numpy())
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
    _require(projects, ("district", "signed_on", "contract_value"))
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
    from yubei_lib.reference import chains as reference_chains

    if int(years) < 1:
        raise ValueError(f"years must be 1 or more, not {years!r}")
    table = reference_chains() if chain_table is None else chain_table
    _require(table, ("cluster", "segment"), "chain table")
    end = parse_as_of(as_of)
    codes, n = _codes(projects), len(_names())
    signed = _dates(projects, "signed_on")
    window = (signed >= _day_after(add_months(end, -12 * int(years)))) & (signed < _day_after(end))
    value = _money(projects, "contract_value")[window]
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
    share = _ratio(seg_value, base)
    return pd.DataFrame({
        "district": np.repeat(_names(), s).astype(object),
        "cluster": np.tile(table["cluster"].to_numpy(), n),
        "segment": np.tile(table["segment"].to_numpy(), n),
        "signed_count": seg_count.astype(np.int64),
        "signed_value": seg_value,
        "cluster_value": base,
        "value_share": share,
        "weak": (seg_count == 0) | ~(share >= threshold),
    }).astype({"district": "str", "cluster": "str", "segment": "str"})
