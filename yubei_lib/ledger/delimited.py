"""Read a CSV (or tab-separated) ledger: UTF-8 or GBK, the header among the top rows, the rest with Arrow.

The rows below the header are read at once by Arrow's CSV reader, as text; a file whose
rows have more or fewer cells than its header is read row by row instead, so that each
such row can be named. Each row keeps the line the user sees it on.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from yubei_lib.ledger.problems import LedgerError, Problem
from yubei_lib.ledger.raw import (
    HEADER_SCAN_ROWS,
    TEXT,
    RawTable,
    find_header,
    header_names,
    known_cells,
    no_header,
    raw_table,
    too_many,
)


def _decode(path: Path, data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LedgerError([Problem(str(path), None, None, None,
                               "unreadable encoding: the file is neither UTF-8 nor GBK/GB18030; "
                               "save it from Excel as 'CSV UTF-8' and try again")])


_BLOCK = 1 << 20  # bytes looked at at once (a block stays in the cache)


class _Bytes:
    """A file's bytes, mapped from the disk rather than copied, seen by NumPy (to count and find) and Arrow (to read)."""

    def __init__(self, buffer):
        import pyarrow as pa

        self.buffer = buffer if isinstance(buffer, pa.Buffer) else pa.py_buffer(buffer)
        self.view = np.frombuffer(self.buffer, dtype=np.uint8)

    def __len__(self) -> int:
        return len(self.view)

    def _blocks(self, start: int = 0):
        for at in range(start, len(self.view), _BLOCK):
            yield at, self.view[at:at + _BLOCK]

    def count(self, byte: bytes) -> int:
        """Return how many times a byte occurs (block by block: no copy of a big file)."""
        return sum(int(np.count_nonzero(block == byte[0])) for _, block in self._blocks())

    def has(self, byte: bytes, start: int = 0) -> bool:
        """Tell whether a byte occurs from ``start`` on."""
        return any(bool((block == byte[0]).any()) for _, block in self._blocks(start))

    def text(self, start: int = 0, stop: int | None = None) -> str:
        """Return the bytes from ``start`` to ``stop`` decoded as UTF-8 (raises UnicodeDecodeError)."""
        return self.view[start:stop].tobytes().decode("utf-8")

    def head(self, start: int, size: int) -> bytes:
        """Return ``size`` bytes from ``start``."""
        return self.view[start:start + size].tobytes()

    def after_lines(self, start: int, n: int) -> int:
        """Return the offset of the byte after the ``n``-th newline from ``start``."""
        if n <= 0:
            return start
        for at, block in self._blocks(start):
            ends = np.flatnonzero(block == 10)
            if len(ends) >= n:
                return at + int(ends[n - 1]) + 1
            n -= len(ends)
        return len(self)

    def ends_with_newline(self) -> bool:
        """Tell whether the last byte is a newline."""
        return bool(len(self)) and self.view[-1] == 10


def read_csv(path: Path, is_known, limit: int) -> RawTable:
    """Read a CSV file's cells below its header (see :func:`yubei_lib.ledger.read.read_table`)."""
    import pyarrow as pa

    if path.stat().st_size > (1 << 30):  # a big file is counted as it streams by, before it is mapped
        with open(path, "rb") as f:
            newlines = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(_BLOCK), b""))
        if newlines > limit + HEADER_SCAN_ROWS:
            raise too_many(path, newlines - 1, limit)
    with pa.memory_map(str(path)) as mapped:  # counted before anything is parsed: a file over the limit is refused
        data = _Bytes(mapped.read_buffer())
        newlines = data.count(b"\n")
        if newlines > limit + HEADER_SCAN_ROWS:
            raise too_many(path, newlines - 1, limit)
        try:  # UTF-8 (most files, and Excel's "CSV UTF-8" with its byte-order mark): read as it is
            return _read_csv_bytes(path, data, 3 if data.head(0, 3) == b"\xef\xbb\xbf" else 0, newlines, is_known,
                                   limit)
        except UnicodeDecodeError:  # GBK/GB18030, as Excel saves a CSV on a Chinese Windows
            text = _decode(path, data.view.tobytes())
    return _read_csv_bytes(path, _Bytes(text.encode("utf-8")), 0, newlines, is_known, limit)


