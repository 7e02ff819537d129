"""Turn cells as written into dates and amounts, telling which cells could not be read."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from yubei_lib.ledger.raw import TEXT, is_text

EXCEL_EPOCH = pd.Timestamp("1899-12-30")
"""Day 0 of Excel's date serial numbers (1900 date system, leap-year bug included)."""

_SERIAL_RANGE = (1, 2_958_465)  # 1900-01-01 .. 9999-12-31


def is_dictionary_text(values: pd.Series) -> bool:
    """Tell whether cells are Arrow dictionary text: each distinct text stored once (a Parquet column of names)."""
    kind = values.dtype.pyarrow_dtype if isinstance(values.dtype, pd.ArrowDtype) else None
    return kind is not None and pa.types.is_dictionary(kind) and (
        pa.types.is_string(kind.value_type) or pa.types.is_large_string(kind.value_type))


def arrow_text(values: pd.Series) -> pa.ChunkedArray:
    """Return cells as an Arrow text column: Arrow text as it is (no copy), anything else written as text.

    Examples
    --------
    >>> arrow_text(pd.Series(["a", None, 3], dtype=object)).to_pylist()
    ['a', None, '3']
    """
    return (values if is_text(values) else values.astype(TEXT)).array.__arrow_array__()


def stripped(values: pd.Series) -> pd.Series:
    """Return text cells stripped of white space at both ends, ``NA`` where empty (Arrow text, whole columns at once).

    Examples
    --------
    >>> stripped(pd.Series([" a ", "", None, "b"], dtype="str")).tolist()
    ['a', <NA>, <NA>, 'b']
    """
    arrow = arrow_text(values)
    trimmed = pc.utf8_trim_whitespace(arrow)
    if text_bytes(trimmed) == text_bytes(arrow):  # nothing trimmed: keep the cells (and free the copy)
        trimmed = arrow
    empty = pc.equal(trimmed, "")
    if pc.any(empty).as_py():
        trimmed = pc.if_else(empty, pa.scalar(None, trimmed.type), trimmed)
    return pd.Series(pd.arrays.ArrowStringArray(trimmed), index=values.index)


def without_empty(values: pd.Series, empty: pa.Array | pa.ChunkedArray | None = None) -> pd.Series:
    """Return Arrow text cells with the empty ones (``""``) missing, the text itself not copied.

    Only the validity bitmap is new: a CSV's empty cells can then be cast at once to
    dates or numbers, as missing ones. ``empty`` tells which cells are ``""`` when that
    is already known (looked for otherwise).

    Examples
    --------
    >>> without_empty(pd.Series(["2019-03-05", "", None], dtype="str")).tolist()
    ['2019-03-05', <NA>, <NA>]
    """
    arrow = arrow_text(values)
    empty = pc.equal(arrow, "") if empty is None else empty
    if not pc.any(empty).as_py():
        return values if is_text(values) else pd.Series(pd.arrays.ArrowStringArray(arrow), index=values.index)
    empty = pc.fill_null(empty, True)
    if isinstance(empty, pa.ChunkedArray):  # one bitmap: Arrow may chunk it unlike the text
        empty = empty.combine_chunks()
    chunks, start = [], 0
    for chunk in arrow.chunks:
        blank, start = empty.slice(start, len(chunk)), start + len(chunk)
        if chunk.offset == 0:  # the same offsets and text under a validity bitmap without the empty cells
            kept = pc.and_(pc.is_valid(chunk), pc.invert(blank))
            chunks.append(pa.Array.from_buffers(chunk.type, len(chunk), [kept.buffers()[1], *chunk.buffers()[1:]]))
        else:
            chunks.append(pc.if_else(blank, pa.scalar(None, chunk.type), chunk))
    return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(chunks, arrow.type)), index=values.index)


