"""Problems found in input files, and the error that carries them."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from yubei_lib.errors import YubeiError

ROW_FILES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".parquet", ".pq")
"""Files whose rows are numbered as rows (a spreadsheet's, a Parquet file's records); a CSV's are lines."""


@dataclass(frozen=True)
class Problem:
    """One problem in an input file, located as the user sees it.

    Parameters
    ----------
    file : str
        The file's name as given.
    row : int or None
        Excel row or CSV line number (1-based, as shown by Excel or an editor);
        ``None`` for a problem of the whole file.
    column : str or None
        The column's header as written in the file.
    value : str, int or None
        The offending value as written (for a file with too many rows, the row count).
    message : str
        What is wrong, in plain words.
    severity : {"error", "warning"}
        Errors stop a strict load; warnings never do.
    sheet : str or None
        The sheet of a workbook the problem is on; ``None`` for other files.

    Examples
    --------
    >>> print(Problem("ledger.csv", 7, "签约日期", "2019-13-45", "unparsable date"))
    ledger.csv, line 7, column '签约日期', value '2019-13-45': unparsable date
    >>> print(Problem("台账.xls", 7, "签约日期", "2019-13-45", "unparsable date", sheet="项目台账"))
    台账.xls, sheet '项目台账', row 7, column '签约日期', value '2019-13-45': unparsable date
    """

    file: str
    row: int | None
    column: str | None
    value: str | int | None
    message: str
    severity: str = "error"
    sheet: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet is not None:
            where.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            noun = "row" if self.file.lower().endswith(ROW_FILES) else "line"
            where.append(f"{noun} {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        if self.value is not None:
            where.append(f"value {self.value!r}")
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{', '.join(where)}: {prefix}{self.message}"

    def to_dict(self) -> dict:
        """Return the problem as a plain dict (for JSON)."""
        return asdict(self)


class LedgerError(YubeiError, ValueError):
    """Input that cannot be used; ``problems`` lists every problem found.

    Parameters
    ----------
    problems : list of Problem
    """

    SHOWN = 20
    """How many problems a notebook shows in place of a traceback (``yubei validate`` lists all)."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        self.lang = "en"
        errors = [p for p in self.problems if p.severity == "error"]
        head = f"{len(errors)} problem(s) in the input:"
        super().__init__("\n".join([head, *(f"  {p}" for p in errors)]))

    def _render_traceback_(self) -> list[str]:
        """Show the problems in a notebook as a short message, not a traceback."""
        errors = [p for p in self.problems if p.severity == "error"]
        head = (f"台账有{len(errors)}处错误，无法使用（用 yubei validate 查看全部）：" if self.lang == "zh"
                else f"{len(errors)} problem(s) in the input; the ledger cannot be used (yubei validate lists all):")
        more = len(errors) - self.SHOWN
        tail = [f"  ... {more} more" if self.lang == "en" else f"  ……另有{more}处"] if more > 0 else []
        return [head, *(f"  {p}" for p in errors[: self.SHOWN]), *tail]

    def __reduce__(self):
        return (type(self), (self.problems,))
