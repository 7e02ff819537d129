"""Read the city's published ranking table (市级通报), validating every cell like the ledger.

A district office holds only its own ledger; its rank among the 22 comes from the table
the city publishes each quarter (``docs/definitions.md#rankings-from-a-published-table``):
one row per district and quarter, the three rates and often the ranks. Headers may be
English (``quarter``, ``district``, ``conversion_rate``, ``operation_rate_2015_2017``,
``rank_conversion_rate``, ``composite_rank``) or Chinese (``季度``, ``区县``,
``实际到位资金动态转化率``, ``2015-2017年项目投产率``, ``…排名``/``…名次``, ``综合排名``).
A rate written with ``%``, or under a header marked ``(%)``, is a percentage; otherwise a
fraction. An empty cell is an undefined figure (it ranks after the defined ones), not an
error. Every problem is reported at once with file, row, column and value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from yubei_lib.ledger.periods import parse_as_of, quarter_end, quarter_label
from yubei_lib.ledger.problems import LedgerError, Problem
from yubei_lib.ledger.raw import RawTable, split_unit
from yubei_lib.ledger.read import read_table
from yubei_lib.ledger.reference import districts, fold, resolve_district

QUARTER_HEADERS = ("quarter", "季度", "报告期", "期间", "period")
DISTRICT_HEADERS = ("district", "区县", "所属区县", "区县名称", "地区")
RATE_LIMIT = 10.0
"""A conversion rate above 10 (1000 %) is taken for an unmarked percentage and refused."""

_EMPTY = {"", "-", "—", "–", "/", "na", "n/a", "nan", "null", "none", "无"}
_YEARS = r"(\d{4})\s*[-–—~至到_]\s*(\d{4})"
_ZH_QUARTER = re.compile(r"^\s*(\d{4})\s*年\s*第?\s*([1-4一二三四])\s*季度?\s*$")
_ZH_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}
_PERCENT_MARK = re.compile(r"[(（\[【]\s*%\s*[)）\]】]\s*$|%\s*$")


@dataclass
class PublishedRankings:
    """A validated published ranking table.

    Attributes
    ----------
    file : str
        The file as given.
    frame : pandas.DataFrame
        One row per district and quarter: ``quarter`` (the quarter's last day),
        ``district`` (English name), the figure columns present (``conversion_rate``,
        ``operation_rate_A_B``, ...) as fractions (NaN = undefined), and the published
        rank columns present (``rank_<figure>``, ``composite_rank``; ``<NA>`` = not given).
    rows : numpy.ndarray
        Each row's number as the user sees it (Excel row, CSV line).
    headers : dict
        Canonical column name -> the header as written.
    """

    file: str
    frame: pd.DataFrame
    rows: np.ndarray
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def figures(self) -> list[str]:
        """Return the figure columns the table gives (not the ranks)."""
        return [c for c in self.frame.columns if is_figure(c)]

    @property
    def rank_columns(self) -> list[str]:
        """Return the published rank columns the table gives."""
        return [c for c in self.frame.columns if c.startswith("rank_") or c == "composite_rank"]

    @property
    def quarters(self) -> list[pd.Timestamp]:
        """Return the quarters the table holds, in order."""
        return [pd.Timestamp(q) for q in sorted(pd.unique(self.frame["quarter"]))]

    def at(self, as_of: object) -> pd.DataFrame | None:
        """Return the table's rows of the quarter ending on ``as_of``, indexed by district; None if absent."""
        when = parse_as_of(as_of)
        rows = self.frame.loc[self.frame["quarter"] == when]
        return None if rows.empty else rows.drop(columns="quarter").set_index("district")

    def row_of(self, as_of: object, district: str) -> int | None:
        """Return the user-visible row number of a district's row of a quarter."""
        hit = np.flatnonzero((self.frame["quarter"] == parse_as_of(as_of)).to_numpy()
                             & (self.frame["district"] == district).to_numpy())
        return int(self.rows[hit[0]]) if len(hit) else None


def is_figure(name: str) -> bool:
    """Tell whether a canonical column name is a figure the table may give.

    Examples
    --------
    >>> is_figure("operation_rate_2015_2017"), is_figure("rank_conversion_rate")
    (True, False)
    """
    return bool(re.fullmatch(r"conversion_rate|(operation|commencement)_rate_\d{4}_\d{4}", name))


def canonical_header(header: object) -> str | None:
    """Return the canonical column a header of the table names, or None.

    Examples
    --------
    >>> canonical_header("2015-2017年项目投产率（%）"), canonical_header("实际到位资金动态转化率排名")
    ('operation_rate_2015_2017', 'rank_conversion_rate')
    >>> canonical_header("综合排名"), canonical_header("Operation rate 2018-2020"), canonical_header("备注")
    ('composite_rank', 'operation_rate_2018_2020', None)
    """
    name, _ = split_unit(header)
    text = fold(_PERCENT_MARK.sub("", name)).replace(" ", "_")
    if text in QUARTER_HEADERS:
        return "quarter"
    if text in DISTRICT_HEADERS:
        return "district"
    rank = False
    for word in ("排名", "名次", "rank_", "_rank"):
        if word in text and text not in ("composite_rank",):
            rank, text = True, text.replace(word, "")
    text = text.strip("_")
    if text in ("composite_rank", "综合", "三率综合", "综合排名", "三率综合排名") or (rank and text in ("composite", "三率")):
        return "composite_rank"
    figure = _figure(text)
    if figure is None:
        return None
    return f"rank_{figure}" if rank else figure


def _figure(text: str) -> str | None:
    if text in ("conversion_rate", "conversion_rate_ytd") or "转化率" in text:
        return "conversion_rate"
    years = re.search(_YEARS, text)
    for stage, words in (("operation", ("operation_rate", "投产率")), ("commencement", ("commencement_rate", "开工率"))):
        if years and any(w in text for w in words):
            return f"{stage}_rate_{years[1]}_{years[2]}"
    return None


def is_known_header(header: object) -> bool:
    """Tell whether a header names a column of the ranking table (to find the header row)."""
    return canonical_header(header) is not None


def parse_quarter(value: object) -> pd.Timestamp:
    """Return the last day of the quarter written as ``2020Q4``, ``2020年第四季度`` or a quarter-end date.

    Examples
    --------
    >>> parse_quarter("2020年第四季度"), parse_quarter("2019-Q1"), parse_quarter("2020-06-30")
    (Timestamp('2020-12-31 00:00:00'), Timestamp('2019-03-31 00:00:00'), Timestamp('2020-06-30 00:00:00'))
    """
    if isinstance(value, str):
        m = _ZH_QUARTER.match(value)
        if m:
            q = _ZH_DIGITS.get(m[2]) or int(m[2])
            return quarter_end(pd.Timestamp(int(m[1]), 3 * q, 1))
    when = parse_as_of(value.strip() if isinstance(value, str) else value)
    if when != quarter_end(when):
        raise ValueError(f"{when:%Y-%m-%d} is not the last day of a quarter")
    return when


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rate(text: str, percent_header: bool, figure: str) -> tuple[float, str | None]:
    """Return a rate as a fraction (NaN when empty) and the problem, if any."""
    t = fold(text).replace(" ", "").replace(",", "")
    if t in _EMPTY:
        return np.nan, None
    marked = t.endswith("%")
    try:
        number = float(t.removesuffix("%"))
    except ValueError:
        return np.nan, "not a rate: write it as 0.235, 23.5% or, under a header marked (%), 23.5"
    if not np.isfinite(number):
        return np.nan, "not a rate: write it as 0.235, 23.5% or, under a header marked (%), 23.5"
    value = number / 100 if (marked or percent_header) else number
    hint = ("; it looks like a percentage: write 92.7% or mark the header (%)"
            if not (marked or percent_header) and 1 < number <= 100 else "")
    if value < 0 or value > RATE_LIMIT:
        return np.nan, f"a rate must lie between 0 and {RATE_LIMIT:g} (0 % to {RATE_LIMIT * 100:g} %){hint}"
    if figure != "conversion_rate" and value > 1:
        return np.nan, f"a share of projects cannot exceed 100 %{hint}"
    return value, None


def _rank(text: str, n: int) -> tuple[object, str | None]:
    t = fold(text).replace(" ", "").removeprefix("第").removesuffix("名")
    if t in _EMPTY:
        return pd.NA, None
    try:
        number = float(t)
    except ValueError:
        return pd.NA, f"a rank must be a whole number from 1 to {n}"
    if not number.is_integer() or not 1 <= number <= n:
        return pd.NA, f"a rank must be a whole number from 1 to {n}"
    return int(number), None


def read_rankings(path: str | Path, sheet: str | None = None) -> PublishedRankings:
    """Read and validate a published ranking table.

    Parameters
    ----------
    path : str or pathlib.Path
        CSV (UTF-8, UTF-8 with BOM, GBK), .xlsx (title rows above the header are fine) or Parquet.
    sheet : str, optional
        The Excel sheet (default the first).

    Returns
    -------
    PublishedRankings

    Raises
    ------
    LedgerError
        Listing every problem: a missing quarter or district column, no figure column, an
        unknown district, an unreadable quarter, a district given twice for a quarter, a
        quarter lacking some of the 22 districts, an unreadable rate, a rate outside 0..10
        (a share of projects above 100 %), a rank that is not a whole number from 1 to 22.
    """
    raw = read_table(path, sheet=sheet, is_known=is_known_header)
    return validate_rankings(raw)


def validate_rankings(raw: RawTable) -> PublishedRankings:
    """Validate the cells of a ranking table read by :func:`yubei_lib.ledger.read.read_table`."""
    file, problems = raw.file, []
    headers: dict[str, str] = {}
    for header in raw.frame.columns:
        canon = canonical_header(header)
        if canon is None:
            continue
        if canon in headers:
            problems.append(Problem(file, None, header, None, f"a second column for {canon} (the first is "
                                    f"{headers[canon]!r}); keep one"))
            continue
        headers[canon] = header
    for canon, accepted in (("quarter", QUARTER_HEADERS), ("district", DISTRICT_HEADERS)):
        if canon not in headers:
            problems.append(Problem(file, None, None, None, f"missing required column {canon} (write one of "
                                    f"these headers: {', '.join(accepted)})"))
    figures = [c for c in headers if is_figure(c)]
    if not figures:
        problems.append(Problem(file, None, None, None, "no figure column: expected conversion_rate "
                                "(实际到位资金动态转化率) and operation_rate_A_B (A-B年项目投产率)"))
    if problems:
        raise LedgerError(problems)
    n = len(districts())
    rows = raw.rows
    out = pd.DataFrame(index=range(len(raw.frame)))
    cells = {c: [_text(v) for v in raw.frame[h]] for c, h in headers.items()}

    def problem(i: int, canon: str, message: str) -> None:
        problems.append(Problem(file, int(rows[i]), headers[canon], cells[canon][i], message))

    quarters: list[pd.Timestamp] = []
    names: list[str | None] = []
    for i, text in enumerate(cells["quarter"]):
        try:
            quarters.append(parse_quarter(raw.frame[headers["quarter"]].iloc[i] if text else ""))
        except (ValueError, TypeError):
            problem(i, "quarter", "unreadable quarter: write 2020Q4, 2020年第四季度 or the quarter's last day")
            quarters.append(pd.NaT)
    for i, text in enumerate(cells["district"]):
        try:
            names.append(resolve_district(text))
        except ValueError:
            problem(i, "district", "unknown district: use one of the 22 of data/reference/districts.csv")
            names.append(None)
    out["quarter"], out["district"] = pd.to_datetime(pd.Series(quarters, dtype="datetime64[ns]")), names
    for canon, header in headers.items():
        if canon in ("quarter", "district"):
            continue
        percent = bool(_PERCENT_MARK.search(str(header)))
        values = []
        for i, text in enumerate(cells[canon]):
            value, why = _rate(text, percent, canon) if is_figure(canon) else _rank(text, n)
            if why:
                problem(i, canon, why)
            values.append(value)
        out[canon] = pd.array(values, dtype="float64" if is_figure(canon) else "Int64")
    seen: dict[tuple, int] = {}
    for i, key in enumerate(zip(out["quarter"], out["district"])):
        if pd.isna(key[0]) or key[1] is None:
            continue
        if key in seen:
            problem(i, "district", f"{key[1]} is given twice for {quarter_label(key[0])} (first on "
                                   f"{'row' if raw.kind != 'csv' else 'line'} {seen[key]})")
        else:
            seen[key] = int(rows[i])
    all_names = list(districts()["name_en"])
    for when in sorted({k[0] for k in seen}):
        have = {d for (q, d) in seen if q == when}
        lacking = [d for d in all_names if d not in have]
        if lacking:
            problems.append(Problem(file, None, headers["quarter"], quarter_label(when),
                                    f"the quarter lacks {len(lacking)} of the 22 districts: {', '.join(lacking)} "
                                    "(give every district a row; leave a figure empty where it is undefined)"))
    if problems:
        raise LedgerError(problems)
    return PublishedRankings(file, out, np.asarray(rows), headers)
