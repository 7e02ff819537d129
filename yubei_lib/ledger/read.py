"""Read a ledger file (CSV, Excel .xlsx, Parquet) into raw cells, keeping row numbers.

Nothing is interpreted here but the file's encoding and where its header is: cells come
back as written (strings, or the dates and numbers Excel and Parquet store), each data
row with the number the user sees (Excel row, CSV line).
"""

from __future__ import annotations

import csv
import io
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from yubei_lib.ledger.problems import LedgerError, Problem

HEADER_SCAN_ROWS = 50
"""How many rows at the top of a file may hold titles before the header."""

MAX_ROWS = 2_500_000
"""The most data rows a file may hold unless raised (``--max-rows``, or ``YUBEI_MAX_ROWS``
in the environment, which kernels of a run inherit): a file over it is refused before it is
read, so a runaway export cannot exhaust the machine. An Excel sheet holds at most
1,048,576 rows whatever the limit."""

EXCEL_ROWS = 1_048_576
"""The rows of an Excel worksheet."""

MAX_ROWS_ENV = "YUBEI_MAX_ROWS"


def max_rows(given: int | None = None) -> int:
    """Return the row limit: the one given, else ``YUBEI_MAX_ROWS``, else :data:`MAX_ROWS`.

    Examples
    --------
    >>> max_rows(10), max_rows() >= 1
    (10, True)
    """
    if given is not None:
        return int(given)
    try:
        return int(os.environ.get(MAX_ROWS_ENV, "") or MAX_ROWS)
    except ValueError:
        return MAX_ROWS


def _too_many(path: Path, rows: int, limit: int) -> LedgerError:
    return LedgerError([Problem(str(path), None, None, rows,
                                f"{rows:,} rows, more than the limit of {limit:,}: check that this is the ledger "
                                f"(not an export with filler rows), or raise the limit with --max-rows "
                                f"(or {MAX_ROWS_ENV})")])


def _no_header(path: Path) -> LedgerError:
    return LedgerError([Problem(str(path), None, None, None,
                                f"no header in the first {HEADER_SCAN_ROWS} rows: none of them names a column of "
                                "the table (such as project_id / 项目编号); put the header row at the top")])

_UNIT_SUFFIX = re.compile(r"\s*[(（\[【]\s*([^()（）\[\]【】]*?)\s*[)）\]】]\s*$")


@dataclass
class RawTable:
    """Cells of one file, below its header.

    Attributes
    ----------
    file : str
        The file's path as given.
    frame : pandas.DataFrame
        One column per header as written, one row per data row, cells as stored.
    rows : numpy.ndarray
        For each row of ``frame``, its number as the user sees it.
    kind : {"csv", "xlsx", "parquet"}
    """

    file: str
    frame: pd.DataFrame
    rows: np.ndarray
    kind: str


def split_unit(header: object) -> tuple[str, str | None]:
    """Split a header into its name and the unit written in brackets at its end.

    Examples
    --------
    >>> split_unit("协议投资额（亿元）")
    ('协议投资额', '亿元')
    >>> split_unit("contract_value (bn yuan)")
    ('contract_value', 'bn yuan')
    >>> split_unit("project_id")
    ('project_id', None)
    """
    text = str(header).strip()
    m = _UNIT_SUFFIX.search(text)
    if m is None:
        return text, None
    return text[: m.start()].strip(), m.group(1).strip()


def _known(row: tuple, is_known: callable) -> int:
    return sum(1 for cell in row if cell is not None and is_known(split_unit(cell)[0]))


def _find_header(rows: list[tuple], is_known: callable) -> int:
    """Return the index of the header row: the first of the top rows naming two known columns
    (else one, else the first row with anything in it)."""
    for least in (2, 1):
        for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
            if _known(row, is_known) >= least:
                return i
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        if any(cell not in (None, "") for cell in row):
            return i
    return 0


def _header(row: tuple) -> list[str]:
    """Return the header cells as written, trailing empty cells cut, empty ones named."""
    header = [("" if c is None else str(c).strip()) for c in row]
    while header and header[-1] == "":
        header.pop()
    return [name or f"column {j + 1}" for j, name in enumerate(header)]


