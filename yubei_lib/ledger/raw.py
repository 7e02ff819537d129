"""Raw cells of a ledger file: the table below its header, the header found among the top rows, the limits.

Shared by the readers of each kind of file (:mod:`yubei_lib.ledger.read`,
:mod:`yubei_lib.ledger.delimited`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from yubei_lib.ledger.problems import LedgerError, Problem

TEXT = pd.StringDtype("pyarrow")
"""Text cells: Arrow strings, so stripping, replacing and matching run over whole columns at once."""

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


def too_many(path: Path, rows: int, limit: int) -> LedgerError:
    return LedgerError([Problem(str(path), None, None, rows,
                                f"{rows:,} rows, more than the limit of {limit:,}: check that this is the ledger "
                                f"(not an export with filler rows), or raise the limit with --max-rows "
                                f"(or {MAX_ROWS_ENV})")])


def no_header(path: Path) -> LedgerError:
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
    kind : {"csv", "xlsx", "xlsm", "xlsb", "xls", "ods", "parquet"}
    sheet : str or None
        The sheet of a workbook the table was read from; ``None`` for other files.
    notes : list of Problem
        What was left out on reading and why (total rows), as warnings.
    """

    file: str
    frame: pd.DataFrame
    rows: np.ndarray
    kind: str
    sheet: str | None = None
    notes: list[Problem] = field(default_factory=list)


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


def known_cells(row: Sequence[object], is_known: Callable[[str], bool]) -> int:
    """Return how many cells of a row name a known column (``is_known`` of the header without its unit)."""
    return sum(1 for cell in row if cell is not None and is_known(split_unit(cell)[0]))


def find_header(rows: Sequence[Sequence[object]], is_known: Callable[[str], bool]) -> int:
    """Return the index of the header row: the first of the top rows naming two known columns
    (else one, else the first row with anything in it)."""
    for least in (2, 1):
        for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
            if known_cells(row, is_known) >= least:
                return i
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        if any(cell not in (None, "") for cell in row):
            return i
    return 0


def header_names(row: Sequence[object]) -> list[str]:
    """Return the header cells as written, trailing empty cells cut, empty ones named."""
    header = [("" if c is None else str(c).strip()) for c in row]
    while header and header[-1] == "":
        header.pop()
    return [name or f"column {j + 1}" for j, name in enumerate(header)]


def raw_table(file: str, kind: str, header: list[str], body: pd.DataFrame, numbers: np.ndarray,
              sheet: str | None = None) -> RawTable:
    """Name the body's columns by the header and leave out wholly blank rows."""
    body = body.iloc[:, : len(header)].copy() if body.shape[1] != len(header) else body
    for j in range(body.shape[1], len(header)):
        body[j] = None
    body.columns = header
    keep = ~blank_rows(body)
    if keep.all():
        return RawTable(file, body, numbers, kind, sheet)
    return RawTable(file, body.loc[keep].reset_index(drop=True), numbers[keep], kind, sheet)


TOTAL_WORDS = ("合计", "小计", "总计", "全区合计", "total")
"""What a total or subtotal row reads in its first filled cell or its id (spaces, case and a
trailing colon aside): such a row is skipped and listed, never read as data."""

_TOTAL_FIRST = sorted({c for w in TOTAL_WORDS for c in (w[0], w[0].upper())}
                      | {chr(ord(c) + 0xFEE0) for w in TOTAL_WORDS if w.isascii() for c in (w[0], w[0].upper())})
_TOTAL_SHAPE = rf"^\s*[{''.join(_TOTAL_FIRST)}][^\n]{{0,{max(len(w) for w in TOTAL_WORDS) + 3}}}$"
"""What a cell reading a total word looks like before it is folded: its first letter, then a few more
(room for spaces, full-width letters and a colon)."""


def total_word(values: pd.Series) -> pd.Series:
    """Return the total word each cell reads (``合计``, ``Total``...), ``None`` for any other cell.

    Examples
    --------
    >>> total_word(pd.Series(["合 计", "Total:", "YB-2020-001", None, 3.5, "小计："], dtype=object)).tolist()
    ['合计', 'total', None, None, None, '小计']
    """
    out = np.full(len(values), None, dtype=object)
    at, words = _total_cells(values)
    out[at] = words
    return pd.Series(out, index=values.index, dtype=object)


def _total_cells(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Return the positions of the cells that read a total word, and the words (folded), at once over a column.

    Only cells short enough and starting as a total word does are folded (NFKC, no spaces, no
    trailing colon, lower case) and compared.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    none = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object))
    if values.dtype.kind in "Mmfiub":
        return none
    if is_text(values):
        arrow = values.array.__arrow_array__()
    elif isinstance(values.dtype, pd.ArrowDtype) and pa.types.is_dictionary(values.dtype.pyarrow_dtype):
        arrow = pc.cast(values.array.__arrow_array__(), values.dtype.pyarrow_dtype.value_type)
    else:
        arrow = pa.chunked_array([pa.array([v if isinstance(v, str) else None for v in values], pa.large_string())])
    short = pc.fill_null(pc.match_substring_regex(arrow, pattern=_TOTAL_SHAPE), False)  # one pass, nothing copied
    if not pc.any(short).as_py():
        return none
    at = np.flatnonzero(short.to_numpy(zero_copy_only=False))
    folded = pc.utf8_lower(pc.utf8_rtrim(pc.replace_substring_regex(
        pc.utf8_normalize(arrow.filter(short), form="NFKC"), pattern=r"\s+", replacement=""), characters=":"))
    hit = pc.fill_null(pc.is_in(folded, value_set=pa.array(TOTAL_WORDS, folded.type)), False).to_numpy(
        zero_copy_only=False)
    return at[hit], np.asarray(folded.filter(pa.chunked_array([pa.array(hit)]) if isinstance(folded, pa.ChunkedArray)
                                             else pa.array(hit)).to_pylist(), dtype=object)


