"""Read a ledger file (CSV, a spreadsheet, Parquet) into raw cells, keeping row numbers.

Nothing is interpreted here but the file's encoding, which sheet holds the table, where its
header is and which rows are totals: cells come back as written (strings, or the dates and
numbers spreadsheets and Parquet store), each data row with the number the user sees
(spreadsheet row, CSV line). CSV files are read by :mod:`yubei_lib.ledger.delimited`,
spreadsheets by :mod:`yubei_lib.ledger.workbook`; what all readers share is in
:mod:`yubei_lib.ledger.raw`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from yubei_lib.ledger.delimited import read_csv
from yubei_lib.ledger.parse import date_cells
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
    without_totals,
)
from yubei_lib.ledger.workbook import WORKBOOKS, Workbook


def _has_header(rows: list, is_known, least: int) -> bool:
    """Tell whether one of the top rows names at least ``least`` known columns."""
    return any(known_cells(row, is_known) >= least for row in rows[:HEADER_SCAN_ROWS])


def _choose(book: Workbook, sheet: str | None, is_known, limit: int) -> tuple[str, list[list]]:
    """Return the sheet that holds the table and its cells: the one named, else the first whose top rows hold its header.

    A header names two known columns (else one); sheets are read in order until one does
    (a 说明 or 封面 sheet in front is passed over), else the first sheet is the table's.
    """
    if sheet is not None:
        return sheet, book.raw_rows(sheet, limit=limit)
    if not book.sheets:
        raise LedgerError([Problem(str(book.path), None, None, None, "empty file: the workbook has no worksheet")])
    seen: dict[str, list[list]] = {}
    for least in (2, 1):
        for name in book.sheets:
            if name not in seen:
                seen[name] = book.raw_rows(name, limit=limit)
            if _has_header(seen[name], is_known, least):
                return name, seen[name]
    return book.sheets[0], seen[book.sheets[0]]


def _read_workbook(path: Path, sheet: str | None, is_known, limit: int) -> RawTable:
    cap = min(limit, EXCEL_ROWS)
    with Workbook(path, limit) as book:
        name, rows = _choose(book, sheet, is_known, limit)
    where = dict(sheet=name)
    if not any(any(c not in (None, "") for c in r) for r in rows[:HEADER_SCAN_ROWS]) and \
            not any(any(c not in (None, "") for c in r) for r in rows):
        raise LedgerError([Problem(str(path), None, None, None, "empty file: the sheet has no header and no rows",
                                   **where)])
    h = find_header(rows, is_known)
    if len(rows) >= HEADER_SCAN_ROWS and not known_cells(rows[h], is_known):
        raise LedgerError([Problem(p.file, p.row, p.column, p.value, p.message, **where)
                           for p in no_header(path).problems])
    if len(rows) - (h + 1) > cap:
        raise LedgerError([Problem(p.file, p.row, p.column, p.value, p.message, **where)
                           for p in too_many(path, len(rows) - (h + 1), cap).problems])
    header = header_names(rows[h])
    body = cell_columns(rows[h + 1:], len(header))
    return raw_table(str(path), path.suffix.lower().lstrip("."), header, body,
                     np.arange(h + 2, len(rows) + 1, dtype=np.int64), sheet=name)


def _arrow_cells(cells: np.ndarray):
    """Return cells as one Arrow array when Arrow reads them as one type, else None."""
    import pyarrow as pa

    try:
        return pa.array(cells, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OverflowError):
        return None


def _cell_column(cells: np.ndarray) -> pd.Series:
    """Turn one column of a sheet's cells into a column of one type where its cells are (see :func:`cell_columns`).

    Arrow reads the column at once; where it reads dates or numbers, the cells' own types are
    checked too (Arrow would take a number among dates for a count of days, a ``bool`` for 1).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    arrow = _arrow_cells(cells)
    if arrow is None:  # empty cells ("") among numbers or dates: read again without them
        empty = cells == ""
        if empty.any():
            cells = cells.copy()
            cells[empty] = None
            arrow = _arrow_cells(cells)
    if arrow is None:
        return pd.Series(cells, dtype=object)
    kind = arrow.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):  # text, its empty cells missing
        empty = pc.equal(arrow, "")
        if pc.any(empty).as_py():
            arrow = pc.if_else(empty, pa.scalar(None, kind), arrow)
        return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([arrow])))
    if pa.types.is_null(kind):
        return pd.Series(cells, dtype=object)
    kinds = set(map(type, cells))
    kinds.discard(type(None))
    try:
        if kinds <= {dt.date, dt.datetime}:
            days = date_cells(cells)
            if np.isnat(days).sum() == pd.isna(cells).sum():  # else a day too far: the cells as they are
                return pd.Series(days)
        if kinds <= {int, float}:
            return pd.Series(pc.cast(arrow, pa.float64()).to_numpy(zero_copy_only=False))
    except (pa.ArrowInvalid, OverflowError, ValueError):  # a date beyond what a datetime64 holds
        pass
    return pd.Series(cells, dtype=object)  # kinds mixed, booleans, times of day


