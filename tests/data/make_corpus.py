"""(Re)create the generated files of the test corpus, deterministically.

Run from anywhere::

    .venv/bin/python tests/data/make_corpus.py

It writes

* ``office/`` -- the same 24 projects and 29 capital inflows written the way offices
  write them (xlsx with title rows and mixed date cells, GBK CSV in 万元, UTF-8-BOM CSV in
  bn yuan, Parquet in yuan, a CSV whose money columns declare no unit), plus
  ``expected_projects.csv`` / ``expected_capital.csv`` (canonical: yuan, ISO dates, English
  district and investor type) that every office ledger must load to;
* the binary files of ``bad/`` (xlsx, GBK, undecodable bytes, 0-byte files).

The plain UTF-8 CSVs of ``bad/`` and the manifest ``bad/cases.csv`` are hand-written and
are not touched. Running the script twice gives byte-identical files (xlsx zip entries and
document properties are stamped with a fixed time).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent
OFFICE = HERE / "office"
BAD = HERE / "bad"
FIXED = datetime(2021, 1, 4, 9, 0, 0)

# --------------------------------------------------------------------------- the data
# id, name, district (English), signed, value (万元), investor, investor type (canonical),
# cluster, chain segment, park, commenced, operating, terminated, unit, leader, note
D = date
PROJECTS = [
    ("YB-2018-001", "智能终端整机制造基地", "Yubei", D(2018, 3, 16), 150000, "重庆渝芯智能科技有限公司", "Global 500",
     "智能终端", "器", "空港工业园区", D(2018, 9, 1), D(2019, 12, 20), None, "区经济信息委", "王建国", "市级重大项目"),
    ("YB-2018-002", "车规级芯片封装测试项目", "Yubei", D(2018, 5, 8), 80000, "华芯半导体股份有限公司", "listed company",
     "智能终端", "芯", "空港工业园区", D(2018, 11, 15), D(2020, 6, 30), None, "区经济信息委", "王建国", ""),
    ("YB-2018-003", "仙桃数据谷人工智能创新中心", "Yubei", D(2018, 7, 20), 25000, "北辰智算科技有限公司", "unicorn",
     "软件和信息服务", "算", "仙桃国际大数据谷", D(2018, 12, 3), D(2019, 10, 8), None, "仙桃数据谷公司", "李红梅", ""),
    ("JB-2018-001", "江北嘴金融后台服务中心", "Jiangbei", D(2018, 9, 12), 60000, "长江金融控股集团", "central SOE",
     "两江国际商务中心", "金融", "两江国际商务中心", D(2019, 2, 18), D(2020, 1, 6), None, "江北区招商局", "周涛", ""),
    ("YB-2018-005", "Smart Terminal R&D Center, Phase 2", "Yubei", D(2018, 11, 26), 1234.5, "Vertex Devices Ltd.", "foreign",
     "智能终端", "核", "空港工业园区", D(2019, 3, 5), None, None, "区投资促进局", "陈志强", "外资项目"),
    ("YB-2019-001", "航空冷链物流园", "Yubei", D(2019, 1, 18), 45000, "顺达航空物流有限公司", "private",
     "航空物流", "仓储", "空港新城", D(2019, 3, 5), D(2020, 9, 15), None, "空港新城管委会", "刘洋", ""),
    ("YB-2019-002", "跨境电商航空保税仓", "Yubei", D(2019, 3, 5), 15000, "中远国际贸易有限公司", "central SOE",
     "航空物流", "航空保税", "保税港区", D(2019, 6, 18), None, None, "区商务委", "赵敏", "重点项目"),
    ("YB-2019-003", "悦来国际会展配套酒店", "Yubei", D(2019, 4, 22), 32000, "悦来文旅投资集团", "China Top 500",
     "两江国际商务中心", "商务会展", "悦来新城", D(2019, 10, 10), None, None, "区商务委", "赵敏", ""),
    ("SPB-2019-001", "沙坪坝铁路枢纽物流中心", "Shapingba", D(2019, 5, 30), 9800, "渝新欧供应链有限公司", "private",
     "航空物流", "供应链金融", "团结村物流园", D(2019, 9, 2), None, None, "沙坪坝区商务委", "孙立", ""),
    ("YB-2019-004", "西部汽车消费体验中心", "Yubei", D(2019, 6, 14), 18000, "吉利通汽车销售有限公司", "private",
     "现代消费走廊", "汽车消费", "现代消费走廊", D(2019, 8, 1), D(2020, 3, 20), None, "区商务委", "赵敏", ""),
    ("YB-2019-005", "液晶面板模组扩产项目", "Yubei", D(2019, 7, 9), 320000, "京华光电显示科技股份有限公司", "listed company",
     "智能终端", "屏", "空港工业园区", D(2019, 12, 16), None, None, "区经济信息委", "王建国", "市级重大项目"),
    ("NA-2019-001", "南岸数字创意产业园", "Nan'an", D(2019, 8, 21), 5600, "Pixel Harbour Studios", "foreign",
     "现代消费走廊", "数字创意", "茶园新区", None, None, None, "南岸区投资促进中心", "吴静", ""),
    ("YB-2019-006", "工业互联网标识解析节点", "Yubei", D(2019, 9, 3), 2000, "云联网络科技有限公司", "private",
     "软件和信息服务", "联", "仙桃国际大数据谷", D(2019, 10, 21), D(2020, 4, 30), None, "仙桃数据谷公司", "李红梅", ""),
    ("YB-2019-007", "龙兴新能源汽车零部件基地", "Yubei", D(2019, 10, 17), 120000, "博远汽车零部件集团", "China Top 500",
     "智能终端", "核", "龙兴工业园区", D(2020, 5, 11), None, None, "区经济信息委", "陈志强", ""),
    ("BB-2019-001", "北碚大数据灾备中心", "Beibei", D(2019, 11, 8), 75000, "中云数据集团", "central SOE",
     "软件和信息服务", "数", "蔡家组团", D(2020, 4, 7), None, None, "北碚区经济信息委", "郑凯", ""),
    ("YB-2019-008", "航空总部结算中心", "Yubei", D(2019, 11, 28), 3000, "翼展航空服务有限公司", "private",
     "航空物流", "总部结算", "空港新城", None, None, D(2020, 8, 31), "空港新城管委会", "刘洋", "已终止"),
    ("YB-2019-009", "区块链金融服务平台", "Yubei", D(2019, 12, 20), 8800, "链信科技有限公司", "unicorn",
     "两江国际商务中心", "金融", "两江国际商务中心", D(2020, 4, 1), None, None, "区金融办", "黄磊", ""),
    ("BS-2020-001", "璧山智能装备产业园", "Bishan", D(2020, 1, 10), 40000, "璧城智能装备有限公司", "private",
     "智能终端", "器", "璧山高新区", None, None, None, "璧山区招商局", "何芳", ""),
    ("YB-2020-001", "物联网模组生产线", "Yubei", D(2020, 2, 26), 52000, "IoTech Holdings Ltd.", "foreign",
     "智能终端", "网", "空港工业园区", D(2020, 7, 6), None, None, "区投资促进局", "陈志强", "云签约"),
    ("YB-2020-002", "国际消费中心示范街区", "Yubei", D(2020, 4, 15), 250000, "中商联合置业集团", "Global 500",
     "现代消费走廊", "临空商业", "现代消费走廊", None, None, None, "区商务委", "赵敏", ""),
    ("WS-2020-001", "万盛数字文旅项目", "Wansheng", D(2020, 5, 19), 6500, "黑山谷文旅发展有限公司", "private",
     "现代消费走廊", "数字创意", "万盛经开区", None, None, None, "万盛经开区招商局", "罗斌", ""),
    ("YB-2020-003", "云计算数据中心三期", "Yubei", D(2020, 6, 30), 100000, "天穹云计算股份有限公司", "listed company",
     "软件和信息服务", "云", "仙桃国际大数据谷", D(2020, 9, 9), None, None, "仙桃数据谷公司", "李红梅", ""),
    ("YB-2020-004", "软件外包服务基地", "Yubei", D(2020, 8, 12), 1100, "码力软件有限公司", "private",
     "软件和信息服务", "用", "仙桃国际大数据谷", None, None, None, "区投资促进局", "刘洋", ""),
    ("JB-2020-001", "观音桥商圈智慧零售项目", "Jiangbei", D(2020, 10, 23), 33000, "Lumen Retail Group", "Global 500",
     "现代消费走廊", "国际贸易", "观音桥商圈", None, None, None, "江北区招商局", "周涛", ""),
]
FIELDS = ("project_id", "project_name", "district", "signed_on", "wan", "investor", "investor_type",
          "cluster", "chain_segment", "park", "commenced_on", "operating_on", "terminated_on",
          "responsible_unit", "responsible_leader", "note")
ROWS = [dict(zip(FIELDS, p)) for p in PROJECTS]

# project_id, received_on, amount (万元)
CAPITAL = [
    ("YB-2018-001", D(2018, 10, 15), 20000), ("YB-2018-001", D(2019, 3, 20), 30000),
    ("YB-2018-001", D(2019, 11, 11), 25000), ("YB-2018-001", D(2020, 6, 30), 15000),
    ("YB-2018-002", D(2018, 12, 20), 10000), ("YB-2018-002", D(2019, 8, 8), 12000),
    ("YB-2018-002", D(2020, 7, 15), 8000), ("YB-2018-003", D(2019, 1, 25), 5000),
    ("YB-2018-003", D(2019, 9, 30), 6000), ("JB-2018-001", D(2018, 12, 28), 15000),
    ("JB-2018-001", D(2019, 12, 27), 10000), ("YB-2018-005", D(2019, 4, 10), 300.5),
    ("YB-2019-001", D(2019, 4, 30), 8000), ("YB-2019-001", D(2019, 12, 31), 9000),
    ("YB-2019-001", D(2020, 10, 20), 5000), ("YB-2019-002", D(2019, 7, 1), 3000),
    ("YB-2019-002", D(2020, 3, 15), 2500), ("YB-2019-003", D(2019, 11, 5), 4000),
    ("SPB-2019-001", D(2019, 9, 9), 2000), ("YB-2019-004", D(2019, 9, 12), 5000),
    ("YB-2019-004", D(2020, 5, 6), 6000), ("YB-2019-005", D(2020, 1, 20), 40000),
    ("YB-2019-005", D(2020, 9, 28), 35000), ("YB-2019-006", D(2019, 12, 2), 800),
    ("YB-2019-007", D(2020, 6, 12), 20000), ("BB-2019-001", D(2020, 3, 31), 10000),
    ("YB-2019-009", D(2020, 5, 20), 1500), ("YB-2020-001", D(2020, 8, 18), 9000),
    ("YB-2020-003", D(2020, 10, 10), 12000),
]

# How each office spells things.
DISTRICT_ZH = {"Yubei": ["渝北区", "渝北", "Yubei", "渝北区 "], "Jiangbei": ["江北区", "ＪＩＡＮＧＢＥＩ"],
               "Shapingba": ["沙坪坝"], "Nan'an": ["南岸区"], "Beibei": ["北碚"], "Bishan": ["璧山区"],
               "Wansheng": ["万盛经开区"]}
DISTRICT_GBK = {"Yubei": ["渝北区", "渝北"], "Jiangbei": ["江北"], "Shapingba": ["沙坪坝区"],
                "Nan'an": ["南岸"], "Beibei": ["北碚区"], "Bishan": ["璧山"], "Wansheng": ["万盛"]}
DISTRICT_EN = {"Yubei": ["Yubei", "Yubei District", "yubei", "YUBEI"], "Jiangbei": ["Jiangbei District", "jiangbei"],
               "Shapingba": ["Shapingba"], "Nan'an": ["nanan"], "Beibei": ["Beibei District"],
               "Bishan": ["bishan"], "Wansheng": ["Wansheng"]}
TYPE_ZH = {"Global 500": ["世界500强", "财富世界500强"], "China Top 500": ["中国500强", "中国企业500强"],
           "central SOE": ["央企", "中央企业"], "listed company": ["上市公司"], "unicorn": ["独角兽", "独角兽企业"],
           "foreign": ["外资", "外资企业"], "private": ["民营", "民营企业"]}
TYPE_EN = {"Global 500": ["Global 500", "Fortune Global 500"], "China Top 500": ["China Top 500"],
           "central SOE": ["central SOE", "SOE"], "listed company": ["listed company", "listed"],
           "unicorn": ["unicorn"], "foreign": ["foreign", "foreign-invested"], "private": ["private"]}


def pick(table: dict, key: str, i: int) -> str:
    forms = table[key]
    return forms[i % len(forms)]


def num(x: float) -> str:
    """Shortest plain decimal for x (no exponent)."""
    s = f"{x:.9f}".rstrip("0").rstrip(".")
    return s or "0"


def thousands(x: float) -> str:
    """``1234.5 -> '1,234.5'``, as offices type it."""
    whole, _, frac = num(x).partition(".")
    return f"{int(whole):,}" + (f".{frac}" if frac else "")


def serial(d: date) -> int:
    """Excel's serial number of a date (1900 system)."""
    return (d - date(1899, 12, 30)).days


