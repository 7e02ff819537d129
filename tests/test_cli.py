import json
import os
import subprocess
import sys

from typer.testing import CliRunner

from yubei_lib.cli import app

runner = CliRunner()


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_validate_clean_ledger_prints_one_line_summary(tmp_path):
    p = _write(tmp_path, "p.csv", "project_id,project_name,district,signed_on,contract_value (亿元)\n"
                                  "A,x,渝北,2019-03-05,1.5\nB,y,Jiangbei,2020-01-02,2\n")
    result = runner.invoke(app, ["validate", p])
    assert result.exit_code == 0, result.output
    assert "2 projects in 2 district(s), signed 2019-03-05 to 2020-01-02, contract value 3.50亿元" in result.output


def test_validate_bad_ledger_exits_2_naming_file_line_column_value(tmp_path):
    p = _write(tmp_path, "p.csv", "project_id,project_name,district,signed_on,contract_value (亿元)\n"
                                  "A,x,渝北,2019-03-05,1.5\nB,y,Atlantis,2020-01-02,2\n")
    result = runner.invoke(app, ["validate", p])
    assert result.exit_code == 2
    assert "p.csv, line 3, column 'district', value 'Atlantis': unknown district" in result.output


def test_validate_json_lists_problems(tmp_path):
    p = _write(tmp_path, "p.csv", "project_id,project_name,district,signed_on,contract_value\nA,x,渝北,2019-03-05,1.5\n")
    result = runner.invoke(app, ["validate", p, "--format", "json"])
    assert result.exit_code == 2
    out = json.loads(result.stdout)
    assert out["ok"] is False and out["problems"][0]["column"] == "contract_value"
    ok = runner.invoke(app, ["validate", p, "--unit", "yi", "--format", "json"])
    assert ok.exit_code == 0 and json.loads(ok.stdout)["summary"]["contract_value_yuan"] == 1.5e8


def test_validate_missing_file_is_exit_2_without_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "yubei_lib", "validate", str(tmp_path / "none.xlsx")],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "no such file" in proc.stdout and "Traceback" not in proc.stdout + proc.stderr


LEDGER_HEADER = "project_id,project_name,district,signed_on,contract_value (亿元),commenced_on,operating_on"


def _ledger(tmp_path):
    p = _write(tmp_path, "p.csv", LEDGER_HEADER + "\n"
               "A,=HYPERLINK(\"http://x\"),渝北,2020-03-05,10,2020-05-01,\n"
               "B,y,Jiangbei,2020-01-02,2,,\n"
               "C,z,Yubei,2016-06-01,5,2016-09-01,2017-01-01\n")
    c = _write(tmp_path, "c.csv", "project_id,received_on,amount (亿元)\nA,2020-06-01,1\nC,2020-02-01,2\nB,2021-01-01,1\n")
    return p, c


