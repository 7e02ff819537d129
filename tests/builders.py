"""Small canonical frames built inside tests (dates from ISO strings, None = empty)."""

import numpy as np
import pandas as pd

DATES = ("signed_on", "commenced_on", "operating_on", "terminated_on")


def ledger(**columns):
    """Build a canonical projects frame; date columns from ISO strings (None = empty)."""
    n = len(columns["district"])
    frame = pd.DataFrame(columns)
    if "project_id" not in frame:
        frame.insert(0, "project_id", [f"P{i}" for i in range(n)])
    if "project_name" not in frame:
        frame["project_name"] = [f"project {i}" for i in range(n)]
    if "contract_value" not in frame:
        frame["contract_value"] = 1e8
    for c in DATES:
        if c in frame:
            frame[c] = pd.to_datetime(frame[c]).astype("datetime64[ns]")
    frame["contract_value"] = frame["contract_value"].astype("float64")
    return frame


def inflows(ids, dates, amounts):
    return pd.DataFrame({"project_id": ids,
                         "received_on": pd.to_datetime(dates).astype("datetime64[ns]"),
                         "amount": np.asarray(amounts, dtype="float64")})


def city_table(quarters, values=None, ranks=None, cohorts=("2015-2017", "2018-2020")):
    """Build the city's published table: all 22 districts for each quarter, rates undefined unless given.

    ``values`` maps (quarter, district) or district -> {figure: fraction}; ``ranks`` likewise
    -> {rank column: int}.
    """
    from yubei_lib.ledger.periods import parse_as_of
    from yubei_lib.ledger.published import PublishedRankings
    from yubei_lib.ledger.reference import districts

    figures = ["conversion_rate"] + [f"operation_rate_{c.replace('-', '_')}" for c in cohorts]
    values, ranks = values or {}, ranks or {}
    rows = []
    for q in ([quarters] if isinstance(quarters, str) else quarters):
        when = parse_as_of(q)
        for d in districts()["name_en"]:
            given = values.get((q, d), values.get(d, {}))
            rank = ranks.get((q, d), ranks.get(d, {}))
            rows.append({"quarter": when, "district": d, **{f: given.get(f, np.nan) for f in figures}, **rank})
    frame = pd.DataFrame(rows)
    for column in [c for c in frame.columns if c.startswith("rank_") or c == "composite_rank"]:
        frame[column] = frame[column].astype("Int64")
    return PublishedRankings("city_table.csv", frame, np.arange(2, len(frame) + 2))


