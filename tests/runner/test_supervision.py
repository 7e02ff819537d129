"""Each responsible unit's supervision list (督办清单) and the set's workbook, as a run writes them.

The quick tests write a small ledger's files (no kernel runs); the others read the shared
quarterly pack (tests/conftest.py): its units' workbooks, its tables workbook, its manifest,
its index and its pages.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import openpyxl
import pandas as pd
import pytest
from paths import NOTEBOOKS

from yubei_lib.ledger.load import load_ledger
from yubei_lib.present.workbook import NAME_LIMIT
from yubei_lib.runner import supervision
from yubei_lib.runner.plan import Job
from yubei_lib.runner.supervision import write_set_files

LONG = "重庆市渝北区" + "某" * 30 + "管委会"
HEADER = ("project_id,project_name,district,signed_on,contract_value (亿元),responsible_unit,responsible_leader,"
          "planned_commencement_on,commenced_on\n")
ROWS = [  # as of 2020-06-30
    'A1,"=HYPERLINK(""http://x"")",渝北区,2019-01-10,1,区投资促进局,张区长,,',  # red: lagging
    "A2,二号工厂,渝北区,2019-02-10,1,区投资促进局,,2019-06-01,",  # red: plan missed a year ago
    "A3,三号工厂,渝北区,2019-09-20,1,区投资促进局,王区长,,",  # yellow: lagging in 3 months
    "B1,单项目,渝北区,2019-05-10,1,龙兴工业园区管委会,李副区长,,",  # the unit's one project
    "C1,斜杠一,渝北区,2019-03-10,1,A/B:C,,,",
    "C2,斜杠二,渝北区,2019-03-10,1,a/b:c,,,",  # the same safe name but for case: told apart
    "N1,无单位,渝北区,2019-03-10,1,,,,",
    f"L1,长名,渝北区,2019-03-10,1,{LONG},,,",
    "G1,绿灯,渝北区,2020-06-01,1,区商务委员会,,2021-03-01,",  # a plan ahead: green, no file
    "X1,外区,大足区,2019-01-10,1,区投资促进局,,,",  # another district's project: never in Yubei's files
]
UNITS = {"区投资促进局": ["A2", "A1", "A3"], "A_B_C": ["C1"], "a_b_c~2": ["C2"], LONG[:NAME_LIMIT]: ["L1"],
         "龙兴工业园区管委会": ["B1"], "未明确单位": ["N1"]}


def _ledger(tmp_path: Path, rows: list[str] = ROWS):
    path = tmp_path / "ledger.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return load_ledger(path)


def _jobs(folder: Path, **parameters) -> list[Job]:
    return [Job(folder, "2020-Q2", pd.Timestamp("2020-06-30"), "Yubei", "yubei", page,
                NOTEBOOKS / f"{page}.ipynb", dict(parameters), lang)
            for page in ("summary", "cohort_operation") for lang in ("en", "zh")]


def _rows(path: Path) -> tuple[list[tuple], list[tuple]]:
    """Return a workbook's lines above the header and its table (header first)."""
    ws = openpyxl.load_workbook(path).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r[0] in ("预警", "Warning"))
    return rows[:head], rows[head:]


@pytest.fixture
def written(tmp_path):
    folder = tmp_path / "2020-Q2" / "yubei"
    ledger = _ledger(tmp_path)
    assert write_set_files(_jobs(folder), ledger, synthetic=False) == []
    return folder, ledger


def test_each_unit_gets_a_workbook_of_its_own_projects_only(written):
    folder, _ = written
    assert sorted(p.name for p in (folder / "督办").iterdir()) == sorted(f"{u}.xlsx" for u in UNITS)
    for name, ids in UNITS.items():
        lines, table = _rows(folder / "督办" / f"{name}.xlsx")
        assert [r[1] for r in table[1:]] == ids, name  # only its projects, reds first, most overdue first
        assert lines[0][0].startswith("渝北区2020年第二季度督办清单：") and "截至2020年6月30日" in lines[1][0]
        assert openpyxl.load_workbook(folder / "督办" / f"{name}.xlsx").sheetnames == [name]
    lines, table = _rows(folder / "督办" / "区投资促进局.xlsx")
    assert table[0] == ("预警", "项目编号", "项目名称", "责任领导", "阶段", "应完成日期", "依据", "逾期或剩余",
                        "逾期月数（负数为剩余月数）")
    assert [r[0] for r in table[1:]] == ["■ 红色预警", "■ 红色预警", "▲ 黄色预警"]
    assert table[2][2] == "'=HYPERLINK(\"http://x\")" and table[2][5].date().isoformat() == "2020-01-10"
    assert lines[1][0].startswith("截至2020年6月30日：红色预警项目2个、黄色预警项目1个")
    _, single = _rows(folder / "督办" / "龙兴工业园区管委会.xlsx")
    assert len(single) == 2 and single[1][1] == "B1"  # a unit with a single project has its file
    assert all(len(n) <= NAME_LIMIT + len(".xlsx") and not re.search(r"[\[\]:*?/\\]", n.removesuffix(".xlsx"))
               for n in (p.name for p in (folder / "督办").iterdir()))


