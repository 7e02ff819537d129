import json
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
