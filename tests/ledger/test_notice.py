"""Tests of the city's notice read as it is published: each shape gives the ranks of the sample's long table."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from builders import notice_file, sample_notice_rows, write_notice
from typer.testing import CliRunner

from yubei_lib.cli import app
from yubei_lib.config import SAMPLE
from yubei_lib.figures.machine import district_figures
from yubei_lib.figures.rankings import district_rankings
from yubei_lib.ledger.load import load_ledger
from yubei_lib.ledger.notice import quarters_in_text
from yubei_lib.ledger.problems import LedgerError
from yubei_lib.ledger.published import read_rankings

LONG = SAMPLE / "city_rankings.xlsx"
FIGURES = ["conversion_rate", "operation_rate_2015_2017", "operation_rate_2018_2020"]
RANKS = ["rank_conversion_rate", "rank_operation_rate_2015_2017", "rank_operation_rate_2018_2020", "composite_rank"]
KEYS = [*RANKS[:3], "composite_score", "composite_rank"]
runner = CliRunner()


@pytest.fixture(scope="module")
def long_rows() -> dict[str, list[tuple]]:
    return sample_notice_rows()


@pytest.fixture(scope="module")
def long_table():
    return read_rankings(LONG)


@pytest.fixture(scope="module")
def office():
    return load_ledger(SAMPLE / "yubei_projects.xlsx", SAMPLE / "yubei_capital.xlsx")


def same_as_long(table, long_table, quarters) -> None:
    for q in quarters:
        ours, theirs = table.at(q), long_table.at(q)
        ours = ours.loc[theirs.index]
        pd.testing.assert_frame_equal(ours[FIGURES], theirs[FIGURES], atol=5.0001e-5, rtol=0)  # written to 0.01 %: within half of it
        pd.testing.assert_frame_equal(ours[RANKS], theirs[RANKS])


def test_the_notice_of_one_quarter_as_published(tmp_path, long_rows, long_table, office):
    path = notice_file(tmp_path / "通报.xlsx", "2020年第四季度", long_rows["2020年第四季度"])
    table = read_rankings(path)
    assert table.quarters == [pd.Timestamp("2020-12-31")]
    same_as_long(table, long_table, ["2020Q4"])
    assert table.headers["operation_rate_2015_2017"] == "项目投产率 2015-2017年"  # the two rows joined
    assert table.headers["composite_rank"] == "排名 综合"
    assert table.row_of("2020Q4", "Yubei") == 4  # title, two header rows, then Yubei (composite rank 1)
    context = table.context_at("2020Q4")
    assert context["unit_zh"].tolist() == ["两江新区", "西部科学城重庆高新区"] and context["marked"].all()
    assert context["row"].tolist() == [9, 10] and context["conversion_rate"].tolist() == pytest.approx([0.312, 0.2746])
    assert "Liangjiang New Area" not in table.frame["district"].tolist()
    assert table.skipped[["row", "kind", "text"]].values.tolist() == [
        [28, "total", "全市"], [29, "note", "注：两江新区、重庆高新区未纳入排名；排名按综合得分由高到低排列。"]]
    assert table.marked.empty
    # A table of one quarter ranks as the table of eight does.
    one = district_rankings(office.projects, office.capital, "2020Q4", previous=False, published=table)
    eight = district_rankings(office.projects, office.capital, "2020Q4", previous=False, published=long_table)
    columns = ["district", "source", *RANKS, *(f"shown_{c}" for c in RANKS), "composite_score"]
    pd.testing.assert_frame_equal(one[columns], eight[columns])


@pytest.mark.parametrize("title", ["重庆市主城都市区2020年1-12月招商引资“三率”排名情况通报",
                                   "2020年四季度“三率”排名", "“三率”排名通报（2020Q4）"])
def test_the_quarter_in_the_title_in_its_several_forms(tmp_path, long_rows, title):
    table = read_rankings(notice_file(tmp_path / "t.xlsx", "", long_rows["2020年第四季度"], title=title))
    assert table.quarters == [pd.Timestamp("2020-12-31")]


def test_quarters_in_text():
    assert quarters_in_text("2020年第四季度") == quarters_in_text("2020年1-12月") == quarters_in_text("2020年10—12月") \
        == quarters_in_text("2020年四季度") == [pd.Timestamp("2020-12-31")]
    assert quarters_in_text("2019年上半年") == quarters_in_text("2019年1-6月") == [pd.Timestamp("2019-06-30")]
    assert quarters_in_text("2015-2017年项目投产率") == [] and quarters_in_text("Sheet1") == []


def test_one_sheet_per_quarter_and_a_sheet_without_a_table(tmp_path, long_rows, long_table):
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["本工作簿为市级通报，每季度一张工作表。"])
    for label, rows in long_rows.items():
        write_notice(wb.create_sheet(label), rows, title=None)
    wb.save(tmp_path / "通报2019-2020.xlsx")
    table = read_rankings(tmp_path / "通报2019-2020.xlsx")
    assert table.quarters == long_table.quarters and len(table.frame) == 8 * 22
    same_as_long(table, long_table, long_table.quarters)
    k = [r[1] for r in sorted(long_rows["2019年第一季度"], key=lambda r: r[8])].index("渝北区") + 1
    assert table.place_of("2019Q1", "Yubei") == (str(tmp_path / "通报2019-2020.xlsx"), "2019年第一季度",
                                                 2 + k + (2 if k > 5 else 0))  # two header rows, two units after the 5th
    skipped = table.skipped
    assert skipped.iloc[0][["sheet", "kind"]].tolist() == ["说明", "no_table"]
    assert (skipped["kind"] == "total").sum() == 8 and (skipped["kind"] == "note").sum() == 8
    assert len(table.context) == 16


@pytest.fixture(scope="module")
def quarter_files(tmp_path_factory, long_rows) -> list[Path]:
    """A file per quarter, each the notice as published."""
    folder = tmp_path_factory.mktemp("notices")
    return [notice_file(folder / f"{label}.xlsx", label, rows) for label, rows in long_rows.items()]


def test_a_file_per_quarter_reads_as_the_long_table(quarter_files, long_table, office):
    table = read_rankings(quarter_files)
    assert table.quarters == long_table.quarters and table.files == [str(p) for p in quarter_files]
    same_as_long(table, long_table, long_table.quarters)
    ours = district_rankings(office.projects, office.capital, "2020Q4", published=table)  # rank change from 2020Q3
    theirs = district_rankings(office.projects, office.capital, "2020Q4", published=long_table)
    columns = ["district", *RANKS, *(f"change_{c}" for c in RANKS), "composite_score"]
    pd.testing.assert_frame_equal(ours[columns], theirs[columns])


def metrics_json(*args: str) -> list[dict]:
    result = runner.invoke(app, ["metrics", "--as-of", "2020Q4", "--format", "json", "--projects",
                                 str(SAMPLE / "yubei_projects.xlsx"), "--capital", str(SAMPLE / "yubei_capital.xlsx"),
                                 *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["districts"]


def test_yubei_metrics_and_validate_take_rankings_again_and_again(quarter_files, long_table, office):
    given = [a for p in quarter_files for a in ("--rankings", str(p))]
    ours = metrics_json(*given)
    theirs = district_figures(office.projects, office.capital, "2020Q4", published=long_table)  # as --rankings LONG
    assert [{k: d[k] for k in KEYS} for d in ours] == theirs[KEYS].astype(object).to_dict("records")
    assert all(d["composite_rank"] is not None for d in ours)
    done = runner.invoke(app, ["validate", str(SAMPLE / "yubei_projects.xlsx"), *given])
    assert done.exit_code == 0, done.output
    assert "8 quarter(s), 2019-03-31 to 2020-12-31" in done.output
    assert f"{quarter_files[-1]}, sheet '通报', row 28, value '全市': skipped: a total row, not counted" in done.output
    assert "两江新区 (Liangjiang New Area): outside the 22, kept as context and never ranked: 8 row(s)" in done.output


def test_a_gbk_csv_long_table_with_units_outside_the_22_and_total_rows(tmp_path, long_rows, long_table):
    lines = ["2019年第一季度至2020年第四季度“三率”排名,,,,,,,,,",  # a title naming many quarters: the column rules
             "序号,季度,区县,实际到位资金动态转化率(%),2015-2017年项目投产率(%),2018-2020年项目投产率(%),"
             "动态转化率排名,2015-2017年投产率排名,2018-2020年投产率排名,综合排名"]
    for label, rows in long_rows.items():
        for k, r in enumerate(rows, start=1):
            lines.append(",".join(map(str, [k, label, *r[1:]])))
        lines.append(f"23,{label},两江新区,31.2,88,55.1,,,,")
        lines.append(f",{label},全市,22,80,50,,,,")
    path = tmp_path / "三率排名.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("gbk"))
    table = read_rankings(path)
    same_as_long(table, long_table, long_table.quarters)
    assert len(table.context) == 8 and set(table.context["district"]) == {"Liangjiang New Area"}
    assert table.skipped["kind"].tolist() == ["total"] * 8 and table.skipped["row"].iloc[0] == 26
    done = runner.invoke(app, ["validate", str(SAMPLE / "yubei_projects.xlsx"), "--rankings", str(path)])
    assert done.exit_code == 0, done.output
    assert f"{path}, line 26, value '全市': skipped: a total row, not counted" in done.output


def test_a_mark_on_one_of_the_22_is_listed_not_taken_as_an_exclusion(tmp_path, long_rows, long_table):
    path = notice_file(tmp_path / "t.xlsx", "2020年第四季度", long_rows["2020年第四季度"], mark="大足区")
    table = read_rankings(path)
    same_as_long(table, long_table, ["2020Q4"])  # Dazu stays ranked, with its published ranks
    assert table.marked[["district", "text"]].values.tolist() == [["Dazu", "未纳入排名"]]
    assert any("Dazu is marked as not ranked but is one of the 22" in line for line in table.notes())


def problems_of(*paths: Path) -> list:
    with pytest.raises(LedgerError) as err:
        read_rankings(list(paths))
    return err.value.problems


def test_a_sheet_whose_name_and_title_disagree_is_an_error(tmp_path, long_rows):
    path = notice_file(tmp_path / "t.xlsx", "2020年第四季度", long_rows["2020年第四季度"], sheet="2020年第三季度")
    (p,) = problems_of(path)
    assert (p.file, p.sheet, p.row, p.column) == (str(path), "2020年第三季度", 1, None)
    assert p.value == "重庆市主城都市区2020年第四季度招商引资“三率”排名情况通报"
    assert "the sheet's name '2020年第三季度' says 2020Q3 but its title says 2020Q4" in p.message
    assert str(p).startswith(f"{path}, sheet '2020年第三季度', row 1, value '重庆市")


def test_a_quarter_found_nowhere_says_where_to_write_it(tmp_path, long_rows):
    path = notice_file(tmp_path / "t.xlsx", "", long_rows["2020年第四季度"], title="“三率”排名情况通报", sheet="Sheet1")
    (p,) = problems_of(path)
    assert (p.sheet, p.row) == ("Sheet1", None) and p.message.startswith("no quarter")
    assert "write it in the title row" in p.message and "name the sheet 2020年第四季度" in p.message \
        and "add a column 季度" in p.message


def test_an_unknown_unit_and_a_bad_cell_name_file_sheet_row_column_and_value(tmp_path, long_rows):
    rows = [r if r[1] != "江北区" else (r[0], "江北新区", *r[2:]) for r in long_rows["2020年第四季度"]]
    rows = [r if r[1] != "北碚区" else (r[0], r[1], "12.3O%", *r[3:]) for r in rows]
    path = notice_file(tmp_path / "t.xlsx", "2020年第四季度", rows)
    found = {(p.sheet, p.row, p.column, p.value): p.message for p in problems_of(path)}
    (unknown,) = [k for k in found if k[3] == "江北新区"]
    assert unknown[:3] == ("通报", unknown[1], "区县") and "unknown district" in found[unknown]
    assert "data/reference/other_units.csv" in found[unknown]
    assert any(k[2] == "实际到位资金动态转化率" and k[3] == "12.3O%" and "not a rate" in m for k, m in found.items())
    assert any("lacks 1 of the 22 districts: Jiangbei" in m for m in found.values())


def test_a_quarter_given_by_two_files_is_an_error(tmp_path, long_rows, quarter_files):
    again = notice_file(tmp_path / "again.xlsx", "2020年第四季度", long_rows["2020年第四季度"])
    (p,) = problems_of(quarter_files[-1], again)
    assert (p.file, p.sheet, p.value) == (str(again), "通报", "2020Q4")
    assert f"first in {quarter_files[-1]}, sheet '通报'; give each quarter once" in p.message


def test_the_notice_as_an_excel_97_2003_workbook(tmp_path, long_rows, long_table):
    import xlwt

    source = openpyxl.Workbook()
    write_notice(source.active, long_rows["2020年第四季度"], title=None)
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("2020年四季度")  # the quarter in the sheet's name only
    merged = {(m.min_row, m.min_col): m for m in source.active.merged_cells.ranges}
    inside = {(r, c) for m in merged.values() for r in range(m.min_row, m.max_row + 1)
              for c in range(m.min_col, m.max_col + 1)}
    for r, row in enumerate(source.active.iter_rows(values_only=True), start=1):
        for c, value in enumerate(row, start=1):
            if (r, c) in merged:
                m = merged[(r, c)]
                ws.write_merge(r - 1, m.max_row - 1, c - 1, m.max_col - 1, value)
            elif value is not None and (r, c) not in inside:
                ws.write(r - 1, c - 1, value)
    book.save(str(tmp_path / "通报.xls"))
    table = read_rankings(tmp_path / "通报.xls")
    same_as_long(table, long_table, ["2020Q4"])
    assert table.place_of("2020Q4", "Yubei") == (str(tmp_path / "通报.xls"), "2020年四季度", 3)
    assert len(table.context) == 2 and table.skipped["kind"].tolist() == ["total", "note"]
