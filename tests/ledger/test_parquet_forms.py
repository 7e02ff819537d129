"""Any Parquet a tool writes gives the same ledger: dates as DATE, TIMESTAMP (any unit or zone) or text, amounts as
integers, floats or decimals, names as plain or dictionary text."""

import datetime as dt

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from yubei_lib.ledger.load import load_ledger
from yubei_lib.ledger.problems import LedgerError

SIGNED = [dt.date(2019, 3, 5), dt.date(2020, 1, 1), dt.date(2020, 12, 31)]
COMMENCED = [dt.date(2019, 6, 1), None, dt.date(2021, 1, 2)]


def _dates(values, form):
    if form == "date32":
        return pa.array(values, pa.date32())
    if form == "text":
        return pa.array([v and v.isoformat() for v in values], pa.string())
    unit, zone = form.split("/", 1)
    stamps = [v and dt.datetime(v.year, v.month, v.day) for v in values]
    if zone == "-":
        return pa.array(stamps, pa.timestamp(unit))
    local = pa.array(stamps, pa.timestamp(unit))  # midnight in the zone, stored as UTC instants
    return pa.compute.assume_timezone(local, zone).cast(pa.timestamp(unit, zone))


def _write(path, dates, amounts, names):
    value = {"int": pa.array([100, 250, 0], pa.int64()), "float": pa.array([100.0, 250.0, 0.0]),
             "decimal": pa.array(["100.00", "250.00", "0.00"]).cast(pa.decimal128(12, 2))}[amounts]
    district = pa.array(["Yubei", "渝北区", "Jiangbei"])
    table = pa.table({"project_id": ["A", "B", "C"], "project_name": ["x", "y", "z"],
                      "district": district.dictionary_encode() if names == "dictionary" else district,
                      "signed_on": _dates(SIGNED, dates), "contract_value (万元)": value,
                      "commenced_on": _dates(COMMENCED, dates)})
    pq.write_table(table, path)
    return path


@pytest.fixture(scope="module")
def expected(tmp_path_factory):
    path = tmp_path_factory.mktemp("pq") / "plain.parquet"
    return load_ledger(_write(path, "date32", "int", "plain")).projects


@pytest.mark.parametrize("dates", ["date32", "text", "s/-", "ms/-", "us/-", "ns/-", "ms/UTC", "us/Asia/Shanghai",
                                   "ns/America/New_York"])
@pytest.mark.parametrize("amounts, names", [("int", "plain"), ("float", "dictionary"), ("decimal", "plain")])
def test_every_form_gives_the_same_projects(tmp_path, expected, dates, amounts, names):
    got = load_ledger(_write(tmp_path / "l.parquet", dates, amounts, names))
    pd.testing.assert_frame_equal(got.projects, expected)
    assert got.problems == []


def test_a_date_a_datetime64_cannot_hold_is_named_not_a_crash(tmp_path):
    path = tmp_path / "far.parquet"
    table = pa.table({"project_id": ["A"], "project_name": ["x"], "district": ["Yubei"],
                      "signed_on": pa.array([dt.date(2019, 3, 5)], pa.date32()), "contract_value (元)": [1.0],
                      "terminated_on": pa.array([dt.datetime(9999, 12, 31)], pa.timestamp("us"))})
    pq.write_table(table, path)
    with pytest.raises(LedgerError) as err:
        load_ledger(path)
    [problem] = err.value.problems
    assert (problem.row, problem.column, problem.message.split(":")[0]) == (1, "terminated_on", "unparsable date")
