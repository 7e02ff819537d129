"""Check raw ledger cells against the data model and turn them into canonical frames.

Every problem is collected (none stops the search for the next), each located by file,
row as the user sees it, column as written and value as written. Parsing finds what
cannot be read; a pandera schema then checks what was read (unique ids, amounts not
negative, dates in order, capital for known projects).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pandera.pandas as pa

from yubei_lib.ledger import reference
from yubei_lib.ledger.distinct import isin, lookup, repeats
from yubei_lib.ledger.parse import is_dictionary_text, is_text, parse_amounts, parse_dates, stripped
from yubei_lib.ledger.problems import Problem
from yubei_lib.ledger.raw import RawTable, blank_text, split_unit
from yubei_lib.ledger.schema import (
    CAPITAL_COLUMNS,
    CAPITAL_DATES,
    CAPITAL_MONEY,
    CAPITAL_REQUIRED,
    PROJECT_COLUMNS,
    PROJECT_DATES,
    PROJECT_MONEY,
    PROJECT_PLANS,
    PROJECT_REQUIRED,
    UNITS,
)

pa.DataFrameSchema.register_default_backends(pd.DataFrame)  # with the import, not in the first check

CATEGORIES = ("investor_type", "cluster", "chain_segment", "park")
"""Optional columns whose known spellings (Chinese or English) are mapped to one English name."""


def header_key(header: object) -> str:
    """Fold a header for matching: no unit, no case, no width, ``_`` for spaces.

    Examples
    --------
    >>> header_key("Contract Value (bn yuan)"), header_key("签约日期")
    ('contract_value', '签约日期')
    """
    return "_".join(reference.fold(split_unit(header)[0]).split())


def _aliases(spec: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {header_key(a): canon for canon, names in spec.items() for a in names}


def written_header(raw: RawTable, spec: dict[str, tuple[str, ...]], canon: str) -> str | None:
    """Return the header as written in the file for a canonical column, or None."""
    aliases = _aliases(spec)
    return next((h for h in raw.frame.columns if aliases.get(header_key(h)) == canon), None)


def is_known_header(header: object) -> bool:
    """Tell whether a header names a column of the projects or capital table."""
    key = header_key(header)
    return key in _aliases(PROJECT_COLUMNS) or key in _aliases(CAPITAL_COLUMNS)


def is_project_header(header: object) -> bool:
    """Tell whether a header names a column of the projects ledger (to find its sheet and header row)."""
    return header_key(header) in _aliases(PROJECT_COLUMNS)


def is_capital_header(header: object) -> bool:
    """Tell whether a header names a column of the capital inflows (to find their sheet and header row)."""
    return header_key(header) in _aliases(CAPITAL_COLUMNS)


def is_name_header(header: object) -> bool:
    """Tell whether a header names a projects column of names looked up (district, type, cluster, segment, park)."""
    return _aliases(PROJECT_COLUMNS).get(header_key(header)) in ("district", *CATEGORIES)


def _as_text(values: pd.Series) -> pd.Series:
    """Return cells as stripped text (whole numbers without ``.0``), ``NA`` where empty."""
    if is_text(values) or pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        return stripped(values)  # text already: whole columns at once

    def one(v):
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v)
    return stripped(values.map(one, na_action="ignore").astype(object))


class _Collector:
    """Collect problems of one table, located by the table's row numbers and written headers."""

    def __init__(self, raw: RawTable, written: dict[str, str]):
        self.raw, self.written = raw, written
        self.problems: list[Problem] = []
        self.bad_rows = np.zeros(len(raw.frame), dtype=bool)

    def cell(self, canon: str, i: int | np.integer) -> str | None:
        v = self.raw.frame.at[i, self.written[canon]]
        return None if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) else (
            str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))

    def add(self, canon: str, mask, message, severity: str = "error") -> None:
        """Record a problem for each row in ``mask``; ``message`` may be a function of the row."""
        for i in np.flatnonzero(np.asarray(mask, dtype=bool)):
            text = message(i) if callable(message) else message
            self.problems.append(Problem(self.raw.file, int(self.raw.rows[i]), self.written[canon],
                                         self.cell(canon, i), text, severity, self.raw.sheet))
            if severity == "error":
                self.bad_rows[i] = True


