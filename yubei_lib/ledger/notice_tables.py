"""Validate each sheet's ranking table, and join the tables of several sheets and files into one.

A sheet's table (found by :func:`yubei_lib.ledger.notice.find_layout`) gives each row's
quarter by a quarter column, else by the sheet's name or the title rows above the header
(one quarter, or an error). Its rows are the 22 districts', units outside the 22 (kept as
context, never ranked, their ranks not checked), total and note rows (skipped and listed);
anything else is an error naming file, sheet, row, column and value. Joined, each quarter
comes from one table and lists every one of the 22 once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from yubei_lib.ledger.notice import (
    NOT_RANKED,
    Layout,
    Sheet,
    cell_text,
    is_note,
    is_total,
    other_unit,
    quarters_in_text,
    unit_name,
)
from yubei_lib.ledger.periods import quarter_label
from yubei_lib.ledger.problems import ROW_FILES, LedgerError, Problem
from yubei_lib.ledger.ranking_cells import (
    DISTRICT_HEADERS,
    PERCENT_MARK,
    is_figure,
    parse_quarter,
    parse_rank,
    parse_rate,
)
from yubei_lib.ledger.reference import districts, resolve_district

CONTEXT_COLUMNS = ["quarter", "district", "unit_zh", "written", "marked", "file", "sheet", "row"]
"""The columns of the units outside the 22 (the figures come between ``written`` and ``marked``)."""
MARKED_COLUMNS = ["quarter", "district", "file", "sheet", "row", "text"]
"""The columns of the rows of the 22 marked 未纳入排名."""
SKIPPED_COLUMNS = ["file", "sheet", "row", "kind", "text"]
"""The columns of what was left out: total and note rows, text outside the table, sheets without a table."""


def has_rows(sheet: Sheet, layout: Layout) -> bool:
    """Tell whether anything is written below a sheet's header."""
    return any(cell_text(c) for r in sheet.rows[layout.start:] for c in r)


def no_table(sheet: Sheet, layout: Layout | None, several: bool) -> Problem:
    """Say why a sheet holds no ranking table: no district column, no figure column, or no rows."""
    name = sheet.name if several else None
    if layout is not None and layout.is_table:
        return Problem(sheet.file, None, None, None, "empty file: a header but no rows", sheet=name)
    missing = []
    if layout is None:
        missing.append(f"missing required column district (write one of these headers: {', '.join(DISTRICT_HEADERS)})")
    if layout is None or not layout.is_table:
        missing.append("no figure column: expected conversion_rate (实际到位资金动态转化率) and operation_rate_A_B "
                       "(A-B年项目投产率)")
    prefix = "no ranking table in this sheet: " if several else ""
    return Problem(sheet.file, None, None, None, prefix + "; ".join(missing), sheet=name)


@dataclass
class SheetTable:
    """The rows of one sheet's table: those of the 22, the units outside them, the rows skipped."""

    sheet: Sheet
    headers: dict[str, str]
    frame: pd.DataFrame
    rows: list[int]
    written: list[str] = field(default_factory=list)
    context: list[dict] = field(default_factory=list)
    marked: list[dict] = field(default_factory=list)
    skipped: list[tuple] = field(default_factory=list)

    @property
    def noun(self) -> str:
        """Return what the user calls a row of the file: a line of a CSV, else a row."""
        return "row" if self.sheet.file.lower().endswith(ROW_FILES) else "line"

    def where(self) -> str:
        """Return where the table is, as the user finds it: the file, and its sheet."""
        return self.sheet.file + (f", sheet {self.sheet.name!r}" if self.sheet.name else "")


def _sheet_quarter(sheet: Sheet, layout: Layout, problem: Callable[..., None]) -> pd.Timestamp | None:
    """Return the quarter a sheet's name or the title rows above its header give (one, or an error)."""
    by_name = quarters_in_text(sheet.name) if sheet.name else []
    by_title: list[pd.Timestamp] = []
    title: tuple[int, str] | None = None
    for i in range(layout.top):
        text = " ".join(t for t in map(cell_text, sheet.rows[i]) if t)
        for when in quarters_in_text(text):
            if when not in by_title:
                by_title.append(when)
                title = title or (sheet.numbers[i], text)
    labels = ", ".join(quarter_label(q) for q in by_title)
    if len(by_title) > 1:
        problem(title[0] if title else None, None, title[1] if title else None,
                f"the title names {len(by_title)} quarters ({labels}): a table is of one quarter")
    elif len(by_name) > 1:
        problem(None, None, sheet.name, f"the sheet's name names {len(by_name)} quarters: a sheet is of one quarter")
    elif by_name and by_title and by_name[0] != by_title[0] and title is not None:
        problem(title[0], None, title[1], f"the sheet's name {sheet.name!r} says {quarter_label(by_name[0])} but its "
                                          f"title says {labels}: correct one of them")
    else:
        return (by_title or by_name or [None])[0]
    return None


