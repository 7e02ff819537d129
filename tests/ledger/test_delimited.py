"""CSV files read with Arrow's reader: encodings found late, cells spanning lines, tabs, big files counted unread."""

import pytest

from yubei_lib.ledger.delimited import _Bytes
from yubei_lib.ledger.problems import LedgerError
from yubei_lib.ledger.read import read_table
from yubei_lib.ledger.validate import is_known_header


def _read(path, **kw):
    return read_table(path, is_known=is_known_header, **kw)


def test_a_gbk_file_whose_top_is_plain_ascii_is_still_read(tmp_path):
    path = tmp_path / "l.csv"
    rows = [f"P{i},Yubei" for i in range(60_000)] + ["P-last,渝北区"]  # the first Chinese well past the top rows
    path.write_bytes(("project_id,district\n" + "\n".join(rows) + "\n").encode("gbk"))
    table = _read(path)
    assert table.frame.district.iloc[-1] == "渝北区" and table.rows[-1] == 60_002


def test_cells_spanning_lines_are_read_whole_and_rows_keep_their_lines(tmp_path):
    path = tmp_path / "l.csv"
    path.write_text('project_id,project_name\nA,"one, two"\nB,"three\nfour"\nC,x\n', encoding="utf-8")
    table = _read(path)
    assert table.frame.project_name.tolist() == ["one, two", "three\nfour", "x"]
    assert table.rows.tolist() == [2, 3, 5]


def test_tab_separated_and_a_byte_order_mark(tmp_path):
    path = tmp_path / "l.tsv"
    path.write_bytes("\ufeffproject_id\tdistrict\nA\tYubei\n".encode("utf-8"))
    table = _read(path)
    assert list(table.frame.columns) == ["project_id", "district"] and table.frame.district.tolist() == ["Yubei"]


def test_a_short_row_is_padded_and_a_long_one_is_named(tmp_path):
    path = tmp_path / "l.csv"
    path.write_text("project_id,district,signed_on\nA,Yubei\nB,Dazu,2020-01-01\n", encoding="utf-8")
    table = _read(path)
    assert table.frame.project_id.tolist() == ["A", "B"] and table.rows.tolist() == [2, 3]
    path.write_text("project_id,district\nA,Yubei,extra\n", encoding="utf-8")
    with pytest.raises(LedgerError) as err:
        _read(path)
    assert (err.value.problems[0].row, err.value.problems[0].value) == (2, "extra")


def test_bytes_are_counted_and_found_block_by_block(monkeypatch):
    import yubei_lib.ledger.delimited as delimited

    monkeypatch.setattr(delimited, "_BLOCK", 4)  # blocks smaller than the lines
    data = _Bytes(b'ab\ncd\n"e\nfg')
    assert data.count(b"\n") == 3 and data.has(b'"') and not data.has(b'"', 7)
    assert [data.after_lines(0, n) for n in range(5)] == [0, 3, 6, 9, 11]
    assert data.text(3, 5) == "cd" and not data.ends_with_newline()
