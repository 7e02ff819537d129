"""Tests of yubei_lib.ledger.optional: completed investment and the outreach log, read and checked like the ledger."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from yubei_lib.cli import app
from yubei_lib.ledger.load import load_ledger, sha256
from yubei_lib.ledger.optional import parse_months
from yubei_lib.ledger.problems import LedgerError

LEDGER = ("项目编号,项目名称,区县,签约日期,协议投资额(亿元),开工日期,投资方\n"
          "YB-1,甲项目,渝北,2019-03-05,15,2019-06-01,甲公司\n"
          "YB-2,乙项目,渝北区,2020-01-02,2,,乙公司\n"
          "JB-1,丙项目,江北,2020-02-02,3,2020-03-01,丙公司\n")


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def ledger_csv(tmp_path):
    return write(tmp_path / "台账.csv", LEDGER)


def problems_of(excinfo):
    return [(p.row, p.column, p.value, p.message.split(":")[0]) for p in excinfo.value.problems]


# -- months ---------------------------------------------------------------------------------

def test_months_as_offices_write_them():
    cells = pd.Series(["2020-03", "2020年3月", "2020/3", "2020.3", " 2020 年 3 月 ", "202003", 202003,
                       "2020-03-31", "2020年3月31日", 43921, dt.date(2020, 3, 31), pd.Timestamp("2020-03-05 10:00"),
                       "２０２０－０３"], dtype=object)
    months, bad = parse_months(cells)
    assert not bad.any()
    assert (months == pd.Timestamp("2020-03-01")).all()


def test_what_is_no_month():
    months, bad = parse_months(pd.Series(["2020-13", "March", "2020-00", 2020.5, "", None, "2020-02-30"], dtype=object))
    assert bad.tolist() == [True, True, True, True, False, False, True]
    assert months.isna().all()


# -- completed investment ------------------------------------------------------------------

def test_investment_with_chinese_headers_units_and_extra_columns(tmp_path, ledger_csv):
    inv = write(tmp_path / "完成投资.csv", "项目完成投资月报\n\n项目编号,月份,完成投资（万元）,备注\n"
                                         "YB-1,2020-03,100,首月\nYB-1,2020年4月,\"1,200.5\",\nJB-1,2020/5/31,50,\n")
    ledger = load_ledger(ledger_csv, investment=inv)
    got = ledger.investment
    assert list(got.columns) == ["project_id", "month", "amount", "备注"]
    assert got["month"].dt.strftime("%Y-%m").tolist() == ["2020-03", "2020-04", "2020-05"]
    assert got["amount"].tolist() == [1e6, 12_005_000.0, 5e5]
    assert got["备注"].tolist()[0] == "首月"
    assert ledger.files[str(inv)] == sha256(inv) and ledger.activities is None
    assert ledger.summary()["investment_rows"] == 3


def test_investment_unit_from_the_option_or_refused(tmp_path, ledger_csv):
    inv = write(tmp_path / "inv.csv", "project_id,month,amount\nYB-1,2020-03,2.5\n")
    assert load_ledger(ledger_csv, investment=inv, unit="yi").investment["amount"].tolist() == [2.5e8]
    with pytest.raises(LedgerError) as e:
        load_ledger(ledger_csv, investment=inv)
    (p,) = e.value.problems
    assert p.file == str(inv) and p.row is None and p.column == "amount" and "undeclared money unit" in p.message


def test_every_investment_problem_at_once_with_file_row_column_value(tmp_path, ledger_csv):
    inv = write(tmp_path / "inv.csv", "项目编号,月份,完成投资(万元)\n"
                                      "YB-1,2020-13,100\n"       # line 2: no month
                                      "YB-9,2020-03,100\n"       # line 3: unknown project
                                      "YB-1,2020-04,-5\n"        # line 4: negative
                                      "YB-1,2020-05,abc\n"       # line 5: not a number
                                      ",2020-06,1\n"             # line 6: empty id
                                      "YB-2,,1\n")               # line 7: empty month
    with pytest.raises(LedgerError) as e:
        load_ledger(ledger_csv, investment=inv)
    assert problems_of(e) == [
        (2, "月份", "2020-13", "unparsable month"),
        (3, "项目编号", "YB-9", "completed investment of an unknown project"),
        (4, "完成投资(万元)", "-5", "negative amount"),
        (5, "完成投资(万元)", "abc", "unparsable amount"),
        (6, "项目编号", "", "empty project_id"),
        (7, "月份", "", "empty month"),
    ]
    assert all(p.file == str(inv) for p in e.value.problems)
    assert "inv.csv, line 3, column '项目编号', value 'YB-9'" in str(e.value)


def test_missing_columns_and_a_column_twice_stop_the_file(tmp_path, ledger_csv):
    inv = write(tmp_path / "inv.csv", "项目编号,完成投资(万元),完成投资额(万元)\nYB-1,1,2\n")
    with pytest.raises(LedgerError) as e:
        load_ledger(ledger_csv, investment=inv, strict=False)
    messages = [p.message for p in e.value.problems]
    assert any(m.startswith("two columns hold amount") for m in messages)
    assert any(m.startswith("missing required column month (write one of these headers: month, 月份") for m in messages)


def test_a_second_row_for_a_month_is_a_warning_and_both_count(tmp_path, ledger_csv):
    inv = write(tmp_path / "inv.csv", "project_id,month,amount (万元)\nYB-1,2020-03,1\nYB-1,2020年3月,2\n")
    ledger = load_ledger(ledger_csv, investment=inv)
    (w,) = ledger.warnings
    assert (w.row, w.column, w.value) == (3, "month", "2020年3月") and "both amounts are counted" in w.message
    assert ledger.investment["amount"].sum() == 3e4


def test_gbk_csv_and_xlsx_with_a_title_row_dates_and_serials(tmp_path, ledger_csv):
    gbk = write(tmp_path / "gbk.csv", "项目编号,月份,完成投资(亿元)\nYB-1,2020年3月,1\n", encoding="gbk")
    assert load_ledger(ledger_csv, investment=gbk).investment["amount"].tolist() == [1e8]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["渝北区项目完成投资（测试）"])
    ws.append(["序号", "项目编号", "月份", "完成投资(万元)"])
    ws.append([1, "YB-1", dt.date(2020, 3, 31), 10])
    ws.append([2, "YB-1", 43952, 20])          # Excel serial of 2020-05-01
    ws.append([3, "YB-2", "2020-06", 30.5])
    wb.save(tmp_path / "inv.xlsx")
    got = load_ledger(ledger_csv, investment=tmp_path / "inv.xlsx").investment
    assert got["month"].dt.strftime("%Y-%m").tolist() == ["2020-03", "2020-05", "2020-06"]
    assert got["amount"].tolist() == [1e5, 2e5, 3.05e5]


def test_a_bad_investment_row_in_an_xlsx_names_the_excel_row(tmp_path, ledger_csv):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["完成投资台账"])
    ws.append(["项目编号", "月份", "完成投资(万元)"])
    ws.append(["YB-1", "下个月", 1])
    wb.save(tmp_path / "inv.xlsx")
    with pytest.raises(LedgerError) as e:
        load_ledger(ledger_csv, investment=tmp_path / "inv.xlsx")
    assert "inv.xlsx, sheet 'Sheet', row 3, column '月份', value '下个月': unparsable month" in str(e.value)


def test_lenient_leaves_out_bad_rows_and_the_investment_of_left_out_projects(tmp_path):
    p = write(tmp_path / "p.csv", LEDGER + "YB-3,丁项目,火星,2020-01-01,1,,\n")
    inv = write(tmp_path / "inv.csv", "项目编号,月份,完成投资(万元)\nYB-1,2020-03,1\nYB-3,2020-03,2\nYB-1,2020-13,3\n")
    ledger = load_ledger(p, investment=inv, strict=False)
    assert ledger.investment["amount"].tolist() == [1e4]
    dropped = ledger.dropped.loc[ledger.dropped["file"] == str(inv)]
    assert sorted(dropped["row"]) == [3, 4]
    assert "completed investment of a project left out for its errors" in dropped["reason"].tolist()


# -- the outreach log ---------------------------------------------------------------------

LOG_HEADER = "日期,类型,带队领导,领导级别,企业名称,项目编号,城市,活动名称\n"


def test_activities_with_chinese_headers_and_words(tmp_path, ledger_csv):
    log = write(tmp_path / "活动.csv", "渝北区招商活动台账\n" + LOG_HEADER
                + "2019/5/1,外出拜访,张书记,主要领导,甲公司,YB-1,深圳,\n"
                + "2019年5月2日,企业来访,李副区长,分管领导,乙公司,,,\n"
                + "2019-05-03,招商活动,王区长,主要领导,丙公司,,重庆,推介会\n"
                + "2019-05-04,Visit Out,罗常委,其他,丁公司,,上海,\n"
                + "2019-05-05,visit-in,Li,DEPUTY,戊公司,,,\n", encoding="gbk")
    ledger = load_ledger(ledger_csv, activities=log)
    a = ledger.activities
    assert list(a.columns) == ["date", "kind", "leader", "leader_level", "enterprise", "project_id", "city", "活动名称"]
    assert a["kind"].tolist() == ["visit_out", "visit_in", "event", "visit_out", "visit_in"]
    assert a["leader_level"].tolist() == ["main", "deputy", "main", "other", "deputy"]
    assert a["date"].dt.strftime("%m-%d").tolist() == ["05-01", "05-02", "05-03", "05-04", "05-05"]
    assert a["project_id"].tolist()[:2] == ["YB-1", pd.NA] and a["city"].tolist()[0] == "深圳"
    assert ledger.files[str(log)] == sha256(log) and ledger.investment is None


def test_project_id_and_city_are_optional(tmp_path, ledger_csv):
    log = write(tmp_path / "log.csv", "date,kind,leader,leader_level,enterprise\n2019-05-01,event,Zhang,main,Acme\n")
    a = load_ledger(ledger_csv, activities=log).activities
    assert a["project_id"].isna().all() and a["city"].isna().all()


def test_every_activity_problem_at_once_with_file_row_column_value(tmp_path, ledger_csv):
    log = write(tmp_path / "log.csv", LOG_HEADER
                + "2019-13-01,外出拜访,张书记,主要领导,甲公司,,,\n"   # line 2: no date
                + "2019-05-02,参观,张书记,主要领导,甲公司,,,\n"       # line 3: unknown kind
                + "2019-05-03,外出拜访,张书记,副职,甲公司,,,\n"       # line 4: unknown level
                + "2019-05-04,外出拜访,,主要领导,,,,\n"              # line 5: empty leader and enterprise
                + "2019-05-05,企业来访,李副区长,分管领导,乙公司,ZZ-9,,\n")  # line 6: a warning
    with pytest.raises(LedgerError) as e:
        load_ledger(ledger_csv, activities=log)
    assert problems_of(e) == [
        (2, "日期", "2019-13-01", "unparsable date"),
        (3, "类型", "参观", "unknown kind of activity"),
        (4, "领导级别", "副职", "unknown leader level"),
        (5, "带队领导", "", "empty leader"),
        (5, "企业名称", "", "empty enterprise"),
        (6, "项目编号", "ZZ-9", "project_id not in the ledger"),
    ]
    assert e.value.problems[-1].severity == "warning"
    lenient = load_ledger(ledger_csv, activities=log, strict=False)
    assert lenient.activities["enterprise"].tolist() == ["乙公司"]
    assert sorted(set(lenient.dropped["row"])) == [2, 3, 4, 5]


def test_problems_of_all_files_together_in_file_order(tmp_path):
    p = write(tmp_path / "p.csv", LEDGER + "YB-1,重复,渝北,2020-01-01,1,,\n")
    inv = write(tmp_path / "inv.csv", "项目编号,月份,完成投资(万元)\nYB-1,2020-13,1\n")
    log = write(tmp_path / "log.csv", LOG_HEADER + "2019-05-02,参观,张书记,主要领导,甲公司,,,\n")
    with pytest.raises(LedgerError) as e:
        load_ledger(p, investment=inv, activities=log)
    assert [p.file for p in e.value.problems] == [str(tmp_path / n) for n in ("p.csv", "inv.csv", "log.csv")]


def test_a_missing_optional_file_is_a_problem_not_a_crash(tmp_path, ledger_csv):
    with pytest.raises(LedgerError) as e:
        load_ledger(ledger_csv, investment=tmp_path / "none.xlsx", activities=tmp_path / "empty.csv")
    assert [p.message for p in e.value.problems] == ["no such file", "no such file"]


def test_the_cache_keeps_the_optional_tables(tmp_path, ledger_csv):
    inv = write(tmp_path / "inv.csv", "项目编号,月份,完成投资(万元)\nYB-1,2020-03,1\n")
    log = write(tmp_path / "log.csv", "date,kind,leader,leader_level,enterprise\n2019-05-01,event,Zhang,main,Acme\n")
    first = load_ledger(ledger_csv, investment=inv, activities=log, cache=tmp_path / "cache")
    again = load_ledger(ledger_csv, investment=inv, activities=log, cache=tmp_path / "cache")
    pd.testing.assert_frame_equal(first.investment, again.investment)
    pd.testing.assert_frame_equal(first.activities, again.activities)
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == 1
    without = load_ledger(ledger_csv, cache=tmp_path / "cache")  # other inputs, another entry
    assert without.investment is None and len(list((tmp_path / "cache").glob("*.pickle"))) == 2
    write(tmp_path / "inv.csv", "项目编号,月份,完成投资(万元)\nYB-1,2020-03,7\n")
    assert load_ledger(ledger_csv, investment=inv, activities=log, cache=tmp_path / "cache").investment[
        "amount"].tolist() == [7e4]


# -- the command ----------------------------------------------------------------------------

def test_validate_checks_and_summarises_the_tables(tmp_path, ledger_csv):
    inv = write(tmp_path / "inv.csv", "项目编号,月份,完成投资(万元)\nYB-1,2020-03,100\nYB-1,2020-05,1\n")
    log = write(tmp_path / "log.csv", "date,kind,leader,leader_level,enterprise\n2019-05-01,event,Zhang,main,Acme\n")
    result = CliRunner().invoke(app, ["validate", str(ledger_csv), "--investment", str(inv), "--activities", str(log)])
    assert result.exit_code == 0, result.output
    assert "inv.csv: 2 rows of completed investment, 2020-03 to 2020-05" in result.output
    assert "log.csv: 1 activities, 2019-05-01 to 2019-05-01" in result.output


def test_bad_tables_exit_2_listing_every_problem_without_traceback(tmp_path, ledger_csv):
    inv = write(tmp_path / "inv.csv", "项目编号,月份,完成投资(万元)\nYB-1,2020-13,1\nYB-9,2020-03,1\n")
    log = write(tmp_path / "log.csv", LOG_HEADER + "2019-05-02,参观,张书记,主要领导,甲公司,,,\n")
    for command in (["validate", str(ledger_csv)], ["metrics", "--as-of", "2020Q4", "--projects", str(ledger_csv)]):
        proc = subprocess.run([sys.executable, "-m", "yubei_lib", *command, "--investment", str(inv),
                               "--activities", str(log)], capture_output=True, text=True)
        out = proc.stdout + proc.stderr
        assert proc.returncode == 2, out
        assert "Traceback" not in out
        assert "inv.csv, line 2, column '月份', value '2020-13': unparsable month" in out
        assert "inv.csv, line 3, column '项目编号', value 'YB-9': completed investment of an unknown project" in out
        assert "log.csv, line 2, column '类型', value '参观': unknown kind of activity" in out


def test_metrics_reads_the_tables_for_the_office_district(tmp_path, ledger_csv):
    import json

    inv = write(tmp_path / "inv.csv", "项目编号,月份,完成投资(万元)\nYB-1,2019-12,100\nJB-1,2020-03,7\n")
    log = write(tmp_path / "log.csv", LOG_HEADER + "2020-01-01,外出拜访,张书记,主要领导,乙公司,,北京,\n")
    result = CliRunner().invoke(app, ["metrics", "--as-of", "2020Q1", "--projects", str(ledger_csv), "--format",
                                      "json", "--investment", str(inv), "--activities", str(log), "--district", "渝北"])
    assert result.exit_code == 0, result.output
    rows = {r["district"]: r for r in json.loads(result.stdout)["districts"]}
    # YB-1 commenced 2019-06-01 (within 24 months), but its only row is of 2019; JB-1 commenced 2020-03-01.
    assert rows["Yubei"]["new_projects_investment_ytd"] == 0.0 and rows["Jiangbei"]["new_projects_investment_ytd"] == 7e4
    assert rows["Yubei"]["visits_out_main_ytd"] == 1 and rows["Jiangbei"]["visits_out_main_ytd"] is None
    # 乙公司 visited 2020-01-01, its project YB-2 signed 2020-01-02: signed.
    assert rows["Yubei"]["visit_to_signing_share"] == 1.0