def _map_headers(raw: RawTable, spec, required, money,
                 unit) -> tuple[dict[str, str], dict[str, float | None], list[Problem]]:
    """Find which written header holds each canonical column and the unit of each money column."""
    aliases = _aliases(spec)
    written: dict[str, str] = {}
    problems: list[Problem] = []
    for header in raw.frame.columns:
        canon = aliases.get(header_key(header))
        if canon is None:
            continue
        if canon in written:
            problems.append(Problem(raw.file, None, header, None,
                                    f"two columns hold {canon}: {written[canon]!r} and {header!r}; keep one",
                                    sheet=raw.sheet))
            continue
        written[canon] = header
    for canon in required:
        if canon not in written:
            accepted = ", ".join(spec[canon])
            problems.append(Problem(raw.file, None, canon, None,
                                    f"missing required column {canon} (write one of these headers: {accepted})",
                                    sheet=raw.sheet))
    factors: dict[str, float | None] = {}  # None: a unit the header names but the kit does not know
    for canon in money:
        if canon not in written:
            continue
        declared = split_unit(written[canon])[1]
        if declared is not None:
            factor = UNITS.get(reference.fold(declared))
            if factor is None:
                problems.append(Problem(raw.file, None, written[canon], declared,
                                        f"unknown money unit {declared!r}; write 元/yuan, 万元, 亿元 or bn yuan",
                                        sheet=raw.sheet))
            factors[canon] = factor
        elif unit is not None:
            factors[canon] = reference.unit_factor(unit)
        else:
            problems.append(Problem(
                raw.file, None, written[canon], None,
                "undeclared money unit: write it in the header, e.g. 协议投资额(亿元), 到位资金（万元） "
                "or contract_value (bn yuan), or pass --unit yi|wan|yuan|bn", sheet=raw.sheet))
    return written, factors, problems


def _schema_problems(frame: pd.DataFrame, schema: pa.DataFrameSchema, col: _Collector, messages) -> None:
    """Run a pandera schema lazily and record each failure with its plain-words message."""
    try:
        schema.validate(frame, lazy=True, inplace=True)  # checks only: no copy of the frame
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.dropna(subset=["index"])
        cases = cases.drop_duplicates(subset=["check", "index"])
        for check, group in cases.groupby("check", sort=False):
            where, message = messages[check]
            mask = np.zeros(len(frame), dtype=bool)
            mask[group["index"].astype(int).to_numpy()] = True
            col.add(where, mask, lambda i, m=message: m(frame, i) if callable(m) else m)


def _day(value) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d")


PROJECTS_SCHEMA = pa.DataFrameSchema(
    {
        "project_id": pa.Column(None, nullable=True, unique=True, report_duplicates="exclude_first"),
        "contract_value": pa.Column(float, pa.Check(lambda s: ~(s < 0), name="negative_value"), nullable=True),
    },
    checks=[
        pa.Check(lambda d: ~(d.commenced_on < d.signed_on), name="commenced_before_signed"),
        pa.Check(lambda d: ~(d.operating_on < d.commenced_on), name="operating_before_commenced"),
        pa.Check(lambda d: ~(d.terminated_on < d.signed_on), name="terminated_before_signed"),
    ],
    strict=False,
)
_NO_REPEATS = PROJECTS_SCHEMA.update_column("project_id", unique=False)

SCHEMA_COLUMNS = ("project_id", "contract_value", "signed_on", "commenced_on", "operating_on", "terminated_on")
"""The columns :data:`PROJECTS_SCHEMA` checks (the others are not handed to it)."""
_PROJECT_MESSAGES = {
    "field_uniqueness": ("project_id", "duplicate project_id: the same id is on an earlier row"),
    "negative_value": ("contract_value", "negative amount: contract_value must be 0 or more"),
    "commenced_before_signed": ("commenced_on", lambda f, i: f"commencement before signing (signed on {_day(f.signed_on[i])})"),
    "operating_before_commenced": ("operating_on", lambda f, i: f"operation before commencement (commenced on {_day(f.commenced_on[i])})"),
    "terminated_before_signed": ("terminated_on", lambda f, i: f"termination before signing (signed on {_day(f.signed_on[i])})"),
}


def _workers(beside: int = 1) -> int:
    """Return how many columns to work on at once: the machine's cores but ``beside``, at least one, at most four.

    While the projects' columns are parsed, one core is the capital file's: it is read and
    checked beside them (:func:`yubei_lib.ledger.load.load_ledger`); more threads than cores
    only contend. By the time names are looked up the capital is mostly checked.
    """
    return max(1, min(4, (os.cpu_count() or 1) - beside))


_UNPARSABLE = {"date": "unparsable date: write it as 2019-03-05, 2019/3/5 or 2019年3月5日",
               "money": "unparsable amount: write a number such as 1234.5 or 1,234.5"}


