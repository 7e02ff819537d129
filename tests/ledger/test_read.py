import openpyxl
import pandas as pd
import pytest

from yubei_lib.ledger.problems import LedgerError
from yubei_lib.ledger.raw import split_unit
from yubei_lib.ledger.read import read_table
from yubei_lib.ledger.validate import is_known_header


def _read(path, **kw):
    return read_table(path, is_known=is_known_header, **kw)


def test_split_unit_handles_half_and_full_width_brackets():
    assert split_unit("到位资金（万元）") == ("到位资金", "万元")
    assert split_unit("amount [bn yuan]") == ("amount", "bn yuan")
    assert split_unit("备注") == ("备注", None)


def test_csv_lines_count_title_rows_blank_lines_and_the_header(tmp_path):
    path = tmp_path / "l.csv"
    path.write_text("渝北区项目台账\n\nproject_id,project_name\nA,x\n\nB,y\n", encoding="utf-8")
    table = _read(path)
    assert list(table.frame.columns) == ["project_id", "project_name"]
    assert table.frame.project_id.tolist() == ["A", "B"]
    assert table.rows.tolist() == [4, 6]


def test_csv_line_numbers_follow_quoted_cells_spanning_lines(tmp_path):
    path = tmp_path / "l.csv"
    path.write_text('project_id,project_name\nA,"two\nlines"\nB,y\n', encoding="utf-8")
    table = _read(path)
    assert table.rows.tolist() == [2, 4]
    assert table.frame.project_name[0] == "two\nlines"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings(tmp_path, encoding):
    path = tmp_path / "l.csv"
    path.write_bytes("项目编号,项目名称\nA,渝北智能终端\n".encode(encoding))
    table = _read(path)
    assert table.frame.columns.tolist() == ["项目编号", "项目名称"]
    assert table.frame.iloc[0, 1] == "渝北智能终端"


def test_undecodable_csv_is_a_clear_error(tmp_path):
    path = tmp_path / "l.csv"
    path.write_bytes(b"project_id,project_name\nA,\xff\xfe\x80\n")
    with pytest.raises(LedgerError, match="unreadable encoding"):
        _read(path)


def test_xlsx_rows_are_excel_rows_below_a_title(tmp_path):
    path = tmp_path / "l.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["渝北区招商引资项目台账"])
    ws.append([])
    ws.append(["项目编号", "项目名称", "签约日期"])
    ws.append(["A", "x", 43529])
    ws.append([None, None, None])
    ws.append(["B", "y", "2019/3/5"])
    wb.save(path)
    table = _read(path)
    assert table.frame.columns.tolist() == ["项目编号", "项目名称", "签约日期"]
    assert table.rows.tolist() == [4, 6]
    assert table.frame["签约日期"].tolist() == [43529, "2019/3/5"]


def test_xlsx_named_sheet_and_missing_sheet(tmp_path):
    path = tmp_path / "l.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    ws = wb.create_sheet("台账")
    ws.append(["project_id", "project_name"])
    ws.append(["A", "x"])
    wb.save(path)
    assert _read(path, sheet="台账").frame.project_id.tolist() == ["A"]
    with pytest.raises(LedgerError, match="no sheet named"):
        _read(path, sheet="2020")


def test_parquet_rows_are_record_numbers(tmp_path):
    path = tmp_path / "l.parquet"
    pd.DataFrame({"project_id": ["A", "B"], "project_name": ["x", "y"]}).to_parquet(path)
    table = _read(path)
    assert table.rows.tolist() == [1, 2]


@pytest.mark.parametrize("content, message", [(b"", "empty file"), (b"project_id,project_name\n", "header but no rows")])
def test_empty_files(tmp_path, content, message):
    path = tmp_path / "l.csv"
    path.write_bytes(content)
    with pytest.raises(LedgerError, match=message):
        _read(path)


def test_missing_file_and_unsupported_type(tmp_path):
    with pytest.raises(LedgerError, match="no such file"):
        _read(tmp_path / "nope.csv")
    (tmp_path / "l.doc").write_text("x")
    with pytest.raises(LedgerError, match="unsupported file type"):
        _read(tmp_path / "l.doc")


def test_csv_row_with_cells_beyond_the_header_is_named(tmp_path):
    path = tmp_path / "l.csv"
    path.write_text("project_id,project_name\nA,x\nB,y,stray\nC,z,\n", encoding="utf-8")
    with pytest.raises(LedgerError) as err:
        _read(path)
    [problem] = err.value.problems
    assert (problem.row, problem.value) == (3, "stray")


def test_csv_trailing_empty_cells_are_tolerated(tmp_path):
    path = tmp_path / "l.csv"
    path.write_text("project_id,project_name,,\nA,x,,\nB,y\n", encoding="utf-8")
    table = _read(path)
    assert table.frame.project_id.tolist() == ["A", "B"] and table.rows.tolist() == [2, 3]


def _xlsx(path, rows):
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(list(r))
    wb.save(path)
    return path


