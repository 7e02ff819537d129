"""The city's ranking notice (市级通报) as it is published: sheets, titles, two-row headers, rows around the table.

Offices receive the notice as a workbook, one quarter a sheet or a file, and read it as it
is (``docs/definitions.md#rankings-from-a-published-table``). This module reads a file's
sheets as rows of cell values and finds what :mod:`yubei_lib.ledger.notice_tables` then
validates: the header (one row, or
two rows whose upper cells span their empty neighbours), the title rows above it and the
quarter they or the sheet's name give, the rows that are not districts' (total rows such as
全市, note rows such as 注：...), the mark "未纳入排名", and the units outside the 22 that the
city lists beside them (``data/reference/other_units.csv``).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from yubei_lib.ledger.periods import quarter_end
from yubei_lib.ledger.problems import LedgerError, Problem
from yubei_lib.ledger.ranking_cells import canonical_header, is_figure
from yubei_lib.ledger.raw import HEADER_SCAN_ROWS, max_rows, split_unit, too_many
from yubei_lib.ledger.reference import fold, reference_dir
from yubei_lib.ledger.workbook import is_workbook

OTHER_UNITS = "other_units.csv"
"""The known units outside the 22 (两江新区, 重庆高新区, ...), a file of the reference folder."""

NOT_RANKED = re.compile(r"[未不](?:纳入|参与|参加|列入|参)排名|not\s+ranked", re.IGNORECASE)
"""The mark the city writes on a unit left out of the ranking (未纳入排名)."""

_TOTAL = re.compile(r"^(?:全市|主城都市区|全市平均|平均|平均值|total|sum|average|.*(?:合计|小计|总计))$")
_NOTE = re.compile(r"^(?:注|备注|附注|说明|资料来源|数据来源)[\s\d①②③④⑤⑥⑦⑧⑨.、]*[:：]")
_ZH_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTER_FORMS = (
    re.compile(r"(\d{4})年?第?([1-4一二三四])季"),                    # 2020年第四季度, 2020年四季度
    re.compile(r"(\d{4})年?第?[1一][-–—~至到、]第?([2-4二三四])季"),   # 2020年1-4季度, 2020年一至三季度
    re.compile(r"(\d{4})[-_.]?q([1-4])(?!\d)"),                          # 2020Q4, 2020-Q4
    re.compile(r"(\d{4})年(?P<first>\d{1,2})月?[-–—~至到](?P<last>\d{1,2})月"),  # 2020年1-12月, 2020年10-12月
    re.compile(r"(\d{4})年(上半年|前三季度|全年)"),
)
_SPANS = {"上半年": 2, "前三季度": 3, "全年": 4}


def quarters_in_text(text: object) -> list[pd.Timestamp]:
    """Return the quarters (their last days) a title or a sheet's name names, each once, in order.

    Parameters
    ----------
    text : str
        ``2020年第四季度``, ``2020年四季度``, ``2020年1-4季度``, ``2020年1-12月`` (the months
        from January, or the quarter's three, to a quarter's last month), ``2020Q4``,
        ``2020年上半年``, ``2020年前三季度``, ``2020年全年``, anywhere in the text.

    Examples
    --------
    >>> [f"{q:%Y-%m-%d}" for q in quarters_in_text("重庆市主城都市区2020年第四季度招商引资“三率”排名情况通报")]
    ['2020-12-31']
    >>> quarters_in_text("2020年1-12月") == quarters_in_text("2020年四季度") == quarters_in_text("2020Q4")
    True
    >>> quarters_in_text("2019年1－9月"), quarters_in_text("2020年1-11月"), quarters_in_text("说明")
    ([Timestamp('2019-09-30 00:00:00')], [], [])
    """
    plain = "".join(fold(text).split())
    found: list[pd.Timestamp] = []
    for form in _QUARTER_FORMS:
        for m in form.finditer(plain):
            year, quarter = int(m[1]), None
            if "last" in form.groupindex:
                first, last = int(m["first"]), int(m["last"])
                if last in (3, 6, 9, 12) and first in (1, last - 2):
                    quarter = last // 3
            else:
                quarter = _SPANS.get(m[2]) or _ZH_DIGITS[m[2]]
            if quarter is not None:
                when = quarter_end(pd.Timestamp(year, 3 * quarter, 1))
                if when not in found:
                    found.append(when)
    return found


def cell_text(value: object) -> str:
    """Return a cell as text: empty for nothing, whole numbers without ``.0``, stripped.

    Examples
    --------
    >>> cell_text(None), cell_text(3.0), cell_text(" 渝北区 ")
    ('', '3', '渝北区')
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # a missing value of any kind (None, NaN, NA, NaT)
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def is_total(text: str) -> bool:
    """Tell whether a cell names a total row (全市, 合计, 主城都市区合计, ...), which is skipped.

    Examples
    --------
    >>> is_total("全市"), is_total("主城都市区合计"), is_total("合 计"), is_total("渝北区")
    (True, True, True, False)
    """
    return bool(text) and bool(_TOTAL.match("".join(fold(text).split())))