def _parse_column(cells: pd.Series, kind: str, factor: float | None) -> tuple[pd.Series, pd.Series | None, pd.Series | None]:
    """Parse one column of ``kind`` ("date", "money", "text" or "name"): its values, unreadable cells (or None) and empty ones.

    A column of names is left as written when it is Arrow text (or a dictionary of it, as a
    Parquet file stores names): :func:`~yubei_lib.ledger.distinct.lookup` strips each distinct name once instead of every
    cell; its empty cells (None here) are found only when the column is required.
    """
    if kind == "name" and (is_text(cells) or is_dictionary_text(cells)):
        return cells, None, None  # empty cells found when asked (of a required column)
    if kind == "date":
        values, bad = parse_dates(cells)
        return values, bad, values.isna() & ~bad
    if kind == "money":
        values, bad = parse_amounts(cells)
        return (values if factor == 1 else values * (factor or np.nan)), bad, values.isna() & ~bad
    values = _as_text(cells)
    return values, None, values.isna()


def _parse_columns(raw: RawTable, col: _Collector, written, factors, required, dates, money, names=()) -> pd.DataFrame:
    """Parse every mapped column of a table into its canonical type, recording what cannot be read.

    Columns are parsed side by side on the machine's cores (Arrow's work on one column lets
    the others go on); their problems are recorded afterwards, column by column, in order.
    """
    kinds = {canon: "date" if canon in dates else "money" if canon in money else "name" if canon in names else "text"
             for canon in written}
    with ThreadPoolExecutor(max_workers=_workers()) as pool:
        parsed = list(pool.map(lambda item: _parse_column(raw.frame[item[1]].reset_index(drop=True),
                                                          kinds[item[0]], factors.get(item[0])), written.items()))
    out = {}
    for canon, (values, bad, blank) in zip(written, parsed):
        if bad is not None:
            col.add(canon, bad, _UNPARSABLE[kinds[canon]])
        if canon in required:
            col.add(canon, blank_text(values) if blank is None else blank, f"empty {canon}: every row needs one")
        out[canon] = values
    return pd.DataFrame(out, index=pd.RangeIndex(len(raw.frame)), copy=False)  # the columns as parsed, not copied


def _begin(raw: RawTable, spec, required, dates, money, unit, names=()):
    """Map the headers and parse every mapped column; ``col`` is None when a header problem stops it.

    The columns of ``names`` are left as written, to be looked up (:func:`~yubei_lib.ledger.distinct.lookup`).
    """
    written, factors, problems = _map_headers(raw, spec, required, money, unit)
    problems = raw.notes + problems  # what reading left out (total rows), listed first
    if any(p.severity == "error" for p in problems):
        return pd.DataFrame(), problems, None
    col = _Collector(raw, written)
    return _parse_columns(raw, col, written, factors, required, dates, money, names), problems, col


def _with_extras(frame: pd.DataFrame, raw: RawTable, written: dict[str, str]) -> pd.DataFrame:
    """Append the file's columns that are none of the canonical ones, as written (kept, never an error)."""
    extras = [h for h in raw.frame.columns if h not in written.values() and h not in frame.columns]
    return frame.assign(**{h: raw.frame[h].to_numpy() for h in extras}) if extras else frame


