"""How far each sheet of a workbook reaches, found from the file's own structure before any reader parses it.

A native reader (:mod:`yubei_lib.ledger.workbook`) builds a sheet as one block of cells from
its first to its last row and from its first to its last column: one cell written far below
or to the right of a table makes that block huge, and running out of memory there takes the
whole process with it. So each sheet's reach is measured here first, from the positions its
cells are written at: the XML of an ``.xlsx``/``.xlsm`` sheet and the ``content.xml`` of an
``.ods`` (scanned with NumPy, block by block), the records of an ``.xlsb`` sheet and of an
``.xls`` workbook stream (walked record by record, their fields read with NumPy). A sheet over
the kit's limits is refused (:func:`check`) before its cells are read.
"""

from __future__ import annotations

import re
import struct
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

_BLOCK = 1 << 22


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

def _find(view: np.ndarray, pattern: bytes, at: np.ndarray | None = None) -> np.ndarray:
    """Return where ``pattern`` starts in ``view`` (among the positions ``at``, when given)."""
    starts = np.flatnonzero(view[: len(view) - len(pattern) + 1] == pattern[0]) if at is None else \
        at[view[at] == pattern[0]]
    for k, byte in enumerate(pattern[1:], start=1):
        starts = starts[view[starts + k] == byte]
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
        block = stream.read(_BLOCK)
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


def xlsx_parts(archive: zipfile.ZipFile, book: str = "xl/workbook.xml") -> dict[str, str]:
    """Return each sheet's name mapped to its part in the archive, in the workbook's order."""
    import html

    rels_path = book.rsplit("/", 1)[0] + "/_rels/" + book.rsplit("/", 1)[1] + ".rels"
    rels = archive.read(rels_path).decode("utf-8", "replace")
    targets = {}
    for m in re.finditer(r"<(?:\w+:)?Relationship\b([^>]*)>", rels):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
        if "Id" in attrs and "Target" in attrs:
            target = attrs["Target"]
            targets[attrs["Id"]] = target.lstrip("/") if target.startswith("/") else "xl/" + target
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

    data = b"".join(_blocks(archive.open("content.xml")))
    view = np.frombuffer(data + b"\0" * 16, dtype=np.uint8)
    tags = np.flatnonzero(view[: len(data)] == 60)
    tables = _find(view, b"<table:table ", tags)
    names = [html.unescape(m.group(1).decode("utf-8", "replace"))
             for m in (re.compile(rb'table:name="([^"]*)"').search(data, int(t), int(t) + 4096) for t in tables) if m]
    rows = _find(view, b"<table:table-row", tags)
    rows = rows[np.isin(view[rows + 16], (32, 62, 47))]
    cells = np.concatenate([_find(view, b"<table:table-cell", tags), _find(view, b"<table:covered-table-cell", tags)])
    cells = np.sort(cells)
    row_repeat = np.ones(len(rows), dtype=np.int64)
    cell_repeat = np.ones(len(cells), dtype=np.int64)
    full_row = np.zeros(len(rows), dtype=bool)
    for m in re.finditer(rb'<table:table-row\b[^>]*table:number-rows-repeated="(\d+)"[^>]*?(/>|>(.*?)</table:table-row>)',
                         data, re.S):
        k = int(np.searchsorted(rows, m.start()))
        row_repeat[k] = int(m.group(1))
        full_row[k] = bool(m.group(3)) and (b"office:value-type" in m.group(3) or b"<text:" in m.group(3))
    valued = np.zeros(len(cells), dtype=bool)
    for m in re.finditer(rb'<table:(?:covered-)?table-cell\b([^>]*table:number-columns-repeated="(\d+)"[^>]*)>', data):
        k = int(np.searchsorted(cells, m.start()))
        cell_repeat[k], valued[k] = int(m.group(2)), b"office:value-type" in m.group(1)
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


# --- binary records: .xlsb, .xls ---------------------------------------------------------------------

def _record_starts(data: bytes, end: bytes = b"") -> np.ndarray:
    """Return where each record of an ``.xlsb`` part starts (type and size written as 7-bit varints).

    The walk stops at the first record of type ``end`` (two bytes, its varint), when given.
    """
    starts: list[int] = []
    pos, n = 0, len(data)
    add = starts.append
    while pos < n - 1:
        add(pos)
        size = data[pos + 1]
        if data[pos] < 0x80 and size < 0x80:  # one byte of type, one of size: most records
            pos += 2 + size
            continue
        if end and data[pos:pos + 2] == end:
            break
        p = pos + (2 if data[pos] & 0x80 else 1)
        size = shift = 0
        for _ in range(4):
            if p >= n:
                break
            b = data[p]
            p += 1
            size |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
        pos = p + size
    return np.asarray(starts, dtype=np.int64)


