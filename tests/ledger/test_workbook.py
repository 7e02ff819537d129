"""Every spreadsheet an office saves gives the same ledger: .xlsx, .xls, .xlsb, .ods; totals, cover sheets, --sheet."""

import datetime as dt
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from yubei_lib.cli import app
from yubei_lib.figures.machine import district_figures
from yubei_lib.ledger.load import load_ledger
from yubei_lib.ledger.problems import LedgerError
from yubei_lib.ledger.workbook import Workbook, sheet_names, sheet_rows

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "workbooks"
XLSX = FIXTURES / "ledger.xlsx"  # a title row, the header, 120 of the sample's Yubei projects
XLSB = FIXTURES / "ledger.xlsb"  # the same rows after a 说明 sheet, then a blank row and a 合计 row (pyxlsbwriter)
AS_OF = "2020-12-31"


@pytest.fixture(scope="module")
def rows():
    return sheet_rows(XLSX)


@pytest.fixture(scope="module")
def expected():
    ledger = load_ledger(XLSX)
    return ledger.projects, district_figures(ledger.projects, ledger.capital, AS_OF)


def _xls(path, sheets):
    import xlwt

    book, date = xlwt.Workbook(encoding="utf-8"), xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for name, rows in sheets.items():
        ws = book.add_sheet(name)
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                if isinstance(v, dt.date):
                    ws.write(i, j, v, date)
                elif v is not None:
                    ws.write(i, j, v)
    book.save(str(path))
    return path


def _ods(path, sheets):
    with pd.ExcelWriter(path, engine="odf") as writer:
        for name, rows in sheets.items():
            pd.DataFrame(rows).to_excel(writer, sheet_name=name, header=False, index=False)
    return path


def _same(ledger, expected):
    projects, figures = expected
    pd.testing.assert_frame_equal(ledger.projects, projects)
    pd.testing.assert_frame_equal(district_figures(ledger.projects, ledger.capital, AS_OF), figures)


@pytest.mark.parametrize("write", [_xls, _ods], ids=["xls", "ods"])
def test_the_ledger_as_xls_and_ods_gives_the_xlsx_frames_and_figures(tmp_path, rows, expected, write):
    path = write(tmp_path / f"台账.{write.__name__[1:]}", {"项目台账": rows})
    ledger = load_ledger(path)
    _same(ledger, expected)
    assert ledger.problems == []


def test_the_xlsb_fixture_after_a_cover_sheet_with_a_total_row_gives_the_xlsx_frames_and_figures(expected):
    assert sheet_names(XLSB) == ["说明", "项目台账"]
    ledger = load_ledger(XLSB)
    _same(ledger, expected)
    [total] = ledger.problems
    assert (total.severity, total.sheet, total.row, total.column, total.value) == ("warning", "项目台账", 124, "项目编号", "合计")
    assert str(total).startswith(f"{XLSB}, sheet '项目台账', row 124, column '项目编号', value '合计': warning: a total row")


def test_a_sum_row_after_a_blank_row_is_skipped_and_listed_never_counted(tmp_path, expected):
    wb = openpyxl.load_workbook(XLSX)
    ws = wb.active
    last = ws.max_row
    ws.append([])
    ws.append(["合  计", None, None, None, f"=SUM(E3:E{last})"])
    wb.save(tmp_path / "台账.xlsx")
    ledger = load_ledger(tmp_path / "台账.xlsx")
    _same(ledger, expected)
    assert [(p.row, p.value, p.severity) for p in ledger.problems] == [(last + 2, "合  计", "warning")]
    assert ledger.summary()["warnings"] == 1 and ledger.summary()["errors"] == 0


def test_subtotal_and_total_rows_of_the_capital_are_skipped(tmp_path):
    projects = tmp_path / "p.csv"
    projects.write_text("项目编号,项目名称,所属区县,签约日期,协议投资额(万元)\nA,甲,渝北,2020-01-05,100\n"
                        "B,乙,渝北,2020-02-05,200\n小计,,,,300\n", encoding="utf-8")
    capital = tmp_path / "c.csv"
    capital.write_text("序号,项目编号,到位日期,到位资金(万元)\n1,A,2020-03-01,10\n2,B,2020-04-01,20\n"
                       ",Total,,30\n全区合计：,,,30\n", encoding="utf-8")
    ledger = load_ledger(projects, capital)
    assert ledger.projects.project_id.tolist() == ["A", "B"] and ledger.capital.amount.sum() == 300_000
    assert [(Path(p.file).name, p.row, p.column, p.value) for p in ledger.warnings] == [
        ("p.csv", 4, "项目编号", "小计"), ("c.csv", 4, "项目编号", "Total"), ("c.csv", 5, "序号", "全区合计：")]