def text_bytes(column: pa.ChunkedArray) -> int:
    """Return how many bytes of text an Arrow text column spans, read off its offsets (no pass over the cells).

    Examples
    --------
    >>> text_bytes(pa.chunked_array([pa.array(["ab", None, "c"]).slice(1)]))
    1
    """
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        return int(pc.sum(pc.binary_length(column)).as_py() or 0)
    width = np.int64 if pa.types.is_large_string(column.type) else np.int32
    total = 0
    for chunk in column.chunks:
        if len(chunk):
            offsets = np.frombuffer(chunk.buffers()[1], dtype=width)
            total += int(offsets[chunk.offset + len(chunk)]) - int(offsets[chunk.offset])
    return total


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse calendar dates written as offices write them.

    Accepted: date cells (``datetime``/``Timestamp``), ``2019-03-05``, ``2019/3/5``,
    ``2019.3.5``, ``2019年3月5日``, ``20190305``, a time after the date (ignored), and
    Excel serial numbers (``43529`` is 2019-03-05). Empty cells are ``NaT`` and not bad.

    Parameters
    ----------
    values : pandas.Series
        Cells as written.

    Returns
    -------
    dates : pandas.Series
        ``datetime64[ns]``, ``NaT`` where empty or unreadable.
    bad : pandas.Series
        ``True`` where a cell holds something that is not a date.

    Examples
    --------
    >>> d, bad = parse_dates(pd.Series(["2019/3/5", "2019年3月5日", 43529, "", "2019-02-30"], dtype=object))
    >>> d.dt.strftime("%Y-%m-%d").tolist(), bad.tolist()
    (['2019-03-05', '2019-03-05', '2019-03-05', nan, nan], [False, False, False, False, True])
    """
    values = values.reset_index(drop=True)
    if values.dtype.kind == "M":
        return values.astype("datetime64[ns]"), pd.Series(False, index=values.index)
    if values.dtype != object:  # text (CSV, Parquet): the ISO pass over the whole column, most ledgers write dates so
        for cells in (without_empty, stripped):  # as written (Arrow refuses white space), else stripped
            text = cells(values)
            try:  # every cell an ISO date (a time after it ignored): read by Arrow at once, strictly
                arrow = arrow_text(text)
                dates = pc.cast(arrow, pa.timestamp("ns"))
                if text_bytes(arrow) != 10 * (len(arrow) - arrow.null_count):  # not all 2019-03-05: times to drop
                    dates = pc.floor_temporal(dates, unit="day")
                out = pd.Series(dates.to_numpy(), index=values.index).astype("datetime64[ns]")
                return out, pd.Series(False, index=values.index)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # other ways of writing dates, or mistakes
                pass
        blank = text.isna().to_numpy(dtype=bool)
        out = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce").astype("datetime64[ns]")
        todo = pd.Series(~blank & out.isna().to_numpy(dtype=bool), index=values.index)
        blank = pd.Series(blank, index=values.index)
    else:  # spreadsheets give date cells among text and numbers: each kind of cell parsed at once
        return _mixed_dates(values)
    if todo.any():  # numbers: Excel serials written as text
        numeric = pd.to_numeric(values[todo].astype(TEXT).str.strip().where(
            lambda t: t.str.fullmatch(r"\d+(\.\d*)?").fillna(False).astype(bool)), errors="coerce")
        serial = numeric.between(*_SERIAL_RANGE)
        rows = serial[serial].index
        if len(rows):
            out[rows] = EXCEL_EPOCH + pd.to_timedelta(np.floor(numeric[rows].astype(float)), unit="D")
            todo[rows] = False
    if todo.any():  # other ways of writing a date: 2019/3/5, 2019年3月5日, 20190305, with a time
        text = values[todo].astype(TEXT).str.normalize("NFKC").str.strip()
        text = (text.str.replace(r"^(\d{4})(\d{2})(\d{2})(\.0)?$", r"\1-\2-\3", regex=True)
                .str.replace(r"[年月/.]", "-", regex=True)
                .str.replace("日", "", regex=False)
                .str.replace(r"[ T].*$", "", regex=True))
        out[todo] = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce").astype("datetime64[ns]")
    bad = ~blank & out.isna()
    return out, bad


_DATE_TYPES = (dt.date, dt.datetime, pd.Timestamp)
_NUMBER_TYPES = (int, float, np.int64, np.float64)


def date_cells(cells: np.ndarray) -> np.ndarray:
    """Return date cells (``datetime.date``, ``datetime.datetime``, ``Timestamp``) as their days, ``datetime64[ns]``.

    Read by Arrow at once where it can; ``NaT`` for a day no ``datetime64[ns]`` holds.

    Examples
    --------
    >>> date_cells(np.array([dt.date(2019, 3, 5), dt.datetime(2019, 3, 6, 9, 30), None], dtype=object))
    array(['2019-03-05T00:00:00.000000000', '2019-03-06T00:00:00.000000000',
           'NaT'], dtype='datetime64[ns]')
    """
    try:
        arrow = pa.array(cells, from_pandas=True)
        if pa.types.is_timestamp(arrow.type) or pa.types.is_date(arrow.type):
            day = arrow if pa.types.is_date(arrow.type) else pc.cast(arrow, pa.date32(), safe=False)
            return pc.cast(day, pa.timestamp("ns")).to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OverflowError):
        pass
    days = pd.to_datetime(pd.Series(cells, dtype=object), errors="coerce").dt.normalize()  # dates and times mixed
    return days.where(days.between(pd.Timestamp.min, pd.Timestamp.max)).astype("datetime64[ns]").to_numpy()


def _mixed_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse a column of date cells, text and numbers (a spreadsheet's): each kind of cell at once.

    Examples
    --------
    >>> d, bad = _mixed_dates(pd.Series([dt.date(2019, 3, 5), "2019年3月6日", 43531.0, None, " ", True], dtype=object))
    >>> d.dt.strftime("%Y-%m-%d").tolist(), bad.tolist()
    (['2019-03-05', '2019-03-06', '2019-03-07', nan, nan, nan], [False, False, False, False, False, True])
    """
    out = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[ns]")
    kinds = values.map(type, na_action="ignore")
    blank = values.isna().to_numpy(dtype=bool, copy=True)
    bad = np.zeros(len(values), dtype=bool)
    is_date = kinds.isin(_DATE_TYPES).to_numpy(dtype=bool)
    if is_date.any():
        dates = date_cells(values[is_date].to_numpy())
        out[is_date] = dates
        bad[is_date] = np.isnat(dates)
    is_str = kinds.isin((str,)).to_numpy(dtype=bool)
    if is_str.any():  # as a text column is read
        dates, unread = parse_dates(values[is_str].astype(TEXT))
        out[is_str] = dates.to_numpy()
        bad[is_str] = unread.to_numpy(dtype=bool)
        blank[is_str] = (dates.isna() & ~unread).to_numpy(dtype=bool)
    is_number = kinds.isin(_NUMBER_TYPES).to_numpy(dtype=bool)
    if is_number.any():  # Excel serials
        numbers = pd.to_numeric(values[is_number], errors="coerce").astype(float)
        serial = numbers.between(*_SERIAL_RANGE).to_numpy(dtype=bool)
        days = EXCEL_EPOCH + pd.to_timedelta(np.floor(numbers.where(serial)), unit="D")
        out[is_number] = days.to_numpy()
        bad[is_number] = ~serial
    bad |= ~(blank | is_date | is_str | is_number)  # booleans, times of day
    return pd.Series(out, index=values.index), pd.Series(bad, index=values.index)


