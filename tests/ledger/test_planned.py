"""The planned dates of the ledger (计划开工日期, 计划投产日期): read like the other dates, checked against signing."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from yubei_lib.ledger.load import load_ledger
from yubei_lib.ledger.problems import LedgerError

HEAD = "项目编号,项目名称,区县,签约日期,协议投资额(亿元)"


def _csv(tmp_path, name: str, *lines: str, encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def _day(value: object) -> str | None:
    return None if pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d}"


@pytest.mark.parametrize("headers", [("计划开工日期", "计划投产日期"), ("计划开工时间", "计划投产时间"),
                                     ("planned_commencement_on", "Planned Operation On")])
def test_chinese_and_english_headers_in_a_gbk_csv(tmp_path, headers):
    p = _csv(tmp_path, "台账.csv", f"{HEAD},{headers[0]},{headers[1]}",
             "A1,芯片厂,渝北区,2019/3/5,1.5,2019年9月1日,20210630",
             "A2,面板线,渝北,2019-03-05,2,,",
             "A3,物流园,渝北,2019.3.5,2,2019-06-01,", encoding="gbk")
    ledger = load_ledger(p)
    got = ledger.projects
    assert [_day(v) for v in got.planned_commencement_on] == ["2019-09-01", None, "2019-06-01"]
    assert [_day(v) for v in got.planned_operation_on] == ["2021-06-30", None, None]
    assert got.planned_commencement_on.dtype == "datetime64[ns]" and got.planned_operation_on.dtype == "datetime64[ns]"
    assert ledger.problems == []


def test_a_ledger_without_planned_dates_has_empty_ones(tmp_path):
    got = load_ledger(_csv(tmp_path, "p.csv", HEAD, "A1,x,渝北,2019-03-05,1")).projects
    assert got.planned_commencement_on.isna().all() and got.planned_operation_on.dtype == "datetime64[ns]"


def test_xlsx_dates_serials_and_text(tmp_path):
    path = tmp_path / "台账.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["渝北区项目台账"])
    ws.append([])
    ws.append(["项目编号", "项目名称", "所属区县", "签约日期", "协议投资额(亿元)", "计划开工时间", "计划投产日期"])
    ws.append(["A1", "x", "渝北区", dt.date(2019, 3, 5), 1, dt.date(2019, 9, 1), "2021/6/30"])
    ws.append(["A2", "y", "渝北区", 43529, 1, 43709, None])  # Excel serials: 2019-03-05, 2019-09-01
    wb.save(path)
    got = load_ledger(path).projects
    assert [_day(v) for v in got.planned_commencement_on] == ["2019-09-01", "2019-09-01"]
    assert [_day(v) for v in got.planned_operation_on] == ["2021-06-30", None]


def test_parquet_date_and_text(tmp_path):
    path = tmp_path / "ledger.parquet"
    pq.write_table(pa.table({
        "项目编号": ["A1", "A2"], "项目名称": ["x", "y"], "区县": ["渝北", "渝北"],
        "签约日期": pa.array([dt.date(2019, 3, 5)] * 2, pa.date32()), "协议投资额(亿元)": [1.0, 2.0],
        "计划开工日期": pa.array([dt.date(2019, 9, 1), None], pa.date32()),
        "计划投产日期": ["2021-06-30", None]}), path)
    got = load_ledger(path).projects
    assert [_day(v) for v in got.planned_commencement_on] == ["2019-09-01", None]
    assert [_day(v) for v in got.planned_operation_on] == ["2021-06-30", None]


def test_an_unparsable_planned_date_is_an_error_with_file_row_column_and_value(tmp_path):
    p = _csv(tmp_path, "台账.csv", f"{HEAD},计划开工日期,计划投产时间",
             "A1,x,渝北,2019-03-05,1,2019-13-45,",
             "A2,y,渝北,2019-03-05,1,,明年六月")
    with pytest.raises(LedgerError) as err:
        load_ledger(p)
    found = {(p.file, p.row, p.column, p.value, p.severity) for p in err.value.problems}
    assert found == {(str(p), 2, "计划开工日期", "2019-13-45", "error"), (str(p), 3, "计划投产时间", "明年六月", "error")}
    assert all("unparsable date" in x.message for x in err.value.problems)
    lenient = load_ledger(p, strict=False)  # the rows are left out and listed, as for any other date
    assert lenient.projects.empty and len(lenient.dropped) == 2


def test_a_planned_date_before_signing_is_a_warning_and_kept(tmp_path):
    p = _csv(tmp_path, "台账.csv", f"{HEAD},计划开工日期,计划投产日期",
             "A1,x,渝北,2019-03-05,1,2019-03-04,2019-03-05",
             "A2,y,渝北,2019-03-05,1,2019-03-05,2019-01-01")
    ledger = load_ledger(p)  # strict: warnings never stop a load
    warned = [(w.row, w.column, w.value, w.severity) for w in ledger.warnings]
    assert warned == [(2, "计划开工日期", "2019-03-04", "warning"), (3, "计划投产日期", "2019-01-01", "warning")]
    assert all("before signing (signed on 2019-03-05)" in w.message for w in ledger.warnings)
    assert str(ledger.warnings[0]).startswith(f"{p}, line 2, column '计划开工日期', value '2019-03-04': warning: planned")
    assert [_day(v) for v in ledger.projects.planned_commencement_on] == ["2019-03-04", "2019-03-05"]
    assert ledger.summary()["warnings"] == 2 and len(ledger.dropped) == 0
