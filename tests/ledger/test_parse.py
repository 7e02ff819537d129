import datetime as dt

import numpy as np
import pandas as pd
import pytest

from yubei_lib.ledger.parse import parse_amounts, parse_dates


@pytest.mark.parametrize("cell, expected", [
    ("2019-03-05", "2019-03-05"),
    ("2019/3/5", "2019-03-05"),
    ("2019.3.5", "2019-03-05"),
    ("2019年3月5日", "2019-03-05"),
    ("20190305", "2019-03-05"),
    ("2019-03-05 14:30:00", "2019-03-05"),
    (43529, "2019-03-05"),          # Excel serial
    (43529.75, "2019-03-05"),       # serial with a time of day
    ("43529", "2019-03-05"),        # serial written as text
    (dt.datetime(2019, 3, 5, 9, 0), "2019-03-05"),
    (dt.date(2020, 2, 29), "2020-02-29"),
])
def test_parse_dates_accepts_office_forms(cell, expected):
    dates, bad = parse_dates(pd.Series([cell], dtype=object))
    assert not bad[0]
    assert dates[0] == pd.Timestamp(expected)


@pytest.mark.parametrize("cell", ["2019-13-45", "2019/02/30", "昨天", "3/5/2019x", "abc", -5])
def test_parse_dates_flags_what_is_not_a_date(cell):
    dates, bad = parse_dates(pd.Series([cell], dtype=object))
    assert bad[0] and pd.isna(dates[0])


def test_parse_dates_empty_cells_are_missing_not_bad():
    dates, bad = parse_dates(pd.Series(["", None, "  ", np.nan], dtype=object))
    assert dates.isna().all() and not bad.any()
    assert dates.dtype == "datetime64[ns]"


def test_parse_dates_keeps_native_datetimes():
    native = pd.Series(pd.to_datetime(["2020-01-02", None]))
    dates, bad = parse_dates(native)
    assert dates[0] == pd.Timestamp("2020-01-02") and pd.isna(dates[1]) and not bad.any()


@pytest.mark.parametrize("cell, expected", [
    ("1,234.5", 1234.5), ("1，234.5", 1234.5), (" 80 ", 80.0), ("¥3.5", 3.5), (7, 7.0), (0.25, 0.25), ("-2", -2.0),
])
def test_parse_amounts_accepts_written_numbers(cell, expected):
    amounts, bad = parse_amounts(pd.Series([cell], dtype=object))
    assert not bad[0] and amounts[0] == expected


@pytest.mark.parametrize("cell", ["abc", "1.2.3", "12亿", "inf", "nan?"])
def test_parse_amounts_flags_what_is_not_a_number(cell):
    amounts, bad = parse_amounts(pd.Series([cell], dtype=object))
    assert bad[0] and np.isnan(amounts[0])


def test_parse_amounts_does_not_touch_input():
    cells = pd.Series(["1,000", ""], dtype=object)
    parse_amounts(cells)
    assert cells.tolist() == ["1,000", ""]


def test_full_width_digits_are_read_as_digits():
    amounts, bad = parse_amounts(pd.Series(["１.５", "１，２００"], dtype=object))
    assert amounts.tolist() == [1.5, 1200.0] and not bad.any()
    dates, bad = parse_dates(pd.Series(["２０１９年３月５日"], dtype=object))
    assert dates[0] == pd.Timestamp("2019-03-05") and not bad.any()


TEXT = pd.StringDtype("pyarrow")  # cells as a CSV or Parquet file gives them


@pytest.mark.parametrize("cells, expected, bad", [
    (["2019-03-05", "2020-02-29", None], ["2019-03-05", "2020-02-29", None], [False, False, False]),  # all ISO: one pass
    (["2019-03-05 14:30:00", " 2019-03-06 "], ["2019-03-05", "2019-03-06"], [False, False]),
    (["2019-03-05T23:59:59", "2019-03-06", ""], ["2019-03-05", "2019-03-06", None], [False, False, False]),  # times dropped
    (["2019-03-05 14", "2019-03-06"], ["2019-03-05", "2019-03-06"], [False, False]),
    (["2019-03-05", "2019/3/5", "", "2019-02-30", "43529"], ["2019-03-05", "2019-03-05", None, None, "2019-03-05"],
     [False, False, False, True, False]),
    (["２０１９年３月５日", "yesterday"], ["2019-03-05", None], [False, True]),
])
def test_parse_dates_of_arrow_text_agree_with_the_rules(cells, expected, bad):
    dates, flagged = parse_dates(pd.Series(cells, dtype=TEXT))
    assert dates.dtype == "datetime64[ns]"
    assert (dates.dropna() == dates.dropna().dt.normalize()).all()  # days: a time written after the date is dropped
    assert [None if pd.isna(d) else d.strftime("%Y-%m-%d") for d in dates] == expected
    assert flagged.tolist() == bad