def is_note(text: str) -> bool:
    """Tell whether a cell begins a note row (注：..., 备注：..., 说明：...), which is skipped.

    Examples
    --------
    >>> is_note("注：两江新区、重庆高新区未纳入排名。"), is_note("注1:数据截至12月底"), is_note("注册企业")
    (True, True, False)
    """
    return bool(_NOTE.match(unicodedata.normalize("NFKC", text).strip()))


def unit_name(text: str) -> str:
    """Return a unit's name without the mark written beside it (``两江新区（未纳入排名）``, ``两江新区*``).

    Examples
    --------
    >>> unit_name("两江新区（未纳入排名）"), unit_name("重庆高新区*"), unit_name("渝北区")
    ('两江新区', '重庆高新区', '渝北区')
    """
    name = re.sub(r"[(（\[【][^()（）\[\]【】]*[)）\]】]\s*$", lambda m: "" if NOT_RANKED.search(m[0]) else m[0], text)
    return name.strip().rstrip("*＊※").strip()


@lru_cache(maxsize=4)
def _other_units(folder: Path) -> dict[str, tuple[str, str]]:
    path = folder / OTHER_UNITS
    if not path.is_file():
        return {}
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    out: dict[str, tuple[str, str]] = {}
    for row in table.itertuples(index=False):
        names = {row.unit_id, row.name_en, row.name_zh, row.name_zh.removesuffix("区").removesuffix("县"),
                 *(a for a in str(row.aliases).split("|") if a.strip())}
        for name in names:
            out[fold(name)] = (row.name_en, row.name_zh)
    return out


def other_unit(name: object) -> tuple[str, str] | None:
    """Return the English and Chinese names of a known unit outside the 22, or None.

    Examples
    --------
    >>> other_unit("两江新区"), other_unit("重庆高新区"), other_unit("渝北区")
    (('Liangjiang New Area', '两江新区'), ('Chongqing High-tech Zone', '西部科学城重庆高新区'), None)
    """
    return _other_units(reference_dir()).get(fold(name))


@dataclass
class Sheet:
    """The cells of one sheet (a CSV or Parquet file is one sheet without a name).

    Attributes
    ----------
    file : str
    name : str or None
        The sheet's name; None for a CSV or Parquet file.
    rows : list of tuple
        Every row's cells as stored.
    numbers : list of int
        Each row's number as the user sees it (Excel row, CSV line).
    """

    file: str
    name: str | None
    rows: list[tuple]
    numbers: list[int]


@dataclass
class Layout:
    """Where a sheet's table is: its header (one row or two joined), the title rows above it, its body.

    Attributes
    ----------
    header : list of str
        Each column's header as written; a two-row header's as its upper and lower text joined.
    canon : list of str or None
        Each column's canonical name (None: a column the table does not use, such as 序号).
    top : int
        The index of the header's first row in the sheet's rows.
    start : int
        The index of the first row below the header.
    """

    header: list[str]
    canon: list[str | None]
    top: int
    start: int

    @property
    def is_table(self) -> bool:
        """Tell whether the header names a district column and a figure column."""
        return "district" in self.canon and any(c is not None and is_figure(c) for c in self.canon)


def join_header(upper: str, lower: str) -> str:
    """Return the header of a column under a two-row header: the upper text, then the lower, the unit last.

    Examples
    --------
    >>> join_header("项目投产率（%）", "2015-2017年"), join_header("区县", ""), join_header("排名", "综合")
    ('项目投产率 2015-2017年（%）', '区县', '排名 综合')
    """
    if not lower or lower == upper:
        return upper
    if not upper:
        return lower
    name, unit = split_unit(upper)
    mark = upper[len(name):].strip() if unit is not None else ""
    return f"{name} {lower}{mark}"


