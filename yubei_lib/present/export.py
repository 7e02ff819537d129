"""Write figure tables for people and spreadsheets: terminal tables, CSV and xlsx, atomically."""

from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from yubei_lib.figures.frames import is_undefined

PUBLISHED = 0o644
"""Mode of written files: readable by everyone who may read the folder (temporary files start private)."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula."""


def neutralise(value: object) -> object:
    """Return a text cell that a spreadsheet will not run as a formula.

    Text starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading
    apostrophe; numbers and other values pass unchanged.

    Examples
    --------
    >>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("-1"), neutralise(-1.5), neutralise("Yubei")
    ('\\'=HYPERLINK("http://x")', "'-1", -1.5, 'Yubei')
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``frame`` with every text cell neutralised (see ``neutralise``)."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise, na_action="ignore")
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write text (UTF-8, newlines as given) to ``path`` through a temporary file (:func:`write_bytes_atomic`)."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    """Write bytes to ``path`` through a temporary file, so a failure never leaves half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, PUBLISHED)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def to_csv(frame: pd.DataFrame) -> str:
    """Return the frame as CSV text, floats at full precision, formula-like text neutralised.

    Examples
    --------
    >>> print(to_csv(pd.DataFrame({"district": ["Yubei", "=1+1"], "rate": [0.34, float("nan")]})))
    district,rate
    Yubei,0.34
    '=1+1,
    """
    out = safe_cells(frame)
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):  # shortest text that reads back to the same float
            out[col] = [("" if math.isnan(v) else repr(float(v))) for v in out[col]]
    return out.to_csv(index=False, lineterminator="\n").rstrip("\n")


def write_xlsx(frame: pd.DataFrame, path: str | Path, sheet: str = "figures") -> None:
    """Write the frame to an .xlsx workbook atomically, formula-like text neutralised."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    try:
        safe_cells(frame).to_excel(tmp, index=False, sheet_name=sheet[:31], engine="openpyxl")
        os.chmod(tmp, PUBLISHED)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _fmt(value: Any, kind: str) -> str:  # a cell of the figures table: a number for money, rate and int
    if is_undefined(value):
        return "n/a"
    if kind == "money":
        return f"CNY {value / 1e9:,.2f} bn"
    if kind == "rate":
        return f"{value:.1%}"
    if kind == "int":
        return f"{int(value):,}"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def district_table(figures: pd.DataFrame, district: str, as_of: pd.Timestamp) -> str:
    """Return a readable terminal table of one district's figures and ranks among the 22.

    Parameters
    ----------
    figures : pandas.DataFrame
        ``figures.district_figures`` output (one row per district).
    district : str
        English name of the district to show.
    as_of : pandas.Timestamp
    """
    row = figures.loc[figures.district == district].iloc[0]
    ranked = figures["composite_rank"].notna().all() if "composite_rank" in figures.columns else False
    scope = f"ranks among {len(figures)} districts" if ranked else "no rank: not every district has data"
    lines = [f"{district} as of {as_of:%Y-%m-%d} ({scope})", ""]
    width = max(len(c) for c in figures.columns)
    for col in figures.columns:
        if col == "district":
            continue
        lines.append(f"  {col:<{width}}  {_fmt(row[col], column_kind(col))}")
    return "\n".join(lines)


MONEY_KEYS = ("signed_value", "realized_capital", "new_projects_investment", "foreign_signed_value")
"""Beginnings of the figures keys that hold money (yuan)."""

COUNT_KEYS = ("signed_count", "lagging_count", "rank_", "composite_rank", "visits_out_main", "major_projects",
              "leading_investor_projects", "warning_red_count", "warning_yellow_count")
"""Beginnings of the figures keys that hold whole numbers."""


def column_kind(key: str) -> str:
    """Return how a figures key prints: ``money``, ``rate``, ``int`` or ``num``.

    Examples
    --------
    >>> [column_kind(k) for k in ("new_projects_investment_ytd", "foreign_signed_value_ytd",
    ...                           "visit_to_signing_share", "visits_out_main_ytd", "rank_major_projects_ytd",
    ...                           "capital_in_place_rate_2015_2017", "composite_score")]
    ['money', 'money', 'rate', 'int', 'int', 'rate', 'num']
    >>> [column_kind(k) for k in ("signed_count_ytd_prev_year", "signed_count_ytd_yoy", "signed_value_ytd_yoy")]
    ['int', 'rate', 'rate']
    """
    if key.endswith("_yoy"):  # a change on the same period last year, a fraction
        return "rate"
    if key.startswith(MONEY_KEYS):
        return "money"
    if key.startswith(COUNT_KEYS):
        return "int"
    if "rate" in key or key in ("target_attainment", "visit_to_signing_share"):
        return "rate"
    return "num"
