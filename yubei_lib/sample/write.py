"""Write the synthetic sample: CSV, an office's Excel workbook, and a README of what it echoes."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from yubei_lib.figures.machine import district_figures
from yubei_lib.ledger import reference
from yubei_lib.sample.generate import FOCUS, generate

SAMPLE_COMMAND = "yubei sample --projects {n} --seed {seed} --out {out}"
_FIXED_TIME = dt.datetime(2021, 1, 1)  # the xlsx's time stamps: same seed, same bytes
_XLSX_TITLE = "重庆市22个区招商引资项目台账（合成样例数据，非真实数据）"
_XLSX_HEADERS = {"project_id": "项目编号", "project_name": "项目名称", "district": "所属区县",
                 "signed_on": "签约日期", "contract_value": "协议投资额(亿元)", "investor": "投资方",
                 "investor_type": "投资方类型", "cluster": "产业集群", "chain_segment": "产业链环节",
                 "park": "所属园区", "commenced_on": "开工日期", "operating_on": "投产日期",
                 "terminated_on": "终止日期", "responsible_unit": "责任单位",
                 "responsible_leader": "责任领导"}
_XLSX_ROWS = 1_048_576 - 2  # a sheet's rows, less the title and the header
EXCEL_AUTO_LIMIT = 100_000


def write_sample(out_dir, n_projects: int = 5000, seed: int = 2020, *,
                 excel: bool | None = None) -> list[Path]:
    """Write a synthetic ledger as CSV, as an office's Excel workbook, and its README.

    Parameters
    ----------
    out_dir : path-like
        Folder to write into (created if missing); files of the same names are replaced.
    n_projects, seed : int
        As for :func:`generate`; the committed sample is ``n_projects=5000, seed=2020``.
    excel : bool, optional
        Also write ``projects.xlsx``. Default: when ``n_projects`` is at most
        ``EXCEL_AUTO_LIMIT`` (100,000; a bigger workbook takes minutes); True raises
        when the projects do not fit a sheet (1,048,574 rows).

    Returns
    -------
    list of pathlib.Path
        ``projects.csv``, ``capital.csv``, ``projects.xlsx`` (when written), ``README.md``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.name for p in write_sample(tmp, n_projects=300, seed=1)]
    ['projects.csv', 'capital.csv', 'projects.xlsx', 'README.md']
    """
    if excel is None:
        excel = n_projects <= EXCEL_AUTO_LIMIT
    if excel and n_projects > _XLSX_ROWS:
        raise ValueError(f"{n_projects} projects do not fit an Excel sheet; pass excel=False")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    projects, capital = generate(n_projects, seed)
    paths = [out / "projects.csv", out / "capital.csv"]
    _csv(projects.rename(columns={"contract_value": "contract_value (yuan)"}), paths[0])
    _csv(capital.rename(columns={"amount": "amount (yuan)"}), paths[1])
    if excel:
        paths.append(out / "projects.xlsx")
        _write_xlsx(projects, paths[-1], seed)
    paths.append(out / "README.md")
    paths[-1].write_text(_readme(projects, capital, n_projects, seed, excel), encoding="utf-8")
    return paths


def _csv(frame: pd.DataFrame, path: Path) -> None:
    """Write UTF-8 CSV: whole yuan, ISO dates, empty cells for missing values."""
    frame = frame.copy()
    for c in frame.columns:
        if frame[c].dtype.kind == "f":
            frame[c] = frame[c].astype("int64")
    frame.to_csv(path, index=False, date_format="%Y-%m-%d", lineterminator="\n", encoding="utf-8")


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


def _write_xlsx(projects: pd.DataFrame, path: Path, seed: int) -> None:
    """Write the ledger as an office keeps it: a title row, Chinese headers, 亿元, mixed dates.

    Date cells are mostly real Excel dates; some are text (``2019/3/5``, ``2019年3月5日``)
    and a few raw serial numbers, as in ledgers typed by several people over years.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    zh = _zh(projects)
    rng = np.random.default_rng([seed, 4])
    wb = Workbook()
    ws = wb.active
    ws.title = "项目台账"
    ws.append([_XLSX_TITLE])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(_XLSX_HEADERS))
    ws["A1"].font, ws["A1"].alignment = Font(bold=True, size=14), Alignment(horizontal="center")
    ws.append(list(_XLSX_HEADERS.values()))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    date_cols = [j for j, c in enumerate(_XLSX_HEADERS) if c.endswith("_on")]
    value_col = list(_XLSX_HEADERS).index("contract_value")
    style = rng.choice(4, size=(len(zh), len(date_cols)), p=[0.86, 0.06, 0.05, 0.03])
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
    widths = [14, 40, 10, 12, 16, 40, 12, 18, 14, 28, 12, 12, 12, 44, 32]
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    ws.freeze_panes = "A3"
    wb.properties.creator = wb.properties.lastModifiedBy = "yubei_lib.sample"
    wb.properties.title = _XLSX_TITLE
    wb.properties.created = wb.properties.modified = _FIXED_TIME
    with _FixedTimeZip(path, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()


def _three_rates(projects: pd.DataFrame, capital: pd.DataFrame, as_of: str) -> pd.DataFrame:
    """Return each district's three rates and composite rank, best first (``docs/definitions.md``)."""
    figures = district_figures(projects, capital, as_of, targets=pd.DataFrame())
    return figures.set_index("district").sort_values("composite_rank", kind="stable")


def _readme(projects: pd.DataFrame, capital: pd.DataFrame, n_projects: int, seed: int,
            excel: bool = True) -> str:
    """Return the sample's README: what it is, how it was made, what it echoes."""
    r19, r20 = _three_rates(projects, capital, "2019-12-31"), _three_rates(projects, capital, "2020-12-31")
    yb = projects[projects.district == FOCUS]
    years = range(2015, 2021)
    signed = yb.groupby(yb.signed_on.dt.year).contract_value.sum().reindex(years, fill_value=0.0)
    q1 = yb[yb.signed_on.dt.quarter == 1].groupby(yb.signed_on.dt.year).contract_value.sum()
    q1 = q1.reindex(years, fill_value=0.0)
    dip = q1[2020] / q1[[2017, 2018, 2019]].mean() if q1[[2017, 2018, 2019]].any() else np.nan
    op1, op2, conv = r20.loc[FOCUS, ["operation_rate_2015_2017", "operation_rate_2018_2020",
                                      "conversion_rate_ytd"]]
    in2020 = projects.signed_on.dt.year == 2020
    city = capital[capital.received_on.dt.year == 2020].amount.sum() / projects[in2020].contract_value.sum()
    top3 = ", ".join(f"{d} ({k})" for d, k in r19.composite_rank.head(3).items())
    cmd = SAMPLE_COMMAND.format(n=n_projects, seed=seed, out="yubei_lib/data/sample")
    xlsx = "" if excel else " (not written for this many projects)"
    districts, first, last = projects.district.nunique(), projects.signed_on.min(), projects.signed_on.max()
    return f"""# Sample data: a synthetic ledger (NOT real data)

**Everything in this folder is invented.** No project, investor, amount, date, unit or
leader here is real; they are drawn by a seeded random generator and only calibrated to
echo a few published figures. Never quote them as facts about Yubei or any district.

Made by `{cmd}`
(the same as `yubei_lib.sample.write_sample("yubei_lib/data/sample", n_projects={n_projects}, seed={seed})`);
the same command gives the same bytes. Do not edit these files by hand: change the
generator (`yubei_lib/sample/`) and run the command again.

## Files

- `projects.csv`: the ledger, {len(projects):,} projects of all {districts} districts signed
  {first:%Y-%m-%d}..{last:%Y-%m-%d}. UTF-8, English headers, `contract_value (yuan)` in
  whole yuan, ISO dates, an empty cell where there is no date or value.
- `capital.csv`: realized capital, {len(capital):,} inflows (`project_id`, `received_on`, `amount (yuan)`).
- `projects.xlsx`{xlsx}: the same ledger as an office keeps it: a title row, Chinese
  headers, `协议投资额(亿元)`, Chinese names of districts, investor types, clusters, chain
  segments and parks, and date columns that mix Excel dates, text (`2019/3/5`,
  `2019年3月5日`) and raw Excel serial numbers. Free text (project names, investors,
  units, leaders, parks outside `parks.csv`) is as in the CSV, so it loads to the same frames.
- `README.md`: this file.

Snapshot as of 2020-12-31: nothing is dated later. Amounts are whole 万元 (10,000 yuan).
Projects are named `<district initials>-<year>-<number>` (e.g. `YB-2019-0042`).

## What it is calibrated to

The source article (iChongqing, 2020), measured on these
files with the definitions of `docs/definitions.md` (`tests/sample/test_sample.py` checks them):

| figure | calibrated to | in this sample |
| --- | --- | --- |
| Yubei signed value, 2019 | 141.6 bn yuan | {signed[2019] / 1e9:.1f} bn yuan |
| Yubei signed value, 2020 | near the 80 bn target | {signed[2020] / 1e9:.1f} bn yuan |
| Yubei signed value, Q1 2020 / mean Q1 2017-2019 | epidemic dip | {dip:.2f} |
| composite three-rate rank, 2019Q4 (top 3) | Yubei first | {top3} |
| Yubei operation rate, cohort 2015-2017, 2020Q4 | near 90 % | {op1:.1%} |
| Yubei operation rate, cohort 2018-2020, 2020Q4 | near 60 % | {op2:.1%} |
| Yubei conversion rate, 2020 | target 20 % | {conv:.1%} |
| city-wide conversion rate, 2020 (all 22) | about 20 % | {city:.1%} |

Other districts are sized by zone (central districts larger, Wansheng small) with random
variation; their conversion rates lie around 10-30 %. As the ledger starts in 2015, capital
for projects signed earlier is missing, so conversion rates of 2015-2016 are low.
The calibrated totals do not depend on the number of projects, so ledgers of any size
(`yubei sample --projects 1000000 --out /tmp/big`; no workbook above
{EXCEL_AUTO_LIMIT:,} projects) keep these figures for benchmarks.
"""