def write_city_table(path, quarters, values=None):
    """Write the city's table as a CSV (quarters x all 22 districts; rates empty unless given as {district: {...}})."""
    from yubei_lib.ledger.periods import parse_as_of
    from yubei_lib.ledger.reference import districts

    figures = ["conversion_rate", "operation_rate_2015_2017", "operation_rate_2018_2020"]
    lines = [",".join(["quarter", "district", *figures])]
    for q in ([quarters] if isinstance(quarters, str) else quarters):
        for d in districts()["name_en"]:
            given = (values or {}).get(d, {})
            lines.append(",".join([f"{parse_as_of(q):%Y-%m-%d}", d, *(str(given.get(f, "")) for f in figures)]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def figure_frame(**over):
    """Two districts' figures as district_figures gives them (Yubei first, then Dazu); ``over`` replaces columns."""
    nan = np.nan
    base = {"district": ["Yubei", "Dazu"], "signed_value_ytd": [82.6e9, 1e9], "signed_count_ytd": [130, 3],
            "realized_capital_ytd": [19e9, 0.0], "conversion_rate_ytd": [0.23, 0.0],
            "operation_rate_2015_2017": [0.927, 0.5], "operation_rate_2018_2020": [0.598, nan],
            "rank_conversion_rate": [1, 2], "rank_operation_rate_2015_2017": [1, 2],
            "rank_operation_rate_2018_2020": [1, 2], "composite_score": [1.0, 2.0], "composite_rank": [1, 2],
            "target_attainment": [1.0325, nan], "pace": [1.0325, nan]}
    base.update(over)
    return pd.DataFrame(base)


NOTICE_UPPER = ["序号", "区县", "实际到位资金动态转化率", "项目投产率", None, "排名", None, None, None, "备注"]
NOTICE_LOWER = [None, None, None, "2015-2017年", "2018-2020年", "动态转化率", "2015-2017年投产率", "2018-2020年投产率",
                "综合", None]
OUTSIDE = [("两江新区", ["31.20%", "88.00%", "55.10%"]), ("重庆高新区", ["27.46%", "91.30%", "60.02%"])]


def sample_notice_rows():
    """Return the sample's long table (city_rankings.xlsx) as its workbook holds it, by quarter as written."""
    import openpyxl

    from yubei_lib.config import SAMPLE

    wb = openpyxl.load_workbook(SAMPLE / "city_rankings.xlsx", read_only=True)
    rows = [r for r in wb.worksheets[0].iter_rows(min_row=3, values_only=True) if r[0]]
    wb.close()
    out = {}
    for r in rows:
        out.setdefault(r[0], []).append(r)
    return out


def write_notice(ws, rows, title, mark=None):
    """Write one quarter's notice as the city publishes it: a title, a two-row merged header, 序号, 第3名, 23.50%,
    两江新区 and 重庆高新区 marked 未纳入排名 after the 5th row, a 全市 row and a note; ``mark`` is a district of
    the 22 whose 备注 reads 未纳入排名. ``rows`` are the long table's rows of the quarter (sample_notice_rows)."""
    top = 1
    if title is not None:
        ws.append([title])
        ws.merge_cells("A1:J1")
        top = 2
    ws.append(NOTICE_UPPER)
    ws.append(NOTICE_LOWER)
    for column in "ABCJ":
        ws.merge_cells(f"{column}{top}:{column}{top + 1}")
    ws.merge_cells(f"D{top}:E{top}")
    ws.merge_cells(f"F{top}:I{top}")
    for k, r in enumerate(sorted(rows, key=lambda r: r[8]), start=1):
        ws.append([k, r[1], *(v if isinstance(v, str) else f"{v:.2f}%" for v in r[2:5]), *(f"第{v}名" for v in r[5:9]),
                   "未纳入排名" if r[1] == mark else None])
        if k == 5:
            for name, rates in OUTSIDE:
                ws.append([None, name, *rates, "未纳入排名", None, None, None, None])
                ws.merge_cells(f"F{ws.max_row}:I{ws.max_row}")
    ws.append([None, "全市", "22.00%", "80.00%", "50.00%"])
    ws.append(["注：两江新区、重庆高新区未纳入排名；排名按综合得分由高到低排列。"])
    ws.merge_cells(f"A{ws.max_row}:J{ws.max_row}")


def notice_file(path, label, rows, title="default", sheet="通报", mark=None):
    """Write a workbook of one quarter's notice (see write_notice), titled for ``label`` (2020年第四季度) by default."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    write_notice(ws, rows, f"重庆市主城都市区{label}招商引资“三率”排名情况通报" if title == "default" else title, mark)
    wb.save(path)
    return path


def headline_frames(as_of="2020Q4", targets=None, cohorts="2015-2017,2018-2020", now=None, before=None,
                    projected=np.nan):
    """Return the summary's key figures and ranks (key_figures, rank_figures) of Yubei from two figure frames."""
    from yubei_lib.figures.headline import key_figures, rank_figures
    now = figure_frame() if now is None else now
    before = now if before is None else before
    ranked = now.rename(columns={"conversion_rate_ytd": "conversion_rate"})
    for c in ("rank_conversion_rate", "rank_operation_rate_2015_2017", "rank_operation_rate_2018_2020",
              "composite_rank"):
        ranked[f"shown_{c}"] = now[c].astype("Int64")
        ranked[f"change_{c}"] = (before[c].astype("Int64") - now[c].astype("Int64")).astype("Int64")
    targets = {} if targets is None else targets
    return (key_figures(now, before, "Yubei", as_of, cohorts, targets, projected),
            rank_figures(ranked, "Yubei", cohorts))
