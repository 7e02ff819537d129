"""Read the spreadsheets offices save: Excel .xlsx, .xlsm, .xlsb, Excel 97-2003 .xls, OpenDocument .ods.

One reader for all of them, python-calamine (Rust's calamine), after the kit's own size
checks (:mod:`yubei_lib.ledger.extent`): a sheet reaching further than the kit's limits is
refused before it is read. The small API other readers of the kit use:

- :class:`Workbook` opens a file once: ``sheets`` lists its worksheets, :meth:`Workbook.rows`
  gives one sheet's cells as rows;
- :func:`sheet_names` and :func:`sheet_rows` do the same for one call.

Rows are numbered as the spreadsheet shows them: ``rows[0]`` is row 1. A cell is what the
file stores: text, a number (``float``, or ``int`` where the file keeps whole numbers), a
``bool``, a ``datetime.date`` or ``datetime.datetime`` for a date cell (an Excel date serial in
a cell without a date format stays a number), ``None`` where empty. A formula gives the value
last saved with it (none for a workbook written by a program that does not compute them).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from types import TracebackType

from yubei_lib.ledger.extent import (
    MAX_CELLS,
    MAX_PART_BYTES,
    Extent,
    check,
    ods_extents,
    xlsx_extent,
    xlsx_parts,
)
from yubei_lib.ledger.extent_binary import xls_extents, xlsb_extent, xlsb_parts
from yubei_lib.ledger.problems import LedgerError, Problem
from yubei_lib.ledger.raw import EXCEL_ROWS, HEADER_SCAN_ROWS, max_rows, too_many

WORKBOOKS = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
"""The spreadsheet files read (by their suffix, any case)."""

_KINDS = {".xlsx": "Excel .xlsx", ".xlsm": "Excel .xlsm", ".xlsb": "Excel .xlsb", ".xls": "Excel 97-2003 .xls",
          ".ods": "OpenDocument .ods"}


def is_workbook(path: str | Path) -> bool:
    """Tell whether a file is a spreadsheet the kit reads, by its suffix.

    Examples
    --------
    >>> is_workbook("台账.XLS"), is_workbook("台账.ods"), is_workbook("台账.csv")
    (True, True, False)
    """
    return Path(path).suffix.lower() in WORKBOOKS


class Workbook:
    """A spreadsheet file, open: its worksheets and, one at a time, their cells.

    Parameters
    ----------
    path : str or pathlib.Path
        An ``.xlsx``, ``.xlsm``, ``.xlsb``, ``.xls`` or ``.ods`` file.
    limit : int, optional
        The most data rows a sheet may hold (see :meth:`raw_rows`).

    Raises
    ------
    LedgerError
        For a file that is not a readable workbook of its kind, or (``.xls`` and ``.ods``,
        whose sheets are all read when the file is opened) one with a sheet over the limits,
        or whose sheets together span more than :data:`~yubei_lib.ledger.extent.MAX_CELLS` cells.

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     wb = openpyxl.Workbook(); wb.active.title = "说明"; wb.active.append(["填表说明"])
    ...     ws = wb.create_sheet("项目台账"); ws.append(["项目编号", "协议投资额(亿元)"]); ws.append(["A", 1.5])
    ...     wb.save(f"{tmp}/台账.xlsx")
    ...     with Workbook(f"{tmp}/台账.xlsx") as book:
    ...         book.sheets, book.rows("项目台账")
    (['说明', '项目台账'], [('项目编号', '协议投资额(亿元)'), ('A', 1.5)])
    """

    def __init__(self, path: str | Path, limit: int | None = None):
        import python_calamine

        self.path, self.limit = Path(path), limit
        self._book: python_calamine.CalamineWorkbook | None = None
        self.suffix = self.path.suffix.lower()
        self._archive: zipfile.ZipFile | None = None
        self._parts: dict[str, str] = {}
        self._extents: dict[str, Extent] = {}
        try:
            if self.suffix == ".xls":
                self._extents = xls_extents(self.path)
            else:
                self._archive = zipfile.ZipFile(self.path)
                if any(item.file_size > MAX_PART_BYTES for item in self._archive.infolist()):
                    raise ValueError(f"a part unpacks to more than {MAX_PART_BYTES >> 30} GB")
                if self.suffix == ".ods":
                    self._extents = ods_extents(self._archive)
                elif self.suffix == ".xlsb":
                    self._parts = xlsb_parts(self._archive)
                else:
                    self._parts = xlsx_parts(self._archive)
        except LedgerError:
            self.close()
            raise
        except Exception as exc:  # a damaged or foreign file: zip, compound file or XML errors of many kinds
            self.close()
            raise self._unreadable(exc) from None
        if self._extents:  # read whole when opened: every sheet measured first, and all of them together
            for name, extent in self._extents.items():
                self._check(name, extent, self.limit)
            cells = sum(e.cells for e in self._extents.values())
            if cells > MAX_CELLS:
                self.close()
                raise LedgerError([Problem(str(self.path), None, None, None,
                                           f"the sheets span {cells:,} cells together, more than the {MAX_CELLS:,} "
                                           "a workbook read whole may span: save the table's sheet alone")])
        try:
            self._book = python_calamine.CalamineWorkbook.from_path(str(self.path))
        except Exception as exc:  # calamine's errors for a file it cannot read
            self.close()
            raise self._unreadable(exc) from None
        work = python_calamine.SheetTypeEnum.WorkSheet
        shown = python_calamine.SheetVisibleEnum.Visible
        meta = [m for m in self._book.sheets_metadata if m.typ == work]
        self.sheets: list[str] = [m.name for m in meta if m.visible == shown] + [m.name for m in meta
                                                                                 if m.visible != shown]
        """The worksheets, in the workbook's order (hidden ones after the others; chart sheets left out)."""

    def _unreadable(self, exc: Exception) -> LedgerError:
        kind = _KINDS.get(self.suffix, "workbook")
        return LedgerError([Problem(str(self.path), None, None, None,
                                    f"not a readable {kind} workbook ({type(exc).__name__}: {exc})")])

    def extent(self, sheet: str) -> Extent:
        """Return how far a sheet reaches, measured from the file without reading its cells.

        Raises
        ------
        LedgerError
            For a sheet the workbook does not have, or whose file parts cannot be read.
        """
        self._known(sheet)
        if sheet not in self._extents:
            try:
                assert self._archive is not None  # only .xls has none, and its extents are all known
                part = self._parts.get(sheet)
                if part is None:  # a sheet the kit cannot locate in the archive: measured by the reader itself
                    raise ValueError(f"sheet {sheet!r} not found in the archive")
                measure = xlsb_extent if self.suffix == ".xlsb" else xlsx_extent
                self._extents[sheet] = measure(self._archive, part)
            except Exception as exc:
                raise self._unreadable(exc) from None
        return self._extents[sheet]

    def _known(self, sheet: str) -> None:
        if sheet not in self.sheets:
            raise LedgerError([Problem(str(self.path), None, None, sheet,
                                       f"no sheet named {sheet!r}; the workbook has: {', '.join(self.sheets)}")])

    def raw_rows(self, sheet: str, *, limit: int | None = None) -> list[list]:
        """Return a sheet's cells as the reader gives them (empty cells ``""``), rows from row 1.

        Parameters
        ----------
        sheet : str
            One of ``sheets``.
        limit : int, optional
            The most data rows the sheet may hold (default :func:`~yubei_lib.ledger.raw.max_rows`;
            at most an Excel sheet's rows); a sheet of more than that and
            :data:`~yubei_lib.ledger.raw.HEADER_SCAN_ROWS` title rows is refused unread.

        Raises
        ------
        LedgerError
            For an unknown sheet, one over the limits (before it is read) or one that cannot be read.
        """
        self._check(sheet, self.extent(sheet), limit if limit is not None else self.limit)
        return self._read(sheet)

    def _check(self, sheet: str, extent: Extent, limit: int | None) -> None:
        """Refuse a sheet over the cells or rows limit, or with cells the reader would leave out."""
        check(self.path, sheet, extent)
        cap = min(max_rows(limit), EXCEL_ROWS)
        if extent.rows > cap + HEADER_SCAN_ROWS:
            error = too_many(self.path, extent.rows - 1, cap)
            raise LedgerError([Problem(p.file, p.row, p.column, p.value, p.message, p.severity, sheet)
                               for p in error.problems])
        if extent.unread:
            raise LedgerError([Problem(str(self.path), None, None, None,
                                       f"{extent.unread:,} cells are written in the short form of .xlsb cells, which "
                                       "the reader cannot place and would leave out: open the file in Excel or WPS "
                                       "and save it again (as .xlsb or .xlsx)", sheet=sheet)])

    def _read(self, sheet: str) -> list[list]:
        if self._book is None:
            raise LedgerError([Problem(str(self.path), None, None, None, "the workbook is closed", sheet=sheet)])
        try:
            return self._book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        except Exception as exc:  # calamine's errors for a sheet it cannot read
            problem = self._unreadable(exc).problems[0]
            raise LedgerError([Problem(problem.file, None, None, None, problem.message, sheet=sheet)]) from None

    def rows(self, sheet: str, *, limit: int | None = None) -> list[tuple]:
        """Return a sheet's cells as rows from row 1, ``None`` where a cell is empty (see :meth:`raw_rows`)."""
        return [tuple(None if v == "" else v for v in row) for row in self.raw_rows(sheet, limit=limit)]

    def close(self) -> None:
        """Close the file."""
        if self._archive is not None:
            self._archive.close()
            self._archive = None
        book = self._book
        if book is not None:
            try:
                book.close()
            except Exception:  # closed already
                pass
            self._book = None

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def sheet_names(path: str | Path) -> list[str]:
    """Return the worksheets of a spreadsheet file, in its order (hidden ones last).

    Raises
    ------
    LedgerError
        For a file that is not a readable workbook.
    """
    with Workbook(path) as book:
        return list(book.sheets)


def sheet_rows(path: str | Path, sheet: str | None = None, *, limit: int | None = None) -> list[tuple]:
    """Return one sheet's cells as rows from row 1 (``None`` where empty), after the size checks.

    Parameters
    ----------
    path : str or pathlib.Path
        A spreadsheet file (:data:`WORKBOOKS`).
    sheet : str, optional
        The sheet; default the first worksheet.
    limit : int, optional
        The most data rows the sheet may hold (see :meth:`Workbook.raw_rows`).

    Raises
    ------
    LedgerError
        For an unreadable file, an unknown sheet, or a sheet over the limits (before it is read).
    """
    with Workbook(path, limit) as book:
        if not book.sheets:
            return []
        return book.rows(sheet if sheet is not None else book.sheets[0], limit=limit)