def test_english_sets_have_their_own_folder_and_no_unit_file(written):
    folder, _ = written
    names = sorted(p.name for p in (folder / "supervision").iterdir())
    assert "No unit.xlsx" in names and "未明确单位.xlsx" not in names and len(names) == len(UNITS)
    lines, table = _rows(folder / "supervision" / "No unit.xlsx")
    assert lines[0][0] == "Supervision list · Yubei · 2020Q2 · No unit" and table[1][1] == "N1"
    assert table[0][:3] == ("Warning", "Project ID", "Project")


def test_the_units_lists_are_in_the_manifest_and_the_workbook_is_left_to_the_pages(written):
    folder, _ = written
    assert not list(folder.glob("tables*.xlsx"))  # the set's workbook is made from its pages (runner/tables.py)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    listed = manifest["supervision"]["zh"]
    assert listed["folder"] == "督办" and [u["xlsx"] for u in listed["units"]][0] == "督办/区投资促进局.xlsx"


def test_nothing_is_written_again_when_nothing_changed(written):
    folder, ledger = written
    stamps = {p: p.stat().st_mtime_ns for p in folder.rglob("*.xlsx")}
    assert write_set_files(_jobs(folder), ledger, synthetic=False) == []
    assert {p: p.stat().st_mtime_ns for p in folder.rglob("*.xlsx")} == stamps


def test_a_changed_list_replaces_the_folder_and_a_cleared_unit_loses_its_file(written, tmp_path):
    folder, _ = written
    rows = [r.replace("2019-05-10,1,龙兴工业园区管委会,李副区长,,", "2019-05-10,1,龙兴工业园区管委会,李副区长,,2020-05-01")
            for r in ROWS]
    assert write_set_files(_jobs(folder), _ledger(tmp_path, rows), synthetic=False) == []
    assert not (folder / "督办" / "龙兴工业园区管委会.xlsx").exists() and (folder / "督办" / "区投资促进局.xlsx").exists()
    assert not list(folder.glob(".*"))  # no work folder left behind