def _read_csv_bytes(path: Path, data: _Bytes, offset: int, newlines: int, is_known, limit: int) -> RawTable:
    """Read UTF-8 CSV bytes from ``offset``: the header among the top rows, then the rest at once with Arrow.

    Raises
    ------
    UnicodeDecodeError
        When the bytes are not UTF-8.
    """
    top_text = _top_text(data, offset)
    first_line = top_text.split("\n", 1)[0]
    sep = "\t" if "\t" in first_line and "," not in first_line else ","
    top, ends = [], []
    reader = csv.reader(io.StringIO(top_text, newline=""), delimiter=sep)
    for row in reader:
        top.append(tuple(row))
        ends.append(reader.line_num)
        if len(top) == HEADER_SCAN_ROWS:
            break
    if not any(any(c.strip() for c in r) for r in top):
        raise LedgerError([Problem(str(path), None, None, None, "empty file: it has no header and no rows")])
    h = find_header(top, is_known)
    if not known_cells(top[h], is_known) and len(top) == HEADER_SCAN_ROWS:
        raise no_header(path)
    lines = newlines + (0 if data.ends_with_newline() else 1) - ends[h]  # lines below the header
    if lines > limit:
        raise too_many(path, lines, limit)
    header = header_names(top[h])
    frame = _arrow_csv(data, data.after_lines(offset, ends[h]), lines, len(top[h]), sep)
    if frame is None:  # rows with more or fewer cells than the header: find them as an editor would
        return _read_csv_rows(path, data.text(offset), sep, h, header)
    if lines == len(frame):
        numbers = np.arange(ends[h] + 1, ends[h] + 1 + len(frame), dtype=np.int64)
    else:  # a quoted cell spans lines, or blank lines: number rows by their first line, as an editor shows them
        starts = _row_starts(data.text(offset), sep, skip_empty=True)
        numbers = np.asarray([line for line in starts if line > ends[h]], dtype=np.int64)
    return raw_table(str(path), "csv", header, frame, numbers)


def _top_text(data: _Bytes, offset: int, size: int = 1 << 20) -> str:
    """Return the top of the file as text: ``size`` bytes from ``offset``, cut after their last whole line."""
    head = data.head(offset, size)
    if len(data) - offset > size and b"\n" in head:
        head = head[: head.rindex(b"\n") + 1]
    return head.decode("utf-8")


def _arrow_csv(data: _Bytes, start: int, lines: int, columns: int, sep: str) -> pd.DataFrame | None:
    """Read the CSV rows from ``start`` as text with Arrow's reader; None when a row's cells are not the header's.

    Raises
    ------
    UnicodeDecodeError
        When a cell is not UTF-8.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    names = [str(j) for j in range(columns)]

    def read(newlines_in_values: bool):
        return pacsv.read_csv(
            pa.BufferReader(data.buffer.slice(start)),
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=newlines_in_values),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.large_string()),
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))

    try:
        try:  # a line a row, read in parallel
            table = read(False)
            if table.num_rows != lines and data.has(b'"', start):
                raise pa.ArrowInvalid("a row may span lines")
        except pa.ArrowInvalid as exc:
            if "UTF8" in str(exc) or "Empty CSV" in str(exc) or not data.has(b'"', start):
                raise
            table = read(True)  # cells in quotes spanning lines: Arrow reads them on one thread
    except pa.ArrowInvalid as exc:
        if "UTF8" in str(exc) or "UTF-8" in str(exc):
            raise UnicodeDecodeError("utf-8", b"", 0, 1, str(exc)) from None
        if "Empty CSV" in str(exc):  # a header and no rows
            return pd.DataFrame({name: pd.Series([], dtype=object) for name in names})
        if "columns" in str(exc):
            return None
        raise
    return table.to_pandas(types_mapper=lambda t: TEXT if pa.types.is_large_string(t) or pa.types.is_string(t) else None)


def _row_starts(text: str, sep: str, skip_empty: bool = False) -> list[int]:
    """Return the line on which each CSV row starts (``skip_empty``: of rows that are not empty lines)."""
    starts, end = [], 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    for row in reader:
        if row or not skip_empty:
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
    return raw_table(str(path), "csv", header, body, np.asarray(starts[h + 1:], dtype=np.int64))