def _table(file: str, kind: str, header: list[str], body: pd.DataFrame, numbers: np.ndarray) -> RawTable:
    """Name the body's columns by the header and leave out wholly blank rows."""
    body = body.iloc[:, : len(header)].copy()
    for j in range(body.shape[1], len(header)):
        body[j] = None
    body.columns = header
    keep = ~_blank_rows(body)
    return RawTable(file, body.loc[keep].reset_index(drop=True), numbers[keep], kind)


def _blank_rows(frame: pd.DataFrame) -> np.ndarray:
    blank = np.ones(len(frame), dtype=bool)
    for col in frame.columns:
        s = frame[col]
        blank &= (s.isna() | (s.astype(str).str.strip() == "")).to_numpy()
    return blank


def _decode(path: Path, data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LedgerError([Problem(str(path), None, None, None,
                               "unreadable encoding: the file is neither UTF-8 nor GBK/GB18030; "
                               "save it from Excel as 'CSV UTF-8' and try again")])


def _count_lines(path: Path) -> int:
    with open(path, "rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 24), b""))


def _read_csv(path: Path, is_known, limit: int) -> RawTable:
    lines = _count_lines(path)
    if lines > limit + HEADER_SCAN_ROWS:  # more than the limit whatever the header's line: refused unread
        raise _too_many(path, lines - 1, limit)
    text = _decode(path, path.read_bytes())
    first_line = text.split("\n", 1)[0]
    sep = "\t" if "\t" in first_line and "," not in first_line else ","
    top, ends = [], []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    for row in reader:
        top.append(tuple(row))
        ends.append(reader.line_num)
        if len(top) == HEADER_SCAN_ROWS:
            break
    if not any(any(c.strip() for c in r) for r in top):
        raise LedgerError([Problem(str(path), None, None, None, "empty file: it has no header and no rows")])
    h = _find_header(top, is_known)
    if not _known(top[h], is_known) and len(top) == HEADER_SCAN_ROWS:
        raise _no_header(path)
    if text.count("\n") + (not text.endswith("\n")) - ends[h] > limit:
        raise _too_many(path, text.count("\n") + (not text.endswith("\n")) - ends[h], limit)
    header = _header(top[h])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)  # it would cut cells silently
            body = pd.read_csv(io.StringIO(text), header=None, names=range(len(header)), skiprows=ends[h],
                               index_col=False, dtype=str, keep_default_na=False, skip_blank_lines=False,
                               sep=sep, engine="c")
    except pd.errors.EmptyDataError:
        body = pd.DataFrame(columns=range(len(header)))
    except (pd.errors.ParserError, pd.errors.ParserWarning):  # rows with more cells than the header: find them as an editor would
        return _read_csv_rows(path, text, sep, h, header)
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if lines - ends[h] == len(body):
        numbers = np.arange(ends[h] + 1, ends[h] + 1 + len(body), dtype=np.int64)
    else:  # a quoted cell spans lines: number rows by their first line, as an editor shows them
        numbers = np.asarray(_row_starts(text, sep)[h + 1:h + 1 + len(body)], dtype=np.int64)
    return _table(str(path), "csv", header, body, numbers)


def _row_starts(text: str, sep: str) -> list[int]:
    """Return the line on which each CSV row starts."""
    starts, end = [], 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    for _ in reader:
        starts.append(end + 1)
        end = reader.line_num
    return starts


def _read_csv_rows(path: Path, text: str, sep: str, h: int, header: list[str]) -> RawTable:
    """Read a CSV row by row, refusing rows with filled cells beyond the header."""
    rows, problems = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep)), []
    starts = _row_starts(text, sep)
    for row, line in zip(rows[h + 1:], starts[h + 1:]):
        extra = [c for c in row[len(header):] if c.strip()]
        if extra:
            problems.append(Problem(str(path), line, None, extra[0],
                                    f"{len(row)} cells where the header has {len(header)}: "
                                    "a separator too many, or a value without its header"))
    if problems:
        raise LedgerError(problems)
    body = pd.DataFrame([r[: len(header)] + [""] * (len(header) - len(r)) for r in rows[h + 1:]], dtype=object)
    return _table(str(path), "csv", header, body, np.asarray(starts[h + 1:], dtype=np.int64))