def projects_frame(raw: RawTable, unit: str | None = None) -> tuple[pd.DataFrame, list[Problem], np.ndarray]:
    """Check the cells of a projects ledger and build the canonical projects frame.

    Parameters
    ----------
    raw : RawTable
        The file's cells (``read.read_table``).
    unit : str, optional
        Money unit for amount columns whose header declares none (``yi``, ``wan``,
        ``yuan``, ``bn`` or 亿元, 万元, 元, bn yuan).

    Returns
    -------
    projects : pandas.DataFrame
        Canonical columns (``schema.PROJECT_COLUMNS``; absent optional ones empty), then
        the file's extra columns as written; one row per data row of the file.
    problems : list of Problem
        Every error and warning found.
    bad : numpy.ndarray
        ``True`` for each row with an error.
    """
    frame, problems, col = _begin(raw, PROJECT_COLUMNS, PROJECT_REQUIRED, PROJECT_DATES, PROJECT_MONEY, unit,
                                  names=("district", *CATEGORIES))
    if col is None:
        return frame, problems, np.ones(len(raw.frame), dtype=bool)
    written = col.written
    for canon in PROJECT_COLUMNS:
        if canon not in frame:
            frame[canon] = pd.Series(pd.NaT if canon in PROJECT_DATES else pd.NA, index=frame.index,
                                     dtype="datetime64[ns]" if canon in PROJECT_DATES else "string")
    # names looked up side by side: an unknown district is an error, an unknown investor type counts as
    # 'other', a cluster, segment or park of one's own is kept as written
    looks: dict[str, tuple[dict[str, str], str | None]] = {"district": (reference.district_aliases(), None)}
    looks.update({kind: (reference.category_aliases(kind), "other" if kind == "investor_type" else "as written")
                  for kind in CATEGORIES if kind in written})
    with ThreadPoolExecutor(max_workers=_workers(beside=0)) as pool:  # and, beside them, whether any id repeats
        repeated = pool.submit(repeats, frame.project_id)
        found = dict(zip(looks, pool.map(lambda k: lookup(frame[k], *looks[k]), looks)))
    for kind, (names, unknown) in found.items():
        frame[kind] = names
        if kind == "district":
            col.add(kind, unknown, "unknown district: not one of the 22 urban districts of data/reference/districts.csv")
        elif kind == "investor_type":
            col.add(kind, unknown, "unknown investor type, counted as 'other'", severity="warning")
    no_start = frame.operating_on.notna() & frame.commenced_on.isna()
    if "operating_on" in written:
        col.add("operating_on", no_start,
                "operation date without commencement date: counted as commenced on its operation date",
                severity="warning")
    frame["commenced_on"] = frame.commenced_on.mask(no_start, frame.operating_on)
    for canon, stage in zip(PROJECT_PLANS, ("commencement", "operation")):
        if canon in written:
            col.add(canon, frame[canon] < frame.signed_on,
                    lambda i, s=stage: f"planned {s} date before signing (signed on {_day(frame.signed_on[i])}): "
                                       "kept as written; check the plan",
                    severity="warning")
    # pandera's search for the repeated ids (and their rows) only when Arrow counts some
    _schema_problems(frame[list(SCHEMA_COLUMNS)], PROJECTS_SCHEMA if repeated.result() else _NO_REPEATS, col,
                     _PROJECT_MESSAGES)
    frame = _with_extras(frame[list(PROJECT_COLUMNS)], raw, written)
    return frame, problems + col.problems, col.bad_rows


def project_ids(raw: RawTable, unit: str | None = None) -> pd.Series:
    """Return the ``project_id`` column :func:`projects_frame` makes of these cells (empty when it makes none).

    So that the capital can be checked against the ids while the rest of the ledger is.
    """
    written, _, problems = _map_headers(raw, PROJECT_COLUMNS, PROJECT_REQUIRED, PROJECT_MONEY, unit)
    if any(p.severity == "error" for p in problems) or "project_id" not in written:
        return pd.Series([], dtype="string")
    return _as_text(raw.frame[written["project_id"]].reset_index(drop=True))


def capital_frame(raw: RawTable, project_ids: pd.Series, unit: str | None = None) -> tuple[pd.DataFrame, list[Problem], np.ndarray]:
    """Check the cells of a capital file and build the canonical capital frame.

    Parameters
    ----------
    raw : RawTable
        The file's cells.
    project_ids : pandas.Series
        The ids of the projects ledger; capital for any other id is an error.
    unit : str, optional
        Money unit when the amount header declares none.

    Returns
    -------
    capital : pandas.DataFrame
        ``project_id``, ``received_on``, ``amount`` (yuan), then extra columns.
    problems : list of Problem
    bad : numpy.ndarray
        ``True`` for each row with an error.
    """
    frame, problems, col = _begin(raw, CAPITAL_COLUMNS, CAPITAL_REQUIRED, CAPITAL_DATES, CAPITAL_MONEY, unit)
    if col is None:
        return frame, problems, np.ones(len(raw.frame), dtype=bool)
    known = project_ids
    schema = pa.DataFrameSchema({
        "project_id": pa.Column(None, pa.Check(lambda s: s.isna() | isin(s, known), name="unknown_project"),
                                nullable=True),
        "amount": pa.Column(float, pa.Check(lambda s: ~(s < 0), name="negative_value"), nullable=True),
    })
    _schema_problems(frame[["project_id", "amount"]], schema, col, {
        "unknown_project": ("project_id", "capital for an unknown project: this project_id is not in the ledger"),
        "negative_value": ("amount", "negative amount: amount must be 0 or more"),
    })
    return _with_extras(frame, raw, col.written), problems + col.problems, col.bad_rows


# Shared with the optional tables (:mod:`yubei_lib.ledger.optional`): every table maps its headers,
# parses its cells, locates its problems and keeps its extra columns the same way.
begin_table = _begin
Collector = _Collector
with_extras = _with_extras
header_aliases = _aliases