def _csv(path, n, header_at=0):
    lines = [f"filler {i}" for i in range(header_at)] + ["project_id,district,signed_on"]
    lines += [f"P{i},Yubei,2020-01-01" for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_header_below_49_title_rows_is_found_and_one_below_50_is_refused_at_once(tmp_path):
    found = read_table(_csv(tmp_path / "a.csv", 3, header_at=49), is_known=is_known_header)
    assert list(found.frame.columns) == ["project_id", "district", "signed_on"] and list(found.rows) == [51, 52, 53]
    with pytest.raises(LedgerError, match="no header in the first 50 rows") as err:
        read_table(_csv(tmp_path / "b.csv", 3, header_at=50), is_known=is_known_header)
    assert err.value.problems[0].file.endswith("b.csv")
    book = _xlsx(tmp_path / "c.xlsx", [[f"filler {i}"] for i in range(60)] + [["project_id", "district"], ["P1", "Yubei"]])
    with pytest.raises(LedgerError, match="no header in the first 50 rows"):
        read_table(book, is_known=is_known_header)


def test_a_file_over_the_row_limit_is_refused_naming_the_limit_and_the_way_to_raise_it(tmp_path, monkeypatch):
    path = _csv(tmp_path / "big.csv", 200)
    assert len(read_table(path, is_known=is_known_header, limit=200).frame) == 200
    with pytest.raises(LedgerError) as err:
        read_table(path, is_known=is_known_header, limit=100)
    problem = err.value.problems[0]
    assert problem.value == 200 and "limit of 100" in problem.message and "--max-rows" in problem.message
    monkeypatch.setenv("YUBEI_MAX_ROWS", "100")
    with pytest.raises(LedgerError, match="limit of 100"):
        read_table(path, is_known=is_known_header)
    monkeypatch.setenv("YUBEI_MAX_ROWS", "1000")
    assert len(read_table(path, is_known=is_known_header).frame) == 200
    pd.DataFrame({"project_id": [f"P{i}" for i in range(150)]}).to_parquet(tmp_path / "big.parquet")
    with pytest.raises(LedgerError, match="150 rows, more than the limit of 100"):
        read_table(tmp_path / "big.parquet", limit=100)


def test_an_xlsx_is_refused_by_its_declared_size_before_its_rows_are_read(tmp_path):
    import re
    import zipfile

    small = _xlsx(tmp_path / "small.xlsx", [["project_id", "district"]] + [[f"P{i}", "Yubei"] for i in range(300)])
    with pytest.raises(LedgerError, match="300 rows, more than the limit of 100"):
        read_table(small, is_known=is_known_header, limit=100)
    claims = tmp_path / "claims.xlsx"  # a sheet whose dimension says 3,000,000 rows: refused without reading them
    with zipfile.ZipFile(small) as src, zipfile.ZipFile(claims, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="A1:B301" ?/>', b'<dimension ref="A1:B3000000"/>', data)
                assert b"B3000000" in data
            dst.writestr(item, data)
    with pytest.raises(LedgerError, match="2,999,999 rows, more than the limit of 1,048,576"):
        read_table(claims, is_known=is_known_header, limit=5_000_000)


def _without_dimension(src_path, dst_path, rows: int | None = None):
    """Copy a workbook, its sheet's <dimension> removed (as some exporters write it); ``rows`` more rows appended."""
    import re
    import zipfile

    with zipfile.ZipFile(src_path) as src, zipfile.ZipFile(dst_path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<dimension [^>]*/>", b"", data)
                if rows:
                    extra = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>P</t></is></c></row>' % (r, r)
                                     for r in range(302, 302 + rows))
                    data = data.replace(b"</sheetData>", extra + b"</sheetData>")
            dst.writestr(item, data)
    return dst_path


def test_an_xlsx_without_a_dimension_is_counted_unread_and_still_loads(tmp_path, monkeypatch):
    from yubei_lib.ledger.workbook import Workbook

    small = _xlsx(tmp_path / "small.xlsx", [["project_id", "district"]] + [[f"P{i}", "Yubei"] for i in range(300)])
    bare = _without_dimension(small, tmp_path / "bare.xlsx")
    assert read_table(bare, is_known=is_known_header).frame.project_id.tolist()[-1] == "P299"
    read, seen = Workbook._read, []
    monkeypatch.setattr(Workbook, "_read", lambda book, sheet: seen.append(sheet) or read(book, sheet))
    longer = _without_dimension(small, tmp_path / "longer.xlsx", rows=500)
    with pytest.raises(LedgerError, match="800 rows, more than the limit of 700"):
        read_table(longer, is_known=is_known_header, limit=700)
    assert seen == []  # counted from the sheet's XML: no cell was read


def test_a_sheet_that_is_not_xml_is_a_clear_error(tmp_path):
    import zipfile

    small = _xlsx(tmp_path / "small.xlsx", [["project_id", "district"]] + [[f"P{i}", "Yubei"] for i in range(30)])
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(small) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b"<row <<< not xml")
            dst.writestr(item, data)
    with pytest.raises(LedgerError, match="not a readable Excel .xlsx workbook"):
        read_table(broken, is_known=is_known_header)
