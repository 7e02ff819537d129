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


def test_district_table_prints_the_second_sets_money_and_shares():
    from yubei_lib.present.export import district_table

    figures = pd.DataFrame({"district": ["Yubei"], "new_projects_investment_ytd": [11e9],
                            "foreign_signed_value_ytd": [2.5e9], "visit_to_signing_share": [0.125],
                            "visits_out_main_ytd": [314], "capital_in_place_rate_2018_2020": [0.2],
                            "rank_foreign_signed_value_ytd": [3], "major_projects_ytd": [float("nan")]})
    text = district_table(figures, "Yubei", pd.Timestamp("2019-12-31"))
    lines = {line.split()[0]: line.split(None, 1)[1] for line in text.splitlines()[2:]}
    assert lines["new_projects_investment_ytd"] == "CNY 11.00 bn"
    assert lines["foreign_signed_value_ytd"] == "CNY 2.50 bn"
    assert lines["visit_to_signing_share"] == "12.5%" and lines["capital_in_place_rate_2018_2020"] == "20.0%"
    assert lines["visits_out_main_ytd"] == "314" and lines["rank_foreign_signed_value_ytd"] == "3"
    assert lines["major_projects_ytd"] == "n/a"
