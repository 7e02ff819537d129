"""The cells of the city's ranking table: its headers, quarters, rates and ranks.

Headers may be English (``quarter``, ``district``, ``conversion_rate``,
``operation_rate_2015_2017``, ``rank_conversion_rate``, ``composite_rank``) or Chinese
(``季度``, ``区县``, ``实际到位资金动态转化率``, ``2015-2017年项目投产率``, ``…排名``/``…名次``,
``综合排名``). A rate written with ``%``, or under a header marked ``(%)``, is a percentage;
otherwise a fraction. An empty cell is an undefined figure, not an error. A rank may be
written ``3`` or ``第3名``.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from yubei_lib.ledger.periods import parse_as_of, quarter_end
from yubei_lib.ledger.raw import split_unit
from yubei_lib.ledger.reference import fold

QUARTER_HEADERS = ("quarter", "季度", "报告期", "期间", "period")
DISTRICT_HEADERS = ("district", "区县", "所属区县", "区县名称", "地区")
RATE_LIMIT = 10.0
"""A conversion rate above 10 (1000 %) is taken for an unmarked percentage and refused."""

_EMPTY = {"", "-", "—", "–", "/", "na", "n/a", "nan", "null", "none", "无"}
_YEARS = r"(\d{4})\s*[-–—~至到_]\s*(\d{4})"
_ZH_QUARTER = re.compile(r"^\s*(\d{4})\s*年\s*第?\s*([1-4一二三四])\s*季度?\s*$")
_ZH_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}
PERCENT_MARK = re.compile(r"[(（\[【]\s*%\s*[)）\]】]\s*$|%\s*$")



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
    text = fold(PERCENT_MARK.sub("", name)).replace(" ", "_")
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


def parse_rate(text: str, percent_header: bool, figure: str) -> tuple[float, str | None]:
    """Return a rate as a fraction (NaN when empty) and the problem, if any.

    Examples
    --------
    >>> parse_rate("23.50%", False, "conversion_rate"), parse_rate("92.7", True, "operation_rate_2015_2017")
    ((0.235, None), (0.927, None))
    >>> parse_rate("-", False, "conversion_rate")[0], parse_rate("2.5", False, "operation_rate_2015_2017")[1]
    (nan, 'a share of projects cannot exceed 100 %; it looks like a percentage: write 92.7% or mark the header (%)')
    """
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


def parse_rank(text: str, n: int) -> tuple[object, str | None]:
    """Return a published rank (``<NA>`` when empty) and the problem, if any.

    Examples
    --------
    >>> parse_rank("第3名", 22), parse_rank("3", 22), parse_rank("23", 22)
    ((3, None), (3, None), (<NA>, 'a rank must be a whole number from 1 to 22'))
    """
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
