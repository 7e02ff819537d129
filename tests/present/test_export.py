"""Spreadsheet exports never carry a live formula; files are written whole."""

import openpyxl
import pandas as pd
import pytest

from yubei_lib.present.export import neutralise, to_csv, write_xlsx

HOSTILE = ["=HYPERLINK(\"http://evil\",\"click\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "Yubei", "渝北区"]


@pytest.mark.parametrize("text", HOSTILE)
def test_neutralise_only_formula_starts(text):
    out = neutralise(text)
    assert out == (("'" + text) if text[0] in "=+-@\t" else text)


def test_xlsx_cells_are_text_not_formulas(tmp_path):
    frame = pd.DataFrame({"district": HOSTILE, "value": range(len(HOSTILE))})
    path = tmp_path / "f.xlsx"
    write_xlsx(frame, path)
    sheet = openpyxl.load_workbook(path).active
    cells = [sheet.cell(row=i + 2, column=1) for i in range(len(HOSTILE))]
    assert all(c.data_type == "s" for c in cells)
    assert [c.value for c in cells][:2] == ["'=HYPERLINK(\"http://evil\",\"click\")", "'+1+1"]
    assert [sheet.cell(row=i + 2, column=2).value for i in range(3)] == [0, 1, 2]  # numbers stay numbers


def test_csv_cells_are_neutralised_and_negative_numbers_kept():
    text = to_csv(pd.DataFrame({"name": ["=1+1", "ok"], "change": [-1.5, 2.0]}))
    assert text.splitlines() == ["name,change", "'=1+1,-1.5", "ok,2.0"]