# Date cells of ledger_zh.xlsx come in four kinds, in turn.
def excel_date(d: date | None, k: int):
    if d is None:
        return None
    return [d, f"{d.year}/{d.month}/{d.day}", f"{d.year}年{d.month}月{d.day}日", serial(d)][k % 4]


# --------------------------------------------------------------------------- writers
def fix_xlsx(path: Path) -> None:
    """Stamp an openpyxl file with a fixed time, so regeneration is byte-identical."""
    buf = io.BytesIO(path.read_bytes())
    out = io.BytesIO()
    stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)", rf"\g<1>{stamp}\g<3>", text)
                data = text.encode("utf-8")
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, data)
    path.write_bytes(out.getvalue())


def save(wb: openpyxl.Workbook, path: Path) -> None:
    wb.properties.creator = "渝北区投资促进局"
    wb.properties.created = FIXED
    wb.save(path)
    fix_xlsx(path)


def title(ws, text: str, row: int, ncols: int) -> None:
    ws.cell(row=row, column=1, value=text).font = Font(bold=True, size=14)
    ws.cell(row=row, column=1).alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)


def write_rows(ws, rows: list[list], start: int) -> None:
    for r, values in enumerate(rows, start=start):
        for c, v in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=v)
            if isinstance(v, date):
                cell.number_format = "yyyy/m/d"


