"""The sample's optional tables: completed investment (完成投资) of all districts and Yubei's outreach log.

Made from the multi-district sample (:func:`yubei_lib.sample.generate`) and, like it,
invented and calibrated to the source article (iChongqing, 2020) only:

- ``investment``: each commenced project's completed investment by month while it is
  being built (from its commencement month to its operation month, or for up to about two
  years), in whole 万元, from :data:`INVESTMENT_FROM` on. Yubei's is scaled so that its 2019
  completed investment by projects newly started in 2018-2019 is 11 bn yuan (110亿元);
  the other districts' scale lies around Yubei's.
- ``activities``: Yubei's outreach log of 2019-2020 (visits out, visits in, events) led by
  main, deputy and other leaders. Enterprise names are the ledger's investors for the
  enterprises that went on to sign (some rows also carry the project's id) and invented
  names, never an investor's, for the others; exactly 314 distinct enterprises visited out
  of town by main leaders in 2019 (the article's "314 enterprises outside the city").
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from yubei_lib.ledger.periods import add_months
from yubei_lib.sample import names
from yubei_lib.sample.excel import save_workbook, titled
from yubei_lib.sample.generate import FOCUS

ACTIVITY_FILES = ("investment.xlsx", "activities.xlsx")
"""The optional tables in the sample folder."""

INVESTMENT_FROM = pd.Timestamp("2019-01-01")
"""The first month of the completed-investment table."""

FOCUS_NEW_INVESTMENT = (2019, 11e9)
"""Yubei's completed investment in 2019 by projects newly started in 2018-2019 (the article: 110亿元)."""

FOCUS_VISITS_OUT_MAIN = {2019: 314, 2020: 172}
"""Distinct enterprises visited out of town by Yubei's main leaders, by year (2019: the article)."""

_TRADES = ["科技", "智能科技", "新能源", "医药", "新材料", "供应链管理", "文化旅游", "汽车零部件", "半导体", "数据服务"]
_SUFFIXES = ["有限公司", "股份有限公司", "集团有限公司"]
_CITIES = ["北京", "上海", "深圳", "广州", "杭州", "苏州", "南京", "武汉", "成都", "西安", "天津", "厦门", "香港",
           "新加坡", "东京", "首尔", "法兰克福"]
_EVENTS = ["智能终端产业招商推介会", "软件和信息服务业招商对接会", "临空经济招商推介会", "现代消费走廊招商签约活动",
           "两江国际商务中心项目路演", "航空物流产业合作洽谈会"]
_MONTHS = {2019: np.array([0.6, 0.5, 1.0, 1.1, 1.1, 1.0, 1.0, 0.9, 1.0, 0.8, 1.1, 1.1]),
           2020: np.array([0.6, 0.05, 0.15, 0.7, 1.0, 1.1, 1.1, 1.0, 1.1, 0.9, 1.2, 1.3])}
_KIND_ZH = {"visit_out": "外出拜访", "visit_in": "企业来访", "event": "招商活动"}
_LEVEL_ZH = {"main": "主要领导", "deputy": "分管领导", "other": "其他"}


def _snapshot(projects: pd.DataFrame) -> pd.Timestamp:
    dates = projects[["signed_on", "commenced_on", "operating_on", "terminated_on"]]
    return pd.Timestamp(dates.max().max())