def test_a_cover_sheet_in_front_is_passed_over_and_sheet_chooses_one(tmp_path, expected):
    wb = openpyxl.load_workbook(XLSX)
    cover = wb.create_sheet("说明", 0)
    cover.append(["填表说明：项目编号、签约日期必填"])
    older = wb.copy_worksheet(wb["项目台账"])
    older.title = "2019年"
    older["D3"] = "2019-13-45"  # a bad date on the sheet that is not read by default
    wb.save(tmp_path / "台账.xlsx")
    _same(load_ledger(tmp_path / "台账.xlsx"), expected)
    with pytest.raises(LedgerError) as err:
        load_ledger(tmp_path / "台账.xlsx", sheet="2019年")
    assert f"{tmp_path / '台账.xlsx'}, sheet '2019年', row 3, column '签约日期', value '2019-13-45'" in str(err.value)
    with pytest.raises(LedgerError, match="no sheet named '2020'"):
        load_ledger(tmp_path / "台账.xlsx", sheet="2020")


def test_every_message_names_the_sheet_it_read(tmp_path, rows):
    bad = [list(r) for r in rows]
    bad[3][2] = "重庆市"  # an unknown district on row 4
    path = _xls(tmp_path / "台账.xls", {"封面": [["渝北区招商引资项目台账"]], "项目台账": bad})
    with pytest.raises(LedgerError) as err:
        load_ledger(path)
    [problem] = err.value.problems
    assert str(problem).startswith(f"{path}, sheet '项目台账', row 4, column '所属区县', value '重庆市': unknown district")
    no_amount = _ods(tmp_path / "台账.ods", {"项目台账": [[c for j, c in enumerate(r) if j != 4] for r in rows]})
    with pytest.raises(LedgerError) as err:
        load_ledger(no_amount)
    assert f"{no_amount}, sheet '项目台账', column 'contract_value': missing required column" in str(err.value)


def test_sheet_on_validate_metrics_report_and_diff(tmp_path, rows):
    wb = openpyxl.Workbook()
    wb.active.title = "2019年"
    for row in rows[:1] + [("项目编号", "项目名称", "所属区县")]:  # a sheet with the header but not the whole table
        wb.active.append(row)
    ws = wb.create_sheet("2020年")
    for row in rows:
        ws.append(row)
    wb.save(tmp_path / "台账.xlsx")
    runner = CliRunner()
    refused = runner.invoke(app, ["validate", str(tmp_path / "台账.xlsx")])
    assert refused.exit_code == 2 and "sheet '2019年'" in refused.output
    assert runner.invoke(app, ["validate", str(tmp_path / "台账.xlsx"), "--sheet", "2020年"]).exit_code == 0
    shown = runner.invoke(app, ["metrics", "--as-of", AS_OF, "--projects", str(tmp_path / "台账.xlsx"),
                                "--sheet", "2020年", "--format", "json"])
    alone = runner.invoke(app, ["metrics", "--as-of", AS_OF, "--projects", str(XLSX), "--format", "json"])
    assert shown.exit_code == 0 and shown.output == alone.output
    shutil.copy(tmp_path / "台账.xlsx", tmp_path / "台账2.xlsx")
    same = runner.invoke(app, ["diff", str(tmp_path / "台账.xlsx"), str(tmp_path / "台账2.xlsx"), "--as-of", AS_OF,
                               "--sheet", "2020年", "--format", "json"])
    assert same.exit_code == 0 and '"districts": []' in same.output
    assert "--sheet" in runner.invoke(app, ["report", "--help"]).output


def test_a_report_s_pages_read_the_sheet_the_run_chose(tmp_path, rows):
    from yubei_lib.ledger.load import SHEETS

    wb = openpyxl.Workbook()
    wb.active.title = "2020年"
    for row in rows:
        wb.active.append(row)
    wb.save(tmp_path / "台账.xlsx")
    cache = tmp_path / "cache"
    chosen = load_ledger(tmp_path / "台账.xlsx", sheet="2020年", cache=cache)
    assert (cache / SHEETS).exists()
    again = load_ledger(tmp_path / "台账.xlsx", cache=cache)  # as a page's kernel loads it: no sheet given
    pd.testing.assert_frame_equal(again.projects, chosen.projects)
    assert len(list(cache.glob("*.pickle"))) == 1  # the same load, found in the cache


def test_short_xlsb_cells_are_refused_not_lost():
    with pytest.raises(LedgerError, match="short form of .xlsb cells"):
        load_ledger(FIXTURES / "short_cells.xlsb")


def test_workbook_api_lists_sheets_and_reads_rows(tmp_path, rows):
    path = _xls(tmp_path / "t.xls", {"说明": [["x"]], "项目台账": rows[:3]})
    with Workbook(path) as book:
        assert book.sheets == ["说明", "项目台账"]
        got = book.rows("项目台账")
    assert got[1][:2] == ("项目编号", "项目名称") and got[2][3] == dt.date(2015, 2, 7) and got[0][1] is None
    with pytest.raises(LedgerError, match="no sheet named"):
        sheet_rows(path, "2020")
    (tmp_path / "not.xls").write_bytes(b"not a workbook at all")
    with pytest.raises(LedgerError, match="not a readable Excel 97-2003 .xls workbook"):
        sheet_names(tmp_path / "not.xls")


