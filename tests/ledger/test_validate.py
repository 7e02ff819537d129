"""The loader and ``yubei validate`` on ledgers as offices write them, good and bad.

The corpus lives in ``tests/data`` (``make_corpus.py`` regenerates its binary files):

* ``office/`` -- the same 24 projects and 29 capital inflows written five ways (xlsx with
  title rows and mixed date cells, GBK CSV in 万元, UTF-8-BOM CSV in bn yuan, Parquet in
  yuan, a CSV with no unit in its headers); each must load to ``expected_*.csv``.
* ``bad/`` -- one file (or pair) per kind of bad input; ``bad/cases.csv`` lists every
  problem each must report, one line per problem:

  ``projects, capital`` the files to load; ``file`` the file the problem is in;
  ``unit`` the ``unit=`` argument (empty: none); ``row`` the CSV line / Excel row
  (empty: a whole-file problem, row None; ``*``: any); ``column`` the header as written
  (canonical name for a missing column; empty: None); ``value`` as written (empty: not
  checked); ``message_contains`` keywords, ``|``-separated, one of which must occur.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest
from paths import DATA
from typer.testing import CliRunner

from yubei_lib.cli import app
from yubei_lib.ledger.load import load_ledger
from yubei_lib.ledger.problems import LedgerError, Problem

OFFICE = DATA / "office"
BAD = DATA / "bad"


# --------------------------------------------------------------------------- helpers


def run_cli(*args: str) -> SimpleNamespace:
    """Run ``yubei ARGS`` in this process (test_cli.py runs the real entry point)."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback is a failure, never an answer
    return SimpleNamespace(returncode=result.exit_code, stdout=result.stdout, stderr=result.stderr)


def errors(problems) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def listing(problems) -> str:
    return "\n".join(f"  {p!r}" for p in problems)


def day(value) -> str:
    """A date cell as ISO text ('' for NaT/empty)."""
    return "" if pd.isna(value) else pd.Timestamp(value).date().isoformat()


def read_table(path: Path) -> dict[int, list[str]]:
    """The cells of a CSV or of the first sheet of an xlsx, as text, by the number the user
    sees: the physical line a CSV record starts on, or the Excel row."""
    if path.suffix == ".xlsx":
        ws = openpyxl.load_workbook(path).worksheets[0]
        return {i: ["" if v is None else str(v) for v in row]
                for i, row in enumerate(ws.iter_rows(values_only=True), start=1)}
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, start = {}, 1
    for record in reader:
        rows[start] = record
        start = reader.line_num + 1
    return rows


def data_rows(path: Path) -> int:
    """Number of non-blank rows below the header (the first row with 3+ filled cells)."""
    if path.suffix == ".parquet":
        return pq.read_metadata(path).num_rows
    filled = [sum(bool(c.strip()) for c in row) for row in read_table(path).values()]
    header = next(i for i, n in enumerate(filled) if n >= 3)
    return sum(1 for n in filled[header + 1:] if n)


@dataclass(frozen=True)
class Expected:
    """One line of ``bad/cases.csv``."""

    file: str
    row: str
    column: str
    value: str
    message_contains: str

    @property
    def where(self) -> tuple:
        return (self.file, None if self.row in ("", "*") else int(self.row))

    def row_ok(self, row) -> bool:
        return self.row == "*" or (row is None if self.row == "" else row == int(self.row))

    def column_ok(self, column) -> bool:
        return column is None if self.column == "" else column == self.column

    def value_ok(self, value) -> bool:
        # a real Excel date may be rendered with its (zero) time of day
        return self.value == "" or value == self.value or str(value).startswith(self.value + " ")

    def message_ok(self, message: str) -> bool:
        return any(k in message.lower() for k in self.message_contains.lower().split("|"))

    def matches(self, p: Problem) -> bool:
        return (Path(p.file).name == self.file and p.severity == "error" and self.row_ok(p.row)
                and self.column_ok(p.column) and self.value_ok(p.value) and self.message_ok(p.message))

    def locates(self, p: Problem) -> bool:
        """Same place (file, row, column), whatever the value and message."""
        return Path(p.file).name == self.file and self.row_ok(p.row) and self.column_ok(p.column)

    def in_line(self, line: str) -> bool:
        """Whether one line of CLI output names this problem's file, row, column and value."""
        if self.file not in line:
            return False
        if self.row not in ("", "*") and not re.search(rf"\b(line|row) {self.row}\b", line):
            return False
        return (not self.column or self.column in line) and (not self.value or self.value in line)


