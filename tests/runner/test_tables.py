"""The set's workbook: every table its pages show, whole, one sheet each, money in one unit a column."""

from __future__ import annotations

import re

import nbformat
import openpyxl
import pandas as pd
import pytest

from yubei_lib.config import VEGALITE_MIME
from yubei_lib.present import display
from yubei_lib.runner.tables import notebook_sheets, record_sheet, set_sheets


def _notebook(tmp_path, lang="en"):
    frame = pd.DataFrame({"district": ["Yubei", "Jiangbei", "Dazu"], "contract_value": [8.855e7, 1.4e8, 3.1e9],
                          "share": [0.25, 0.5, None]})
    shown = display.table(frame, lang, {"district": "district", "contract_value": "contract_value", "share": "Share"},
                          {"district": "district", "contract_value": "money", "share": "percent"},
                          caption="Signed <by> district", max_rows=2)
    spec = {"mark": "bar", "title": "Signed value by month, 2020",
            "encoding": {"tooltip": [{"field": "m", "title": "Month"}, {"field": "v", "title": "Value"}]},
            "datasets": {"d": [{"m": f"2020-{i:02d}", "v": str(i)} for i in range(1, 101)]}}
    nb = nbformat.v4.new_notebook()
    code, chart = nbformat.v4.new_code_cell("x"), nbformat.v4.new_code_cell("y")
    code.outputs = [nbformat.v4.new_output("display_data", data={"text/html": str(shown), "text/plain": "<html>"})]
    chart.outputs = [nbformat.v4.new_output("display_data", data={VEGALITE_MIME: spec, "text/plain": "<chart>"})]
    nb.cells = [nbformat.v4.new_markdown_cell("## By district\n<!-- zh -->\n## 分区县"), code,
                nbformat.v4.new_markdown_cell("## By month\n<!-- zh -->\n## 分月"), chart]
    path = tmp_path / ("contract_value.ipynb" if lang == "en" else "contract_value.zh.ipynb")
    nbformat.write(nb, path)
    return path


def test_a_table_cut_on_the_page_is_whole_in_its_sheet_money_in_one_unit(tmp_path):
    found = notebook_sheets(_notebook(tmp_path), "contract_value", "en", set())
    (table, section, name), (chart, _, chart_name) = found
    assert (section, name) == ("By district", "Signed <by> district") and chart_name == "Signed value by month, 2020"
    assert list(table.frame.columns) == ["District", "Contract value (bn yuan)", "Share (%)"]
    assert table.frame.iloc[:, 0].tolist() == ["Yubei", "Jiangbei", "Dazu"]  # the page shows two of the three
    assert table.frame.iloc[:, 1].tolist() == [0.0886, 0.14, 3.1] and table.frame.iloc[2, 2] is None
    assert table.lines[0] == "Signed contract value · By district" and len(chart.frame) == 100  # the page shows 60


def test_the_chinese_workbook_is_headed_in_chinese_and_lists_its_sheets(tmp_path):
    sheets = set_sheets([("contract_value", _notebook(tmp_path, "zh"))], "zh")
    assert [s.name for s in sheets][0] == "目录" and list(sheets[1].frame.columns)[:2] == ["区县", "协议投资额（亿元）"]
    assert sheets[1].frame.iloc[:, 0].tolist() == ["渝北区", "江北区", "大足区"]
    assert sheets[0].frame.iloc[:, 0].tolist() == [s.name for s in sheets[1:]]


def test_a_status_column_keeps_its_fill_and_dates_are_dates():
    rec = {"caption": "", "headers": ["预警", "应完成日期"], "kinds": ["text", "date"],
           "rows": [["■ 红色预警", "2020-04-14"], ["▲ 黄色预警", None]], "status": ["red", "yellow"]}
    sheet = record_sheet(rec, "项目预警", ["一", ""], "zh")
    assert sheet.status == ["red", "yellow"] and sheet.status_column == "预警" and sheet.dates == ["应完成日期"]
    assert sheet.frame.iloc[0, 1] == pd.Timestamp("2020-04-14") and sheet.lines == ["一"]


def _page_tables(html: str) -> list[tuple[int, bool]]:
    """Each table a page shows: its rows (not the units' heading rows) and whether the page says more rows exist."""
    out = []
    for m in re.finditer(r'<table class="yubei-table[^"]*">(.*?)</table>(\s*<p class="yubei-more">)?', html, re.S):
        body = m.group(1).split("</thead>", 1)[-1]
        out.append((len(re.findall(r"<tr(?! class=\"unit-head\")[ >]", body)), bool(m.group(2))))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_packs_workbook_holds_every_table_of_its_pages_whole(quarterly_pack, lang):
    from yubei_lib.config import PAGES
    from yubei_lib.present.labels import page_title

    folder = quarterly_pack / "2020-Q4" / "yubei"
    wb = openpyxl.load_workbook(folder / ("tables.xlsx" if lang == "en" else "tables.zh.xlsx"))
    contents = list(wb.worksheets[0].iter_rows(values_only=True))[1:]
    assert len(wb.worksheets) == len(contents) + 1 > 20
    for page in PAGES:
        html = (folder / (f"{page}.html" if lang == "en" else f"{page}.{lang}.html")).read_text(encoding="utf-8")
        shown = _page_tables(html)
        listed = [row for row in contents if row[1] == page_title(page, lang)]
        assert len(listed) == len(shown), (page, len(listed), len(shown))  # every table the page shows, no other
        for (rows, more), (sheet, _, _, _, whole) in zip(shown, listed):
            assert whole == rows or (whole > rows and more) or (whole > rows == 60), (page, sheet, rows, whole)
            data = [r for r in wb[sheet].iter_rows(values_only=True)]
            assert sum(1 for r in data if any(v is not None for v in r)) >= whole + 1  # the header and every row
    money = [c for ws in wb.worksheets for c in next(ws.iter_rows(min_row=3, max_row=3, values_only=True)) or ()
             if isinstance(c, str) and re.search(r"[（(](bn yuan|m yuan|亿元|万元)[)）]$", c)]
    assert money  # money columns name their one unit
    manifest = (folder / "manifest.json").read_text(encoding="utf-8")
    assert f'"file": "{"tables.xlsx" if lang == "en" else "tables.zh.xlsx"}"' in manifest
