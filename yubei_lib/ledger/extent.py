"""How far each sheet of a workbook reaches, found from the file's own structure before any reader parses it.

A native reader (:mod:`yubei_lib.ledger.workbook`) builds a sheet as one block of cells from
its first to its last row and from its first to its last column: one cell written far below
or to the right of a table makes that block huge, and running out of memory there takes the
whole process with it. So each sheet's reach is measured here first, from the positions its
cells are written at: the XML of an ``.xlsx``/``.xlsm`` sheet and the ``content.xml`` of an
``.ods`` (scanned with NumPy, block by block), the records of an ``.xlsb`` sheet and of an
``.xls`` workbook stream (walked record by record in :mod:`yubei_lib.ledger.extent_binary`). A sheet over
the kit's limits is refused (:func:`check`) before its cells are read.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from yubei_lib.ledger.problems import LedgerError, Problem

MAX_CELLS = 40_000_000
"""The most cells a sheet may span (its rows times its columns, empty ones included): about
1,000,000 rows of 40 columns. A native reader holds each of them in memory (32 bytes or more)."""

MAX_PART_BYTES = 4 << 30
"""The most bytes one part of a zipped workbook may unpack to (a sheet's XML, its strings)."""

READ_BLOCK = 1 << 22
"""Bytes read at a time from a workbook's part while it is measured."""


@dataclass(frozen=True)
class Extent:
    """How far a sheet reaches.

    Attributes
    ----------
    rows : int
        Its last row with a cell written (1-based), or the rows it declares, if more.
    columns : int
        Its widest reach in columns (1-based), or the columns it declares, if more.
    unread : int
        Cells written in a form the reader skips (an ``.xlsb``'s short cell records, which
        some programs other than Excel write): read, they would be silently lost.
    """

    rows: int
    columns: int
    unread: int = 0

    @property
    def cells(self) -> int:
        """Return the cells the sheet spans (rows times columns)."""
        return self.rows * self.columns


def _refuse(path: Path, message: str, sheet: str | None = None) -> LedgerError:
    return LedgerError([Problem(str(path), None, None, None, message, sheet=sheet)])


def check(path: Path, sheet: str | None, extent: Extent) -> None:
    """Refuse a sheet that spans more than :data:`MAX_CELLS` cells.

    Raises
    ------
    LedgerError
        Naming the sheet, its rows and columns.
    """
    if extent.cells > MAX_CELLS:
        raise _refuse(path, f"the sheet spans {extent.rows:,} rows and {extent.columns:,} columns "
                            f"({extent.cells:,} cells), more than the {MAX_CELLS:,} cells a sheet may span: "
                            "is a cell written far below or to the right of the table? Clear it, or copy the "
                            "table alone into a new workbook", sheet)


# --- zipped XML: .xlsx, .xlsm, .ods -------------------------------------------------------------------

def _words(view: np.ndarray) -> np.ndarray:
    """Return the eight bytes from each position of ``view`` as one little-endian integer (a view, nothing copied)."""
    return np.ndarray((max(len(view) - 7, 0),), dtype="<u8", buffer=view, strides=(1,))


def _matches(view: np.ndarray, at: np.ndarray, pattern: bytes) -> np.ndarray:
    """Tell which of the positions ``at`` of ``view`` start ``pattern``, eight bytes compared at once.

    ``view`` ends with at least eight zero bytes, so a pattern is never matched past its end.
    """
    words = _words(view)
    hit = np.ones(len(at), dtype=bool)
    for k in range(0, len(pattern), 8):
        part = pattern[k:k + 8]
        got = words[np.minimum(at + k, len(words) - 1)]
        if len(part) < 8:
            got = got & np.uint64((1 << (8 * len(part))) - 1)
        hit &= got == np.uint64(int.from_bytes(part, "little"))
    return hit


def _find(view: np.ndarray, pattern: bytes, at: np.ndarray | None = None) -> np.ndarray:
    """Return where ``pattern`` starts in ``view`` (among the positions ``at``, when given); ``view`` ends with zeros."""
    starts = np.flatnonzero(view[: len(view) - len(pattern) + 1] == pattern[0]) if at is None else at
    for k in range(0, len(pattern), 8):  # each step keeps fewer
        starts = starts[_matches(view, starts + k, pattern[k:k + 8])]
    return starts


def _reach(view: np.ndarray, at: np.ndarray) -> tuple[int, int, int]:
    """Return the furthest column (0 for none) and row of the references (``XFD1048576``, or a row's ``12``) at
    ``at``, and how many of them name a column (a cell's).

    Only the longest references are read whole: a column of more letters, or a row of more
    digits, is further than any shorter one.
    """
    if not len(at):
        return 0, 0, 0

    def between(k: np.ndarray, low: int, high: int) -> np.ndarray:
        byte = view[np.minimum(k, len(view) - 1)]
        return (byte >= low) & (byte <= high)

    letters = np.zeros(len(at), dtype=np.int64)
    going = np.ones(len(at), dtype=bool)
    for j in range(3):
        going &= between(at + j, 65, 90)
        letters += going
    column = 0
    longest = int(letters.max())
    if longest:
        far = at[letters == longest]
        values = np.zeros(len(far), dtype=np.int64)
        for j in range(longest):
            values = values * 26 + view[far + j].astype(np.int64) - 64
        column = int(values.max())
    start = at + letters
    digits = np.zeros(len(at), dtype=np.int64)
    going = np.ones(len(at), dtype=bool)
    for j in range(8):
        going &= between(start + j, 48, 57)
        digits += going
    longest = int(digits.max())
    row = 0
    if longest:
        far = start[digits == longest]
        values = np.zeros(len(far), dtype=np.int64)
        for j in range(longest):
            values = values * 10 + view[far + j].astype(np.int64) - 48
        row = int(values.max())
    return column, row, int(np.count_nonzero(letters))


def _blocks(stream, limit: int = MAX_PART_BYTES) -> Iterator[bytes]:
    """Yield a part's bytes block by block, each cut before its last ``<`` (the rest goes with the next)."""
    tail, total = b"", 0
    while True:
        block = stream.read(READ_BLOCK)
        total += len(block)
        if total > limit:
            raise ValueError(f"it unpacks to more than {limit >> 30} GB")
        if not block:
            if tail:
                yield tail
            return
        data = tail + block
        cut = data.rfind(b"<")
        data, tail = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
        yield data


def _prefix(head: bytes, element: bytes) -> bytes:
    """Return the namespace prefix (``x:``) an XML part writes before ``element``, or nothing."""
    m = re.search(rb"<(\w+:)?" + element + rb"\b", head)
    return m.group(1) or b"" if m else b""


def xlsx_extent(archive: zipfile.ZipFile, part: str) -> Extent:
    """Measure an ``.xlsx`` sheet from its XML: the rows and cell references written, the widest row, its dimension."""
    rows = columns = declared_rows = declared_columns = written_rows = 0
    with archive.open(part) as stream:
        first = True
        prefix = b""
        for data in _blocks(stream):
            view = np.frombuffer(data + b"\0" * 16, dtype=np.uint8)
            if first:
                prefix, first = _prefix(data[:4096], b"worksheet"), False
                m = re.search(rb'<(?:\w+:)?dimension\b[^>]*\bref="[A-Z]*\d*:?([A-Z]+)(\d+)"', data[:65536])
                if m:
                    declared_columns = _column(m.group(1).decode())
                    declared_rows = int(m.group(2))
            row_open, cell_open = b"<" + prefix + b"row", b"<" + prefix + b"c"
            written_rows += data.count(row_open + b" ") + data.count(row_open + b">")
            cells = data.count(cell_open + b" ") + data.count(cell_open + b">")
            refs = _find(view, b'r="', np.flatnonzero(view[1: len(data)] == 61))  # where each '=' follows an 'r'
            refs = refs[np.isin(view[np.maximum(refs - 1, 0)], (32, 9, 10, 13))]
            column, row, named = _reach(view, refs + 3)
            rows, columns = max(rows, row), max(columns, column)
            if named < cells:  # cells written without a reference follow each other: the widest row counts
                tags = np.flatnonzero(view[: len(data)] == 60)  # '<'
                row_tags = _find(view, row_open, tags)
                row_tags = row_tags[np.isin(view[row_tags + len(row_open)], (32, 62, 47, 9, 10, 13))]
                cell_tags = _find(view, cell_open, tags)
                cell_tags = cell_tags[np.isin(view[cell_tags + len(cell_open)], (32, 62, 47, 9, 10, 13))]
                if len(cell_tags):
                    columns = max(columns, int(np.bincount(np.searchsorted(row_tags, cell_tags)).max()))
    return Extent(max(rows, written_rows, declared_rows), max(columns, declared_columns))


def _column(letters: str) -> int:
    """Return a column's number (A = 1).

    Examples
    --------
    >>> _column("A"), _column("Q"), _column("XFD")
    (1, 17, 16384)
    """
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def relationship_targets(archive: zipfile.ZipFile, rels_path: str) -> dict[str, str]:
    """Return the parts a workbook's relationships file names, by relationship id (``rId1`` -> ``xl/worksheets/sheet1.xml``)."""
    rels = archive.read(rels_path).decode("utf-8", "replace")
    targets = {}
    for m in re.finditer(r"<(?:\w+:)?Relationship\b([^>]*)>", rels):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
        if "Id" in attrs and "Target" in attrs:
            target = attrs["Target"]
            targets[attrs["Id"]] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return targets


def xlsx_parts(archive: zipfile.ZipFile, book: str = "xl/workbook.xml") -> dict[str, str]:
    """Return each sheet's name mapped to its part in the archive, in the workbook's order."""
    import html

    targets = relationship_targets(archive, book.rsplit("/", 1)[0] + "/_rels/" + book.rsplit("/", 1)[1] + ".rels")
    text = archive.read(book).decode("utf-8", "replace") if book.endswith(".xml") else ""
    out = {}
    for m in re.finditer(r"<(?:\w+:)?sheet\b([^>]*)/?>", text):
        attrs = dict(re.findall(r'([\w:]+)="([^"]*)"', m.group(1)))
        rid = next((v for k, v in attrs.items() if k.endswith(":id")), None)
        if "name" in attrs and rid in targets:
            out[html.unescape(attrs["name"])] = targets[rid]
    return out


def ods_extents(archive: zipfile.ZipFile) -> dict[str, Extent]:
    """Measure every table of an ``.ods`` from its ``content.xml``: rows and cells, repeated ones counted.

    Rows and cells repeated at the end of a table or a row (how OpenDocument fills a sheet
    to its edges) are not counted unless they hold something; anywhere else they are.
    """
    import html

    data = b"".join([*_blocks(archive.open("content.xml")), b"\0" * 32])  # ends with zeros (see _matches)
    view = np.frombuffer(data, dtype=np.uint8)
    opened = _find(view, b"<table:", np.flatnonzero(view[: len(data) - 32] == 60))  # the table's elements, in order
    tables = opened[_matches(view, opened, b"<table:table ")]
    names = [html.unescape(m.group(1).decode("utf-8", "replace"))
             for m in (re.compile(rb'table:name="([^"]*)"').search(data, int(t), int(t) + 4096) for t in tables) if m]
    rows = opened[_matches(view, opened, b"<table:table-row")]
    rows = rows[np.isin(view[rows + 16], (32, 62, 47))]
    cells = opened[_matches(view, opened, b"<table:table-cell") | _matches(view, opened, b"<table:covered-table-cell")]
    row_repeat = np.ones(len(rows), dtype=np.int64)
    cell_repeat = np.ones(len(cells), dtype=np.int64)
    full_row = np.zeros(len(rows), dtype=bool)
    for m in re.finditer(rb'<table:table-row\b[^>]*table:number-rows-repeated="(\d+)"[^>]*?(/>|>(.*?)</table:table-row>)',
                         data, re.S):
        k = int(np.searchsorted(rows, m.start()))
        row_repeat[k] = int(m.group(1))
        full_row[k] = bool(m.group(3)) and (b"office:value-type" in m.group(3) or b"<text:" in m.group(3))
    valued = np.zeros(len(cells), dtype=bool)
    for m in re.finditer(rb'table:number-columns-repeated="(\d+)"', data):  # in a cell's tag (not a column's): counted
        k = int(np.searchsorted(cells, m.start())) - 1
        end = data.find(b">", int(cells[k])) if k >= 0 else -1
        if m.start() < end:
            cell_repeat[k], valued[k] = int(m.group(1)), data.find(b"office:value-type", int(cells[k]), end) >= 0
    # a repeated row counts in full when it holds something or when rows follow it in its table
    table_of_row = np.searchsorted(tables, rows) - 1
    last_in_table = np.r_[table_of_row[1:] != table_of_row[:-1], True] if len(rows) else np.zeros(0, bool)
    counted = np.where(full_row | ~last_in_table, row_repeat, 1)
    row_of_cell = np.searchsorted(rows, cells) - 1
    last_in_row = np.r_[row_of_cell[1:] != row_of_cell[:-1], True] if len(cells) else np.zeros(0, bool)
    width = np.bincount(row_of_cell[row_of_cell >= 0], weights=np.where(last_in_row & ~valued, 1, cell_repeat)[row_of_cell >= 0],
                        minlength=len(rows)) if len(rows) else np.zeros(0)
    out = {}
    for k, name in enumerate(names):
        mine = table_of_row == k
        out[name] = Extent(int(counted[mine].sum()), int(width[mine].max()) if mine.any() else 0)
    return out