def _columns(layout: Layout, problem: Callable[..., None]) -> tuple[dict[str, str], dict[str, int]]:
    """Return the columns the table uses: canonical name -> header as written, and -> position."""
    headers: dict[str, str] = {}
    columns: dict[str, int] = {}
    for j, (header, canon) in enumerate(zip(layout.header, layout.canon)):
        if canon is None:
            continue
        if canon in headers:
            problem(None, header, None, f"a second column for {canon} (the first is {headers[canon]!r}); keep one")
            continue
        headers[canon], columns[canon] = header, j
    return headers, columns


def _left_out(filled: list[str], name: str, used: list[str], in_notes: bool) -> tuple[str, str] | None:
    """Return why a row is left out (``note``, ``total``, ``other``, or ``""`` for a row of bare numbers), else None.

    ``filled`` are the row's filled cells, ``name`` its district cell, ``used`` its cells of
    the table's columns; after a note row, a row of one cell of text goes on the note.
    """
    first = filled[0]
    if is_note(first) or (in_notes and len(filled) == 1 and not _is_unit(first)):
        return "note", first
    if is_total(name or first):
        return "total", name or first
    if not any(used):
        return ("other", first) if any(not _is_number(t) for t in filled) else ("", "")
    return None


def sheet_table(sheet: Sheet, layout: Layout, problems: list[Problem]) -> SheetTable:
    """Validate one sheet's table; add its problems to ``problems``.

    Returns
    -------
    SheetTable
        The rows of the 22 whose district and quarter could be read (a rate or rank that
        could not is NaN or ``<NA>``, its problem added), the units outside the 22, the rows
        marked 未纳入排名 and the rows left out.
    """
    file = sheet.file

    def problem(row: int | None, column: str | None, value: str | int | None, message: str) -> None:
        problems.append(Problem(file, row, column, value, message, sheet=sheet.name))

    headers, columns = _columns(layout, problem)
    quarter = _table_quarter(sheet, layout, headers, problem, problems)
    part = SheetTable(sheet, headers, pd.DataFrame(), [])
    body = list(zip(sheet.rows[layout.start:], sheet.numbers[layout.start:]))
    texts = [[cell_text(c) for c in cells] for cells, _ in body]
    units = {u for u in (other_unit(unit_name(_cell(c, columns, "district"))) for c in texts) if u is not None}
    # units outside the 22 may be ranked with them
    read = _RowReader(headers, columns, quarter, len(districts()) + len(units), problem)
    records: list[dict] = []
    in_notes = False
    for cells, (raw, number) in zip(texts, body):
        filled = [t for t in cells if t]
        why = _left_out(filled, read.at(cells, "district"), [read.at(cells, c) for c in columns], in_notes) \
            if filled else ("", "")
        if why is not None:
            in_notes = in_notes or why[0] == "note"
            if why[0]:
                part.skipped.append((file, sheet.name, number, *why))
            continue
        district, unit = read.district(cells, number)
        record = {"quarter": read.quarter_of(cells, raw, number), "district": district,
                  **read.figures(cells, number, unit is not None)}
        mark = next((t for t in filled if NOT_RANKED.search(t)), None)
        _add_row(part, records, record, unit=unit, mark=mark, written=read.at(cells, "district"), number=number)
    part.frame = _table_frame(records, headers)
    return part


def _table_quarter(sheet: Sheet, layout: Layout, headers: dict[str, str], problem: Callable[..., None],
                   problems: list[Problem]) -> pd.Timestamp | None:
    """Return the quarter the sheet's name or title names (None: none), adding a problem when the table has none.

    With a quarter column, the name or title only fills its empty cells (a long table's title may name many):
    what they say is not checked.
    """
    before = len(problems)
    quarter = _sheet_quarter(sheet, layout, problem if "quarter" not in headers else lambda *_: None)
    if "quarter" not in headers and quarter is None and len(problems) == before:
        problem(None, None, None, "no quarter: the table has no quarter column and neither the sheet's name nor the "
                "title above the header names one; write it in the title row (…2020年第四季度…通报 or 2020年1-12月), "
                "name the sheet 2020年第四季度, or add a column 季度 (2020Q4 or 2020年第四季度 on each row)")
    return quarter


