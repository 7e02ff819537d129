"""Read the city's published ranking tables (市级通报), validating every cell like the ledger.

A district office holds only its own ledger; its rank among the 22 comes from the table
the city publishes each quarter (``docs/definitions.md#rankings-from-a-published-table``):
the three rates of each district and often the ranks. It comes as a long table (one row
per district and quarter, a quarter column) or as the notice itself: a sheet or a file a
quarter, the quarter in the sheet's name or the title, a two-row header, a 序号 column,
ranks written 第3名, rows for units outside the 22, total and note rows. Several files are
read as one table. The cells are read by :mod:`yubei_lib.ledger.ranking_cells`, the layout
by :mod:`yubei_lib.ledger.notice`, each table's rows by :mod:`yubei_lib.ledger.notice_tables`.
Every problem is reported at once with file, sheet, row, column and value.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from yubei_lib.ledger.notice import Sheet, find_layout, read_sheets
from yubei_lib.ledger.notice_tables import (
    CONTEXT_COLUMNS,
    MARKED_COLUMNS,
    SKIPPED_COLUMNS,
    SheetTable,
    has_rows,
    join_tables,
    no_table,
    sheet_table,
)
from yubei_lib.ledger.periods import parse_as_of
from yubei_lib.ledger.problems import LedgerError, Problem
from yubei_lib.ledger.ranking_cells import (
    DISTRICT_HEADERS,
    QUARTER_HEADERS,
    RATE_LIMIT,
    canonical_header,
    is_figure,
    is_known_header,
    parse_quarter,
)
from yubei_lib.ledger.raw import RawTable

__all__ = ["PublishedRankings", "read_rankings", "validate_rankings", "canonical_header", "is_figure",
           "is_known_header", "parse_quarter", "QUARTER_HEADERS", "DISTRICT_HEADERS", "RATE_LIMIT"]


@dataclass
class PublishedRankings:
    """A validated published ranking table, from one file or several, one sheet or several.

    Attributes
    ----------
    file : str
        The (first) file as given.
    frame : pandas.DataFrame
        One row per district (of the 22) and quarter: ``quarter`` (the quarter's last day),
        ``district`` (English name), the figure columns present (``conversion_rate``,
        ``operation_rate_A_B``, ...) as fractions (NaN = undefined), and the published
        rank columns present (``rank_<figure>``, ``composite_rank``; ``<NA>`` = not given).
    rows : numpy.ndarray
        Each row's number as the user sees it (Excel row, CSV line).
    headers : dict
        Canonical column name -> the header as written (of the first table).
    places : pandas.DataFrame, optional
        For each row of ``frame``, its ``file`` and ``sheet`` (None for a CSV or Parquet file);
        default every row of ``file``.
    given : dict, optional
        Quarter -> the columns its table gives; default every column for every quarter.
    context : pandas.DataFrame, optional
        The units outside the 22 the tables list (两江新区, 重庆高新区, ...): ``quarter``,
        ``district`` (English name), ``unit_zh``, ``written`` (the name as written), the
        figures, ``marked`` (未纳入排名), ``file``, ``sheet``, ``row``. Never ranked.
    marked : pandas.DataFrame, optional
        Rows of the 22 marked 未纳入排名 (kept in the ranking): ``quarter``, ``district``,
        ``file``, ``sheet``, ``row``, ``text``.
    skipped : pandas.DataFrame, optional
        What was left out: ``file``, ``sheet``, ``row``, ``kind`` (``total``: 全市, 合计...;
        ``note``: 注：...; ``other``: text outside the table's columns; ``no_table``: a sheet
        without a table, row empty) and ``text``.
    files : list of str, optional
        Every file read; default ``[file]``.
    """

    file: str
    frame: pd.DataFrame
    rows: np.ndarray
    headers: dict[str, str] = field(default_factory=dict)
    places: pd.DataFrame | None = None
    given: dict[pd.Timestamp, list[str]] = field(default_factory=dict)
    context: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CONTEXT_COLUMNS))
    marked: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=MARKED_COLUMNS))
    skipped: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SKIPPED_COLUMNS))
    files: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.files:
            self.files = [self.file]
        if self.places is None:
            self.places = pd.DataFrame({"file": [self.file] * len(self.frame), "sheet": [None] * len(self.frame)})

    @property
    def figures(self) -> list[str]:
        """Return the figure columns the table gives (not the ranks)."""
        return [c for c in self.frame.columns if is_figure(c)]

    @property
    def rank_columns(self) -> list[str]:
        """Return the published rank columns the table gives."""
        return [c for c in self.frame.columns if c.startswith("rank_") or c == "composite_rank"]

    @property
    def quarters(self) -> list[pd.Timestamp]:
        """Return the quarters the table holds, in order."""
        return [pd.Timestamp(q) for q in sorted(pd.unique(self.frame["quarter"]))]

    def at(self, as_of: object) -> pd.DataFrame | None:
        """Return the table's rows of the quarter ending on ``as_of``, indexed by district; None if absent.

        Only the columns the quarter's table gives: a quarter's notice without ranks has no rank columns.
        """
        when = parse_as_of(as_of)
        rows = self.frame.loc[self.frame["quarter"] == when]
        if rows.empty:
            return None
        rows = rows.drop(columns="quarter").set_index("district")
        return rows[self.given[when]] if when in self.given else rows

    def _hit(self, as_of: object, district: str) -> int | None:
        hit = np.flatnonzero((self.frame["quarter"] == parse_as_of(as_of)).to_numpy()
                             & (self.frame["district"] == district).to_numpy())
        return int(hit[0]) if len(hit) else None

    def row_of(self, as_of: object, district: str) -> int | None:
        """Return the user-visible row number of a district's row of a quarter."""
        i = self._hit(as_of, district)
        return None if i is None else int(self.rows[i])

    def place_of(self, as_of: object, district: str) -> tuple[str, str | None, int] | None:
        """Return the file, sheet (None for a CSV or Parquet file) and row of a district's row of a quarter."""
        i = self._hit(as_of, district)
        if i is None or self.places is None:
            return None
        return str(self.places["file"].iloc[i]), self.places["sheet"].iloc[i], int(self.rows[i])

    def context_at(self, as_of: object) -> pd.DataFrame:
        """Return the units outside the 22 the table lists for the quarter ending on ``as_of``."""
        return self.context.loc[self.context["quarter"] == parse_as_of(as_of)].reset_index(drop=True)

    def marked_at(self, as_of: object) -> pd.DataFrame:
        """Return the rows of the 22 marked 未纳入排名 for the quarter ending on ``as_of``."""
        return self.marked.loc[self.marked["quarter"] == parse_as_of(as_of)].reset_index(drop=True)

    def notes(self) -> list[str]:
        """Return, one line each, what was left out or kept aside: for ``yubei validate`` and the analyst.

        Sheets without a table, total and note rows and text outside the table (skipped), the
        units outside the 22 (kept as context, never ranked) and the rows of the 22 marked
        未纳入排名 (kept in the ranking).
        """
        why = {"no_table": "skipped: no ranking table in the sheet", "total": "skipped: a total row, not counted",
               "note": "skipped: a note below the table", "other": "skipped: text outside the table's columns"}
        lines = []
        for r in self.skipped.itertuples(index=False):
            text = str(r.text) if len(str(r.text)) <= 40 else str(r.text)[:39] + "…"
            lines.append(str(Problem(str(r.file), None if pd.isna(r.row) else int(r.row), None, text or None,
                                          why[str(r.kind)], sheet=r.sheet)))
        for name, rows in self.context.groupby("district", sort=False):
            first = rows.iloc[0]
            lines.append(f"{first['unit_zh']} ({name}): outside the 22, kept as context and never ranked: "
                         f"{len(rows)} row(s), the first at " + str(Problem(
                             str(first["file"]), int(first["row"]), None, None, "", sheet=first["sheet"])).rstrip(": "))
        for r in self.marked.itertuples(index=False):
            lines.append(str(Problem(str(r.file), int(r.row), None, str(r.text),
                                          f"{r.district} is marked as not ranked but is one of the 22: kept in the "
                                          "ranking (check with the city)", sheet=r.sheet)))
        return lines


def read_rankings(path: str | Path | Sequence[str | Path], sheet: str | None = None,
                  limit: int | None = None) -> PublishedRankings:
    """Read and validate the city's published ranking tables: a long table, the notice as published, or several.

    Parameters
    ----------
    path : str, pathlib.Path or a sequence of them
        CSV (UTF-8, UTF-8 with BOM, GBK), a spreadsheet (.xlsx, .xlsm, .xlsb, .xls, .ods) or
        Parquet; several files (a file a quarter)
        are read as one table.
    sheet : str, optional
        The one Excel sheet to read; default every sheet (a sheet a quarter, or one long
        table), sheets without a table skipped and listed.
    limit : int, optional
        The most rows a file may hold (default :func:`~yubei_lib.ledger.raw.max_rows`).

    Returns
    -------
    PublishedRankings

    Raises
    ------
    LedgerError
        Listing every problem with file, sheet, row, column and value: no table (no district
        or no figure column), no quarter (no quarter column, and none in the sheet's name or
        the title rows), a sheet whose name and title name different quarters, an unknown
        district, an unreadable quarter, a district given twice for a quarter, a quarter
        given by two tables, a quarter lacking some of the 22 districts, an unreadable rate,
        a rate outside 0..10 (a share of projects above 100 %), a rank that is not a whole
        number from 1 to 22 (to the number of units ranked, where units outside the 22 are listed).
    """
    paths = [path] if isinstance(path, (str, os.PathLike)) else list(path)
    problems: list[Problem] = []
    parts: list[SheetTable] = []
    skipped: list[tuple] = []
    for one in paths:
        try:
            sheets = read_sheets(one, sheet, limit)
        except LedgerError as exc:
            problems += exc.problems
            continue
        found = [(s, find_layout(s.rows, canonical_header)) for s in sheets]
        tables = [(s, lay) for s, lay in found if lay is not None and lay.is_table and has_rows(s, lay)]
        if not tables:
            problems += [no_table(s, lay, several=len(sheets) > 1) for s, lay in found] or [
                Problem(str(one), None, None, None, "empty file: the workbook has no sheet")]
            continue
        skipped += [(s.file, s.name, None, "no_table", "") for s, lay in found if all(s is not t for t, _ in tables)]
        parts += [sheet_table(s, lay, problems) for s, lay in tables]
    if not parts:
        raise LedgerError(problems or [Problem(", ".join(map(str, paths)), None, None, None, "no ranking table given")])
    return PublishedRankings(**join_tables(parts, skipped, problems))


def validate_rankings(raw: RawTable) -> PublishedRankings:
    """Validate the cells of a ranking table read by :func:`yubei_lib.ledger.read.read_table` (one header row)."""
    body = [tuple(r) for r in raw.frame.astype(object).itertuples(index=False, name=None)]
    one = Sheet(raw.file, None, [tuple(raw.frame.columns), *body], [0, *(int(n) for n in raw.rows)])
    layout = find_layout(one.rows[:1], canonical_header)
    problems: list[Problem] = []
    if layout is None or not layout.is_table:
        raise LedgerError([no_table(one, layout, several=False)])
    return PublishedRankings(**join_tables([sheet_table(one, layout, problems)], [], problems))