def investment_table(projects: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Return the completed investment of every commenced project by month (yuan, whole 万元).

    Returns
    -------
    pandas.DataFrame
        ``project_id``, ``month`` (first day), ``amount``; by project, then month.
    """
    rng = np.random.default_rng([seed, 6])
    snapshot = _snapshot(projects)
    p = projects.loc[projects["commenced_on"].notna()].reset_index(drop=True)
    n = len(p)

    def index(dates: pd.Series) -> np.ndarray:  # months since year 0, NaN where no date
        return (dates.dt.year * 12 + dates.dt.month - 1).to_numpy(dtype="float64", na_value=np.nan)

    first = index(p["commenced_on"]).astype(np.int64)
    stop = index(p["operating_on"].fillna(p["terminated_on"]))
    last = np.where(np.isnan(stop), first + rng.integers(10, 28, n), np.nan_to_num(stop)).astype(np.int64)
    last = np.minimum(np.maximum(last, first), snapshot.year * 12 + snapshot.month - 1)
    share = rng.uniform(0.5, 0.9, n) * p["contract_value"].to_numpy() / (last - first + 1)
    lo = np.maximum(first, INVESTMENT_FROM.year * 12 + INVESTMENT_FROM.month - 1)
    counts = np.maximum(last - lo + 1, 0)
    rows = np.repeat(np.arange(n), counts)
    month = lo[rows] + np.arange(len(rows)) - np.repeat(np.cumsum(counts) - counts, counts)
    amount = share[rows] * rng.gamma(4.0, 0.25, len(rows))
    district = p["district"].to_numpy()[rows]
    months = pd.DatetimeIndex(pd.to_datetime({"year": month // 12, "month": month % 12 + 1, "day": 1}))
    year, target = FOCUS_NEW_INVESTMENT
    window_lo = pd.Timestamp(add_months(pd.Timestamp(year, 12, 31), -24))
    new = ((p["commenced_on"] > window_lo) & (p["commenced_on"] <= pd.Timestamp(year, 12, 31))).to_numpy()[rows]
    measured = amount[(district == FOCUS) & new & (months.year == year)].sum()
    factor = target / measured if measured > 0 else 0.1
    level = {d: factor * (1.0 if d == FOCUS else rng.lognormal(0, 0.25)) for d in sorted(set(district))}
    amount = np.round(amount * np.array([level[d] for d in district]) / 1e4) * 1e4
    out = pd.DataFrame({"project_id": p["project_id"].to_numpy()[rows], "month": months.astype("datetime64[ns]"),
                        "amount": amount})
    return out.loc[out["amount"] > 0].reset_index(drop=True)


def _days(rng: np.random.Generator, year: int, k: int) -> np.ndarray:
    """Draw ``k`` days of a year by its months' weights of activity."""
    weight = _MONTHS[year] / _MONTHS[year].sum()
    month = rng.choice(12, size=k, p=weight) + 1
    days = np.array([pd.Timestamp(year, m, 1).days_in_month for m in month])
    day = (rng.random(k) * days).astype(int) + 1
    return pd.to_datetime({"year": np.full(k, year), "month": month, "day": day}).to_numpy()


def _leaders(projects: pd.DataFrame) -> dict[str, list[str]]:
    """Return Yubei's leaders by level: its 区长 and a party secretary (main), deputies, others."""
    own = sorted(set(projects.loc[projects["district"] == FOCUS, "responsible_leader"].dropna()))
    used = {name[0] for name in own}
    secretary = next(s for s in names.SURNAMES if s not in used) + "书记"
    main = [secretary] + [n for n in own if n.endswith("区长") and "副" not in n]
    deputy = [n for n in own if "副区长" in n] or ["刘副区长"]
    other = [n for n in own if not n.endswith("区长")] or ["罗常委"]
    return {"main": main, "deputy": deputy, "other": other + ["区投资促进局局长"]}


def activities_table(projects: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Return Yubei's outreach log of 2019-2020.

    Returns
    -------
    pandas.DataFrame
        ``date``, ``kind``, ``leader``, ``leader_level``, ``enterprise``, ``project_id``,
        ``city``, ``note`` (the event's name); by date.
    """
    rng = np.random.default_rng([seed, 7])
    leaders = _leaders(projects)
    own = projects.loc[projects["district"] == FOCUS]
    taken = set(projects["investor"].dropna())
    brands = [a + b for a in names.BRAND_ZH[0] for b in names.BRAND_ZH[1]]
    invented = [b + t + s for b in brands for t in _TRADES for s in _SUFFIXES]
    invented = [invented[i] for i in rng.permutation(len(invented)) if invented[i] not in taken]
    rows: list[tuple] = []

    def add(date, kind, level, enterprise, project_id=None, note=None):
        city = None if kind == "visit_in" and rng.random() < 0.4 else str(rng.choice(_CITIES))
        rows.append((pd.Timestamp(date), kind, str(rng.choice(leaders[level])), level, enterprise, project_id,
                     "重庆" if kind == "event" and rng.random() < 0.6 else city, note))

    # enterprises that signed: visited 2 weeks to 6 months before their first signing from 2019-02 on
    signing = own.loc[own["signed_on"].between("2019-02-01", "2020-12-31") & own["investor"].notna()]
    signing = signing.sort_values(["signed_on", "project_id"]).drop_duplicates("investor")
    signing = signing.loc[rng.random(len(signing)) < 0.6]
    main_out: dict[int, set[str]] = {2019: set(), 2020: set()}  # per year, the investors a main leader visited
    for r in signing.itertuples(index=False):
        lo = max(r.signed_on - pd.Timedelta(days=180), pd.Timestamp("2019-01-01"))
        hi = max(r.signed_on - pd.Timedelta(days=14), lo)
        when = lo + pd.Timedelta(days=int(rng.integers(0, (hi - lo).days + 1)))
        kind = "visit_out" if rng.random() < 0.65 else "visit_in"
        level = "main" if kind == "visit_out" and rng.random() < 0.5 else "deputy"
        add(when, kind, level, r.investor, r.project_id if rng.random() < 0.5 else None)
        if kind == "visit_out" and level == "main":
            main_out[when.year].add(r.investor)
    # the rest: main leaders' visits out to exactly the calibrated number of enterprises, and more
    pool = iter(invented)
    for year in (2019, 2020):
        fresh = [next(pool) for _ in range(FOCUS_VISITS_OUT_MAIN[year] - len(main_out[year]))]
        for enterprise, date in zip(fresh, _days(rng, year, len(fresh))):
            add(date, "visit_out", "main", enterprise)
        again = rng.choice(fresh, size=len(fresh) // 10, replace=False)
        for enterprise, date in zip(again, _days(rng, year, len(again))):
            add(date, "visit_out", "main", enterprise)
        volume = {"visit_out": 240, "visit_in": 210} if year == 2019 else {"visit_out": 150, "visit_in": 190}
        reused = fresh + [next(pool) for _ in range(300)]
        for kind, k in volume.items():
            picks = rng.choice(reused, size=k)
            for enterprise, date in zip(picks, _days(rng, year, k)):
                add(date, kind, "deputy" if rng.random() < 0.8 else "other", enterprise)
        for date in _days(rng, year, 18 if year == 2019 else 12):
            level, note = ("main" if rng.random() < 0.5 else "deputy"), str(rng.choice(_EVENTS))
            for enterprise in rng.choice(reused, size=int(rng.integers(3, 9)), replace=False):
                add(date, "event", level, enterprise, note=note)
    out = pd.DataFrame(rows, columns=["date", "kind", "leader", "leader_level", "enterprise", "project_id", "city",
                                      "note"])
    return out.sort_values("date", kind="stable").reset_index(drop=True)


def write_activity_files(projects: pd.DataFrame, out: Path, seed: int) -> list[Path]:
    """Write ``investment.xlsx`` and ``activities.xlsx`` (Chinese headers, a title row) into ``out``.

    Returns
    -------
    list of pathlib.Path
        :data:`ACTIVITY_FILES`, in that order.
    """
    from openpyxl import Workbook

    out = Path(out)
    paths = [out / name for name in ACTIVITY_FILES]
    investment, activities = investment_table(projects, seed), activities_table(projects, seed)
    rng = np.random.default_rng([seed, 8])
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook has its one sheet
    ws.title = "完成投资"
    title = "重庆市22个区招商项目完成投资月报（合成样例数据，非真实数据）"
    titled(ws, title, ["项目编号", "月份", "完成投资(万元)"])
    style = rng.choice(3, size=len(investment), p=[0.8, 0.15, 0.05])
    for row, how in zip(investment.itertuples(index=False), style):
        m = row.month
        ws.append([row.project_id, [f"{m:%Y-%m}", f"{m.year}年{m.month}月", m.date()][how], int(row.amount / 1e4)])
        if how == 2:
            ws.cell(row=ws.max_row, column=2).number_format = "yyyy-mm"
    save_workbook(wb, paths[0], title, [16, 12, 16])
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook has its one sheet
    ws.title = "招商活动"
    title = "渝北区招商活动台账（合成样例数据，非真实数据）"
    titled(ws, title, ["日期", "类型", "带队领导", "领导级别", "企业名称", "项目编号", "城市", "备注"])
    for row in activities.itertuples(index=False):
        ws.append([row.date.date(), _KIND_ZH[row.kind], row.leader, _LEVEL_ZH[row.leader_level], row.enterprise,
                   row.project_id, row.city, row.note])
        ws.cell(row=ws.max_row, column=1).number_format = "yyyy-mm-dd"
    save_workbook(wb, paths[1], title, [12, 10, 14, 10, 30, 16, 10, 30])
    return paths


def activity_readme(projects: pd.DataFrame, seed: int) -> str:
    """Return the README's section on the optional tables, with the figures they give measured."""
    from yubei_lib.figures.investment import new_projects_investment
    from yubei_lib.figures.outreach import visit_to_signing, visits_out_main

    investment, activities = investment_table(projects, seed), activities_table(projects, seed)
    new = new_projects_investment(projects, investment, "2019-12-31")[FOCUS]
    visits = {y: visits_out_main(activities, f"{y}-12-31", FOCUS)[FOCUS] for y in (2019, 2020)}
    share = visit_to_signing(projects, activities, "2020-12-31", FOCUS).loc[FOCUS, "visit_to_signing_share"]
    first, last = investment["month"].min(), investment["month"].max()
    return f"""
## The optional tables: completed investment and the outreach log

- `investment.xlsx`: completed investment (完成投资) of the commenced projects of all 22
  districts by month while they are built, {len(investment):,} rows, {first:%Y-%m} to {last:%Y-%m};
  a title row, `项目编号`, `月份` (written `2019-03`, `2019年3月` or as an Excel date) and
  `完成投资(万元)` in whole 万元. Give it with `--investment`.
- `activities.xlsx`: Yubei's outreach log (招商活动台账) of 2019-2020, {len(activities):,} rows: visits
  out (外出拜访), visits by enterprises (企业来访) and events (招商活动, one row per enterprise
  taking part), led by main (主要领导), deputy (分管领导) or other leaders, with the city and,
  on some rows, the project's 项目编号. The enterprises that later signed carry the ledger's
  investor names; the others' names are invented and never an investor's. It is the Yubei
  office's log: give it with `--activities` and `--district Yubei`.

| figure | calibrated to | in this sample |
| --- | --- | --- |
| Yubei 2019 completed investment of projects newly started 2018-2019 | 11 bn yuan (110亿元) | {new / 1e9:.2f} bn yuan |
| Yubei enterprises visited out of town by main leaders, 2019 | 314 | {visits[2019]} |
| the same, 2020 | (epidemic year) | {visits[2020]} |
| Yubei visit-to-signing share, 12 months to 2020-12-31 | (not in the article) | {share:.1%} |

    yubei metrics --as-of 2019Q4 --district Yubei --investment data/sample/investment.xlsx \\
        --activities data/sample/activities.xlsx
"""
