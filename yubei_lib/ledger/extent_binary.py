"""How far each sheet of Excel's binary workbooks reaches: the records of an ``.xlsb`` sheet and of an ``.xls`` stream.

The records are walked one by one and their fields read with NumPy, before any reader parses
the cells (see :mod:`yubei_lib.ledger.extent`, which holds the XML formats and the limits).
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import numpy as np

from yubei_lib.ledger.extent import MAX_PART_BYTES, READ_BLOCK, Extent, relationship_targets


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
        data = b"".join(iter(lambda: stream.read(READ_BLOCK), b""))
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
    targets = relationship_targets(archive, "xl/_rels/workbook.bin.rels")
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