def write_csv(path: Path, header: list[str], rows: list[list], encoding: str = "utf-8",
              newline: str = "\n", above: list[list] = ()) -> None:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator=newline)
    for line in above:
        w.writerow(line)
    w.writerow(header)
    w.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))


def iso(d: date | None) -> str:
    return d.isoformat() if d else ""


def slash(d: date | None) -> str:
    return f"{d.year}/{d.month}/{d.day}" if d else ""


# --------------------------------------------------------------------------- office/
ZH_HEADER = ["序号", "项目编号", "项目名称", "所属区县", "签约日期", "协议投资额(亿元)", "投资方", "投资方类型",
             "产业集群", "产业链环节", "所属园区", "开工日期", "投产日期", "终止日期", "责任单位", "责任领导", "备注"]


def office_xlsx() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    n = len(ZH_HEADER)
    title(ws, "渝北区招商引资项目台账（2019年）", 1, n)
    ws.cell(row=2, column=1, value="填报单位：渝北区投资促进局　　　数据截至：2020年12月31日")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=n)
    # row 3 left blank, header on row 4, data from row 5
    for c, h in enumerate(ZH_HEADER, start=1):
        ws.cell(row=4, column=c, value=h).font = Font(bold=True)
    rows = []
    for i, p in enumerate(ROWS):
        value = p["wan"] / 1e4
        # one amount typed into a text-formatted cell, as happens
        value = num(value) if p["project_id"] == "YB-2018-005" else value
        rows.append([i + 1, p["project_id"], p["project_name"], pick(DISTRICT_ZH, p["district"], i),
                     excel_date(p["signed_on"], i), value, p["investor"], pick(TYPE_ZH, p["investor_type"], i),
                     p["cluster"], p["chain_segment"], p["park"], excel_date(p["commenced_on"], i + 1),
                     excel_date(p["operating_on"], i + 2), excel_date(p["terminated_on"], i + 3),
                     p["responsible_unit"], p["responsible_leader"], p["note"] or None])
    write_rows(ws, rows, start=5)
    notes = wb.create_sheet("填表说明")
    notes["A1"] = "1. 金额单位为亿元；2. 日期按“年/月/日”填写；3. 未开工、未投产的项目相应日期留空。"
    save(wb, OFFICE / "ledger_zh.xlsx")

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "到位资金"
    header = ["序号", "项目编号", "项目名称", "到位日期", "到位资金(亿元)"]
    title(ws, "渝北区实际到位资金明细", 1, len(header))
    write_rows(ws, [header], start=2)
    names = {p["project_id"]: p["project_name"] for p in ROWS}
    rows = [[i + 1, pid, names[pid], excel_date(d, i), wan / 1e4] for i, (pid, d, wan) in enumerate(CAPITAL)]
    write_rows(ws, rows, start=3)
    save(wb, OFFICE / "capital_zh.xlsx")


