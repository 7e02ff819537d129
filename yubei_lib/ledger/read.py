"""Read a ledger file (CSV, Excel .xlsx, Parquet) into raw cells, keeping row numbers.

Nothing is interpreted here but the file's encoding and where its header is: cells come
back as written (strings, or the dates and numbers Excel and Parquet store), each data
row with the number the user sees (Excel row, CSV line). CSV files are read by
:mod:`yubei_lib.ledger.delimited`; what all readers share is in :mod:`yubei_lib.ledger.raw`.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from yubei_lib.ledger.delimited import read_csv
from yubei_lib.ledger.problems import LedgerError, Problem
from yubei_lib.ledger.raw import (
    EXCEL_ROWS,
    HEADER_SCAN_ROWS,
    TEXT,
    RawTable,
    find_header,
    header_names,
    known_cells,
    max_rows,
    no_header,
    raw_table,
    too_many,
)


def _sheet_size(ws) -> None:
    """Read a read-only sheet's ``<dimension>``, stopping where its rows begin.

    Takes the place of openpyxl's own look-up (``ReadOnlyWorksheet._get_size``, openpyxl
    3.1.5), which waits for the end of ``<sheetData>``: a sheet written without a dimension
    was parsed whole when the workbook was opened, before its size could be checked.
    """
    from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG
    from openpyxl.worksheet.dimensions import SheetDimension
    from openpyxl.xml.functions import iterparse

    src = ws._get_source()
    try:
        for _event, element in iterparse(src, events=("start",)):
            if element.tag == DIMENSION_TAG:
                ws._min_column, ws._min_row, ws._max_column, ws._max_row = SheetDimension.from_tree(element).boundaries  # type: ignore[union-attr]  # never None: the stub's None is for other classes
                return
            if element.tag == DATA_TAG:  # no dimension written
                return
    finally:
        src.close()


_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')


def _rows_in_sheet(ws) -> int:
    """Return the last row of a sheet written without a dimension, from its XML, without parsing its cells."""
    last, count, tail = 0, 0, b""
    with ws._get_source() as src:
        for block in iter(lambda: src.read(1 << 22), b""):
            data = tail + block
            cut = data.rfind(b"<")
            data, tail = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
            for m in _ROW.finditer(data):
                count += 1
                number = _ROW_NUMBER.search(m.group(1))
                last = max(last, int(number.group(1)) if number else count)
    return max(last, count)


def _read_xlsx(path: Path, sheet: str | None, is_known, limit: int) -> RawTable:
    import openpyxl
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    ReadOnlyWorksheet._get_size = lambda ws: _sheet_size(ws)  # type: ignore[attr-defined]  # a private method replaced: see _sheet_size
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
        h = find_header(rows, is_known)
        if rows and not known_cells(rows[h], is_known) and len(rows) == HEADER_SCAN_ROWS:
            raise no_header(path)
        if declared is None and rows and len(rows) == HEADER_SCAN_ROWS:  # no dimension: its rows counted unread
            declared = _rows_in_sheet(ws)
        if declared is not None and declared - (h + 1) > cap:  # refused before its rows are read
            raise too_many(path, declared - (h + 1), cap)
        for r in it:  # the dimension can be missing or wrong: count as the rows come
            rows.append(tuple(r))
            if len(rows) - (h + 1) > cap:
                raise too_many(path, len(rows) - (h + 1), cap)
    finally:
        wb.close()
    if not any(any(c not in (None, "") for c in r) for r in rows):
        raise LedgerError([Problem(str(path), None, None, None, "empty file: the sheet has no header and no rows")])
    h = find_header(rows, is_known)
    header = header_names(rows[h])
    body = pd.DataFrame([r[: len(header)] for r in rows[h + 1:]], dtype=object)
    return raw_table(str(path), "xlsx", header, body, np.arange(h + 2, len(rows) + 1, dtype=np.int64))


def _read_parquet(path: Path, limit: int, is_name) -> RawTable:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq

        def is_text(t) -> bool:
            return pa.types.is_string(t) or pa.types.is_large_string(t)

        def kept(t):  # text stays Arrow text, no copy; names stay as the file stores them, each once
            if pa.types.is_dictionary(t) and is_text(t.value_type):
                return pd.ArrowDtype(t)
            return TEXT if is_text(t) else None

        file = pq.ParquetFile(path)
        if file.metadata.num_rows > limit:
            raise too_many(path, file.metadata.num_rows, limit)
        names = [f.name for f in file.schema_arrow if is_text(f.type) and is_name(f.name)]
        frame = pq.read_table(path, read_dictionary=names).to_pandas(types_mapper=kept, split_blocks=True)
    except LedgerError:
        raise
    except Exception as exc:  # pyarrow raises several kinds for a file that is not Parquet
        raise LedgerError([Problem(str(path), None, None, None,
                                   f"not a readable Parquet file ({type(exc).__name__}: {exc})")]) from None
    frame.columns = [str(c) for c in frame.columns]
    return RawTable(str(path), frame.reset_index(drop=True), np.arange(1, len(frame) + 1), "parquet")


def read_table(path: str | Path, *, sheet: str | None = None, is_known=lambda name: False,
               limit: int | None = None, is_name=lambda name: False) -> RawTable:
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
    is_name : callable
        Tells whether a header names a column of a few names written again and again (a
        district, a type): a Parquet file's text column of such a name is read as the
        dictionary the file stores (Arrow dictionary text), its few distinct names decoded once.

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
        table = _read_parquet(path, limit, is_name)
    elif suffix in (".csv", ".txt", ".tsv"):
        table = read_csv(path, is_known, limit)
    else:
        raise LedgerError([Problem(str(path), None, None, None,
                                   f"unsupported file type {suffix or '(none)'}: use .csv, .xlsx or .parquet")])
    if len(table.frame) == 0:
        raise LedgerError([Problem(str(path), None, None, None, "empty file: a header but no rows")])
    return table
