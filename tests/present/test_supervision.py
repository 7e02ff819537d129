"""The supervising list in words (figure 21): its order, its words, its escaped HTML, its workbooks and names."""

from __future__ import annotations

import io
import re

import openpyxl
import pandas as pd
import pytest

from yubei_lib.figures.supervision import district_supervision, unit_key
from yubei_lib.pages.parameters import ParameterProblem, check_options
from yubei_lib.present import supervision as words
from yubei_lib.present import theme
from yubei_lib.present.workbook import FILLS, NAME_LIMIT, Sheet, safe_name, workbook_bytes

# As of 2020-06-30 (previous quarter end 2020-03-31), 12 months to commence, 3 to warn.
LEDGER = pd.DataFrame({
    "project_id": ["A1", "A2", "A3", "B1", "N1", "G1", "C1", "X1"],
    "project_name": ["<script>alert(1)</script>", "二号工厂", "三号", "单项", "无单位", "绿灯", "已开工", "外区"],
    "project_name_en": ["Plant <One>", "", None, "Single", "Nobody", "Green", "Started", "Elsewhere"],
    "district": ["Yubei"] * 7 + ["Dazu"],
    "signed_on": pd.to_datetime(["2019-01-10", "2019-02-10", "2019-09-20", "2019-05-10", "2019-03-10",
                                 "2020-06-01", "2018-12-01", "2019-01-10"]),
    "planned_commencement_on": pd.to_datetime([None, "2019-06-01", None, None, None, "2021-03-01", None, None]),
    "commenced_on": pd.to_datetime([None, None, None, None, None, None, "2020-05-01", None]),
    "responsible_unit": ["Bureau & <Co>", "Bureau & <Co>", "Bureau & <Co>", "Park", "  ", "Commerce", "Park",
                         "Bureau & <Co>"],
    "responsible_leader": ["Leader <1>", None, "Wang", "Li", None, "Zhao", "Li", "Chen"]})


@pytest.fixture(scope="module")
def s():
    return district_supervision(LEDGER, "Yubei", "2020Q2")


def test_units_most_red_first_their_stages_red_first_most_overdue_first(s):
    assert s.units["responsible_unit"].tolist()[:2] == ["Bureau & <Co>", "Park"]
    bureau = s.stages.loc[s.stages["unit"] == "Bureau & <Co>"]
    assert bureau["project_id"].tolist() == ["A2", "A1", "A3"] and bureau["status"].tolist() == ["red", "red", "yellow"]
    assert bureau["months_overdue"].tolist() == [12, 5, -3]  # plan 2019-06-01; signed 2019-01-10 + 12; due 2020-09-20
    assert s.stages["unit"].isna().sum() == 1 and "X1" not in set(s.stages["project_id"])  # own district only
    assert "G1" not in set(s.stages["project_id"])  # a plan ahead, far from figure 10's deadline: green
    # Park: B1 newly red (yellow at 2020-03-31), C1 cleared (red then, commenced since); A3 green then
    park = s.units.set_index("responsible_unit").loc["Park"]
    assert (park["red"], park["newly_red"], park["cleared"], park["still_red"]) == (1, 1, 1, 0)
    assert s.totals == {"red": 4, "yellow": 1, "red_before": 4, "yellow_before": 1, "newly_red": 1,
                        "cleared": 1, "still_red": 3}
    assert unit_key(pd.Series([" x ", ""], dtype="string")).isna().tolist() == [False, True]


def test_the_list_is_worded_in_each_language(s):
    zh, en = words.list_frame(s, "zh"), words.list_frame(s, "en")
    assert zh["warning"].tolist()[:3] == ["■ 红色预警", "■ 红色预警", "▲ 黄色预警"]
    assert en["warning"].tolist()[:3] == ["■ Red", "■ Red", "▲ Yellow"]
    assert zh["basis"].tolist()[:3] == ["计划开工日期", "签约满12个月", "签约满12个月"]
    assert zh["overdue"].tolist()[:3] == ["逾期12个月", "逾期5个月", "3个月内到期"]
    assert en["overdue"].tolist()[:3] == ["12 months overdue", "5 months overdue", "due within 3 months"]
    # English pages take the ledger's English names where given, else the name as written
    assert en["project_name"].tolist()[:3] == ["二号工厂", "Plant <One>", "三号"]
    assert zh.loc[zh["project_id"] == "N1", "unit"].item() == "未明确单位"
    assert en.loc[en["project_id"] == "N1", "unit"].item() == "No unit"
    assert zh.loc[zh["project_id"] == "A2", "responsible_leader"].item() == "（未填写）"
    assert list(words.headed(zh, "zh", words.LIST).columns)[:3] == ["责任单位", "预警", "项目编号"]
    units = words.units_frame(s, "zh")
    assert units["unit"].tolist()[-1] == "全区合计" and units["red"].iloc[-1] == 4