def office_gbk() -> None:
    header = ["项目编号", "项目名称", "区县", "签约时间", "协议投资额（万元）", "投资主体", "投资方类型", "产业集群",
              "产业链环节", "所属园区", "开工时间", "投产时间", "终止日期", "责任单位", "责任领导", "备注"]
    rows = [[p["project_id"], p["project_name"], pick(DISTRICT_GBK, p["district"], i), slash(p["signed_on"]),
             thousands(p["wan"]), p["investor"], pick(TYPE_ZH, p["investor_type"], i + 1), p["cluster"],
             p["chain_segment"], p["park"], slash(p["commenced_on"]), slash(p["operating_on"]),
             slash(p["terminated_on"]), p["responsible_unit"], p["responsible_leader"], p["note"]]
            for i, p in enumerate(ROWS)]
    write_csv(OFFICE / "ledger_gbk.csv", header, rows, encoding="gbk", newline="\r\n")
    rows = [[pid, slash(d), thousands(wan)] for pid, d, wan in CAPITAL]
    write_csv(OFFICE / "capital_gbk.csv", ["项目编号", "到位日期", "到位资金（万元）"], rows, encoding="gbk",
              newline="\r\n")


EN_HEADER = ["project_id", "project_name", "district", "signed_on", "contract_value (bn yuan)", "investor",
             "investor_type", "cluster", "chain_segment", "park", "commenced_on", "operating_on",
             "terminated_on", "responsible_unit", "responsible_leader", "note"]