def cell_columns(rows: list[list], width: int) -> pd.DataFrame:
    """Turn a sheet's rows of cells into columns, each of one type where its cells are.

    A column of text (and empty cells) becomes Arrow text, of dates a ``datetime64`` column
    (a time of day dropped), of numbers ``float64``; a column mixing kinds keeps its cells as
    they are (``object``), empty ones ``None``.

    Examples
    --------
    >>> import datetime as dt
    >>> frame = cell_columns([["A", dt.date(2019, 3, 5), 1.5, 43529], ["", dt.datetime(2019, 3, 6, 9), "", "2019/3/5"]], 4)
    >>> [str(t) for t in frame.dtypes]
    ['string', 'datetime64[ns]', 'float64', 'object']
    >>> frame.iloc[1, [0, 1, 3]].tolist()
    [<NA>, Timestamp('2019-03-06 00:00:00'), '2019/3/5']
    """

    if not rows:
        return pd.DataFrame({j: pd.Series([], dtype=object) for j in range(width)})
    grid = np.array(rows, dtype=object) if len({len(r) for r in (rows[0], rows[-1])}) == 1 else None
    if grid is None or grid.ndim != 2 or grid.shape[1] < width:  # rows of different lengths: copied one by one
        grid = np.full((len(rows), width), None, dtype=object)
        for i, r in enumerate(rows):
            grid[i, : min(width, len(r))] = r[:width]
    grid = grid[:, :width]
    columns = {}
    for j in range(width):
        columns[j] = _cell_column(grid[:, j])
    return pd.DataFrame(columns, copy=False)


def _read_parquet(path: Path, limit: int, is_name) -> RawTable:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq

        def is_text(t) -> bool:
            return pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t)

        def kept(t):  # text stays Arrow text, no copy; names stay as the file stores them, each once
            if pa.types.is_dictionary(t) and is_text(t.value_type):
                return pd.ArrowDtype(t)
            return TEXT if is_text(t) else None

        file = pq.ParquetFile(path)
        if file.metadata.num_rows > limit:
            raise too_many(path, file.metadata.num_rows, limit)
        names = [f.name for f in file.schema_arrow if is_text(f.type) and is_name(f.name)]
        table = pq.read_table(path, read_dictionary=names)
        table = pa.table([_as_stored(column, is_name(name)) for name, column in zip(table.column_names, table.columns)],
                         names=table.column_names)
        frame = table.to_pandas(types_mapper=kept, split_blocks=True)
    except LedgerError:
        raise
    except Exception as exc:  # pyarrow raises several kinds for a file that is not Parquet
        raise LedgerError([Problem(str(path), None, None, None,
                                   f"not a readable Parquet file ({type(exc).__name__}: {exc})")]) from None
    frame.columns = [str(c) for c in frame.columns]
    return RawTable(str(path), frame.reset_index(drop=True), np.arange(1, len(frame) + 1), "parquet")


