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


def _cases() -> list[tuple[str, str, str]]:
    """The bad corpus's CSV ledgers (with their capital and unit) that a reader can read."""
    import csv

    from paths import DATA

    with open(DATA / "bad" / "cases.csv", encoding="utf-8") as f:
        rows = {(r["projects"], r["capital"], r["unit"]) for r in csv.DictReader(f)}
    return sorted(r for r in rows if r[0].endswith(".csv") and r[0] not in ("bad_encoding.csv", "empty.csv", "header_only.csv"))


def _as_parquet(path, folder, names: bool):
    """The same cells in a Parquet file, as text; ``names``: the columns of names stored as dictionaries."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from yubei_lib.ledger.read import read_table
    from yubei_lib.ledger.validate import is_known_header, is_name_header

    raw = read_table(path, is_known=is_known_header)
    table = pa.Table.from_pandas(raw.frame.astype("string[pyarrow]"), preserve_index=False)
    if names:
        table = pa.table({c: table[c].dictionary_encode() if is_name_header(c) else table[c] for c in table.column_names})
    out = folder / f"{path.stem}{'.names' if names else ''}.parquet"
    pq.write_table(table, out)
    return out, {int(r): k + 1 for k, r in enumerate(raw.rows)}


@pytest.mark.parametrize("names", [False, True], ids=["text", "stored names"])
@pytest.mark.parametrize("case", _cases(), ids=lambda c: c[0])
def test_a_parquet_of_the_same_cells_loads_to_the_same_ledger_and_problems(tmp_path, case, names):
    from paths import DATA

    projects, capital, unit = DATA / "bad" / case[0], (DATA / "bad" / case[1]) if case[1] else None, case[2] or None

    def load(path):
        try:
            return load_ledger(path, capital, unit=unit, strict=False)
        except LedgerError as exc:
            return exc

    pq_path, rows = _as_parquet(projects, tmp_path, names)
    want, got = load(projects), load(pq_path)
    assert type(want) is type(got)
    if not isinstance(want, LedgerError):
        pd.testing.assert_frame_equal(want.projects, got.projects)
        pd.testing.assert_frame_equal(want.capital, got.capital)
    moved = [(rows.get(p.row, p.row) if p.file == str(projects) else p.row, p.column, p.value, p.message, p.severity)
             for p in want.problems]  # a CSV's rows are its lines, a Parquet file's are counted from 1
    assert [(p.row, p.column, p.value, p.message, p.severity) for p in got.problems] == moved
    assert len(_cases()) >= 20


def test_a_missing_ledger_is_named_while_its_capital_is_read(tmp_path):
    capital = _csv(tmp_path, "c.csv", "project_id,received_on,amount (元)", *[f"A{i},2020-01-02,5" for i in range(2000)])
    with pytest.raises(LedgerError) as err:
        load_ledger(tmp_path / "missing.csv", capital)
    assert [(p.file, p.message) for p in err.value.problems] == [(str(tmp_path / "missing.csv"), "no such file")]


@pytest.mark.parametrize("names", [False, True], ids=["text", "stored names"])
def test_names_written_loosely_load_alike_from_csv_and_parquet(tmp_path, names):
    p = _csv(tmp_path, "p.csv", HEADER,
             "A1,x, 渝北区 ,2019-01-02,1,\u3000央企,自定义 ,,,",
             "A2,y,\u3000,2019-01-02,1,,,,,",
             "A3,z,,2019-01-02,1,火星资本, 智能终端,,,",
             "A4,w,Mars,2019-01-02,1, ,  ,,,",
             "A5,v,yubei,2019-01-02,1,Global 500,smart terminals,,,")
    pq_path, rows = _as_parquet(p, tmp_path, names)
    want, got = load_ledger(p, strict=False), load_ledger(pq_path, strict=False)
    pd.testing.assert_frame_equal(want.projects, got.projects)
    assert want.projects.district.tolist() == ["Yubei", "Yubei"]
    assert want.projects.cluster.fillna("-").tolist() == ["自定义", "smart terminals"]
    assert [(p.row, p.column, p.value, p.message) for p in want.problems] == [
        (3, "district", "\u3000", "empty district: every row needs one"),
        (4, "district", "", "empty district: every row needs one"),
        (4, "investor_type", "火星资本", "unknown investor type, counted as 'other'"),
        (5, "district", "Mars", "unknown district: not one of the 22 urban districts of data/reference/districts.csv")]
    assert [(p.row, p.column, p.value, p.message) for p in got.problems] == [
        (rows[p.row], p.column, p.value, p.message) for p in want.problems]