def _read_xlsx(path: Path, sheet: str | None, is_known, limit: int) -> RawTable:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise LedgerError([Problem(str(path), None, None, None,
                                   f"not a readable Excel .xlsx workbook ({type(exc).__name__}: {exc})")]) from None
    try:
        if sheet is None:
            ws = wb.worksheets[0]
        elif sheet in wb.sheetnames:
            ws = wb[sheet]
        else:
            raise LedgerError([Problem(str(path), None, None, sheet,
                                       f"no sheet named {sheet!r}; the workbook has: {', '.join(wb.sheetnames)}")])
        declared = ws.max_row if isinstance(ws.max_row, int) else None  # the sheet's own dimension, when written
        cap = min(limit, EXCEL_ROWS)
        it = ws.iter_rows(min_row=1, values_only=True)
        rows = [tuple(r) for _, r in zip(range(HEADER_SCAN_ROWS), it)]
        h = _find_header(rows, is_known)
        if rows and not _known(rows[h], is_known) and len(rows) == HEADER_SCAN_ROWS:
            raise _no_header(path)
        if declared is not None and declared - (h + 1) > cap:  # refused before its rows are read
            raise _too_many(path, declared - (h + 1), cap)
        for r in it:  # the dimension can be missing or wrong: count as the rows come
            rows.append(tuple(r))
            if len(rows) - (h + 1) > cap:
                raise _too_many(path, len(rows) - (h + 1), cap)
    finally:
        wb.close()
    if not any(any(c not in (None, "") for c in r) for r in rows):
        raise LedgerError([Problem(str(path), None, None, None, "empty file: the sheet has no header and no rows")])
    h = _find_header(rows, is_known)
    header = _header(rows[h])
    body = pd.DataFrame([r[: len(header)] for r in rows[h + 1:]], dtype=object)
    return _table(str(path), "xlsx", header, body, np.arange(h + 2, len(rows) + 1, dtype=np.int64))


def _read_parquet(path: Path, limit: int) -> RawTable:
    try:
        import pyarrow.parquet as pq

        rows = pq.ParquetFile(path).metadata.num_rows
        if rows > limit:
            raise _too_many(path, rows, limit)
        frame = pd.read_parquet(path)
    except LedgerError:
        raise
    except Exception as exc:  # pyarrow raises several kinds for a file that is not Parquet
        raise LedgerError([Problem(str(path), None, None, None,
                                   f"not a readable Parquet file ({type(exc).__name__}: {exc})")]) from None
    frame.columns = [str(c) for c in frame.columns]
    return RawTable(str(path), frame.reset_index(drop=True), np.arange(1, len(frame) + 1), "parquet")


def read_table(path: str | Path, *, sheet: str | None = None, is_known=lambda name: False,
               limit: int | None = None) -> RawTable:
    """Read the cells of a ledger file below its header.

    Parameters
    ----------
    path : str or pathlib.Path
        A ``.csv`` (UTF-8, UTF-8 with BOM, GBK/GB18030), ``.xlsx`` or ``.parquet`` file.
    sheet : str, optional
        The Excel sheet to read; default the first.
    is_known : callable
        Tells whether a header (without its unit) names a known column; the header is the
        first of the top rows naming two known columns, so title rows above it are skipped.
    limit : int, optional
        The most data rows the file may hold (default :func:`max_rows`).

    Returns
    -------
    RawTable

    Raises
    ------
    LedgerError
        For a missing, empty, unreadable or undecodable file, one with no header in its
        first :data:`HEADER_SCAN_ROWS` rows, or one over the row limit (refused before it is
        read whole).
    """
    path = Path(path)
    if not path.exists():
        raise LedgerError([Problem(str(path), None, None, None, "no such file")])
    if path.is_dir():
        raise LedgerError([Problem(str(path), None, None, None, "is a folder, not a file")])
    if path.stat().st_size == 0:
        raise LedgerError([Problem(str(path), None, None, None, "empty file: it has no header and no rows")])
    suffix, limit = path.suffix.lower(), max_rows(limit)
    if suffix in (".xlsx", ".xlsm"):
        table = _read_xlsx(path, sheet, is_known, limit)
    elif suffix in (".parquet", ".pq"):
        table = _read_parquet(path, limit)
    elif suffix in (".csv", ".txt", ".tsv"):
        table = _read_csv(path, is_known, limit)
    else:
        raise LedgerError([Problem(str(path), None, None, None,
                                   f"unsupported file type {suffix or '(none)'}: use .csv, .xlsx or .parquet")])
    if len(table.frame) == 0:
        raise LedgerError([Problem(str(path), None, None, None, "empty file: a header but no rows")])
    return table