def _cell(cells: list[str], columns: dict[str, int], canon: str) -> str:
    """Return a row's cell of a canonical column ("" when the table or the row has none)."""
    j = columns.get(canon)
    return cells[j] if j is not None and j < len(cells) else ""


@dataclass(frozen=True)
class _RowReader:
    """Read the cells of a table's rows; each problem found goes to ``problem``."""

    headers: dict[str, str]  #: canonical name -> header as written
    columns: dict[str, int]  #: canonical name -> position
    quarter: pd.Timestamp | None  #: the table's quarter by its sheet's name or title
    ranked: int  #: how many units may be ranked (a rank above is an error)
    problem: Callable[..., None]

    def at(self, cells: list[str], canon: str) -> str:
        """Return a row's cell of a canonical column ("" when the table or the row has none)."""
        return _cell(cells, self.columns, canon)

    def district(self, cells: list[str], number: int) -> tuple[str | None, tuple[str, str] | None]:
        """Return the row's district of the 22, or the unit outside them it names (one is None, or both: a problem)."""
        name = unit_name(self.at(cells, "district"))
        try:
            district: str | None = resolve_district(name)
        except ValueError:
            district = None
        unit = None if district is not None else other_unit(name)
        if district is None and unit is None:
            self.problem(number, self.headers["district"], self.at(cells, "district"),
                         "unknown district: use one of the 22 of data/reference/districts.csv (a unit outside the 22 "
                         "that the city lists is known by data/reference/other_units.csv)")
        return district, unit

    def quarter_of(self, cells: list[str], raw: Sequence, number: int) -> object:
        """Return the row's quarter: its quarter cell, else the table's (``NaT``: none, or unreadable)."""
        when: object = self.quarter if self.quarter is not None else pd.NaT
        if "quarter" in self.headers and (self.at(cells, "quarter") or self.quarter is None):
            try:
                when = parse_quarter(raw[self.columns["quarter"]] if self.at(cells, "quarter") else "")
            except (ValueError, TypeError):
                self.problem(number, self.headers["quarter"], self.at(cells, "quarter"),
                             "unreadable quarter: write 2020Q4, 2020年第四季度 or the quarter's last day")
                when = pd.NaT
        return when

    def figures(self, cells: list[str], number: int, outside: bool) -> dict:
        """Return the row's rates and ranks by canonical name (a rank of a unit ``outside`` the 22 is not checked)."""
        record: dict = {}
        for canon, header in self.headers.items():
            if canon in ("quarter", "district"):
                continue
            text = self.at(cells, canon)
            if NOT_RANKED.search(text) or (outside and not is_figure(canon)):
                value, why_not = (np.nan if is_figure(canon) else pd.NA), None  # a mark, or a rank not checked
            elif is_figure(canon):
                value, why_not = parse_rate(text, bool(PERCENT_MARK.search(header)), canon)
            else:
                value, why_not = parse_rank(text, self.ranked)
            if why_not:
                self.problem(number, header, text, why_not)
            record[canon] = value
        return record


def _add_row(part: SheetTable, records: list[dict], record: dict, *, unit: tuple[str, str] | None,
             mark: str | None, written: str, number: int) -> None:
    """Add a read row: a unit outside the 22 to the context, a row of the 22 with a quarter to the records."""
    file, sheet = part.sheet.file, part.sheet.name
    if unit is not None:
        part.context.append({**record, "district": unit[0], "unit_zh": unit[1], "written": written,
                             "marked": mark is not None, "file": file, "sheet": sheet, "row": number})
    elif record["district"] is not None and not pd.isna(record["quarter"]):
        records.append(record)
        part.rows.append(number)
        part.written.append(written)
        if mark is not None:
            part.marked.append({"quarter": record["quarter"], "district": record["district"], "file": file,
                                "sheet": sheet, "row": number, "text": mark})


def _table_frame(records: list[dict], headers: dict[str, str]) -> pd.DataFrame:
    """Return the rows of the 22 as a frame: quarter, district, then the table's rates (float) and ranks (Int64)."""
    kinds = {c: ("float64" if is_figure(c) else "Int64") for c in headers if c not in ("quarter", "district")}
    frame = pd.DataFrame(records, columns=["quarter", "district", *kinds])
    frame["quarter"] = pd.to_datetime(frame["quarter"]).astype("datetime64[ns]")
    return frame.astype(kinds)

