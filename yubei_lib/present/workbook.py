"""Workbooks for people: one sheet a table, headers in the language, names safe on Windows and in Excel.

A :class:`Sheet` is a table already worded (its columns in the order shown, headed in the
page's language) with optional lines above it (a title, counts, a legend); :func:`write_workbook`
writes sheets with openpyxl, atomically. :func:`safe_name` makes a file or sheet name that
Windows and Excel accept, told apart from the names already taken.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from yubei_lib.figures.frames import is_undefined
from yubei_lib.present.export import neutralise, write_bytes_atomic
from yubei_lib.present.labels import check_lang


def tables_name(lang: str) -> str:
    """Return the file name of a set's workbook in a language, beside its pages (and linked from them).

    Examples
    --------
    >>> tables_name("en"), tables_name("zh")
    ('tables.xlsx', 'tables.zh.xlsx')
    """
    return "tables.xlsx" if check_lang(lang) == "en" else f"tables.{lang}.xlsx"


__all__ = ["FILLS", "NAME_LIMIT", "Sheet", "safe_name", "tables_name", "workbook_bytes", "write_workbook"]

NAME_LIMIT = 31
"""Most characters of an Excel sheet name; file names are held to it too."""

_UNSAFE = re.compile(r'[\[\]:*?/\\<>"|\x00-\x1f\x7f]')
_RESERVED = re.compile(r"(?i)^(con|prn|aux|nul|com[0-9]|lpt[0-9]|history)(\..*)?$")

FILLS = {"red": ("F8DEDB", "8E2B20"), "yellow": ("FDF1C7", "6B5200")}
"""Status -> (cell fill, text colour) of a status cell: pale tints of the kit's red (overdue) and
yellow (warning), the word always written in the cell."""


def safe_name(text: object, taken: set[str] | None = None, fallback: str = "sheet", limit: int = NAME_LIMIT) -> str:
    """Return a name for a file or a sheet that Windows and Excel accept, unlike every name in ``taken``.

    None of ``[ ] : * ? / \\ < > " |`` nor control characters (each becomes ``_``), no leading
    or trailing space, dot or apostrophe, not a name Windows reserves (``CON``, ``NUL``,
    ``COM1``...) or Excel does (``History``), at most ``limit`` characters. A name already
    in ``taken`` (compared without case, as Windows and Excel compare) gets ``~2``, ``~3``...
    The name returned is added to ``taken``.

    Examples
    --------
    >>> taken = set()
    >>> safe_name("区投资促进局", taken), safe_name("a/b:c*d?[e]", taken), safe_name("A/B:C*D?[E]", taken)
    ('区投资促进局', 'a_b_c_d__e_', 'A_B_C_D__E_~2')
    >>> safe_name("  con ", taken), safe_name("...", taken, fallback="unit")
    ('con_', 'unit')
    >>> len(safe_name("两江新区" * 10, taken))
    31
    """
    taken = set() if taken is None else taken
    name = _UNSAFE.sub("_", unicodedata.normalize("NFC", "" if is_undefined(text) else str(text)))
    name = name.strip(" .'")
    if _RESERVED.match(name):
        name += "_"
    name = (name or fallback)[:limit].rstrip(" .'") or fallback
    lowered = {n.casefold() for n in taken}
    candidate, k = name, 1
    while candidate.casefold() in lowered:
        k += 1
        suffix = f"~{k}"
        candidate = name[:limit - len(suffix)].rstrip(" .'") + suffix
    taken.add(candidate)
    return candidate


@dataclass
class Sheet:
    """One table of a workbook.

    Attributes
    ----------
    name : str
        The sheet's name (made safe by :func:`write_workbook`).
    frame : pandas.DataFrame
        The table: columns in the order shown, headed in the language, whole.
    lines : sequence of str
        Lines above the header (a title in bold, then counts, a legend); none: the header is row 1.
    dates : sequence of str
        Columns of dates (written as dates, ``yyyy-mm-dd``).
    status : sequence of str or None
        Per row, ``"red"``, ``"yellow"`` or None: the fill of the cells of ``status_column``.
    status_column : str or None
    widths : mapping of str to float
        Column widths in characters (others: from their content).
    """

    name: str
    frame: pd.DataFrame
    lines: Sequence[str] = ()
    dates: Sequence[str] = ()
    status: Sequence[str | None] | None = None
    status_column: str | None = None
    widths: Mapping[str, float] = field(default_factory=dict)


def _cell(value: object) -> object:
    if is_undefined(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().date()
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return value.item()
    return neutralise(value)


def _width(frame: pd.DataFrame, column: str) -> float:
    texts = [str(column), *("" if is_undefined(v) else str(v) for v in frame[column].head(500))]
    wide = max(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text) for text in texts)
    return float(min(max(wide + 2, 8), 60))


def workbook_bytes(sheets: Sequence[Sheet], title: str = "") -> bytes:
    """Return an .xlsx workbook of the sheets (openpyxl), each printable on A4 landscape, one page wide.

    Text that a spreadsheet would run as a formula is written as text (:func:`~yubei_lib.present.export.neutralise`).
    """
    from openpyxl import Workbook

    wb = Workbook()
    first = wb.active
    assert first is not None  # a new workbook has its one sheet
    wb.remove(first)
    taken: set[str] = set()
    for sheet in sheets:
        ws = wb.create_sheet(safe_name(sheet.name, taken))
        _write_lines(ws, sheet.lines, max(len(sheet.frame.columns), 1))
        head = len(sheet.lines) + 1
        _write_table(ws, sheet, head)
        _fill_status(ws, sheet, head)
        _set_page(ws, head)
    if not wb.worksheets:
        wb.create_sheet("-")
    wb.properties.title = title or None
    wb.properties.creator = wb.properties.lastModifiedBy = "yubei_lib"
    wb.properties.created = wb.properties.modified = dt.datetime(2000, 1, 1)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _write_lines(ws, lines: Sequence[str], width: int) -> None:
    """Write the lines above the header, each across the table's width: the first in bold, the others wrapped."""
    from openpyxl.styles import Alignment, Font

    for i, line in enumerate(lines, start=1):
        ws.append([neutralise(line)])
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=width)
        ws.cell(row=i, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        if i == 1:
            ws.cell(row=i, column=1).font = Font(bold=True, size=14)
        else:
            ws.row_dimensions[i].height = 15 * (1 + len(line) // 90)


def _write_table(ws, sheet: Sheet, head: int) -> None:
    """Write the header (row ``head``, bold on a pale fill) and the rows, with each column's width and date format."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    columns = list(sheet.frame.columns)
    ws.append([neutralise(str(c)) for c in columns])
    for cell in ws[head]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F4F6F8")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in sheet.frame.itertuples(index=False):
        ws.append([_cell(v) for v in row])
    for j, column in enumerate(columns, start=1):
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = sheet.widths.get(column) or _width(sheet.frame, column)
        if column in sheet.dates:
            for (cell,) in ws.iter_rows(min_row=head + 1, min_col=j, max_col=j):
                cell.number_format = "yyyy-mm-dd"


def _fill_status(ws, sheet: Sheet, head: int) -> None:
    """Colour the status column's cells by each row's status (:data:`FILLS`)."""
    from openpyxl.styles import Font, PatternFill

    columns = list(sheet.frame.columns)
    if sheet.status is None or sheet.status_column not in columns:
        return
    j = columns.index(sheet.status_column) + 1
    for i, status in enumerate(sheet.status, start=head + 1):
        if status in FILLS:
            fill, ink = FILLS[status]
            ws.cell(row=i, column=j).fill = PatternFill("solid", fgColor=fill)
            ws.cell(row=i, column=j).font = Font(bold=True, color=ink)


def _set_page(ws, head: int) -> None:
    """Freeze the header, repeat it on every printed page, and print on A4 landscape, one page wide."""
    ws.freeze_panes = ws.cell(row=head + 1, column=1)
    ws.print_title_rows = f"{head}:{head}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

def write_workbook(path: str | Path, sheets: Sequence[Sheet], title: str = "") -> None:
    """Write the sheets to an .xlsx workbook through a temporary file (a failure leaves the earlier file)."""
    write_bytes_atomic(path, workbook_bytes(sheets, title))
