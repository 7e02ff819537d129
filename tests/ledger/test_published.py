"""Tests of yubei_lib.ledger.published: the city's ranking table, read and validated like the ledger."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from paths import SAMPLE

from yubei_lib.ledger.problems import LedgerError
from yubei_lib.ledger.published import canonical_header, parse_quarter, read_rankings
from yubei_lib.ledger.reference import districts

NAMES = districts()["name_en"].tolist()
ZH = districts()["name_zh"].tolist()


def write_csv(path, header, rows, encoding="utf-8"):
    text = "\n".join([",".join(header)] + [",".join(map(str, r)) for r in rows]) + "\n"
    path.write_bytes(text.encode(encoding))
    return path


def good_rows(quarter="2020年第四季度", names=ZH):
    return [[quarter, d, f"{10 + k}%", f"{90 - k}", f"{60 - k / 2}"] for k, d in enumerate(names)]


ZH_HEADER = ["季度", "区县", "实际到位资金动态转化率", "2015-2017年项目投产率(%)", "2018-2020年项目投产率（%）"]


def test_headers_in_english_and_chinese():
    assert canonical_header("quarter") == "quarter" and canonical_header("区县") == "district"
    assert canonical_header("conversion_rate (%)") == "conversion_rate"
    assert canonical_header("operation_rate_2015-2017") == "operation_rate_2015_2017"
    assert canonical_header("2018-2020年项目投产率名次") == "rank_operation_rate_2018_2020"
    assert canonical_header("rank_conversion_rate") == "rank_conversion_rate"
    assert canonical_header("综合排名") == canonical_header("composite_rank") == "composite_rank"
    assert canonical_header("备注") is None


def test_quarters_as_labels_chinese_or_quarter_end_dates():
    assert parse_quarter("2020Q4") == parse_quarter("2020年第四季度") == parse_quarter("2020-12-31")
    assert parse_quarter("2019年第1季度") == pd.Timestamp("2019-03-31")
    with pytest.raises(ValueError, match="not the last day of a quarter"):
        parse_quarter("2020-11-15")


def test_a_gbk_table_in_chinese_with_percentages(tmp_path):
    path = write_csv(tmp_path / "通报.csv", ZH_HEADER, good_rows(), encoding="gbk")
    table = read_rankings(path)
    assert table.quarters == [pd.Timestamp("2020-12-31")]
    at = table.at("2020Q4")
    assert at.index.tolist() == NAMES
    # "10%" is a percentage by its cell, "90" by its header (%), both as fractions.
    assert at.loc["Yuzhong", "conversion_rate"] == pytest.approx(0.10)
    assert at.loc["Yuzhong", "operation_rate_2015_2017"] == pytest.approx(0.90)
    assert at.loc["Dadukou", "operation_rate_2018_2020"] == pytest.approx(0.595)
    assert table.figures == ["conversion_rate", "operation_rate_2015_2017", "operation_rate_2018_2020"]
    assert table.rank_columns == [] and table.at("2020Q3") is None


def test_fractions_empty_cells_ranks_and_several_quarters(tmp_path):
    header = ["quarter", "district", "conversion_rate", "operation_rate_2015_2017", "operation_rate_2018_2020",
              "composite_rank"]
    rows = []
    for q in ("2020Q3", "2020-12-31"):
        rows += [[q, d, "" if d == "Dazu" else 0.2, 0.9, "-", k + 1] for k, d in enumerate(NAMES)]
    table = read_rankings(write_csv(tmp_path / "t.csv", header, rows))
    assert len(table.quarters) == 2
    at = table.at("2020-09-30")
    assert np.isnan(at.loc["Dazu", "conversion_rate"]) and at["operation_rate_2018_2020"].isna().all()
    assert at["composite_rank"].tolist() == list(range(1, 23)) and str(at["composite_rank"].dtype) == "Int64"
    assert table.row_of("2020Q4", "Yuzhong") == 2 + 22  # line numbers as an editor shows them


def test_excel_with_a_title_row_and_parquet(tmp_path):
    table = read_rankings(SAMPLE / "city_rankings.xlsx")
    assert len(table.quarters) == 8 and len(table.frame) == 8 * 22
    assert table.row_of("2019Q1", "Yuzhong") == 3  # below the title row and the header
    assert table.rank_columns == ["rank_conversion_rate", "rank_operation_rate_2015_2017",
                                  "rank_operation_rate_2018_2020", "composite_rank"]
    frame = pd.DataFrame(good_rows("2020Q4", NAMES), columns=["quarter", "district", "conversion_rate",
                                                            "operation_rate_2015_2017 (%)", "operation_rate_2018_2020 (%)"])
    frame.to_parquet(tmp_path / "t.parquet")
    assert read_rankings(tmp_path / "t.parquet").at("2020Q4").loc["Yubei", "operation_rate_2015_2017"] == \
        pytest.approx(0.83)


def test_every_problem_at_once_with_file_row_column_and_value(tmp_path):
    rows = good_rows()
    rows[0][1] = "Gotham"                         # unknown district (line 2)
    rows[1][2] = "abc"                            # unparsable rate (line 3)
    rows[2][3] = "120"                            # outside 0..100 % (line 4)
    rows[3][2] = "2500%"                          # conversion rate above 10 (line 5)
    rows[4][0] = "2020年第五季度"                  # unreadable quarter (line 6)
    rows.append(["2020年第四季度", "江北区", "1%", "1", "1"])  # Jiangbei twice (line 24)
    header = ZH_HEADER + ["综合排名"]
    for k, r in enumerate(rows):
        r.append("0" if k == 5 else ("3.5" if k == 6 else str(k + 1)))  # ranks: 0 (line 7), 3.5 (line 8)
    path = write_csv(tmp_path / "bad.csv", header, rows)
    with pytest.raises(LedgerError) as err:
        read_rankings(path)
    found = {(p.row, p.column, p.value): p.message for p in err.value.problems}
    assert "unknown district" in found[(2, "区县", "Gotham")]
    assert "not a rate" in found[(3, "实际到位资金动态转化率", "abc")]
    assert "cannot exceed 100 %" in found[(4, "2015-2017年项目投产率(%)", "120")]
    assert "between 0 and 10" in found[(5, "实际到位资金动态转化率", "2500%")]
    assert "unreadable quarter" in found[(6, "季度", "2020年第五季度")]
    assert "whole number from 1 to 22" in found[(7, "综合排名", "0")]
    assert "whole number from 1 to 22" in found[(8, "综合排名", "3.5")]
    assert "given twice" in found[(24, "区县", "江北区")] and "line 4" in found[(24, "区县", "江北区")]
    lacking = [m for (row, col, value), m in found.items() if row is None]
    # Yuzhong (its name unknown) and Jiulongpo (its quarter unreadable) are missing from 2020Q4.
    assert len(lacking) == 1 and "lacks 2 of the 22 districts: Yuzhong, Jiulongpo" in lacking[0]


def test_a_percentage_without_its_mark_is_refused_with_a_hint(tmp_path):
    header = ["quarter", "district", "conversion_rate", "operation_rate_2015_2017"]
    path = write_csv(tmp_path / "t.csv", header, [["2020Q4", d, "0.2", "92.5"] for d in NAMES])
    with pytest.raises(LedgerError) as err:
        read_rankings(path)
    assert len(err.value.problems) == 22
    assert "looks like a percentage" in err.value.problems[0].message


def test_missing_columns_are_named(tmp_path):
    with pytest.raises(LedgerError) as err:
        read_rankings(write_csv(tmp_path / "t.csv", ["district", "remark"], [["Yubei", "x"]]))
    messages = " ".join(p.message for p in err.value.problems)
    assert "no figure column" in messages
    with pytest.raises(LedgerError) as err:
        read_rankings(write_csv(tmp_path / "t.csv", ["remark", "note"], [["Yubei", "x"]]))
    messages = " ".join(p.message for p in err.value.problems)
    assert "missing required column district" in messages and "no figure column" in messages


def test_yubei_validate_checks_the_table_too_exit_2_no_traceback(tmp_path):
    rows = good_rows()
    rows[7][2] = "x%"
    bad = write_csv(tmp_path / "bad.csv", ZH_HEADER, rows)
    done = subprocess.run([sys.executable, "-m", "yubei_lib", "validate", str(SAMPLE / "yubei_projects.xlsx"),
                           "--capital", str(SAMPLE / "yubei_capital.xlsx"), "--rankings", str(bad)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr + done.stdout
    assert f"{bad}, line 9, column '实际到位资金动态转化率', value 'x%': not a rate" in done.stdout
    good = subprocess.run([sys.executable, "-m", "yubei_lib", "validate", str(SAMPLE / "yubei_projects.xlsx"),
                           "--capital", str(SAMPLE / "yubei_capital.xlsx"), "--rankings",
                           str(SAMPLE / "city_rankings.xlsx")], capture_output=True, text=True, timeout=120)
    assert good.returncode == 0 and "8 quarter(s)" in good.stdout