@dataclass(frozen=True)
class Case:
    projects: str
    capital: str
    unit: str
    expected: tuple[Expected, ...]

    @property
    def id(self) -> str:
        return self.projects + (f"+{self.capital}" if self.capital else "")

    @property
    def whole_file(self) -> bool:
        return any(e.row in ("", "*") for e in self.expected)

    def load(self, **kw):
        return load_ledger(BAD / self.projects, BAD / self.capital if self.capital else None,
                           unit=self.unit or None, **kw)

    def cli_args(self, *extra: str) -> list[str]:
        args = ["validate", BAD / self.projects]
        if self.capital:
            args += ["--capital", BAD / self.capital]
        if self.unit:
            args += ["--unit", self.unit]
        return [*args, *extra]


def read_cases() -> list[Case]:
    with open(BAD / "cases.csv", encoding="utf-8", newline="") as f:
        lines = list(csv.DictReader(f))
    grouped: dict[tuple, list[Expected]] = {}
    units: dict[tuple, str] = {}
    for r in lines:
        key = (r["projects"], r["capital"])
        grouped.setdefault(key, []).append(
            Expected(r["file"], r["row"], r["column"], r["value"], r["message_contains"]))
        units[key] = r["unit"]
    return [Case(p, c, units[(p, c)], tuple(exp)) for (p, c), exp in grouped.items()]


CASES = read_cases()
BY_ID = {c.id: c for c in CASES}
case_params = pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])


# --------------------------------------------------------------------------- the corpus itself


def test_corpus_size_and_manifest_files_exist():
    assert len(CASES) >= 20
    for case in CASES:
        assert (BAD / case.projects).exists(), case.projects
        assert not case.capital or (BAD / case.capital).exists(), case.capital
        for e in case.expected:
            assert e.file in (case.projects, case.capital)


@case_params
def test_manifest_points_at_the_value(case):
    """Independent of the loader: the manifest's row holds the value it names."""
    for e in case.expected:
        if e.row in ("", "*"):
            continue
        cells = read_table(BAD / e.file)[int(e.row)]
        assert any(e.value_ok(c) for c in cells), (e, cells)
        if e.value == "":
            assert "" in cells, (e, cells)