# --- hostile files: refused before they are read, each in a process of its own with its memory capped --------

def _refused_in_a_capped_process(path: Path, expected: str, limit: int | None = None) -> None:
    code = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))  # a reader that tried would die here, not pass
        import python_calamine
        from yubei_lib.ledger.workbook import Workbook
        read = Workbook._read
        def never(book, sheet):
            if sheet == "项目台账":
                raise AssertionError("a sheet over the limits was read")
            return read(book, sheet)
        Workbook._read = never
        from yubei_lib.ledger.problems import LedgerError
        from yubei_lib.ledger.read import read_table
        from yubei_lib.ledger.validate import is_project_header
        try:
            read_table({str(path)!r}, is_known=is_project_header, limit={limit!r})
        except LedgerError as exc:
            print(exc.problems[0])
            sys.exit(0)
        sys.exit("not refused")
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert expected in done.stdout, done.stdout


def test_an_xlsx_with_a_cell_far_away_is_refused_before_it_is_read(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["项目编号", "项目名称"])
    wb.active["XFD1048576"] = "x"
    wb.save(tmp_path / "far.xlsx")
    _refused_in_a_capped_process(tmp_path / "far.xlsx", "spans 1,048,576 rows and 16,384 columns")


def test_an_xlsb_with_a_cell_far_away_is_refused_before_it_is_read(tmp_path):
    import struct

    from yubei_lib.ledger.extent_binary import _record_starts

    far = tmp_path / "far.xlsb"
    with zipfile.ZipFile(XLSB) as src, zipfile.ZipFile(far, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.bin":  # row 1,000,001, column 100,001, before BrtEndSheetData
                cells = b"\x00\x11" + struct.pack("<I", 1_000_000) + bytes(13)
                cells += b"\x05\x10" + struct.pack("<IId", 100_000, 0, 1.0)
                at = next(int(k) for k in _record_starts(data) if data[k:k + 2] == b"\x92\x01")
                data = data[:at] + cells + data[at:]
            dst.writestr(item, data)
    _refused_in_a_capped_process(far, "spans 1,000,001 rows and 100,001 columns")


def test_an_xls_over_the_row_limit_is_refused_before_it_is_read(tmp_path, rows):
    path = _xls(tmp_path / "long.xls", {"项目台账": rows + [rows[-1]] * 300})
    _refused_in_a_capped_process(path, "421 rows, more than the limit of 100", limit=100)


def test_an_ods_of_a_million_repeated_rows_is_refused_before_it_is_read(tmp_path):
    cells = '<table:table-cell table:number-columns-repeated="200" office:value-type="string"><text:p>x</text:p>' \
            '</table:table-cell>'
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="项目台账">'
               '<table:table-row><table:table-cell office:value-type="string"><text:p>项目编号</text:p>'
               '</table:table-cell></table:table-row>'
               f'<table:table-row table:number-rows-repeated="1000000">{cells}</table:table-row>'
               '</table:table></office:spreadsheet></office:body></office:document-content>')
    path = tmp_path / "bomb.ods"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                   'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                   '<manifest:file-entry manifest:full-path="/" '
                   'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                   '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                   '</manifest:manifest>')
        z.writestr("content.xml", content)
    _refused_in_a_capped_process(path, "sheet '项目台账': the sheet spans 1,000,001 rows and 200 columns")


def test_a_copied_fixture_reads_as_the_original(tmp_path, expected):
    shutil.copy(XLSB, tmp_path / "台账.XLSB")  # the suffix in any case
    _same(load_ledger(tmp_path / "台账.XLSB"), expected)


def test_an_ods_is_measured_by_its_cells_not_by_its_column_definitions():
    import io

    from yubei_lib.ledger.extent import Extent, ods_extents

    def cell(text, repeated=None):
        more = f' table:number-columns-repeated="{repeated}"' if repeated else ""
        if text is None:
            return f"<table:table-cell{more}/>"
        return f'<table:table-cell{more} office:value-type="string"><text:p>{text}</text:p></table:table-cell>'

    rows = "".join(f"<table:table-row>{cell('a')}{cell('b', 3)}{cell(None, 1020)}</table:table-row>" for _ in range(5))
    content = ('<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body>'
               '<office:spreadsheet><table:table table:name="台账">'
               '<table:table-column table:number-columns-repeated="16384"/>'  # how LibreOffice declares its columns
               f'{rows}<table:table-row table:number-rows-repeated="1048570">{cell(None, 1024)}</table:table-row>'
               '</table:table><table:table table:name="二">'
               f'<table:table-row>{cell("c", 7)}</table:table-row></table:table></office:spreadsheet></office:body>'
               '</office:document-content>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("content.xml", content)
    with zipfile.ZipFile(buffer) as z:
        assert ods_extents(z) == {"台账": Extent(6, 5), "二": Extent(1, 7)}  # an empty cell last in a row counts once