def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _is_unit(text: str) -> bool:
    """Tell whether a cell names one of the 22 or a known unit outside them."""
    try:
        resolve_district(unit_name(text))
    except ValueError:
        return other_unit(unit_name(text)) is not None
    return True


def join_tables(parts: list[SheetTable], skipped: list[tuple], problems: list[Problem]) -> dict:
    """Join the sheets' tables: each quarter from one table, each of the 22 once a quarter, none lacking.

    Parameters
    ----------
    parts : list of SheetTable
        The tables, as :func:`sheet_table` validated them (at least one).
    skipped : list of tuple
        What was left out before (sheets without a table): rows of :data:`SKIPPED_COLUMNS`.
    problems : list of Problem
        The problems found so far.

    Returns
    -------
    dict
        The arguments of :class:`yubei_lib.ledger.published.PublishedRankings`.

    Raises
    ------
    LedgerError
        With every problem, those given and those found here: a quarter given by two tables,
        a district given twice in a quarter, a quarter lacking some of the 22.
    """
    owner: dict[pd.Timestamp, int] = {}
    reported: set[tuple[pd.Timestamp, int]] = set()
    seen: dict[tuple[pd.Timestamp, str], int] = {}
    kept: list[np.ndarray] = []
    for k, part in enumerate(parts):
        ok = np.ones(len(part.frame), dtype=bool)
        for i, key in enumerate(zip(part.frame["quarter"], part.frame["district"])):
            first = owner.setdefault(key[0], k)
            if first != k:
                if (key[0], k) not in reported:
                    reported.add((key[0], k))
                    problems.append(Problem(part.sheet.file, None, part.headers.get("quarter"), quarter_label(key[0]),
                                                 f"{quarter_label(key[0])} is given again: first in {parts[first].where()}"
                                                 "; give each quarter once", sheet=part.sheet.name))
                ok[i] = False
            elif key in seen:
                problems.append(Problem(part.sheet.file, part.rows[i], part.headers["district"], part.written[i],
                                             f"{key[1]} is given twice for {quarter_label(key[0])} (first on "
                                             f"{part.noun} {seen[key]})", sheet=part.sheet.name))
                ok[i] = False
            else:
                seen[key] = part.rows[i]
        kept.append(ok)
    all_names = list(districts()["name_en"])
    for when in sorted(owner):
        have = {d for (q, d) in seen if q == when}
        lacking = [d for d in all_names if d not in have]
        if lacking:
            part = parts[owner[when]]
            problems.append(Problem(part.sheet.file, None, part.headers.get("quarter"), quarter_label(when),
                                         f"the quarter lacks {len(lacking)} of the 22 districts: {', '.join(lacking)} "
                                         "(give every district a row; leave a figure empty where it is undefined)",
                                         sheet=part.sheet.name))
    if problems:
        raise LedgerError(problems)
    columns: dict[str, str] = {}
    for part in parts:
        for name in part.frame.columns[2:]:
            columns.setdefault(name, str(part.frame[name].dtype))
    frames = [part.frame.loc[ok].reindex(columns=["quarter", "district", *columns]).astype(columns)
              for part, ok in zip(parts, kept)]
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["quarter", "district"])
    places = pd.DataFrame({"file": [p.sheet.file for p, ok in zip(parts, kept) for _ in range(int(ok.sum()))],
                           "sheet": [p.sheet.name for p, ok in zip(parts, kept) for _ in range(int(ok.sum()))]})
    rows = np.concatenate([np.asarray(p.rows, dtype=np.int64)[ok] for p, ok in zip(parts, kept)])
    given = {when: list(parts[k].frame.columns[2:]) for when, k in owner.items()}
    context = [c for k, p in enumerate(parts) for c in p.context if owner.get(c["quarter"], k) == k]
    files = list(dict.fromkeys(p.sheet.file for p in parts))
    out = pd.DataFrame([*skipped, *(s for p in parts for s in p.skipped)], columns=SKIPPED_COLUMNS)
    return {"file": files[0], "frame": frame, "rows": rows, "headers": dict(parts[0].headers), "places": places,
            "given": given, "files": files,
            "context": pd.DataFrame(context, columns=[*CONTEXT_COLUMNS[:4], *[c for c in columns if is_figure(c)],
                                                      *CONTEXT_COLUMNS[4:]]),
            "marked": pd.DataFrame([m for p in parts for m in p.marked], columns=MARKED_COLUMNS),
            "skipped": out.astype({"row": "Int64"})}