def office_bom() -> None:
    rows = [[p["project_id"], p["project_name"], pick(DISTRICT_EN, p["district"], i), iso(p["signed_on"]),
             num(p["wan"] / 1e5), p["investor"], pick(TYPE_EN, p["investor_type"], i), p["cluster"],
             p["chain_segment"], p["park"], iso(p["commenced_on"]), iso(p["operating_on"]),
             iso(p["terminated_on"]), p["responsible_unit"], p["responsible_leader"], p["note"]]
            for i, p in enumerate(ROWS)]
    write_csv(OFFICE / "ledger_bom.csv", EN_HEADER, rows, encoding="utf-8-sig")
    rows = [[pid, iso(d), num(wan / 1e5)] for pid, d, wan in CAPITAL]
    write_csv(OFFICE / "capital_bom.csv", ["project_id", "received_on", "amount (bn yuan)"], rows,
              encoding="utf-8-sig")


def office_parquet() -> None:
    def ts(d):
        return datetime(d.year, d.month, d.day) if d else None

    col = lambda k: [p[k] for p in ROWS]  # noqa: E731
    table = pa.table({
        "project_id": pa.array(col("project_id"), pa.string()),
        "project_name": pa.array(col("project_name"), pa.string()),
        "district": pa.array([pick(DISTRICT_EN, p["district"], i + 1) for i, p in enumerate(ROWS)], pa.string()),
        "signed_on": pa.array(col("signed_on"), pa.date32()),
        "contract_value (yuan)": pa.array([p["wan"] * 1e4 for p in ROWS], pa.float64()),
        "investor": pa.array(col("investor"), pa.string()),
        "investor_type": pa.array([pick(TYPE_EN, p["investor_type"], i + 1) for i, p in enumerate(ROWS)],
                                  pa.string()),
        "cluster": pa.array(col("cluster"), pa.string()),
        "chain_segment": pa.array(col("chain_segment"), pa.string()),
        "park": pa.array(col("park"), pa.string()),
        "commenced_on": pa.array([ts(d) for d in col("commenced_on")], pa.timestamp("ms")),
        "operating_on": pa.array(col("operating_on"), pa.date32()),
        "terminated_on": pa.array([ts(d) for d in col("terminated_on")], pa.timestamp("us")),
        "responsible_unit": pa.array(col("responsible_unit"), pa.string()),
        "responsible_leader": pa.array(col("responsible_leader"), pa.string()),
        "source_system": pa.array(["招商云平台"] * len(ROWS), pa.string()),
    })
    pq.write_table(table, OFFICE / "ledger.parquet", compression="snappy")
    table = pa.table({
        "project_id": pa.array([c[0] for c in CAPITAL], pa.string()),
        "received_on": pa.array([c[1] for c in CAPITAL], pa.date32()),
        "amount (yuan)": pa.array([c[2] * 1e4 for c in CAPITAL], pa.float64()),
    })
    pq.write_table(table, OFFICE / "capital.parquet", compression="snappy")


