"""Read and validate the optional tables: completed investment (完成投资) and the outreach log (招商活动台账).

Both follow the ledger's rules (``docs/definitions.md#optional-tables``): any input format,
English or Chinese headers, a money unit in the header or given with ``--unit``, extra
columns kept, and every problem reported at once with file, row as the user sees it,
column as written and value as written.

- ``investment``: ``project_id`` (项目编号; must be in the ledger), ``month`` (月份:
  ``2020-03``, ``2020年3月``, or a date, read as its month), ``amount`` (完成投资, yuan).
- ``activities``: ``date`` (日期), ``kind`` (类型: ``visit_out`` 外出拜访, ``visit_in`` 企业来访,
  ``event`` 招商活动), ``leader`` (带队领导), ``leader_level`` (领导级别: ``main`` 主要领导,
  ``deputy`` 分管领导, ``other`` 其他), ``enterprise`` (企业名称), optional ``project_id``
  (项目编号) and ``city`` (城市). The log is one office's: its rows belong to that office's
  district, which the figures are told (:mod:`yubei_lib.figures.outreach`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from yubei_lib.ledger import reference
from yubei_lib.ledger.distinct import isin
from yubei_lib.ledger.parse import parse_dates
from yubei_lib.ledger.problems import LedgerError, Problem
from yubei_lib.ledger.raw import RawTable, is_blank
from yubei_lib.ledger.read import read_table
from yubei_lib.ledger.schema import (
    ACTIVITY_COLUMNS,
    ACTIVITY_DATES,
    ACTIVITY_KINDS,
    ACTIVITY_REQUIRED,
    INVESTMENT_COLUMNS,
    INVESTMENT_MONEY,
    INVESTMENT_REQUIRED,
    LEADER_LEVELS,
)
from yubei_lib.ledger.validate import begin_table, header_aliases, header_key, with_extras

TABLES = {"investment": INVESTMENT_COLUMNS, "activities": ACTIVITY_COLUMNS}
"""The optional tables by name, with their columns and accepted headers."""

_MONTH = re.compile(r"^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?|(\d{2}))$")
_HOW_MONTH = "unparsable month: write it as 2020-03, 2020年3月 or a date such as 2020-03-31"


def parse_months(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse months written as ``2020-03``, ``2020/3``, ``2020年3月``, ``202003`` or any date (its month).

    Parameters
    ----------
    values : pandas.Series
        Cells as written (text, Excel dates, Excel serial numbers).

    Returns
    -------
    months : pandas.Series
        ``datetime64[ns]``, the first day of each month; ``NaT`` where empty or unreadable.
    bad : pandas.Series
        ``True`` where a cell holds something that is not a month.

    Examples
    --------
    >>> m, bad = parse_months(pd.Series(["2020-03", "2020年3月", "2020/3/15", 202003, "", "2020-13"], dtype=object))
    >>> m.dt.strftime("%Y-%m").tolist(), bad.tolist()
    (['2020-03', '2020-03', '2020-03', '2020-03', nan, nan], [False, False, False, False, False, True])
    """
    values = values.reset_index(drop=True)
    blank = is_blank(values).to_numpy()
    months: list = [pd.NaT] * len(values)
    bad = np.zeros(len(values), dtype=bool)
    later = []
    for i, v in enumerate(values.tolist()):
        if blank[i]:
            continue
        if isinstance(v, (dt.date, pd.Timestamp)):
            months[i] = pd.Timestamp(v.year, v.month, 1)
            continue
        if isinstance(v, (float, np.floating)) and not float(v).is_integer():
            bad[i] = True
            continue
        text = str(int(v)) if isinstance(v, (int, float, np.integer, np.floating)) else str(v)
        m = _MONTH.match(unicodedata.normalize("NFKC", text).strip())
        if m:
            month = int(m[2] or m[3])
            if 1 <= month <= 12:
                months[i] = pd.Timestamp(int(m[1]), month, 1)
            else:
                bad[i] = True
        else:
            later.append(i)
    if later:  # whole dates (2020-03-15, 2020年3月15日, Excel serials): their month
        dates, unread = parse_dates(values.iloc[later])
        for k, i in enumerate(later):
            if unread.iloc[k]:
                bad[i] = True
            elif not pd.isna(dates.iloc[k]):
                months[i] = dates.iloc[k].replace(day=1)
    out = pd.Series(pd.to_datetime(pd.Series(months, dtype=object)), index=values.index).astype("datetime64[ns]")
    return out, pd.Series(bad, index=values.index)


def is_known_header(table: str):
    """Return a test telling whether a header names a column of an optional table (to find its header row)."""
    names = header_aliases(TABLES[table])
    return lambda header: header_key(header) in names


def _vocabulary(values: pd.Series, spec: dict[str, tuple[str, ...]]) -> pd.Series:
    """Map the spellings of a small vocabulary (any case or width, spaces for ``_``) to its canonical names."""
    names = {reference.fold(a).replace(" ", "_").replace("-", "_"): canon for canon, words in spec.items()
             for a in words}
    return values.map(lambda v: names.get(reference.fold(v).replace(" ", "_").replace("-", "_")),
                      na_action="ignore").astype("string")