def without_totals(table: RawTable, is_known: Callable[[str], bool] = lambda name: False) -> RawTable:
    """Leave out total and subtotal rows (:data:`TOTAL_WORDS`), each listed in ``notes`` as a warning.

    A row is a total when its first filled cell, or its cell under the first header naming a
    known column (the id), reads one of the words.
    """
    frame = table.frame
    if not len(frame) or not len(frame.columns):
        return table
    hits: dict[int, tuple[str, str]] = {}  # row: the word and the column it is in
    undecided = np.ones(len(frame), dtype=bool)  # the rows whose cells so far are all blank
    key = next((h for h in frame.columns if is_known(split_unit(h)[0])), None)
    whole = []  # the columns looked at on every row
    for col in frame.columns:  # each row's first filled cell
        rows = np.flatnonzero(undecided)
        if not len(rows):
            break
        cells = frame[col] if len(rows) == len(frame) else frame[col].iloc[rows]
        at, words = _total_cells(cells)
        hits.update((int(rows[i]), (w, col)) for i, w in zip(at, words))
        undecided[rows] = is_blank(cells).to_numpy(dtype=bool)
        if len(rows) == len(frame):
            whole.append(col)
    if key is not None and key not in whole:  # and the id, wherever it is
        at, words = _total_cells(frame[key])
        hits.update((int(i), (w, key)) for i, w in zip(at, words))
    if not hits:
        return table
    totals = np.zeros(len(frame), dtype=bool)
    totals[list(hits)] = True
    notes = [Problem(table.file, int(table.rows[i]), str(col), str(frame[col].iat[i]).strip(),
                     "a total row: skipped, not read as data (nothing in it is counted)", "warning", table.sheet)
             for i, (_, col) in sorted(hits.items())]
    return replace(table, frame=frame.loc[~totals].reset_index(drop=True), rows=table.rows[~totals],
                   notes=table.notes + notes)


def blank_rows(frame: pd.DataFrame) -> np.ndarray:
    """Tell which rows are wholly blank; each column is looked at only on the rows still blank."""
    blank = np.ones(len(frame), dtype=bool)
    for col in frame.columns:
        rows = np.flatnonzero(blank)
        if not len(rows):
            break
        s = frame[col] if len(rows) == len(frame) else frame[col].iloc[rows]
        blank[rows] = is_blank(s).to_numpy(dtype=bool)
    return blank


def is_text(values: pd.Series) -> bool:
    """Tell whether cells are Arrow text (as CSV files and Parquet text columns give them)."""
    return isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"


def is_blank(values: pd.Series) -> pd.Series:
    """Tell which cells are empty (missing, or only white space).

    Examples
    --------
    >>> is_blank(pd.Series(["", " ", None, "x", 0], dtype=object)).tolist()
    [True, True, True, False, False]
    """
    if values.dtype.kind in "Mmfiub":  # dates and numbers: only a missing value is empty
        return values.isna()
    if is_text(values):
        return blank_text(values)
    text = values.astype(TEXT)
    return (values.isna() | text.str.strip().eq("")).fillna(True).astype(bool)


def blank_text(cells: pd.Series) -> pd.Series:
    """Tell which Arrow text cells are empty: missing, or nothing but white space (looked at, not stripped).

    Examples
    --------
    >>> blank_text(pd.Series(["", " \u3000", None, " x "], dtype=TEXT)).tolist()
    [True, True, True, False]
    >>> import pyarrow as pa
    >>> names = pa.array([" ", "x", None, "x"], pa.large_string()).dictionary_encode()
    >>> blank_text(pd.Series(pd.arrays.ArrowExtensionArray(names))).tolist()
    [True, False, True, False]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    def empty(text):
        return pc.or_(pc.equal(pc.binary_length(text), 0), pc.utf8_is_space(text))

    arrow = cells.array.__arrow_array__()
    if not pa.types.is_dictionary(arrow.type):
        return pd.Series(pc.fill_null(empty(arrow), True).to_numpy(zero_copy_only=False), index=cells.index, dtype=bool)
    parts = []  # names: each distinct text looked at once, then picked by its index
    for chunk in arrow.chunks:
        blank = np.append(pc.fill_null(empty(chunk.dictionary), True).to_numpy(zero_copy_only=False), True)
        parts.append(blank[pc.fill_null(chunk.indices, -1).to_numpy(zero_copy_only=False)])
    return pd.Series(np.concatenate(parts) if parts else np.zeros(0, bool), index=cells.index, dtype=bool)