def _u32(view: np.ndarray, at: np.ndarray) -> np.ndarray:
    at = np.minimum(at, len(view) - 4)
    return (view[at].astype(np.int64) | (view[at + 1].astype(np.int64) << 8) | (view[at + 2].astype(np.int64) << 16)
            | (view[at + 3].astype(np.int64) << 24))


def _u16(view: np.ndarray, at: np.ndarray) -> np.ndarray:
    at = np.minimum(at, len(view) - 2)
    return view[at].astype(np.int64) | (view[at + 1].astype(np.int64) << 8)


def xlsb_extent(archive: zipfile.ZipFile, part: str) -> Extent:
    """Measure an ``.xlsb`` sheet from its records: row headers, cells and its dimension (``BrtWsDim``)."""
    with archive.open(part) as stream:
        data = b"".join(iter(lambda: stream.read(_BLOCK), b""))
        if len(data) > MAX_PART_BYTES:
            raise ValueError(f"it unpacks to more than {MAX_PART_BYTES >> 30} GB")
    starts = _record_starts(data, end=b"\x92\x01")  # to BrtEndSheetData, where the reader stops too
    view = np.frombuffer(data + b"\0" * 8, dtype=np.uint8)
    first = view[starts]
    body = starts + 2  # one byte of type and one of size (the records read below are written so)
    simple = (first < 0x80) & (view[starts + 1] < 0x80)
    rows = _u32(view, body[simple & (first == 0) & (view[starts + 1] >= 4)])  # BrtRowHdr
    cells = (first >= 2) & (first <= 11)  # BrtCellRk .. BrtFmlaError (a blank cell, 1, is not kept)
    long_cells = cells & ~simple  # a long text: its size takes more bytes
    sizes = np.ones(len(starts), dtype=np.int64)
    for k in range(1, 4):
        more = long_cells & np.all([view[starts + 1 + j] >= 0x80 for j in range(k)], axis=0)
        sizes[more] = k + 1
    cols = _u32(view, starts[cells] + 1 + sizes[cells])
    dims = np.flatnonzero((view[starts] == 0x94) & (view[starts + 1] == 0x01))  # BrtWsDim: type 0x94 0x01
    declared = (0, 0)
    if len(dims):
        at = starts[dims[:1]] + 3
        declared = (int(_u32(view, at + 4)[0]) + 1, int(_u32(view, at + 12)[0]) + 1)
    last_row = int(rows.max()) + 1 if len(rows) else 0
    last_col = int(cols.max()) + 1 if len(cols) else 0
    short = int(np.count_nonzero((first >= 0x0D) & (first <= 0x12)))  # BrtShortRk .. BrtShortIsst: no column of their own
    return Extent(max(last_row, declared[0], len(rows)), max(last_col, declared[1]), short)


