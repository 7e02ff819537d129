"""The sample as a district office holds it: its own ledger, and the city's published ranking table.

An office keeps only its own district's projects and capital (Chinese headers, 亿元 and
万元, an Excel workbook each) and receives the city's quarterly ranking table (市级通报)
of the 22 districts. Both are made from the multi-district sample, so the ranks that the
office's ledger and the city's table give agree with those of the whole city's ledger.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from yubei_lib.figures.rankings import district_rankings
from yubei_lib.ledger.periods import quarter_end
from yubei_lib.ledger.reference import districts
from yubei_lib.sample.excel import save_workbook, titled, write_ledger_xlsx
from yubei_lib.sample.generate import FOCUS

OFFICE_FILES = ("yubei_projects.xlsx", "yubei_capital.xlsx", "city_rankings.xlsx")
"""The office's files in the sample folder: its ledger, its capital inflows, the city's table."""

RANKED_QUARTERS = ("2019Q1", "2020Q4")
"""The first and last quarter of the sample's published table."""

_ZH_QUARTERS = "一二三四"


def write_office_files(projects: pd.DataFrame, capital: pd.DataFrame, out: Path, seed: int) -> list[Path]:
    """Write Yubei's own ledger and capital, and the city's table of 2019Q1..2020Q4, into ``out``.

    Returns
    -------
    list of pathlib.Path
        :data:`OFFICE_FILES`, in that order.
    """
    from openpyxl import Workbook

    out = Path(out)
    own = projects.loc[projects["district"] == FOCUS].reset_index(drop=True)
    paths = [out / name for name in OFFICE_FILES]
    write_ledger_xlsx(own, paths[0], seed, title="渝北区招商引资项目台账（合成样例数据，非真实数据）")
    inflows = capital.loc[capital["project_id"].isin(own["project_id"])]
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook has its one sheet
    ws.title = "实际到位资金"
    titled(ws, "渝北区实际到位资金台账（合成样例数据，非真实数据）", ["项目编号", "到位日期", "到位资金(万元)"])
    for row in inflows.itertuples(index=False):
        ws.append([row.project_id, row.received_on.date(), round(row.amount / 1e4, 4)])
        ws.cell(row=ws.max_row, column=2).number_format = "yyyy-mm-dd"
    save_workbook(wb, paths[1], "渝北区实际到位资金台账", [16, 14, 18])
    _write_table(projects, capital, paths[2])
    return paths


def city_table(projects: pd.DataFrame, capital: pd.DataFrame) -> pd.DataFrame:
    """Return the city's table of :data:`RANKED_QUARTERS`: each district's three rates and published ranks."""
    parts = []
    for q in pd.period_range(RANKED_QUARTERS[0], RANKED_QUARTERS[1], freq="Q"):
        when = quarter_end(q.end_time)
        r = district_rankings(projects, capital, when, previous=False)
        parts.append(r.assign(quarter=when))
    return pd.concat(parts, ignore_index=True)


def _write_table(projects: pd.DataFrame, capital: pd.DataFrame, path: Path) -> None:
    from openpyxl import Workbook

    table = city_table(projects, capital)
    zh = dict(zip(districts()["name_en"], districts()["name_zh"]))
    headers = ["季度", "区县", "实际到位资金动态转化率(%)", "2015-2017年项目投产率(%)", "2018-2020年项目投产率(%)",
               "动态转化率排名", "2015-2017年投产率排名", "2018-2020年投产率排名", "综合排名"]
    rates = ["conversion_rate", "operation_rate_2015_2017", "operation_rate_2018_2020"]
    ranks = [f"rank_{r}" for r in rates] + ["composite_rank"]
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook has its one sheet
    ws.title = "三率排名"
    titled(ws, "重庆市主城都市区招商引资“三率”排名通报（合成样例数据，非真实数据）", headers)
    for row in table.itertuples(index=False):
        when = row.quarter
        cells = [f"{when.year}年第{_ZH_QUARTERS[when.quarter - 1]}季度", zh[row.district]]
        cells += [None if pd.isna(getattr(row, r)) else getattr(row, r) * 100 for r in rates]
        cells += [int(getattr(row, r)) for r in ranks]
        ws.append(cells)
        for j in range(3, 6):
            ws.cell(row=ws.max_row, column=j).number_format = "0.00"
    save_workbook(wb, path, "重庆市主城都市区招商引资“三率”排名通报", [18, 12, 26, 24, 24, 16, 22, 22, 10])