def find_layout(rows: list[tuple], canonical: Callable[[str], str | None] = canonical_header) -> Layout | None:
    """Find a sheet's header among its first rows: the row, or pair of rows, naming the district and most columns.

    A pair of rows is read as one header when joining them names more columns than the upper
    row alone: each empty cell of the upper row takes the text of the nearest filled cell to
    its left (a merged cell spans its empty neighbours), whatever the reader reports of merges.

    Returns
    -------
    Layout or None
        None when no row among the first :data:`~yubei_lib.ledger.raw.HEADER_SCAN_ROWS` names
        the district column.
    """
    texts = [[cell_text(c) for c in r] for r in rows[: HEADER_SCAN_ROWS + 1]]
    best: tuple[int, int] | None = None
    best_layout = None
    for i in range(min(len(texts), HEADER_SCAN_ROWS)):
        if not any(texts[i]):
            continue
        candidates = [_layout(texts[i], None, i, canonical)]
        if i + 1 < len(texts) and any(texts[i + 1]):
            candidates.append(_layout(texts[i], texts[i + 1], i, canonical))
        for layout in candidates:
            if "district" not in layout.canon:
                continue
            score = (len({c for c in layout.canon if c}), -layout.top)
            if best is None or score > best:
                best, best_layout = score, layout
    return best_layout


def _layout(upper: list[str], lower: list[str] | None, top: int, canonical: Callable[[str], str | None]) -> Layout:
    width = max(len(upper), len(lower or []))
    up = upper + [""] * (width - len(upper))
    header = list(up)
    if lower is not None:
        low = lower + [""] * (width - len(lower))
        filled = ""
        for j, cell in enumerate(up):
            filled = cell or filled
            header[j] = join_header(filled, low[j]) if low[j] else cell
    while header and not header[-1]:
        header.pop()
    header = [h or f"column {j + 1}" for j, h in enumerate(header)]
    return Layout(header, [canonical(h) for h in header], top, top + (1 if lower is None else 2))


def read_sheets(path: str | Path, sheet: str | None = None, limit: int | None = None) -> list[Sheet]:
    """Read every sheet of a workbook (or the one named), or a CSV or Parquet file, as rows of cell values.

    A spreadsheet (.xlsx, .xlsm, .xlsb, .xls, .ods) is read by :class:`yubei_lib.ledger.workbook.Workbook`,
    each sheet measured before it is read; a merged cell's value is in its first cell only.

    Raises
    ------
    LedgerError
        For a missing, empty or unreadable file, an unknown sheet, or more rows than
        ``limit`` (default :func:`~yubei_lib.ledger.raw.max_rows`).
    """
    path = Path(path)
    where = str(path)
    if not path.exists():
        raise LedgerError([Problem(where, None, None, None, "no such file")])
    if path.is_dir():
        raise LedgerError([Problem(where, None, None, None, "is a folder, not a file")])
    if path.stat().st_size == 0:
        raise LedgerError([Problem(where, None, None, None, "empty file: it has no header and no rows")])
    suffix, limit = path.suffix.lower(), max_rows(limit)
    if is_workbook(path):
        return _workbook(path, sheet, limit)
    if suffix in (".csv", ".txt", ".tsv"):
        return [_delimited(path, limit)]
    from yubei_lib.ledger.read import read_table  # Parquet, and the message for any other kind of file

    raw = read_table(path, limit=limit)
    body = [tuple(r) for r in raw.frame.astype(object).itertuples(index=False, name=None)]
    return [Sheet(where, None, [tuple(raw.frame.columns), *body], [0, *(int(n) for n in raw.rows)])]


def _workbook(path: Path, sheet: str | None, limit: int) -> list[Sheet]:
    from yubei_lib.ledger.workbook import Workbook

    with Workbook(path, limit=limit) as book:
        names = book.sheets if sheet is None else [sheet]
        out = []
        for name in names:
            rows = book.rows(name, limit=limit)
            out.append(Sheet(str(path), name, rows, list(range(1, len(rows) + 1))))
    return out


def _delimited(path: Path, limit: int) -> Sheet:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise LedgerError([Problem(str(path), None, None, None,
                                   "unreadable encoding: the file is neither UTF-8 nor GBK/GB18030; "
                                   "save it from Excel as 'CSV UTF-8' and try again")])
    sep = "\t" if text.count("\t") > text.count(",") else ","
    rows, numbers, end = [], [], 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    for row in reader:
        rows.append(tuple(row))
        numbers.append(end + 1)
        end = reader.line_num
        if len(rows) > limit + HEADER_SCAN_ROWS:
            raise too_many(path, len(rows), limit)
    return Sheet(str(path), None, rows, numbers)
