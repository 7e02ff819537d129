"""Frame helpers shared by every figure: district codes, date and money columns, sums per district.

Figures of districts come one row per district, all 22 in the order of ``districts.csv``
(a district without projects gets zero sums and undefined, ``NaN``, rates), so they rank
and join directly. These helpers turn the canonical frames (:mod:`yubei_lib.ledger.schema`)
into numpy arrays and back; every figure module builds on them. A period is ``start`` to
``as_of``, both days counted; "on or before ``as_of``" is "before :func:`day_after`".
Definitions: ``docs/definitions.md``.
"""

from __future__ import annotations

import math
import warnings
from functools import lru_cache

import numpy as np
import pandas as pd

from yubei_lib.figures.memo import reuse
from yubei_lib.ledger.periods import parse_as_of, ytd_start
from yubei_lib.ledger.reference import districts, reference_dir, resolve_district


@lru_cache(maxsize=4)
def _names_in(folder: object) -> tuple[str, ...]:
    return tuple(districts()["name_en"])


def district_names() -> list[str]:
    """Return the English names of the 22 districts, in the order of ``districts.csv``."""
    return list(_names_in(reference_dir()))


def district_index() -> pd.Index:
    """Return the index of a figure's frame: the 22 districts, named ``district``."""
    return pd.Index(district_names(), name="district")


def require(frame: pd.DataFrame, columns: tuple[str, ...], what: str = "projects") -> None:
    """Raise a clear error when ``frame`` is no DataFrame or lacks one of ``columns``."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame, not {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} lacks required column(s): {', '.join(missing)}")


def district_codes(projects: pd.DataFrame) -> np.ndarray:
    """Return each project's position in ``districts.csv`` (names in any accepted form); read only.

    Read once for a ledger while its ``district`` column stays the same (:mod:`~yubei_lib.figures.memo`).
    """
    require(projects, ("district",))
    return reuse("district codes", ((projects, ("district",)),), lambda: _district_codes(projects["district"]))


def _district_codes(col: pd.Series) -> np.ndarray:
    names = district_names()
    if isinstance(col.dtype, pd.CategoricalDtype) and list(col.cat.categories) == names:
        codes = col.cat.codes.to_numpy().astype(np.int64)
    else:
        codes, uniques = pd.factorize(col)
        pos = {name: i for i, name in enumerate(names)}
        lookup = np.array([pos[resolve_district(u)] for u in uniques] + [-1], dtype=np.int64)
        codes = lookup[codes]
    if (codes < 0).any():
        raise ValueError(f"district is empty in {int((codes < 0).sum())} row(s) of projects")
    codes.flags.writeable = False  # shared by the figures of the same ledger
    return codes


def with_codes(projects: pd.DataFrame) -> pd.DataFrame:
    """Return the projects with ``district`` as the 22 names' categorical, so later figures read codes for free."""
    return projects.assign(district=pd.Categorical.from_codes(district_codes(projects),
                                                              categories=district_names()))


def dates(frame: pd.DataFrame, column: str) -> np.ndarray:
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


def money(frame: pd.DataFrame, column: str) -> np.ndarray:
    """Return a money column as float64 yuan (NaN for missing)."""
    return frame[column].to_numpy(dtype=np.float64, na_value=np.nan)


def day_after(as_of: object) -> np.datetime64:
    """Return the exclusive upper bound of "on or before ``as_of``"."""
    return (parse_as_of(as_of) + pd.Timedelta(days=1)).to_datetime64()


def period(as_of: object, start: object = None) -> tuple[np.datetime64, np.datetime64]:
    """Return the bounds ``[start, as_of + 1 day)`` of a period; ``start`` defaults to 1 January."""
    end = parse_as_of(as_of)
    lo = ytd_start(end) if start is None else parse_as_of(start)
    if lo > end:
        raise ValueError(f"period starts {lo.date()} after as_of {end.date()}")
    return lo.to_datetime64(), day_after(end)


def sum_by(codes: np.ndarray, mask: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """Count (or, with ``weights``, sum) the masked rows per district code.

    Only the masked rows are added, in the order of the rows (a sum is the same to the last bit
    as adding the others as zeros).

    Examples
    --------
    >>> sum_by(np.array([0, 1, 0]), np.array([True, True, False]), np.array([1.5, 2.0, 4.0]))[:2].tolist()
    [1.5, 2.0]
    """
    mask = np.asarray(mask, dtype=bool)
    n = len(district_names())
    if weights is None:
        return np.bincount(codes[mask], minlength=n).astype(np.int64)
    return np.bincount(codes[mask], weights=np.asarray(weights, dtype=np.float64)[mask], minlength=n)


def ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """Divide, NaN where the denominator is not positive (an undefined rate)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


def commenced_on(projects: pd.DataFrame) -> np.ndarray:
    """Return commencement dates, an operation date standing in for a missing one."""
    commenced, operating = dates(projects, "commenced_on"), dates(projects, "operating_on")
    return np.where(np.isnat(commenced), operating, commenced)



def own_rows(frame: pd.DataFrame, district: str) -> pd.DataFrame:
    """Return the rows of a frame whose ``district`` is the given one (any accepted name).

    Examples
    --------
    >>> f = pd.DataFrame({"district": ["渝北区", "Dazu", "yubei"], "x": [1, 2, 3]})
    >>> own_rows(f, "Yubei").x.tolist()
    [1, 3]
    """
    own = resolve_district(district)
    names = frame["district"].astype("str")
    mapping = {d: canonical_district(d) for d in pd.unique(names)}
    return frame.loc[names.map(mapping) == own].reset_index(drop=True)


def canonical_district(name: object) -> object:
    """Return a district's English name, or the value itself when it names no district."""
    try:
        return resolve_district(name)
    except ValueError:
        return name


def is_undefined(value: object) -> bool:
    """Return True for a value that stands for an undefined figure: None, NA, NaN or infinite.

    Examples
    --------
    >>> is_undefined(None), is_undefined(float("nan")), is_undefined(0.0), is_undefined("text")
    (True, True, False, False)
    """
    if value is None:
        return True
    try:
        missing = pd.isna(value)
    except (TypeError, ValueError):
        return False
    if isinstance(missing, bool) and missing:
        return True
    try:
        return not math.isfinite(float(value))  # type: ignore[arg-type]  # what float() cannot read is caught below
    except (TypeError, ValueError):
        return False