def parse_amounts(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse amounts such as ``1,234.5``, ``¥ 80`` or Excel numbers.

    Parameters
    ----------
    values : pandas.Series
        The amount cells of one column, as the file holds them (text or numbers).

    Returns
    -------
    amounts : pandas.Series
        ``float64``; ``NaN`` for an empty or unreadable cell.
    bad : pandas.Series
        ``True`` where a cell holds something that is not a number.

    Examples
    --------
    >>> a, bad = parse_amounts(pd.Series(["1,234.5", 7, "", "abc", "1.2.3", "-3"], dtype=object))
    >>> a.tolist(), bad.tolist()
    ([1234.5, 7.0, nan, nan, nan, -3.0], [False, False, False, True, True, False])
    """
    values = values.reset_index(drop=True)
    if values.dtype.kind in "iuf":
        return values.astype("float64"), pd.Series(False, index=values.index)
    text = without_empty(values) if is_text(values) else values
    amounts = _plain_numbers(text)  # as written first: Arrow refuses white space
    if amounts is None:
        text = stripped(values)
        amounts = _plain_numbers(text)
    blank = text.isna().astype(bool)
    if amounts is None:  # thousands separators, currency signs, full-width digits or words
        text = text.str.normalize("NFKC").str.strip().str.replace(r"[,\s¥]", "", regex=True)
        amounts = pd.to_numeric(text.where(~blank), errors="coerce").astype("float64")
    finite = np.isfinite(amounts.to_numpy())
    if not finite.all():  # inf is no amount
        amounts = amounts.where(finite)
    bad = ~blank & amounts.isna()
    return amounts, bad


def _plain_numbers(text: pd.Series) -> pd.Series | None:
    """Return cells read as plain numbers by Arrow in one pass, or None when one of them is not one."""
    try:
        return pd.Series(pc.cast(arrow_text(text), pa.float64()).to_numpy(zero_copy_only=False), index=text.index)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