def xlsb_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Return each sheet's name mapped to its part in an ``.xlsb`` archive, in the workbook's order."""
    rels = archive.read("xl/_rels/workbook.bin.rels").decode("utf-8", "replace")
    targets = {}
    for m in re.finditer(r"<(?:\w+:)?Relationship\b([^>]*)>", rels):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
        if "Id" in attrs and "Target" in attrs:
            target = attrs["Target"]
            targets[attrs["Id"]] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    data = archive.read("xl/workbook.bin")
    view = np.frombuffer(data + b"\0" * 8, dtype=np.uint8)
    out = {}
    for pos in _record_starts(data):
        if view[pos] != 0x9C or view[pos + 1] != 0x01:  # BrtBundleSh: type 0x9C 0x01
            continue
        p = int(pos) + 2
        size = shift = 0
        while True:
            b = data[p]
            p += 1
            size |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
        record = data[p:p + size]
        n = struct.unpack_from("<I", record, 8)[0]
        rid = record[12:12 + 2 * n].decode("utf-16-le")
        m = struct.unpack_from("<I", record, 12 + 2 * n)[0]
        name = record[16 + 2 * n:16 + 2 * n + 2 * m].decode("utf-16-le")
        if rid in targets:
            out[name] = targets[rid]
    return out


_CELLS_XLS = (0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006, 0x00BD)  # number, label, rstring, bool/error,
# rk, label from the shared strings, formula, several rk


def _stream(path: Path) -> bytes:
    """Return the workbook stream of an ``.xls`` file (its compound file's ``Workbook``, or ``Book``)."""
    data = path.read_bytes()
    if data[:8] != bytes.fromhex("D0CF11E0A1B11AE1"):
        raise ValueError("not an Excel 97-2003 workbook (no compound file header)")
    shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    size = 1 << shift
    n_fat, first_dir, _, cutoff, first_minifat, n_minifat, first_difat, n_difat = struct.unpack_from(
        "<IIIIIIII", data, 0x2C)

    def sector(k: int) -> bytes:
        return data[(k + 1) * size:(k + 2) * size]

    difat = list(struct.unpack_from("<109I", data, 0x4C))
    k, guard = first_difat, 0
    while k < 0xFFFFFFFA and guard < n_difat + 1:
        words = struct.unpack(f"<{size // 4}I", sector(k))
        difat += words[:-1]
        k, guard = words[-1], guard + 1
    fat = np.concatenate([np.frombuffer(sector(s), dtype="<u4") for s in difat[:n_fat] if s < 0xFFFFFFFA]
                         or [np.zeros(0, "<u4")])

    def chain(start: int, table: np.ndarray) -> list[int]:
        out: list[int] = []
        k = start
        while k < len(table) and len(out) <= len(table):
            out.append(k)
            k = int(table[k])
        return out

    directory = b"".join(sector(s) for s in chain(first_dir, fat))
    entries = {}
    for at in range(0, len(directory) - 127, 128):
        length = struct.unpack_from("<H", directory, at + 64)[0]
        name = directory[at:at + max(0, length - 2)].decode("utf-16-le", "replace")
        start, stream_size = struct.unpack_from("<II", directory, at + 116)
        entries[name] = (start, stream_size)
    book = entries.get("Workbook") or entries.get("Book")
    if book is None:
        raise ValueError("no workbook stream in the compound file")
    start, stream_size = book
    if stream_size >= cutoff:
        return b"".join(sector(s) for s in chain(start, fat))[:stream_size]
    minifat = np.concatenate([np.frombuffer(sector(s), dtype="<u4") for s in chain(first_minifat, fat)][:n_minifat]
                             or [np.zeros(0, "<u4")])
    root = b"".join(sector(s) for s in chain(entries.get("Root Entry", (0, 0))[0], fat))
    mini = 1 << mini_shift
    return b"".join(root[s * mini:(s + 1) * mini] for s in chain(start, minifat))[:stream_size]


def xls_extents(path: Path) -> dict[str, Extent]:
    """Measure every sheet of an ``.xls`` workbook from its records (cells and ``DIMENSIONS``), by name."""
    data = _stream(path)
    starts: list[int] = []
    pos, n = 0, len(data)
    add = starts.append
    while pos + 4 <= n:
        add(pos)
        pos += 4 + (data[pos + 2] | data[pos + 3] << 8)
    at = np.asarray(starts, dtype=np.int64)
    view = np.frombuffer(data + b"\0" * 8, dtype=np.uint8)
    types, sizes = _u16(view, at), _u16(view, at + 2)
    biff8 = len(data) >= 6 and struct.unpack_from("<H", data, 4)[0] == 0x0600  # the first BOF's version
    sheets = []  # (offset of its BOF, name) from BOUNDSHEET records
    for k in np.flatnonzero(types == 0x0085):
        p, size = int(at[k]) + 4, int(sizes[k])
        record = data[p:p + size]
        offset, kind = struct.unpack_from("<I", record)[0], record[5]
        if kind != 0:  # charts, macro sheets
            continue
        cch = record[6]
        if biff8:  # a flag byte, then one or two bytes a character
            wide = bool(record[7] & 1)
            name = record[8:8 + (2 * cch if wide else cch)].decode("utf-16-le" if wide else "latin-1", "replace")
        else:
            name = record[7:7 + cch].decode("latin-1", "replace")
        sheets.append((offset, name))
    sheets.sort()
    offsets = np.asarray([o for o, _ in sheets], dtype=np.int64)
    sheet_of = np.searchsorted(offsets, at, side="right") - 1
    cell = np.isin(types, _CELLS_XLS)
    rows, cols = _u16(view, at + 4), _u16(view, at + 6)
    last_col = np.where(types == 0x00BD, _u16(view, at + 2 + sizes), cols)  # several rk: the last column at its end
    dims = types == 0x0200
    out: dict[str, Extent] = {}
    for index, (_, name) in enumerate(sheets):
        mine = sheet_of == index
        c = mine & cell
        r_max = int(rows[c].max()) + 1 if c.any() else 0
        c_max = int(last_col[c].max()) + 1 if c.any() else 0
        d = np.flatnonzero(mine & dims)
        if len(d):  # declared: first and last row + 1, then first and last column + 1
            fields = at[d[:1]] + 4
            r_max = max(r_max, int((_u32(view, fields + 4) if biff8 else _u16(view, fields + 2))[0]))
            c_max = max(c_max, int(_u16(view, fields + (10 if biff8 else 6))[0]))
        out[name] = Extent(r_max, c_max)
    return out
