"""Excel workbooks as offices keep them: a title row, Chinese headers, fixed time stamps (same data, same bytes)."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from yubei_lib.ledger import reference
from yubei_lib.ledger.schema import PROJECT_PLANS

_FIXED_TIME = dt.datetime(2021, 1, 1)  # the xlsx's time stamps: same seed, same bytes
_XLSX_TITLE = "重庆市22个区招商引资项目台账（合成样例数据，非真实数据）"
_XLSX_HEADERS = {"project_id": "项目编号", "project_name": "项目名称", "district": "所属区县",
                 "signed_on": "签约日期", "contract_value": "协议投资额(亿元)", "investor": "投资方",
                 "investor_type": "投资方类型", "cluster": "产业集群", "chain_segment": "产业链环节",
                 "park": "所属园区", "commenced_on": "开工日期", "operating_on": "投产日期",
                 "terminated_on": "终止日期", "responsible_unit": "责任单位",
                 "responsible_leader": "责任领导", "project_name_en": "英文项目名称",
                 "planned_commencement_on": "计划开工日期", "planned_operation_on": "计划投产日期"}
XLSX_ROWS = 1_048_576 - 2  # a sheet's rows, less the title and the header


def _zh(projects: pd.DataFrame) -> pd.DataFrame:
    """Return the ledger with its reference vocabularies in Chinese (free text as it is)."""
    ch, d = reference.chains(), reference.districts()
    parks, types = reference.parks(), reference.investor_types()
    return projects.assign(
        district=projects.district.map(dict(zip(d.name_en, d.name_zh))),
        investor_type=projects.investor_type.map(dict(zip(types.investor_type, types.name_zh))),
        cluster=projects.cluster.map(dict(zip(ch.cluster, ch.cluster_zh))),
        chain_segment=projects.chain_segment.map(dict(zip(ch.segment, ch.segment_zh))),
        park=projects.park.map(lambda p: dict(zip(parks.park, parks.park_zh)).get(p, p)),
        contract_value=(projects.contract_value / 1e8).round(4))


class _FixedTimeZip(zipfile.ZipFile):
    """A zip archive whose members all carry one fixed time stamp."""

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, _FIXED_TIME.timetuple()[:6])
            zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):
        self.writestr(arcname or Path(filename).name, Path(filename).read_bytes())


def write_ledger_xlsx(projects: pd.DataFrame, path: Path, seed: int, title: str = _XLSX_TITLE) -> None:
    """Write the ledger as an office keeps it: a title row, Chinese headers, 亿元, mixed dates.

    Date cells are mostly real Excel dates; some are text (``2019/3/5``, ``2019年3月5日``)
    and a few raw serial numbers, as in ledgers typed by several people over years.
    """
    from openpyxl import Workbook

    zh = _zh(projects)
    rng = np.random.default_rng([seed, 4])
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook has its one sheet
    ws.title = "项目台账"
    titled(ws, title, list(_XLSX_HEADERS.values()))
    plan_cols = [j for j, c in enumerate(_XLSX_HEADERS) if c in PROJECT_PLANS]
    date_cols = [j for j, c in enumerate(_XLSX_HEADERS) if c.endswith("_on") and j not in plan_cols]
    value_col = list(_XLSX_HEADERS).index("contract_value")
    style = rng.choice(4, size=(len(zh), len(date_cols)), p=[0.86, 0.06, 0.05, 0.03])
    # the planned dates' writing from a stream of their own: the other cells are written as without them
    plan_style = np.random.default_rng([seed, 10]).choice(4, size=(len(zh), len(plan_cols)),
                                                          p=[0.86, 0.06, 0.05, 0.03])
    style, date_cols = np.concatenate([style, plan_style], axis=1), date_cols + plan_cols
    for i, row in enumerate(zh[list(_XLSX_HEADERS)].itertuples(index=False)):
        values = [None if pd.isna(v) else v for v in row]
        for k, j in enumerate(date_cols):
            v = values[j]
            if v is not None:
                values[j] = [v.date(), f"{v.year}/{v.month}/{v.day}", f"{v.year}年{v.month}月{v.day}日",
                             (v - pd.Timestamp("1899-12-30")).days][style[i, k]]
        ws.append(values)
        for k, j in enumerate(date_cols):
            if style[i, k] == 0 and values[j] is not None:
                ws.cell(row=i + 3, column=j + 1).number_format = "yyyy-mm-dd"
        ws.cell(row=i + 3, column=value_col + 1).number_format = "0.0000"
    save_workbook(wb, path, title, [14, 30, 10, 12, 16, 30, 12, 18, 14, 24, 12, 12, 12, 24, 14, 40, 14, 14])


def titled(ws, title: str, headers: list[str]) -> None:
    """Start a sheet as offices do: a merged title row, then the bold header row."""
    from openpyxl.styles import Alignment, Font

    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws["A1"].font, ws["A1"].alignment = Font(bold=True, size=14), Alignment(horizontal="center")
    ws.append(headers)
    for cell in ws[2]:
        cell.font = Font(bold=True)


def save_workbook(wb, path: Path, title: str, widths: list[int]) -> None:
    """Save a workbook with fixed time stamps (same data, same bytes), its columns sized, header frozen."""
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    ws = wb.active
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    ws.freeze_panes = "A3"
    wb.properties.creator = wb.properties.lastModifiedBy = "yubei_lib.sample"
    wb.properties.title = title
    wb.properties.created = wb.properties.modified = _FIXED_TIME
    with _FixedTimeZip(path, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