def _as_stored(column, name: bool):
    """Return a Parquet column in the form the kit reads at once, its values unchanged.

    Dates (``DATE``, ``TIMESTAMP`` of any unit, with a time zone read in that zone) become
    calendar days as ``timestamp[ns]``; decimals become floats; text stays text (a column of
    names as the dictionary the file stores, any other as plain text). A date no
    ``datetime64[ns]`` holds (before 1678 or after 2261) leaves its column as dates, checked cell by cell.

    Examples
    --------
    >>> import pyarrow as pa, datetime as dt
    >>> zoned = pa.chunked_array([pa.array([dt.datetime(2019, 3, 4, 16)], pa.timestamp("ms", "UTC"))])
    >>> _as_stored(zoned.cast(pa.timestamp("ms", "Asia/Shanghai")), False).cast(pa.date32()).to_pylist()
    [datetime.date(2019, 3, 5)]
    >>> _as_stored(pa.chunked_array([pa.array(["1.25"]).cast(pa.decimal128(9, 2))]), False).type
    DataType(double)
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = column.type
    if pa.types.is_timestamp(kind) or pa.types.is_date(kind):
        try:
            if pa.types.is_timestamp(kind) and kind.tz is not None:
                column = pc.local_timestamp(column)  # the wall time of the zone the file names
            day = column if pa.types.is_date(kind) else pc.cast(column, pa.date32(), safe=False)  # its day
            return pc.cast(day, pa.timestamp("ns"))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # out of range: as dates, one by one
            return pc.cast(column, pa.date32()) if pa.types.is_timestamp(kind) else column
    if pa.types.is_decimal(kind):
        return pc.cast(column, pa.float64(), safe=False)
    if pa.types.is_dictionary(kind) and not name:
        return pc.cast(column, kind.value_type)
    if pa.types.is_string_view(kind):
        return pc.cast(column, pa.large_string())
    return column


def read_table(path: str | Path, *, sheet: str | None = None, is_known=lambda name: False,
               limit: int | None = None, is_name=lambda name: False) -> RawTable:
    """Read the cells of a ledger file below its header.

    Parameters
    ----------
    path : str or pathlib.Path
        A ``.csv`` (UTF-8, UTF-8 with BOM, GBK/GB18030), a spreadsheet (``.xlsx``, ``.xlsm``,
        ``.xlsb``, ``.xls``, ``.ods``) or a ``.parquet`` file.
    sheet : str, optional
        The sheet of a spreadsheet to read; default the first whose top
        :data:`HEADER_SCAN_ROWS` rows hold the header (a 说明 or 封面 sheet in front is
        passed over). Other files have no sheets: ignored.
    is_known : callable
        Tells whether a header (without its unit) names a known column; the header is the
        first of the top rows naming two known columns, so title rows above it are skipped.
        A row whose first filled cell, or cell under the first known column, reads a total
        word (:data:`~yubei_lib.ledger.raw.TOTAL_WORDS`) is left out and listed in ``notes``.
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
        For a missing, empty, unreadable or undecodable file, an unknown sheet, one with no
        header in its first :data:`HEADER_SCAN_ROWS` rows, or one over the row limit or a
        sheet over the cells limit (refused before it is read whole).
    """
    path = Path(path)
    if not path.exists():
        raise LedgerError([Problem(str(path), None, None, None, "no such file")])
    if path.is_dir():
        raise LedgerError([Problem(str(path), None, None, None, "is a folder, not a file")])
    if path.stat().st_size == 0:
        raise LedgerError([Problem(str(path), None, None, None, "empty file: it has no header and no rows")])
    suffix, limit = path.suffix.lower(), max_rows(limit)
    if suffix in WORKBOOKS:
        table = _read_workbook(path, sheet, is_known, limit)
    elif suffix in (".parquet", ".pq"):
        table = _read_parquet(path, limit, is_name)
    elif suffix in (".csv", ".txt", ".tsv"):
        table = read_csv(path, is_known, limit)
    else:
        raise LedgerError([Problem(str(path), None, None, None,
                                   f"unsupported file type {suffix or '(none)'}: use .csv, .xlsx, .xls, .xlsb, .xlsm, "
                                   ".ods or .parquet")])
    table = without_totals(table, is_known)
    if len(table.frame) == 0:
        raise LedgerError([Problem(str(path), None, None, None, "empty file: a header but no rows", sheet=table.sheet)])
    return table