def test_encodings_are_what_they_claim():
    gbk = (OFFICE / "ledger_gbk.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        gbk.decode("utf-8")
    assert gbk.decode("gbk").startswith("项目编号,")
    assert (OFFICE / "ledger_bom.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    raw = (BAD / "bad_encoding.csv").read_bytes()
    for enc in ("utf-8", "gb18030"):
        with pytest.raises(UnicodeDecodeError):
            raw.decode(enc)


# --------------------------------------------------------------------------- good ledgers

OFFICE_LEDGERS = {
    # name: (projects, capital, unit, extra columns kept)
    "xlsx": ("ledger_zh.xlsx", "capital_zh.xlsx", None, ["序号", "备注"]),
    "gbk": ("ledger_gbk.csv", "capital_gbk.csv", None, ["备注"]),
    "bom": ("ledger_bom.csv", "capital_bom.csv", None, ["note"]),
    "parquet": ("ledger.parquet", "capital.parquet", None, ["source_system"]),
    "nounit": ("ledger_nounit.csv", "capital_nounit.csv", "wan", []),
}
office_params = pytest.mark.parametrize("name", list(OFFICE_LEDGERS))


def load_office(name: str, **kw):
    projects, capital, unit, _ = OFFICE_LEDGERS[name]
    kw.setdefault("unit", unit)
    return load_ledger(OFFICE / projects, OFFICE / capital, **kw)


def expected_projects() -> pd.DataFrame:
    return pd.read_csv(OFFICE / "expected_projects.csv", dtype=str, keep_default_na=False)


def expected_capital() -> pd.DataFrame:
    return pd.read_csv(OFFICE / "expected_capital.csv", dtype=str, keep_default_na=False)


@office_params
def test_office_ledger_loads_to_the_expected_frame(name):
    ledger = load_office(name)
    assert not errors(ledger.problems), listing(ledger.problems)
    assert ledger.problems == [], f"a clean ledger gave warnings:\n{listing(ledger.problems)}"
    assert len(ledger.dropped) == 0

    got = ledger.projects
    exp = expected_projects()
    assert len(got) == len(exp) == data_rows(OFFICE / OFFICE_LEDGERS[name][0]) == 24
    for col in ("signed_on", "commenced_on", "operating_on", "terminated_on"):
        assert pd.api.types.is_datetime64_any_dtype(got[col]), (col, got[col].dtype)
    assert pd.api.types.is_float_dtype(got["contract_value"])

    got = got.set_index("project_id").loc[exp.project_id]
    exp = exp.set_index("project_id")
    for col in ("project_name", "district", "investor_type"):
        assert got[col].tolist() == exp[col].tolist(), col
    for col in ("signed_on", "commenced_on", "operating_on", "terminated_on"):
        assert got[col].map(day).tolist() == exp[col].tolist(), col
    assert got["contract_value"].tolist() == pytest.approx(exp["contract_value"].astype(float).tolist(), rel=1e-12)
    assert got["contract_value"].sum() == pytest.approx(14_530_345_000.0, rel=1e-12)
    if name != "nounit":
        for col in ("investor", "responsible_unit", "responsible_leader"):
            assert got[col].tolist() == exp[col].tolist(), col


@office_params
def test_office_capital_loads_to_the_expected_frame(name):
    ledger = load_office(name)
    got, exp = ledger.capital, expected_capital()
    assert len(got) == len(exp) == data_rows(OFFICE / OFFICE_LEDGERS[name][1]) == 29
    assert pd.api.types.is_datetime64_any_dtype(got["received_on"])
    assert got["project_id"].tolist() == exp["project_id"].tolist()
    assert got["received_on"].map(day).tolist() == exp["received_on"].tolist()
    assert got["amount"].tolist() == pytest.approx(exp["amount"].astype(float).tolist(), rel=1e-12)


@office_params
def test_office_extra_columns_are_kept(name):
    projects = load_office(name).projects
    for col in OFFICE_LEDGERS[name][3]:
        assert col in projects.columns, (col, list(projects.columns))


def test_office_categories_agree_across_formats():
    ref = load_office("xlsx").projects.set_index("project_id")
    for name in ("gbk", "bom", "parquet"):
        got = load_office(name).projects.set_index("project_id").loc[ref.index]
        for col in ("cluster", "chain_segment", "park"):
            assert got[col].tolist() == ref[col].tolist(), (name, col)


def test_xlsx_spot_values():
    """ledger_zh.xlsx: title rows, mixed date cells, 亿元, Chinese/English/full-width districts."""
    p = load_office("xlsx").projects.set_index("project_id")
    # 1.5 亿元, signed '2019年3月5日', district 'Yubei', 备注 kept
    assert p.loc["YB-2019-002", "contract_value"] == 150_000_000.0
    assert p.loc["YB-2019-002", "signed_on"] == pd.Timestamp("2019-03-05")
    assert p.loc["YB-2019-002", "district"] == "Yubei"
    assert p.loc["YB-2019-002", "investor_type"] == "central SOE"  # 央企
    assert p.loc["YB-2019-002", "备注"] == "重点项目"
    # a real Excel date; 15 亿元; 世界500强
    assert p.loc["YB-2018-001", "signed_on"] == pd.Timestamp("2018-03-16")
    assert p.loc["YB-2018-001", "contract_value"] == 1_500_000_000.0
    assert p.loc["YB-2018-001", "investor_type"] == "Global 500"
    # the string '2018/5/8'; district '渝北'
    assert p.loc["YB-2018-002", "signed_on"] == pd.Timestamp("2018-05-08")
    assert p.loc["YB-2018-002", "district"] == "Yubei"
    # the Excel serial 43355; district 'ＪＩＡＮＧＢＥＩ' (full width)
    assert p.loc["JB-2018-001", "signed_on"] == pd.Timestamp("2018-09-12")
    assert p.loc["JB-2018-001", "district"] == "Jiangbei"
    # amount typed as text '0.12345' (亿元); not commenced -> NaT
    assert p.loc["YB-2018-005", "contract_value"] == pytest.approx(12_345_000.0)
    assert pd.isna(p.loc["YB-2018-005", "operating_on"])
    # 万盛经开区, 璧山区, 南岸区
    assert p.loc["WS-2020-001", "district"] == "Wansheng"
    assert p.loc["BS-2020-001", "district"] == "Bishan"
    assert p.loc["NA-2019-001", "district"] == "Nan'an"
    assert pd.isna(p.loc["NA-2019-001", "commenced_on"])
    # terminated, never commenced
    assert p.loc["YB-2019-008", "terminated_on"] == pd.Timestamp("2020-08-31")
    assert sorted(p["district"].unique()) == ["Beibei", "Bishan", "Jiangbei", "Nan'an", "Shapingba",
                                               "Wansheng", "Yubei"]


def test_gbk_spot_values():
    """ledger_gbk.csv: GBK, 协议投资额（万元）, '1,234.5', '2019/3/5', 区县/签约时间 headers."""
    p = load_office("gbk").projects.set_index("project_id")
    assert p.loc["YB-2018-005", "contract_value"] == 12_345_000.0  # "1,234.5" 万元
    assert p.loc["YB-2018-001", "contract_value"] == 1_500_000_000.0  # "150,000" 万元
    assert p.loc["YB-2019-002", "contract_value"] == 150_000_000.0  # "15,000" 万元
    assert p.loc["YB-2019-002", "signed_on"] == pd.Timestamp("2019-03-05")  # 2019/3/5
    assert p.loc["WS-2020-001", "district"] == "Wansheng"  # 万盛
    assert p.loc["YB-2018-005", "project_name"] == "Smart Terminal R&D Center, Phase 2"
    c = load_office("gbk").capital
    assert c.loc[c.project_id == "YB-2018-005", "amount"].tolist() == [3_005_000.0]  # 300.5 万元
    assert c["amount"].sum() == pytest.approx(3_291_005_000.0, rel=1e-12)


def test_bom_spot_values():
    """ledger_bom.csv: UTF-8 BOM (the first header must not keep it), bn yuan, ISO dates."""
    ledger = load_office("bom")
    p = ledger.projects.set_index("project_id")  # fails if the BOM stuck to 'project_id'
    assert p.loc["YB-2019-002", "contract_value"] == pytest.approx(150_000_000.0, rel=1e-12)  # 0.15 bn
    assert p.loc["YB-2019-005", "contract_value"] == pytest.approx(3_200_000_000.0, rel=1e-12)  # 3.2 bn
    assert p.loc["YB-2019-002", "district"] == "Yubei"
    assert p.loc["BB-2019-001", "investor_type"] == "central SOE"  # 'SOE'
    assert p.loc["YB-2019-008", "note"] == "已终止"


def test_parquet_spot_values():
    p = load_office("parquet").projects.set_index("project_id")
    assert p.loc["YB-2019-002", "contract_value"] == 150_000_000.0
    assert p.loc["YB-2019-002", "signed_on"] == pd.Timestamp("2019-03-05")  # date32
    assert p.loc["YB-2019-002", "commenced_on"] == pd.Timestamp("2019-06-18")  # timestamp[ms]
    assert p.loc["YB-2019-008", "terminated_on"] == pd.Timestamp("2020-08-31")  # timestamp[us]
    assert p.loc["YB-2019-002", "source_system"] == "招商云平台"


def test_sheet_by_name_gives_the_first_sheet():
    by_name = load_ledger(OFFICE / "ledger_zh.xlsx", sheet="台账").projects
    pd.testing.assert_frame_equal(by_name, load_office("xlsx").projects)


def test_header_unit_wins_over_unit_argument():
    """``unit=`` applies only to money columns whose header declares none."""
    declared = load_office("bom").projects
    argued = load_office("bom", unit="yuan").projects
    assert argued["contract_value"].tolist() == declared["contract_value"].tolist()


@pytest.mark.parametrize("unit", ["wan", "万元"])
def test_no_unit_ledger_loads_with_unit(unit):
    p = load_office("nounit", unit=unit).projects.set_index("project_id")
    assert p.loc["YB-2019-002", "contract_value"] == 150_000_000.0  # 15000 万元


def test_no_unit_ledger_fails_without_unit():
    with pytest.raises(LedgerError) as info:
        load_office("nounit", unit=None)
    problems = errors(info.value.problems)
    where = {(Path(p.file).name, p.row, p.column) for p in problems}
    assert where == {("ledger_nounit.csv", None, "协议投资额"), ("capital_nounit.csv", None, "到位资金")}
    for p in problems:
        assert "unit" in p.message.lower()
        # it says how to declare the unit
        assert any(k in p.message for k in ("--unit", "unit=", "header", "万元", "亿元")), p.message


def test_projects_ok_is_clean():
    """The companion of the capital cases loads on its own (so each case holds one fault)."""
    ledger = load_ledger(BAD / "projects_ok.csv")
    assert ledger.problems == [] and len(ledger.projects) == 5


def test_warnings_do_not_stop_a_strict_load():
    ledger = load_ledger(OFFICE / "warnings.csv")
    assert not errors(ledger.problems), listing(ledger.problems)
    assert len(ledger.projects) == 4 and len(ledger.dropped) == 0
    warn = {p.row: p for p in ledger.problems}
    assert set(warn) == {3, 4}, listing(ledger.problems)
    assert all(p.severity == "warning" and Path(p.file).name == "warnings.csv" for p in warn.values())
    # operation without commencement: counts as commenced on its operation date
    assert warn[3].column in ("commenced_on", "operating_on")
    p = ledger.projects.set_index("project_id")
    assert p.loc["YB-2019-004", "commenced_on"] == p.loc["YB-2019-004", "operating_on"] == pd.Timestamp("2020-03-20")
    # unknown investor type -> "other"
    assert (warn[4].column, warn[4].value) == ("investor_type", "合资企业")
    assert p.loc["YB-2019-005", "investor_type"] == "other"
    assert p.loc["YB-2019-006", "investor_type"] == "unicorn"


# --------------------------------------------------------------------------- bad ledgers


@case_params
def test_strict_load_reports_every_problem(case):
    with pytest.raises(LedgerError) as info:
        case.load()
    problems = info.value.problems
    for e in case.expected:
        assert any(e.matches(p) for p in problems), f"not reported: {e}\ngot:\n{listing(problems)}"
    for p in problems:
        assert p.message.strip() and p.severity in ("error", "warning")
        assert p.value is None or isinstance(p.value, str)


@case_params
def test_no_unexpected_errors(case):
    """Every error reported is one the manifest expects (at its file, row and column)."""
    with pytest.raises(LedgerError) as info:
        case.load()
    extra = [p for p in errors(info.value.problems) if not any(e.locates(p) for e in case.expected)]
    assert not extra, f"unexpected errors:\n{listing(extra)}"


@case_params
def test_lenient_load_drops_exactly_the_offending_rows(case):
    if case.whole_file:
        # nothing row-level to drop: either refused, or the problem is listed -- never silent
        try:
            ledger = case.load(strict=False)
        except LedgerError as err:
            problems = err.problems
        else:
            problems = ledger.problems
        for e in case.expected:
            assert any(e.matches(p) for p in problems), f"not reported: {e}\ngot:\n{listing(problems)}"
        return

    ledger = case.load(strict=False)
    for e in case.expected:
        assert any(e.matches(p) for p in ledger.problems), f"not reported: {e}\ngot:\n{listing(ledger.problems)}"
    d = ledger.dropped
    assert {"file", "row", "reason"} <= set(d.columns)
    dropped = {(Path(f).name, int(r)) for f, r in zip(d["file"], d["row"])}
    assert dropped == {e.where for e in case.expected}
    assert dropped == {(Path(p.file).name, p.row) for p in errors(ledger.problems)}
    assert all(str(r).strip() for r in d["reason"])
    n_proj = sum(1 for f, _ in dropped if f == case.projects)
    assert len(ledger.projects) == data_rows(BAD / case.projects) - n_proj
    if case.capital:
        n_cap = sum(1 for f, _ in dropped if f == case.capital)
        assert len(ledger.capital) == data_rows(BAD / case.capital) - n_cap


@case_params
def test_cli_reports_each_problem_on_one_line(case):
    res = run_cli(*case.cli_args())
    out = res.stdout + res.stderr
    assert res.returncode == 2, out
    assert "Traceback" not in out
    lines = out.splitlines()
    for e in case.expected:
        assert any(e.in_line(line) for line in lines), f"no line names {e}:\n{out}"


# JSON output on a spread of cases (each CLI run costs a few seconds of imports)
JSON_CASES = ["many_problems.csv+many_capital.csv", "title_rows_bad.xlsx", "bad_encoding.csv",
              "missing_value.xlsx", "empty.csv", "projects_ok.csv+capital_title.xlsx"]


@pytest.mark.parametrize("case", [BY_ID[i] for i in JSON_CASES], ids=JSON_CASES)
def test_cli_json(case):
    res = run_cli(*case.cli_args("--format", "json"))
    assert res.returncode == 2, res.stdout + res.stderr
    assert "Traceback" not in res.stdout + res.stderr
    doc = json.loads(res.stdout)
    assert doc["ok"] is False  # ("summary" is only promised for a clean run)
    problems = [Problem(**p) for p in doc["problems"]]
    for e in case.expected:
        assert any(e.matches(p) for p in problems), f"not in JSON: {e}\n{listing(problems)}"


# --------------------------------------------------------------------------- the CLI on good input


@office_params
def test_cli_validates_office_ledgers(name):
    projects, capital, unit, _ = OFFICE_LEDGERS[name]
    args = ["validate", OFFICE / projects, "--capital", OFFICE / capital]
    if unit:
        args += ["--unit", unit]
    res = run_cli(*args)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "Traceback" not in res.stdout + res.stderr
    summary = [line for line in res.stdout.splitlines() if line.strip()]
    assert len(summary) == 1, res.stdout
    assert "24" in summary[0] and "2018-03-16" in summary[0] and "2020-10-23" in summary[0], summary[0]

    if name in ("xlsx", "nounit"):
        doc = json.loads(run_cli(*args, "--format", "json").stdout)
        assert doc["ok"] is True and doc["problems"] == [] and doc["summary"]


def test_cli_no_unit_fails_with_a_clear_message():
    res = run_cli("validate", OFFICE / "ledger_nounit.csv", "--capital", OFFICE / "capital_nounit.csv")
    out = res.stdout + res.stderr
    assert res.returncode == 2 and "Traceback" not in out
    assert any("ledger_nounit.csv" in line and "协议投资额" in line and "unit" in line.lower()
               for line in out.splitlines()), out


def test_cli_warnings_are_shown_but_pass():
    res = run_cli("validate", OFFICE / "warnings.csv")
    out = res.stdout + res.stderr
    assert res.returncode == 0, out
    assert "warning" in out.lower() and "合资企业" in out and "Traceback" not in out


@pytest.mark.parametrize("which", ["projects", "capital"])
def test_cli_missing_file(which):
    missing = OFFICE / "no_such_ledger.csv"
    if which == "projects":
        res = run_cli("validate", missing)
    else:
        res = run_cli("validate", BAD / "projects_ok.csv", "--capital", missing)
    out = res.stdout + res.stderr
    assert res.returncode == 2, out
    assert "no_such_ledger.csv" in out and "Traceback" not in out


def test_load_missing_file_raises_a_clear_error():
    with pytest.raises((LedgerError, FileNotFoundError)) as info:
        load_ledger(OFFICE / "no_such_ledger.csv")
    assert "no_such_ledger.csv" in str(info.value)