def test_the_html_is_escaped_grouped_and_labelled_for_phones(s):
    html = words.list_html(s, "en")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" not in html  # English name shown
    assert "Plant &lt;One&gt;" in html and "Leader &lt;1&gt;" in html and "Bureau &amp; &lt;Co&gt;" in html
    assert html.count("<tbody>") == 3 and html.count('class="unit-head"') == 3
    assert 'data-label="Responsible leader"' in html and '<span class="yubei-badge red">■ Red</span>' in html
    heads = re.findall(r'scope="rowgroup">([^<]*)<', html)
    assert heads[0].startswith("Bureau &amp; &lt;Co&gt;: red 2, yellow 1") and heads[-1].startswith("No unit")
    zh = words.list_html(s, "zh", max_rows=2)
    assert len(re.findall(r'<tr class="(?:red|yellow)"', zh)) == 2 and "……另有3项，完整清单见本报告的表格工作簿" in zh
    one = words.list_html(s, "zh", unit=pd.NA, heads=False)
    assert "无单位" in one and "二号工厂" not in one and "unit-head" not in one


def test_tiles_and_message_carry_the_counts_and_the_change(s):
    red, yellow = words.warning_tiles(s, "zh")
    assert (red["value"], red["state"], red["status"]) == ("4", "bad", "■ 红色预警：已逾期")
    assert red["change"] == "与上季末持平：新增红灯1个、已销号1个"
    assert (yellow["value"], yellow["state"], yellow["change"]) == ("1", "warn", "与上季末持平")
    assert words.warning_message(s, "en") == ("Warnings: projects red (overdue) 4, yellow (due soon) 1; since last "
                                              "quarter end, newly red 1, cleared 1, still red 3.")
    assert words.counts_line(s, "zh", "Park") == ("截至2020年6月30日：红色预警项目1个、黄色预警项目0个；较上季末新增红灯1个、"
                                                  "已销号1个、仍为红灯0个")


def test_yellow_is_a_status_colour_of_its_own():
    for colour in (*theme.PALETTE, *theme.ORDINAL, theme.MUTED, theme.HIGHLIGHT, theme.GOOD, theme.BAD):
        assert theme.colour_distance(colour, theme.WARN) >= 20, colour
    for fill, ink in FILLS.values():  # a workbook's status cell: a pale tint, its word legible on it
        assert theme.contrast_ratio(f"#{ink}", f"#{fill}") >= 4.5


def test_warn_months_is_a_whole_number_of_months():
    assert check_options(warn_months=0) == {"warn_months": 0}
    with pytest.raises(ParameterProblem, match="warn_months=-1"):
        check_options(warn_months=-1)
    with pytest.raises(ParameterProblem, match="warn_months=1.5"):
        check_options(warn_months=1.5)


@pytest.mark.parametrize("name, expected", [
    ("区投资促进局", "区投资促进局"), ("a/b\\c:d*e?f[g]h", "a_b_c_d_e_f_g_h"), (" .Bureau. ", "Bureau"),
    ("NUL", "NUL_"), ("'quoted'", "quoted"), ("", "unit"), (None, "unit"), ("x" * 40, "x" * NAME_LIMIT)])
def test_safe_names_for_windows_and_excel(name, expected):
    assert safe_name(name, set(), fallback="unit") == expected


def test_safe_names_tell_duplicates_apart_within_31_characters():
    taken: set[str] = set()
    names = [safe_name(n, taken) for n in ("A/B", "a:b", "A_B", "园" * 40, "园" * 41)]
    assert names[:3] == ["A_B", "a_b~2", "A_B~3"] and names[3] == "园" * 31 and names[4] == "园" * 29 + "~2"
    assert all(len(n) <= NAME_LIMIT and not re.search(r'[\[\]:*?/\\]', n) for n in names)


def test_a_workbook_sheet_a_table_dates_fills_and_text_that_is_not_a_formula():
    frame = pd.DataFrame({"预警": ["■ 红色预警", "▲ 黄色预警"], "项目名称": ["=HYPERLINK(\"http://x\")", "@SUM(A1)"],
                          "应完成日期": pd.to_datetime(["2020-01-10", None]), "逾期月数": [5, -3]})
    data = workbook_bytes([Sheet("a/b:c", frame, lines=["标题", "说明"], dates=["应完成日期"], status=["red", "yellow"],
                                 status_column="预警"), Sheet("a/b:c", frame.head(0))], "标题")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["a_b_c", "a_b_c~2"]
    ws = wb["a_b_c"]
    assert ws["A1"].value == "标题" and ws["A1"].font.b and [c.value for c in ws[3]] == list(frame.columns)
    assert ws["B4"].value == "'=HYPERLINK(\"http://x\")" and ws["B4"].data_type == "s" and ws["B5"].value == "'@SUM(A1)"
    assert ws["C4"].is_date and ws["C4"].number_format == "yyyy-mm-dd" and ws["C5"].value is None
    assert ws["D5"].value == -3 and ws.freeze_panes == "A4" and ws.print_title_rows == "$3:$3"
    assert ws["A4"].fill.fgColor.rgb.endswith(FILLS["red"][0]) and ws["A5"].fill.fgColor.rgb.endswith(FILLS["yellow"][0])
    assert ws.page_setup.orientation == "landscape"