def test_a_failed_write_keeps_the_earlier_files(written, tmp_path, monkeypatch):
    folder, _ = written
    before = {p: p.read_bytes() for p in folder.rglob("*.xlsx")}

    def broken(path, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(supervision, "write_workbook", broken)
    failed = write_set_files(_jobs(folder, warn_months=6), _ledger(tmp_path), synthetic=False)
    assert failed and all("No space left on device" in f for f in failed)
    assert {p: p.read_bytes() for p in folder.rglob("*.xlsx")} == before and not list(folder.glob(".*"))
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert "No space left" in manifest["supervision"]["zh"]["error"]


def test_only_a_run_making_the_list_page_writes_the_files_with_its_parameters(tmp_path):
    folder = tmp_path / "set"
    jobs = [job for job in _jobs(folder) if job.page == "summary"]
    assert write_set_files(jobs, _ledger(tmp_path), synthetic=False) == [] and not folder.exists()
    planned = supervision.plan_set_files(_jobs(folder, warn_months=0, months_to_commence=6), _ledger(tmp_path), True)
    assert {(f.lang, f.supervision.warn_months, f.supervision.months_to_commence) for f in planned} == {
        ("en", 0, 6), ("zh", 0, 6)}
    assert {f.lang: f.running for f in planned} == {"en": "Yubei · 2020Q2 · Synthetic data",
                                                    "zh": "渝北区 · 2020年第二季度 · 模拟数据"}


# -- the shared quarterly pack ---------------------------------------------------------------------

def _pack(quarterly_pack: Path) -> Path:
    return quarterly_pack / "2020-Q4" / "yubei"


def _table(path: Path, first: tuple) -> list[tuple]:
    """The rows of the workbook's table whose header starts with ``first``, from its header down."""
    for ws in openpyxl.load_workbook(path).worksheets:
        rows = list(ws.iter_rows(values_only=True))
        for i, row in enumerate(rows[:4]):
            if row[:len(first)] == first:
                return rows[i:]
    raise AssertionError(f"no table headed {first} in {path.name}")


@pytest.mark.slow
@pytest.mark.parametrize("lang, directory", [("zh", "督办"), ("en", "supervision")])
def test_the_packs_units_workbooks_partition_the_whole_list(quarterly_pack, lang, directory):
    folder = _pack(quarterly_pack)
    whole = _table(folder / ("tables.zh.xlsx" if lang == "zh" else "tables.xlsx"),
                   ("责任单位", "预警") if lang == "zh" else ("Responsible unit", "Warning"))
    by_unit: dict[str, list] = {}
    for row in whole[1:]:
        by_unit.setdefault(row[0], []).append(row[1:])
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["supervision"][lang]
    assert [u["unit"] for u in manifest["units"]] == list(by_unit)  # most red first, as on the page
    assert any(len(rows) == 1 for rows in by_unit.values())  # a unit with a single stage to act on
    for unit in manifest["units"]:
        _, table = _rows(folder / unit["xlsx"])
        assert table[1:] == by_unit[unit["unit"]], unit["unit"]  # that unit's rows, all of them, only them
        assert Path(unit["xlsx"]).parent.name == directory and not (folder / unit["pdf"]).exists()  # no --pdf
    assert len(whole) - 1 == sum(map(len, by_unit.values())) > 15


@pytest.mark.slow
def test_the_pages_show_the_counts_and_the_list_reds_first(quarterly_pack):
    folder = _pack(quarterly_pack)
    counts = _table(folder / "tables.zh.xlsx", ("责任单位", "■ 红色预警"))
    total = counts[-1]
    summary = (folder / "summary.zh.html").read_text(encoding="utf-8")
    assert f'<div class="tile-title">红色预警项目数</div><div class="tile-value">{total[1]}</div>' in summary
    assert f'<div class="tile-title">黄色预警项目数</div><div class="tile-value">{total[2]}</div>' in summary
    said = re.findall(r"<li>([^<]*)</li>", summary.split('<ul class="yubei-messages">')[1].split("</ul>")[0])
    line = next(i for i, x in enumerate(said) if x.startswith("项目预警："))  # after the missed targets and falls
    assert said[line].startswith(f"项目预警：红色预警项目{total[1]}个")
    assert f"新增红灯{total[3]}个、已销号{total[4]}个" in said[line] and said[line + 1].startswith("滞后项目")
    english = (folder / "summary.html").read_text(encoding="utf-8")
    assert "Projects with a red warning" in english and f"newly red {total[3]}, cleared {total[4]}" in english
    page = (folder / "cohort_operation.zh.html").read_text(encoding="utf-8")
    for row in counts[1:-1]:
        unit = row[0]
        assert (f"{unit}：红色预警{row[1]}个、黄色预警{row[2]}个；较上季末新增红灯{row[3]}个、已销号{row[4]}个、"
                f"仍为红灯{row[5]}个") in page or row[1] + row[2] == 0
    bodies = re.findall(r"<tbody>(.*?)</tbody>", page.split('class="yubei-table yubei-warnings"')[1])
    for body in bodies:  # each unit: reds before yellows
        statuses = re.findall(r'<tr class="(red|yellow)">', body)
        assert statuses == sorted(statuses, key=["red", "yellow"].index) and statuses
    reds = [len(re.findall(r'<tr class="red">', body)) for body in bodies]
    assert reds[0] == max(reds)
    assert 'href="tables.zh.xlsx">表格工作簿</a>' in page and "“督办”文件夹" in page


@pytest.mark.slow
def test_the_index_links_each_units_files_and_the_workbook(quarterly_pack):
    index = (quarterly_pack / "index.zh.html").read_text(encoding="utf-8")
    manifest = json.loads((_pack(quarterly_pack) / "manifest.json").read_text(encoding="utf-8"))
    for lang in ("en", "zh"):
        for unit in manifest["supervision"][lang]["units"]:
            assert f'href="{quote("2020-Q4/yubei/" + unit["xlsx"])}"' in index
    assert f'href="{quote("2020-Q4/yubei/tables.zh.xlsx")}"' in index and "督办清单" in index
