"""Load a ledger (projects and capital files) into canonical, validated frames."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from yubei_lib.ledger.digests import FileDigests, sha256
from yubei_lib.ledger.problems import LedgerError, Problem
from yubei_lib.ledger.read import read_table
from yubei_lib.ledger.schema import CAPITAL_COLUMNS

DROPPED_COLUMNS = ["file", "row", "column", "value", "reason"]


@dataclass
class Ledger:
    """A loaded ledger.

    Attributes
    ----------
    projects : pandas.DataFrame
        Canonical projects frame (``schema.PROJECT_COLUMNS`` then extra columns).
    capital : pandas.DataFrame
        Canonical capital frame (``project_id``, ``received_on``, ``amount``).
    problems : list of Problem
        Every error and warning found (in lenient mode the errors' rows are in ``dropped``).
    dropped : pandas.DataFrame
        Rows left out in lenient mode: ``file``, ``row``, ``column``, ``value``, ``reason``.
    files : collections.abc.Mapping
        Each file read, in order, mapped to its SHA-256 (hex), taken when first asked for
        (:class:`~yubei_lib.ledger.digests.FileDigests`: the file must be as it was read).
    investment : pandas.DataFrame or None
        Completed investment (``project_id``, ``month``, ``amount``), None when not given.
    activities : pandas.DataFrame or None
        The outreach log (``date``, ``kind``, ``leader``, ``leader_level``, ``enterprise``,
        ``project_id``, ``city``), None when not given.
    """

    projects: pd.DataFrame
    capital: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    dropped: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=DROPPED_COLUMNS))
    files: Mapping[str, str] = field(default_factory=dict)
    investment: pd.DataFrame | None = None
    activities: pd.DataFrame | None = None

    @property
    def errors(self) -> list[Problem]:
        """Return the problems that are errors."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Return the problems that are warnings."""
        return [p for p in self.problems if p.severity == "warning"]

    def summary(self) -> dict:
        """Return counts, districts, date range and total value of the projects."""
        p = self.projects
        optional: dict[str, int | float] = {}
        if self.investment is not None:
            optional.update(investment_rows=int(len(self.investment)),
                            investment_yuan=float(self.investment.amount.sum()) if len(self.investment) else 0.0)
        if self.activities is not None:
            optional.update(activity_rows=int(len(self.activities)))
        return {
            "projects": int(len(p)),
            "districts": int(p.district.nunique()) if len(p) else 0,
            "signed_from": p.signed_on.min().strftime("%Y-%m-%d") if len(p) else None,
            "signed_to": p.signed_on.max().strftime("%Y-%m-%d") if len(p) else None,
            "contract_value_yuan": float(p.contract_value.sum()) if len(p) else 0.0,
            "capital_rows": int(len(self.capital)),
            "capital_yuan": float(self.capital.amount.sum()) if len(self.capital) else 0.0,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "dropped_rows": int(self.dropped[["file", "row"]].drop_duplicates().shape[0]),
            **optional,
        }


def _dropped(problems: list[Problem]) -> pd.DataFrame:
    rows = [(p.file, p.row, p.column, p.value, p.message) for p in problems
            if p.severity == "error" and p.row is not None]
    return pd.DataFrame(rows, columns=DROPPED_COLUMNS)


def _empty_capital() -> pd.DataFrame:
    return pd.DataFrame({"project_id": pd.Series([], dtype="string"),
                         "received_on": pd.Series([], dtype="datetime64[ns]"),
                         "amount": pd.Series([], dtype="float64")})


def load_ledger(projects: str | Path, capital: str | Path | None = None, *, investment: str | Path | None = None,
                activities: str | Path | None = None, unit: str | None = None,
                sheet: str | None = None, strict: bool = True, cache: str | Path | None = None,
                max_rows: int | None = None) -> Ledger:
    """Load and validate a projects ledger and, optionally, its capital inflows.

    Parameters
    ----------
    projects : str or pathlib.Path
        The ledger: CSV (UTF-8, UTF-8 with BOM, GBK/GB18030), a spreadsheet (.xlsx, .xlsm,
        .xlsb, .xls, .ods) or Parquet, with English or Chinese headers (``schema.PROJECT_COLUMNS``).
        Total rows (合计, 小计...) are skipped and listed as warnings.
    capital : str or pathlib.Path, optional
        Realized capital inflows, one row per inflow.
    investment : str or pathlib.Path, optional
        Completed investment (完成投资) by project and month (:mod:`yubei_lib.ledger.optional`).
    activities : str or pathlib.Path, optional
        The office's outreach log (招商活动台账).
    unit : str, optional
        Money unit of amount columns whose header declares none: ``yi`` (亿元), ``wan``
        (万元), ``yuan`` or ``bn``.
    sheet : str, optional
        The ledger's sheet in a workbook (default: the first whose top 50 rows hold its
        header). The other tables' sheets are found by their headers. With ``cache``, the
        sheet is remembered there for the file: a load of the same file from that folder
        without a sheet (each page of ``yubei report``) reads the same one.
    strict : bool, default True
        Raise on any error. When False, rows with errors are left out and listed in
        ``Ledger.dropped``; capital of a left-out project is left out too.
    cache : path-like, optional
        A private folder where loads are kept by the files' SHA-256 and the options:
        ``yubei report`` validates the ledger once there and each page's kernel reuses it.
    max_rows : int, optional
        The most rows a file may hold (default ``YUBEI_MAX_ROWS``, else
        :data:`yubei_lib.ledger.raw.MAX_ROWS`); a file over it is refused before it is read.

    Returns
    -------
    Ledger

    Raises
    ------
    LedgerError
        In strict mode, for any error, listing every problem found; in either mode for a
        problem of a whole file (missing, unreadable, missing column, undeclared unit).
    """
    options = dict(investment=investment, activities=activities, unit=unit, sheet=sheet, strict=strict,
                   max_rows=max_rows)
    if cache is not None:
        return _cached(Path(cache), projects, capital, **options)
    return _load(projects, capital, **options)


def _cached(folder: Path, projects, capital, **options) -> Ledger:
    """Return the ledger from the cache folder, loading and keeping it there when absent."""
    from yubei_lib.config import VERSION as __version__

    options = {**options, "sheet": _sheet_in(folder, projects, options["sheet"])}
    paths = [p for p in (projects, capital, options["investment"], options["activities"]) if p is not None]
    try:
        digests = {str(p): sha256(p) for p in paths}
    except OSError:  # a missing file: let the load say so
        return _load(projects, capital, **options)
    plain = {k: (str(v) if isinstance(v, Path) else v) for k, v in options.items()}
    key = hashlib.sha256(json.dumps([[str(p) for p in paths], list(digests.values()), plain, __version__],
                                    sort_keys=True).encode()).hexdigest()
    path = folder / f"{key}.pickle"
    if path.exists():
        with open(path, "rb") as f:
            ledger = pickle.load(f)
        if isinstance(ledger, LedgerError):
            raise ledger
        return ledger
    try:
        result: Ledger | LedgerError = _load(projects, capital, digests=digests, **options)
    except LedgerError as exc:
        result = exc
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    if isinstance(result, LedgerError):
        raise result
    return result


SHEETS = "sheets.json"
"""The file of a cache folder that remembers each ledger's sheet, chosen with ``--sheet``."""


def _sheet_in(folder: Path, projects: str | Path, sheet: str | None) -> str | None:
    """Return the ledger's sheet: the one given (then remembered in the cache folder), else the one remembered."""
    where, key = folder / SHEETS, str(Path(projects).resolve())
    try:
        known = json.loads(where.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    if sheet is None:
        return known.get(key) if isinstance(known, dict) else None
    if known.get(key) != sheet:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({**known, key: sheet}, f, ensure_ascii=False)
        os.replace(tmp, where)
    return sheet


def _load(projects, capital, *, unit, sheet, strict, investment=None, activities=None, max_rows=None,
          digests=None) -> Ledger:
    """Read, check and convert the files; ``digests`` maps each path to its SHA-256 when already known.

    Each file's SHA-256 is taken when first asked for (:class:`~yubei_lib.ledger.digests.FileDigests`),
    from the file as it was read.
    """
    files = FileDigests(digests)
    for path in (projects, capital, investment, activities):
        if path is not None:
            files.note(path)  # as it is before it is read
    return _checked(projects, capital, files, unit=unit, sheet=sheet, strict=strict, investment=investment,
                    activities=activities, max_rows=max_rows)


def _capital(path, ids: Future[pd.Series], unit, max_rows):
    """Read a capital file, then check it against the ledger's ids once they are read.

    Returns its raw cells, frame, problems and bad rows.
    """
    from yubei_lib.ledger.validate import capital_frame, is_capital_header

    raw = read_table(path, is_known=is_capital_header, limit=max_rows)
    return (raw, *capital_frame(raw, ids.result(), unit=unit))


def _checked(projects, capital, files: FileDigests, *, unit, sheet, strict, investment, activities,
             max_rows) -> Ledger:
    """Read, check and convert the files (see :func:`_load`); each file read is kept in ``files``."""
    from yubei_lib.ledger.optional import kept_rows

    frame, problems, bad, later = _read_projects(projects, capital, files, unit=unit, sheet=sheet, max_rows=max_rows)
    cap_raw, cap_frame, cap_problems, cap_bad = _awaited_capital(later, capital, files)
    problems += cap_problems
    tables = _optional_tables((("investment", investment), ("activities", activities)), frame, files, unit,
                              max_rows)
    for _, _, table_problems, _ in tables.values():
        problems += table_problems
    order = {name: k for k, name in enumerate(files)}
    problems.sort(key=lambda p: (order.get(p.file, len(order)), p.row is not None, p.row or 0))
    stopped = cap_raw is None and bool(cap_problems)  # a problem of the whole capital file stopped its check
    if stopped or _file_errors(problems) or (strict and any(p.severity == "error" for p in problems)):
        raise LedgerError(problems)
    # lenient: leave out rows with errors, and capital of left-out projects
    kept, left_out = _kept_projects(frame, bad)
    optional = {}
    for name, (table_raw, table, _, table_bad) in tables.items():
        optional[name], orphans = kept_rows(name, table_raw, table, table_bad, left_out)
        problems += orphans
    if len(cap_frame):
        cap_frame, orphans = _kept_capital(capital, cap_raw, cap_frame, cap_bad, left_out)
        problems += orphans
    return Ledger(kept, cap_frame, problems, _dropped(problems), files, **optional)


def _read_projects(projects, capital, files: FileDigests, *, unit, sheet, max_rows):
    """Read and check the projects file while the capital file is read and checked beside it.

    Returns the projects' frame, problems and bad rows, and the capital file's check to wait for
    (None when no capital file is given).
    """
    from yubei_lib.ledger.validate import is_name_header, is_project_header, project_ids, projects_frame

    ids: Future[pd.Series] = Future()  # the projects' ids, once read
    with ThreadPoolExecutor(max_workers=1) as checking:  # the capital file is read and checked beside the projects
        later = checking.submit(_capital, capital, ids, unit, max_rows) if capital is not None else None
        try:
            raw = read_table(projects, sheet=sheet, is_known=is_project_header, limit=max_rows, is_name=is_name_header)
            ids.set_result(project_ids(raw, unit))
        except BaseException as exc:
            ids.set_exception(exc)  # no ids to check the capital against: its thread stops after its read
            raise
        files.keep(projects)
        frame, problems, bad = projects_frame(raw, unit=unit)
        del raw  # its cells are no longer needed
    return frame, problems, bad, later


def _awaited_capital(later, capital, files: FileDigests):
    """Wait for the capital file's check: its raw cells, frame, problems and bad rows.

    With no capital file, an empty frame and no problems; when a problem of the whole file stopped
    the check, no raw cells (None), an empty frame and that file's problems.
    """
    if later is not None:  # a capital file was given
        try:
            cap_raw, cap_frame, cap_problems, cap_bad = later.result()
            files.keep(capital)
            return cap_raw, cap_frame, cap_problems, cap_bad
        except LedgerError as exc:
            return None, _empty_capital(), exc.problems, np.zeros(0, dtype=bool)
    return None, _empty_capital(), [], np.zeros(0, dtype=bool)


def _file_errors(problems: list[Problem]) -> list[Problem]:
    """Return the errors of a whole file (no row): the ledger cannot be read, even leniently."""
    return [p for p in problems if p.row is None and p.severity == "error"]


def _optional_tables(named_paths, frame: pd.DataFrame, files: FileDigests, unit, max_rows) -> dict:
    """Read and check each optional table given (name -> raw cells, frame, problems, bad rows)."""
    from yubei_lib.ledger.optional import read_optional

    tables = {}
    for name, path in named_paths:
        if path is None:
            continue
        tables[name] = read_optional(name, path, frame.project_id if len(frame) else None, unit, max_rows)
        if tables[name][0] is not None:
            files.keep(path)
    return tables


def _kept_projects(frame: pd.DataFrame, bad: np.ndarray) -> tuple[pd.DataFrame, pd.Series]:
    """Leave out the projects' rows with errors; return the rows kept and the ids left out wholly."""
    from yubei_lib.ledger.distinct import isin

    kept = frame.loc[~bad].reset_index(drop=True) if bad.any() else frame
    bad_ids = frame.project_id[bad].dropna()
    return kept, bad_ids[~isin(bad_ids, kept.project_id)] if len(bad_ids) else bad_ids


def _kept_capital(capital, cap_raw, cap_frame: pd.DataFrame, cap_bad: np.ndarray,
                  left_out: pd.Series) -> tuple[pd.DataFrame, list[Problem]]:
    """Leave out capital rows with errors and those of left-out projects, each of the latter with a problem."""
    from yubei_lib.ledger.distinct import isin
    from yubei_lib.ledger.validate import written_header

    orphan = (isin(cap_frame.project_id, left_out).to_numpy() if len(left_out) else np.zeros(len(cap_frame), bool)) \
        & ~cap_bad
    id_header = written_header(cap_raw, CAPITAL_COLUMNS, "project_id")
    orphans = [Problem(str(capital), int(cap_raw.rows[i]), id_header, str(cap_frame.project_id[i]),
                       "capital of a project left out for its errors", sheet=cap_raw.sheet)
               for i in np.flatnonzero(orphan)]
    if (cap_bad | orphan).any():
        cap_frame = cap_frame.loc[~(cap_bad | orphan)].reset_index(drop=True)
    return cap_frame, orphans
