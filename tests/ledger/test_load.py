import pandas as pd
import pytest

from yubei_lib.ledger.load import load_ledger
from yubei_lib.ledger.problems import LedgerError

HEADER = "project_id,project_name,district,signed_on,contract_value (亿元),investor_type,cluster,commenced_on,operating_on,terminated_on"


def _csv(tmp_path, name, *lines, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def test_canonical_frame_in_yuan_with_english_districts_and_categories(tmp_path):
    p = _csv(tmp_path, "p.csv", HEADER + ",备注",
             "A1,Chip fab,渝北区,2019/3/5,1.5,央企,智能终端,2019-06-01,,,first",
             "A2,Panel line,YUBEI District,2019年3月5日,\"1,200\",世界500强,,,,,")
    ledger = load_ledger(p)
    got = ledger.projects
    assert got.contract_value.tolist() == [1.5e8, 1.2e11]
    assert got.district.tolist() == ["Yubei", "Yubei"]
    assert got.investor_type.tolist() == ["central SOE", "Global 500"]
    assert got.cluster.tolist()[0] == "smart terminals" and pd.isna(got.cluster[1])
    assert got.signed_on.tolist() == [pd.Timestamp("2019-03-05")] * 2
    assert got.signed_on.dtype == "datetime64[ns]"
    assert got["备注"].tolist()[0] == "first"  # extra column kept
    assert list(got.columns[:5]) == ["project_id", "project_name", "district", "signed_on", "contract_value"]
    assert ledger.problems == []


def test_explicit_unit_for_undeclared_headers_and_error_without_it(tmp_path):
    p = _csv(tmp_path, "p.csv", "项目编号,项目名称,区县,签约日期,协议投资额", "A,x,渝北,2020-01-02,3")
    assert load_ledger(p, unit="wan").projects.contract_value.tolist() == [3e4]
    with pytest.raises(LedgerError) as err:
        load_ledger(p)
    [problem] = err.value.problems
    assert problem.column == "协议投资额" and "undeclared money unit" in problem.message and "--unit" in problem.message


def test_header_unit_wins_over_argument(tmp_path):
    p = _csv(tmp_path, "p.csv", "project_id,project_name,district,signed_on,contract_value (bn yuan)",
             "A,x,Yubei,2020-01-02,2")
    assert load_ledger(p, unit="wan").projects.contract_value.tolist() == [2e9]


def test_every_problem_reported_at_once_with_location(tmp_path):
    p = _csv(tmp_path, "p.csv", HEADER,
             "A1,ok,Yubei,2019-01-01,1,,,2019-02-01,2019-01-15,",
             "A1,dup,Mars,2019-13-45,-1,,,,,")
    with pytest.raises(LedgerError) as err:
        load_ledger(p)
    found = {(x.row, x.column, x.value) for x in err.value.problems if x.severity == "error"}
    assert found == {
        (2, "operating_on", "2019-01-15"),
        (3, "project_id", "A1"),
        (3, "district", "Mars"),
        (3, "signed_on", "2019-13-45"),
        (3, "contract_value (亿元)", "-1"),
    }


def test_lenient_drops_bad_rows_and_their_capital_and_lists_them(tmp_path):
    p = _csv(tmp_path, "p.csv", HEADER, "A1,ok,Yubei,2019-01-01,1,,,,,", "A2,bad,Mars,2019-01-01,1,,,,,")
    c = _csv(tmp_path, "c.csv", "项目编号,到位日期,到位资金（万元）", "A1,2019-05-01,10", "A2,2019-05-01,20", "ZZ,2019-05-01,1")
    with pytest.raises(LedgerError):
        load_ledger(p, c)
    ledger = load_ledger(p, c, strict=False)
    assert ledger.projects.project_id.tolist() == ["A1"]
    assert ledger.capital.project_id.tolist() == ["A1"] and ledger.capital.amount.tolist() == [1e5]
    dropped = set(zip(ledger.dropped.file.map(lambda f: f.split("/")[-1]), ledger.dropped.row))
    assert dropped == {("p.csv", 3), ("c.csv", 3), ("c.csv", 4)}
    assert ledger.summary()["dropped_rows"] == 3


def test_operation_without_commencement_is_a_warning_and_counts_as_commenced(tmp_path):
    p = _csv(tmp_path, "p.csv", HEADER, "A1,ok,Yubei,2019-01-01,1,,,,2020-03-01,")
    ledger = load_ledger(p)
    assert ledger.projects.commenced_on[0] == pd.Timestamp("2020-03-01")
    [warning] = ledger.warnings
    assert (warning.row, warning.column) == (2, "operating_on")


def test_unknown_investor_type_is_other_with_a_warning(tmp_path):
    p = _csv(tmp_path, "p.csv", HEADER, "A1,ok,Yubei,2019-01-01,1,family office,,,,")
    ledger = load_ledger(p)
    assert ledger.projects.investor_type.tolist() == ["other"]
    assert [w.value for w in ledger.warnings] == ["family office"]


def test_missing_required_columns_are_named(tmp_path):
    p = _csv(tmp_path, "p.csv", "project_id,project_name", "A,x")
    with pytest.raises(LedgerError) as err:
        load_ledger(p, strict=False)
    assert {x.column for x in err.value.problems} == {"district", "signed_on", "contract_value"}


def test_files_are_hashed_and_not_written(tmp_path):
    p = _csv(tmp_path, "p.csv", HEADER, "A1,ok,Yubei,2019-01-01,1,,,,,")
    before = sorted(tmp_path.iterdir())
    ledger = load_ledger(p)
    assert sorted(tmp_path.iterdir()) == before
    assert len(ledger.files[str(p)]) == 64


def test_cache_folder_returns_the_same_ledger_and_the_same_errors(tmp_path):
    p = _csv(tmp_path, "p.csv", HEADER, "A1,ok,Yubei,2019-01-01,1,,,,,")
    cache = tmp_path / "cache"
    first = load_ledger(p, cache=cache)
    assert len(list(cache.glob("*.pickle"))) == 1
    again = load_ledger(p, cache=cache)
    pd.testing.assert_frame_equal(first.projects, again.projects)
    p.write_text(HEADER + "\nA1,ok,Mars,2019-01-01,1,,,,,\n", encoding="utf-8")  # changed file, new key
    for _ in range(2):
        with pytest.raises(LedgerError) as err:
            load_ledger(p, cache=cache)
        assert err.value.problems[0].value == "Mars"
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == 2
