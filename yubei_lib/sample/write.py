"""Write the synthetic sample: CSV, an office's Excel workbook, and a README of what it echoes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from yubei_lib.figures.machine import district_figures
from yubei_lib.sample.activity import activity_readme, write_activity_files
from yubei_lib.sample.excel import XLSX_ROWS, write_ledger_xlsx
from yubei_lib.sample.generate import FOCUS, generate
from yubei_lib.sample.office import write_office_files

SAMPLE_COMMAND = "yubei sample --projects {n} --seed {seed} --out {out}"
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
        ``projects.csv``, ``capital.csv``, ``projects.xlsx`` and the office's files of
        :mod:`yubei_lib.sample.office` and :mod:`yubei_lib.sample.activity` (when Excel files are
        written), ``README.md``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.name for p in write_sample(tmp, n_projects=300, seed=1)]
    ['projects.csv', 'capital.csv', 'projects.xlsx', 'yubei_projects.xlsx', 'yubei_capital.xlsx', 'city_rankings.xlsx', 'investment.xlsx', 'activities.xlsx', 'README.md']
    """
    if excel is None:
        excel = n_projects <= EXCEL_AUTO_LIMIT
    if excel and n_projects > XLSX_ROWS:
        raise ValueError(f"{n_projects} projects do not fit an Excel sheet; pass excel=False")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    projects, capital = generate(n_projects, seed)
    paths = [out / "projects.csv", out / "capital.csv"]
    _csv(projects.rename(columns={"contract_value": "contract_value (yuan)"}), paths[0])
    _csv(capital.rename(columns={"amount": "amount (yuan)"}), paths[1])
    if excel:
        paths.append(out / "projects.xlsx")
        write_ledger_xlsx(projects, paths[-1], seed)
        paths += write_office_files(projects, capital, out, seed)
        paths += write_activity_files(projects, out, seed)
    paths.append(out / "README.md")
    optional = activity_readme(projects, seed) if excel else ""
    paths[-1].write_text(_readme(projects, capital, n_projects, seed, excel) + optional, encoding="utf-8")
    return paths


def _csv(frame: pd.DataFrame, path: Path) -> None:
    """Write UTF-8 CSV: whole yuan, ISO dates, empty cells for missing values."""
    frame = frame.copy()
    for c in frame.columns:
        if frame[c].dtype.kind == "f":
            frame[c] = frame[c].astype("int64")
    frame.to_csv(path, index=False, date_format="%Y-%m-%d", lineterminator="\n", encoding="utf-8")


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
    cmd = SAMPLE_COMMAND.format(n=n_projects, seed=seed, out="data/sample")
    xlsx = "" if excel else " (not written for this many projects)"
    districts, first, last = projects.district.nunique(), projects.signed_on.min(), projects.signed_on.max()
    plans = projects["planned_commencement_on"].notna().mean()
    return f"""# Sample data: a synthetic ledger (NOT real data)

**Everything in this folder is invented.** No project, investor, amount, date, unit or
leader here is real; they are drawn by a seeded random generator and only calibrated to
echo a few published figures. Never quote them as facts about Yubei or any district.

Made by `{cmd}`
(the same as `yubei_lib.sample.write_sample("data/sample", n_projects={n_projects}, seed={seed})`);
the same command gives the same bytes. Do not edit these files by hand: change the
generator (`yubei_lib/sample/`) and run the command again.

## Files

- `projects.csv`: the ledger, {len(projects):,} projects of all {districts} districts signed
  {first:%Y-%m-%d}..{last:%Y-%m-%d}. UTF-8, English headers, `contract_value (yuan)` in
  whole yuan, ISO dates, an empty cell where there is no date or value. About
  {plans:.0%} of the projects carry a planned commencement date (`planned_commencement_on`,
  计划开工日期 in the workbooks) and some of those a planned operation date
  (`planned_operation_on`, 计划投产日期), for the warnings of figure 21: some plans met, some
  missed, some still ahead.
- `capital.csv`: realized capital, {len(capital):,} inflows (`project_id`, `received_on`, `amount (yuan)`).
- `projects.xlsx`{xlsx}: the same ledger as an office keeps it: a title row, Chinese
  headers, `协议投资额(亿元)`, Chinese names of districts, investor types, clusters, chain
  segments and parks, and date columns that mix Excel dates, text (`2019/3/5`,
  `2019年3月5日`) and raw Excel serial numbers. Free text (project names, investors,
  units, leaders, parks outside `parks.csv`) is as in the CSV, so it loads to the same frames.
- `README.md`: this file.

Snapshot as of 2020-12-31: nothing that happened is dated later (a plan may lie ahead).
Amounts are whole 万元 (10,000 yuan).
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