@pytest.mark.parametrize("cells, expected, bad", [
    (["1", "2.5", None, ""], [1.0, 2.5, None, None], [False, False, False, False]),  # plain numbers: one pass
    (["1,234.5", "¥ 80", "-2"], [1234.5, 80.0, -2.0], [False, False, False]),
    (["7", "inf", "12亿"], [7.0, None, None], [False, True, True]),
])
def test_parse_amounts_of_arrow_text_agree_with_the_rules(cells, expected, bad):
    amounts, flagged = parse_amounts(pd.Series(cells, dtype=TEXT))
    assert [None if np.isnan(a) else a for a in amounts] == expected
    assert flagged.tolist() == bad


def test_stripped_keeps_unchanged_text_and_blanks_empty_cells():
    from yubei_lib.ledger.parse import stripped

    assert stripped(pd.Series(["a", "b"], dtype=TEXT)).tolist() == ["a", "b"]
    assert stripped(pd.Series([" a", "\u3000b\u3000", "", None], dtype=TEXT)).isna().tolist() == [False, False, True, True]
    assert stripped(pd.Series([" a", "\u3000b\u3000"], dtype=TEXT)).tolist() == ["a", "b"]


def _chunked(cells: list, cuts: list[int], offset: int = 0) -> pd.Series:
    """Arrow text of many chunks (as a big CSV gives), the first one a slice starting ``offset`` cells in."""
    import pyarrow as pa

    pieces, start = [], 0
    for end in cuts + [len(cells)]:
        pieces.append(pa.array(cells[start:end], pa.large_string()))
        start = end
    first = pa.concat_arrays([pa.array(["x"] * offset, pa.large_string()), pieces[0]]).slice(offset)
    return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([first, *pieces[1:]])))


@pytest.mark.parametrize("offset", [0, 3])
def test_without_empty_over_many_chunks_keeps_the_text_and_misses_the_empty(offset):
    from yubei_lib.ledger.parse import without_empty

    cells = ["2019-03-05", "", None, "2019-03-06", "", "", "2020-01-01", "a b", ""]
    got = without_empty(_chunked(cells, [2, 3, 7], offset))
    assert got.tolist() == [pd.NA if c in ("", None) else c for c in cells]
    plain = _chunked(["a", "b"], [1])
    assert without_empty(plain) is plain  # nothing empty: the cells themselves


@pytest.mark.parametrize("offset", [0, 2])
def test_dates_and_amounts_of_many_chunks_agree_with_one_chunk(offset):
    dates = ["2019-03-05", "", "2019-03-06 10:00", "", None, "2019-3-7", " 2019-03-08", "x"]
    amounts = ["1", "", None, "2.5", " 3", "1,000", "inf", ""]
    for parse, cells in ((parse_dates, dates), (parse_amounts, amounts)):
        for cut in ([3], [1, 2, 6]):  # the first pass fails on a later chunk, or holds throughout the first ones
            many, flagged = parse(_chunked(cells, cut, offset))
            one, expected = parse(pd.Series(cells, dtype=TEXT))
            pd.testing.assert_series_equal(many, one)
            assert flagged.tolist() == expected.tolist()
    got, bad = parse_dates(_chunked(["2019-03-05", "", "2019-03-06"], [1], offset))
    assert got.dt.strftime("%Y-%m-%d").tolist()[::2] == ["2019-03-05", "2019-03-06"] and not bad.any()


def test_text_bytes_reads_the_offsets_of_slices():
    import pyarrow as pa

    from yubei_lib.ledger.parse import text_bytes

    sliced = pa.array(["ab", None, "cde", "f"], pa.large_string()).slice(1, 2)
    assert text_bytes(pa.chunked_array([sliced, pa.array(["gh"], pa.large_string())])) == 5
    assert text_bytes(pa.chunked_array([pa.array(["ab", "c"], pa.string()).slice(1)])) == 1
    assert text_bytes(pa.chunked_array([], pa.large_string())) == 0