def investment_frame(raw: RawTable, project_ids: pd.Series | None,
                     unit: str | None = None) -> tuple[pd.DataFrame, list[Problem], np.ndarray]:
    """Check the cells of a completed-investment table and build its canonical frame.

    Parameters
    ----------
    raw : RawTable
        The file's cells (``read.read_table``).
    project_ids : pandas.Series or None
        The ledger's ids: investment of any other project is an error. None when the
        ledger could not be read (then ids are not checked).
    unit : str, optional
        Money unit when the amount header declares none.

    Returns
    -------
    investment : pandas.DataFrame
        ``project_id``, ``month`` (first day of the month), ``amount`` (yuan), then extra columns.
    problems : list of Problem
    bad : numpy.ndarray
        ``True`` for each row with an error.
    """
    frame, problems, col = begin_table(raw, INVESTMENT_COLUMNS, INVESTMENT_REQUIRED, (), INVESTMENT_MONEY, unit)
    if col is None:
        return frame, problems, np.ones(len(raw.frame), dtype=bool)
    months, bad = parse_months(raw.frame[col.written["month"]])
    col.add("month", bad, _HOW_MONTH)
    frame["month"] = months.to_numpy()
    col.add("amount", (frame["amount"] < 0).to_numpy(), "negative amount: completed investment must be 0 or more")
    if project_ids is not None:
        unknown = frame["project_id"].notna().to_numpy() & ~isin(frame["project_id"], project_ids).to_numpy()
        col.add("project_id", unknown, "completed investment of an unknown project: this project_id is not in the ledger")
    twice = frame.duplicated(["project_id", "month"], keep="first") & frame["project_id"].notna() & frame["month"].notna()
    col.add("month", twice.to_numpy(), "a second row for this project and month: both amounts are counted",
            severity="warning")
    frame = with_extras(frame[list(INVESTMENT_COLUMNS)], raw, col.written)
    return frame, problems + col.problems, col.bad_rows


def activities_frame(raw: RawTable, project_ids: pd.Series | None) -> tuple[pd.DataFrame, list[Problem], np.ndarray]:
    """Check the cells of an outreach log and build its canonical frame.

    Parameters
    ----------
    raw : RawTable
        The file's cells.
    project_ids : pandas.Series or None
        The ledger's ids: an activity naming another project is a warning (it is matched
        to no project). None when the ledger could not be read.

    Returns
    -------
    activities : pandas.DataFrame
        ``date``, ``kind`` (``visit_out``, ``visit_in``, ``event``), ``leader``,
        ``leader_level`` (``main``, ``deputy``, ``other``), ``enterprise``, ``project_id``,
        ``city`` (``<NA>`` where not given), then extra columns.
    problems : list of Problem
    bad : numpy.ndarray
        ``True`` for each row with an error.
    """
    frame, problems, col = begin_table(raw, ACTIVITY_COLUMNS, ACTIVITY_REQUIRED, ACTIVITY_DATES, (), None)
    if col is None:
        return frame, problems, np.ones(len(raw.frame), dtype=bool)
    for canon in ACTIVITY_COLUMNS:
        if canon not in frame:
            frame[canon] = pd.Series(pd.NA, index=frame.index, dtype="string")
    for canon, spec, message in (
            ("kind", ACTIVITY_KINDS, "unknown kind of activity: write visit_out (外出拜访), visit_in (企业来访) "
                                     "or event (招商活动)"),
            ("leader_level", LEADER_LEVELS, "unknown leader level: write main (主要领导), deputy (分管领导) "
                                            "or other (其他)")):
        mapped = _vocabulary(frame[canon], spec)
        col.add(canon, (frame[canon].notna() & mapped.isna()).to_numpy(bool), message)
        frame[canon] = mapped
    if project_ids is not None and "project_id" in col.written:
        unknown = frame["project_id"].notna().to_numpy() & ~isin(frame["project_id"], project_ids).to_numpy()
        col.add("project_id", unknown, "project_id not in the ledger: this activity is matched to no project",
                severity="warning")
    frame = with_extras(frame[list(ACTIVITY_COLUMNS)], raw, col.written)
    return frame, problems + col.problems, col.bad_rows


def empty_frame(table: str) -> pd.DataFrame:
    """Return an optional table with its canonical columns and no rows."""
    dates = {"month", "date"}
    return pd.DataFrame({c: pd.Series([], dtype="datetime64[ns]" if c in dates else
                                      "float64" if c == "amount" else "string") for c in TABLES[table]})


def read_optional(table: str, path: str | Path, project_ids: pd.Series | None, unit: str | None = None,
                  max_rows: int | None = None) -> tuple[RawTable | None, pd.DataFrame, list[Problem], np.ndarray]:
    """Read and check one optional table; a problem of the whole file comes back as a problem, not raised.

    Returns
    -------
    raw : RawTable or None
        The file's cells (None when the file could not be read).
    frame, problems, bad
        As :func:`investment_frame` or :func:`activities_frame`.
    """
    try:
        raw = read_table(path, is_known=is_known_header(table), limit=max_rows)
    except LedgerError as exc:
        return None, empty_frame(table), exc.problems, np.zeros(0, dtype=bool)
    if table == "investment":
        return (raw, *investment_frame(raw, project_ids, unit))
    return (raw, *activities_frame(raw, project_ids))


def kept_rows(table: str, raw: RawTable | None, frame: pd.DataFrame, bad: np.ndarray,
              left_out: pd.Series) -> tuple[pd.DataFrame, list[Problem]]:
    """Leave out a table's rows with errors and, for completed investment, those of left-out projects.

    Each row of a left-out project gets a problem naming it (nothing is dropped silently).
    """
    orphan = np.zeros(len(frame), dtype=bool)
    problems = []
    if table == "investment" and raw is not None and len(frame) and len(left_out):
        orphan = isin(frame["project_id"], left_out).to_numpy() & ~bad
        header = next(h for h in raw.frame.columns
                      if header_aliases(INVESTMENT_COLUMNS).get(header_key(h)) == "project_id")
        for i in np.flatnonzero(orphan):
            problems.append(Problem(raw.file, int(raw.rows[i]), header, str(frame["project_id"].iloc[i]),
                                    "completed investment of a project left out for its errors", sheet=raw.sheet))
    return frame.loc[~(bad | orphan)].reset_index(drop=True), problems