def office_nounit() -> None:
    header = ["项目编号", "项目名称", "所属区县", "签约日期", "协议投资额", "投资方类型", "开工日期", "投产日期", "终止日期"]
    rows = [[p["project_id"], p["project_name"], pick(DISTRICT_ZH, p["district"], i + 2), iso(p["signed_on"]),
             num(p["wan"]), pick(TYPE_ZH, p["investor_type"], i), iso(p["commenced_on"]), iso(p["operating_on"]),
             iso(p["terminated_on"])] for i, p in enumerate(ROWS)]
    write_csv(OFFICE / "ledger_nounit.csv", header, rows)
    rows = [[pid, iso(d), num(wan)] for pid, d, wan in CAPITAL]
    write_csv(OFFICE / "capital_nounit.csv", ["项目编号", "到位日期", "到位资金"], rows)


def office_expected() -> None:
    header = ["project_id", "project_name", "district", "signed_on", "contract_value", "investor", "investor_type",
              "commenced_on", "operating_on", "terminated_on", "responsible_unit", "responsible_leader"]
    rows = [[p["project_id"], p["project_name"], p["district"], iso(p["signed_on"]), num(p["wan"] * 1e4),
             p["investor"], p["investor_type"], iso(p["commenced_on"]), iso(p["operating_on"]),
             iso(p["terminated_on"]), p["responsible_unit"], p["responsible_leader"]] for p in ROWS]
    write_csv(OFFICE / "expected_projects.csv", header, rows)
    rows = [[pid, iso(d), num(wan * 1e4)] for pid, d, wan in CAPITAL]
    write_csv(OFFICE / "expected_capital.csv", ["project_id", "received_on", "amount"], rows)