def test_metrics_json_is_the_machine_object(tmp_path):
    p, c = _ledger(tmp_path)
    result = runner.invoke(app, ["metrics", "--as-of", "2020Q4", "--projects", p, "--capital", c, "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["as_of"] == "2020-12-31" and out["cohorts"] == ["2015-2017", "2018-2020"]
    assert len(out["districts"]) == 22 and out["districts"][0]["district"] == "Yuzhong"
    yubei = next(d for d in out["districts"] if d["district"] == "Yubei")
    # 2020 YTD: A signed 10亿; capital A 1亿 + C 2亿 (C signed 2016) = 3亿 -> 0.3; B's inflow is 2021.
    assert yubei["signed_value_ytd"] == 1e9 and yubei["realized_capital_ytd"] == 3e8
    assert yubei["conversion_rate_ytd"] == 0.3 and yubei["operation_rate_2015_2017"] == 1.0
    assert yubei["target_attainment"] == 1e9 / 80e9
    dazu = next(d for d in out["districts"] if d["district"] == "Dazu")
    assert dazu["conversion_rate_ytd"] is None and dazu["target_attainment"] is None


def test_metrics_csv_and_xlsx_have_all_22_districts(tmp_path):
    import openpyxl

    p, c = _ledger(tmp_path)
    result = runner.invoke(app, ["metrics", "--as-of", "2020-12-31", "--projects", p, "--capital", c, "--format", "csv"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("district,signed_value_ytd,") and len(lines) == 23
    out = tmp_path / "f.xlsx"
    result = runner.invoke(app, ["metrics", "--as-of", "2020Q4", "--projects", p, "--capital", c,
                                 "--format", "xlsx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out).active
    assert sheet["A1"].value == "district" and sheet.max_row == 23


def test_metrics_table_shows_the_district(tmp_path):
    p, c = _ledger(tmp_path)
    result = runner.invoke(app, ["metrics", "--as-of", "2020Q4", "--projects", p, "--capital", c, "--district", "江北区"])
    assert result.exit_code == 0
    assert result.stdout.startswith("Jiangbei as of 2020-12-31")


def test_metrics_bad_input_exits_2(tmp_path):
    p, c = _ledger(tmp_path)
    for args in (["--as-of", "2020Q5"], ["--as-of", "2020Q4", "--cohorts", "2017-2015"],
                 ["--as-of", "2020Q4", "--district", "Atlantis"], ["--as-of", "2020Q4", "--format", "xlsx"]):
        result = runner.invoke(app, ["metrics", *args, "--projects", p, "--capital", c])
        assert result.exit_code == 2, args
        assert result.exception is None or isinstance(result.exception, SystemExit)
    bad = _write(tmp_path, "bad.csv", LEDGER_HEADER + "\nA,x,Mars,2020-01-01,1,,\n")
    result = runner.invoke(app, ["metrics", "--as-of", "2020Q4", "--projects", bad])
    assert result.exit_code == 2 and "bad.csv, line 2, column 'district', value 'Mars'" in result.stderr


def test_metrics_csv_floats_read_back_exactly(tmp_path):
    p, c = _ledger(tmp_path)
    as_csv = runner.invoke(app, ["metrics", "--as-of", "2020Q4", "--projects", p, "--capital", c, "--format", "csv"]).stdout
    as_json = json.loads(runner.invoke(app, ["metrics", "--as-of", "2020Q4", "--projects", p, "--capital", c,
                                             "--format", "json"]).stdout)
    assert "np.float64" not in as_csv
    import csv
    import io
    rows = list(csv.DictReader(io.StringIO(as_csv)))
    for row, obj in zip(rows, as_json["districts"]):
        for key, value in obj.items():
            if isinstance(value, float):
                assert float(row[key]) == value, key
            elif value is None:
                assert row[key] == "", key


def test_written_files_are_readable_by_others(tmp_path):
    import stat

    from yubei_lib.present.export import write_text_atomic

    path = tmp_path / "page.html"
    write_text_atomic(path, "<html></html>")
    assert stat.S_IMODE(path.stat().st_mode) == 0o644 and path.read_text() == "<html></html>"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_max_rows_refuses_a_file_over_the_limit_and_raises_it(tmp_path, monkeypatch):
    monkeypatch.delenv("YUBEI_MAX_ROWS", raising=False)
    rows = "".join(f"P{i},x,渝北,2019-03-05,1.5\n" for i in range(30))
    p = _write(tmp_path, "p.csv", "project_id,project_name,district,signed_on,contract_value (亿元)\n" + rows)
    monkeypatch.setenv("YUBEI_MAX_ROWS", "20")
    refused = runner.invoke(app, ["validate", p])
    assert refused.exit_code == 2 and "30 rows, more than the limit of 20" in refused.output
    assert "--max-rows" in refused.output and "Traceback" not in refused.output
    monkeypatch.delenv("YUBEI_MAX_ROWS")
    raised = runner.invoke(app, ["validate", p, "--max-rows", "30"])
    assert raised.exit_code == 0, raised.output
    assert "30 projects" in raised.output
    assert "YUBEI_MAX_ROWS" not in os.environ  # the limit is passed on as a value, not through the environment


def test_the_errors_the_kit_reports_are_told_once_with_exit_2(tmp_path):
    """Every YubeiError a command lets go is printed by the command group: problems one a line, else error: ..."""
    bad = _write(tmp_path, "bad.csv", LEDGER_HEADER + "\nA,x,Mars,2020-01-01,1,,\n")
    result = runner.invoke(app, ["report", "--quarter", "2020Q4", "--projects", bad, "--out", str(tmp_path / "r")])
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "bad.csv, line 2, column 'district', value 'Mars'" in lines[0]
    assert lines[-1] == "the ledger has errors: no page was run (fix them, or use --lenient)"
    result = runner.invoke(app, ["diff", str(tmp_path / "old"), str(tmp_path / "new")])  # DiffError
    assert result.exit_code == 2 and result.stderr == f"error: {tmp_path / 'old'}: no such file or folder\n"
    result = runner.invoke(app, ["report", "--quarter", "2020Q4", "-p", "no_such=1", "--out", str(tmp_path / "r")])
    assert result.exit_code == 2 and result.stderr.startswith("error: ") and "no_such" in result.stderr
    result = runner.invoke(app, ["report", "--quarter", "2020Q4", "--jobs", "0", "--out", str(tmp_path / "r")])
    assert result.exit_code == 2 and result.stderr == "error: --jobs must be 1 or more\n"  # ReportError
    result = runner.invoke(app, ["report", "--quarter", "2020Q4", "--district", "Atlantis"])  # a plain ValueError
    assert result.exit_code == 2 and result.stderr.startswith("error: unknown district 'Atlantis'")
    from yubei_lib.runner.lock import RunLock

    with RunLock(tmp_path / "r"):  # LockedError, from the run itself
        result = runner.invoke(app, ["report", "--quarter", "2020Q4", "--pages", "summary", "--out", str(tmp_path / "r")])
    assert result.exit_code == 2 and result.stderr.startswith("error: another yubei report run (pid ")