# --------------------------------------------------------------------------- bad/
def bad_xlsx() -> None:
    # Title row 1 (merged), blank row 2, header row 3, data rows 4-10.
    # Problems: row 6 签约日期 '2019-13-45'; row 9 所属区县 '两江新区'; row 10 协议投资额(亿元) 'abc'.
    header = ["序号", "项目编号", "项目名称", "所属区县", "签约日期", "协议投资额(亿元)", "投资方类型", "开工日期", "投产日期"]
    data = [
        [1, "YB-2019-001", "航空冷链物流园", "渝北区", D(2019, 1, 18), 4.5, "民营", D(2019, 3, 5), D(2020, 9, 15)],
        [2, "YB-2019-002", "跨境电商航空保税仓", "渝北", "2019/3/5", 1.5, "央企", serial(D(2019, 6, 18)), None],
        [3, "YB-2019-003", "悦来国际会展配套酒店", "渝北区", "2019-13-45", 3.2, "中国500强", None, None],
        [4, "YB-2019-004", "西部汽车消费体验中心", "渝北区", "2019年6月14日", 1.8, "民营", D(2019, 8, 1), None],
        [5, "YB-2019-005", "液晶面板模组扩产项目", "Yubei", D(2019, 7, 9), 32, "上市公司", D(2019, 12, 16), None],
        [6, "YB-2019-006", "工业互联网标识解析节点", "两江新区", D(2019, 9, 3), 0.2, "民营", None, None],
        [7, "YB-2019-007", "龙兴新能源汽车零部件基地", "渝北区", D(2019, 10, 17), "abc", "中国500强", None, None],
    ]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2019年台账"
    title(ws, "渝北区招商引资项目台账（2019年）", 1, len(header))
    write_rows(ws, [header], start=3)
    write_rows(ws, data, start=4)
    save(wb, BAD / "title_rows_bad.xlsx")

    # No title; header row 1. Row 4: operation (2019-05-20) before commencement (2019-08-01).
    header = ["项目编号", "项目名称", "所属区县", "签约日期", "协议投资额(亿元)", "开工日期", "投产日期"]
    data = [
        ["YB-2019-001", "航空冷链物流园", "渝北区", D(2019, 1, 18), 4.5, D(2019, 3, 5), D(2020, 9, 15)],
        ["YB-2019-002", "跨境电商航空保税仓", "渝北区", D(2019, 3, 5), 1.5, D(2019, 6, 18), None],
        ["YB-2019-004", "西部汽车消费体验中心", "渝北区", D(2019, 6, 14), 1.8, D(2019, 8, 1), D(2019, 5, 20)],
        ["YB-2019-005", "液晶面板模组扩产项目", "渝北区", D(2019, 7, 9), 32, D(2019, 12, 16), None],
    ]
    wb = openpyxl.Workbook()
    write_rows(wb.active, [header, *data], start=1)
    save(wb, BAD / "operating_before_commenced.xlsx")

    # Chinese headers, no contract value column at all.
    header = ["项目编号", "项目名称", "所属区县", "签约日期", "投资方类型"]
    data = [["YB-2019-001", "航空冷链物流园", "渝北区", D(2019, 1, 18), "民营"],
            ["YB-2019-002", "跨境电商航空保税仓", "渝北区", D(2019, 3, 5), "央企"]]
    wb = openpyxl.Workbook()
    write_rows(wb.active, [header, *data], start=1)
    save(wb, BAD / "missing_value.xlsx")

    # A workbook whose first sheet is empty.
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    save(wb, BAD / "empty_sheet.xlsx")

    # Capital with a title row 1, header row 2, data rows 3-7.
    # Row 5: unknown project 'YB-2019-099'; row 6: negative amount -100.5.
    header = ["项目编号", "到位日期", "到位资金(万元)", "备注"]
    data = [["YB-2019-001", D(2019, 4, 30), 8000, None],
            ["YB-2019-002", "2019/7/1", 3000, None],
            ["YB-2019-099", D(2019, 8, 15), 1200, "编号待核"],
            ["YB-2019-004", D(2019, 9, 12), -100.5, "冲减"],
            ["YB-2019-005", serial(D(2020, 1, 20)), 40000, None]]
    wb = openpyxl.Workbook()
    ws = wb.active
    title(ws, "实际到位资金（2019年）", 1, len(header))
    write_rows(ws, [header, *data], start=2)
    save(wb, BAD / "capital_title.xlsx")


def bad_bytes() -> None:
    # GBK file: line 4 签约日期 '去年'; line 6 所属区县 '重庆市'.
    header = ["项目编号", "项目名称", "所属区县", "签约日期", "协议投资额（万元）", "投资方类型"]
    rows = [["YB-2019-001", "航空冷链物流园", "渝北区", "2019/1/18", "45,000", "民营"],
            ["YB-2019-002", "跨境电商航空保税仓", "渝北", "2019/3/5", "15,000", "央企"],
            ["YB-2019-003", "悦来国际会展配套酒店", "渝北区", "去年", "32,000", "中国500强"],
            ["YB-2019-004", "西部汽车消费体验中心", "渝北区", "2019/6/14", "18,000", "民营"],
            ["YB-2019-005", "液晶面板模组扩产项目", "重庆市", "2019/7/9", "320,000", "上市公司"]]
    write_csv(BAD / "bad_gbk.csv", header, rows, encoding="gbk", newline="\r\n")

    # Neither UTF-8 nor GB18030: a cp1252 export whose '€' is byte 0x80 (and 'ÿ' 0xFF).
    text = ("project_id,project_name,district,signed_on,contract_value (yuan)\r\n"
            "YB-2019-001,Caf\xe9 Europa \u20ac-Lounge,Yubei,2019-01-18,4500000\r\n"
            "YB-2019-002,Fa\xffence Outlet,Yubei,2019-03-05,1500000\r\n")
    (BAD / "bad_encoding.csv").write_bytes(text.encode("cp1252"))

    (BAD / "empty.csv").write_bytes(b"")
    (BAD / "capital_empty.csv").write_bytes(b"")


def main() -> None:
    OFFICE.mkdir(exist_ok=True)
    BAD.mkdir(exist_ok=True)
    office_xlsx()
    office_gbk()
    office_bom()
    office_parquet()
    office_nounit()
    office_expected()
    bad_xlsx()
    bad_bytes()


if __name__ == "__main__":
    main()
