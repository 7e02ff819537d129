"""Tests of the synthetic ledger generator and of the committed sample in ``data/sample``.

The calibration facts of the sample (the source article's figures) are computed here from the
committed CSV files with plain pandas, following docs/definitions.md, so they hold
whatever the library's own figures do.
"""

from __future__ import annotations

import importlib.util
import re
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest
from paths import SAMPLE

from yubei_lib.ledger import reference
from yubei_lib.ledger.schema import PROJECT_COLUMNS
from yubei_lib.sample import generate, write_sample
from yubei_lib.sample.generate import district_codes

SNAPSHOT = pd.Timestamp("2020-12-31")
DATES = ["signed_on", "commenced_on", "operating_on", "terminated_on"]


# -- the committed files, read with plain pandas --------------------------------------------

@pytest.fixture(scope="module")
def committed() -> tuple[pd.DataFrame, pd.DataFrame]:
    projects = pd.read_csv(SAMPLE / "projects.csv", dtype={"project_id": str}, parse_dates=DATES)
    capital = pd.read_csv(SAMPLE / "capital.csv", dtype={"project_id": str}, parse_dates=["received_on"])
    projects = projects.rename(columns={"contract_value (yuan)": "contract_value"})
    capital = capital.rename(columns={"amount (yuan)": "amount"})
    return projects, capital


def signed_value(projects: pd.DataFrame, district: str, start: str, end: str) -> float:
    """Figure 1: sum of contract_value of the district's projects signed in [start, end]."""
    p = projects[(projects.district == district) & projects.signed_on.between(start, end)]
    return p.contract_value.sum()


def conversion_rates(projects: pd.DataFrame, capital: pd.DataFrame, as_of: str) -> pd.Series:
    """Figure 4, YTD: capital received from 1 January to as_of / value signed in the same days."""
    as_of = pd.Timestamp(as_of)
    jan1 = pd.Timestamp(as_of.year, 1, 1)
    signed = projects[projects.signed_on.between(jan1, as_of)].groupby("district").contract_value.sum()
    received = capital[capital.received_on.between(jan1, as_of)].merge(projects[["project_id", "district"]])
    return received.groupby("district").amount.sum().reindex(signed.index, fill_value=0) / signed


def operation_rates(projects: pd.DataFrame, as_of: str, first: int, last: int) -> pd.Series:
    """Figure 6: share (by count) of a cohort signed on or before as_of in operation by as_of."""
    as_of = pd.Timestamp(as_of)
    cohort = projects[projects.signed_on.dt.year.between(first, last) & (projects.signed_on <= as_of)]
    return (cohort.operating_on <= as_of).groupby(cohort.district).mean()


def composite_ranks(projects: pd.DataFrame, capital: pd.DataFrame, as_of: str) -> pd.DataFrame:
    """Figure 8: rank 1 = highest on each rate, composite = mean rank, ranked ascending."""
    rates = pd.DataFrame({"conversion": conversion_rates(projects, capital, as_of),
                          "operation_2015_2017": operation_rates(projects, as_of, 2015, 2017),
                          "operation_2018_2020": operation_rates(projects, as_of, 2018, 2020)})
    assert len(rates) == 22 and rates.notna().all().all()
    rates["composite"] = rates.rank(ascending=False, method="min").mean(axis=1)
    rates["composite_rank"] = rates.composite.rank(method="min")
    return rates.sort_values("composite_rank")


def test_yubei_signs_141_6_bn_in_2019(committed):
    projects, _ = committed
    assert signed_value(projects, "Yubei", "2019-01-01", "2019-12-31") == pytest.approx(141.6e9, rel=0.01)


def test_yubei_2020_dips_in_q1_and_ends_near_its_80_bn_target(committed):
    projects, _ = committed
    q1 = {y: signed_value(projects, "Yubei", f"{y}-01-01", f"{y}-03-31") for y in range(2017, 2021)}
    assert q1[2020] < 0.6 * np.mean([q1[2017], q1[2018], q1[2019]])
    assert signed_value(projects, "Yubei", "2020-01-01", "2020-12-31") == pytest.approx(80e9, rel=0.10)


def test_yubei_is_first_on_the_three_rates_at_2019q4(committed):
    ranks = composite_ranks(*committed, "2019-12-31")
    assert ranks.index[0] == "Yubei" and ranks.composite_rank.iloc[0] == 1
    assert ranks.composite_rank.iloc[1] > 1  # first alone, not tied


def test_yubei_operation_rates_at_2020q4_sit_near_the_targets(committed):
    projects, _ = committed
    assert operation_rates(projects, "2020-12-31", 2015, 2017)["Yubei"] == pytest.approx(0.90, abs=0.05)
    assert operation_rates(projects, "2020-12-31", 2018, 2020)["Yubei"] == pytest.approx(0.60, abs=0.05)


def test_city_wide_conversion_2020_is_about_20_percent(committed):
    projects, capital = committed
    received = capital[capital.received_on.dt.year == 2020].amount.sum()
    signed = projects[projects.signed_on.dt.year == 2020].contract_value.sum()
    assert received / signed == pytest.approx(0.20, abs=0.02)


def test_other_districts_vary_realistically(committed):
    projects, capital = committed
    for as_of in ("2019-12-31", "2020-12-31"):
        others = conversion_rates(projects, capital, as_of).drop("Yubei")
        assert others.between(0.08, 0.35).all() and others.std() > 0.03
    total = projects.groupby("district").contract_value.sum().sort_values()
    assert total.index[0] == "Wansheng"
    assert "Yubei" in total.index[-3:] and "Jiangbei" in total.index[-6:]
    assert 0 < projects.terminated_on.notna().mean() < 0.10
    assert 4500 <= len(projects) <= 5500 and 2 <= len(capital) / len(projects) <= 3


def test_cross_check_with_the_library_figures(committed):
    """The library's ranking agrees with this file's own computation."""
    from yubei_lib.figures.rankings import district_rankings

    projects, capital = committed
    ranks = district_rankings(projects, capital, "2019Q4", previous=False).set_index("district")
    assert ranks.loc["Yubei", "composite_rank"] == 1
    ours = composite_ranks(projects, capital, "2019-12-31")
    assert ranks.composite_rank.to_dict() == ours.composite_rank.astype(int).to_dict()
    if importlib.util.find_spec("yubei_lib.figures") is not None:
        from yubei_lib.figures.machine import district_figures

        yubei = district_figures(projects, capital, "2020Q4").set_index("district").loc["Yubei"]
        assert yubei.operation_rate_2015_2017 == operation_rates(projects, "2020-12-31", 2015, 2017)["Yubei"]
        assert yubei.conversion_rate_ytd == pytest.approx(conversion_rates(projects, capital, "2020-12-31")["Yubei"])


# -- the committed files are what the generator writes --------------------------------------

def test_committed_sample_is_what_write_sample_makes(tmp_path):
    written = write_sample(tmp_path, n_projects=5000, seed=2020)
    assert [p.name for p in written] == ["projects.csv", "capital.csv", "projects.xlsx", "yubei_projects.xlsx",
                                         "yubei_capital.xlsx", "city_rankings.xlsx", "investment.xlsx",
                                         "activities.xlsx", "README.md"]
    for name in ("projects.csv", "capital.csv", "README.md"):
        assert (tmp_path / name).read_bytes() == (SAMPLE / name).read_bytes(), name
    # xlsx: compare the members' contents (compressed bytes may depend on the zlib build)
    for name in ("projects.xlsx", "investment.xlsx", "activities.xlsx"):
        with zipfile.ZipFile(tmp_path / name) as new, zipfile.ZipFile(SAMPLE / name) as old:
            assert new.namelist() == old.namelist()
            for member in new.namelist():
                assert new.read(member) == old.read(member), (name, member)


def test_readme_says_synthetic_and_how_it_was_made():
    text = (SAMPLE / "README.md").read_text(encoding="utf-8")
    assert "synthetic" in text and "NOT real" in text
    assert "`yubei sample --projects 5000 --seed 2020 --out data/sample`" in text
    for name in ("projects.csv", "capital.csv", "projects.xlsx", "141.6 bn"):
        assert name in text


def test_xlsx_is_kept_as_an_office_keeps_it(committed):
    projects, _ = committed
    ws = openpyxl.load_workbook(SAMPLE / "projects.xlsx").worksheets[0]
    assert "非真实" in ws["A1"].value and "A1:R1" in {str(r) for r in ws.merged_cells.ranges}
    header = [c.value for c in ws[2]]
    assert header == ["项目编号", "项目名称", "所属区县", "签约日期", "协议投资额(亿元)", "投资方",
                      "投资方类型", "产业集群", "产业链环节", "所属园区", "开工日期", "投产日期",
                      "终止日期", "责任单位", "责任领导", "英文项目名称", "计划开工日期", "计划投产日期"]
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert len(rows) == len(projects)
    assert {r[2] for r in rows} == set(reference.districts().name_zh)
    assert {r[6] for r in rows} <= set(reference.investor_types().name_zh)
    values = pd.Series([r[4] for r in rows], dtype=float)
    assert ((values * 1e8).round() == projects.contract_value).all()
    signed = [r[3] for r in rows]
    kinds = {type(v).__name__ for v in signed}
    assert {"datetime", "str", "int"} <= kinds
    assert any("/" in v for v in signed if isinstance(v, str))
    assert any("年" in v for v in signed if isinstance(v, str))
    assert sum(isinstance(v, str) for v in signed) < 0.2 * len(signed)
    first = signed[0]
    expected = projects.signed_on.iloc[0]
    if isinstance(first, int):
        first = pd.Timestamp("1899-12-30") + pd.Timedelta(days=first)
    elif isinstance(first, str):
        first = pd.Timestamp(first.replace("年", "-").replace("月", "-").replace("日", "").replace("/", "-"))
    assert pd.Timestamp(first) == expected


def test_committed_files_load_back_to_the_generated_frames():
    """CSV and xlsx load back to the canonical frames."""
    from yubei_lib.ledger.load import load_ledger

    projects, capital = generate(5000, seed=2020)
    ledger = load_ledger(SAMPLE / "projects.csv", SAMPLE / "capital.csv")
    pd.testing.assert_frame_equal(ledger.projects.reset_index(drop=True), projects)
    pd.testing.assert_frame_equal(ledger.capital.reset_index(drop=True), capital)
    excel = load_ledger(SAMPLE / "projects.xlsx")
    pd.testing.assert_frame_equal(excel.projects.reset_index(drop=True), projects)


# -- the generator --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def generated() -> tuple[pd.DataFrame, pd.DataFrame]:
    return generate(5000, seed=2020)


def test_same_seed_same_frames_other_seed_other_frames():
    a, b, c = generate(1500, seed=7), generate(1500, seed=7), generate(1500, seed=8)
    pd.testing.assert_frame_equal(a[0], b[0])
    pd.testing.assert_frame_equal(a[1], b[1])
    assert not a[0].equals(c[0]) and not a[1].equals(c[1])


def test_frames_are_canonical(generated):
    projects, capital = generated
    assert list(projects.columns) == list(PROJECT_COLUMNS)
    assert list(capital.columns) == ["project_id", "received_on", "amount"]
    for column in DATES:
        assert projects[column].dtype == "datetime64[ns]"
    assert capital.received_on.dtype == "datetime64[ns]"
    assert projects.contract_value.dtype == "float64" and capital.amount.dtype == "float64"
    assert set(projects.investor_type) <= set(reference.investor_types().investor_type)
    chains = reference.chains()
    assert set(projects.cluster.dropna()) <= set(chains.cluster)
    assert set(projects.chain_segment.dropna()) <= set(chains.segment)
    yubei = projects[projects.district == "Yubei"]
    assert set(yubei.park) <= set(reference.parks().park)
    assert yubei.cluster.notna().mean() > 0.9
    assert projects.project_id.str.fullmatch(r"[A-Z]+-20\d\d-\d{4,}").all()
    assert yubei.project_id.str.startswith("YB-").all()


def _check_consistent(projects: pd.DataFrame, capital: pd.DataFrame) -> None:
    assert projects.project_id.is_unique and projects.project_id.notna().all()
    assert set(projects.district) == set(reference.districts().name_en)
    assert (projects.contract_value > 0).all() and (capital.amount > 0).all()
    assert projects.signed_on.between("2015-01-01", SNAPSHOT).all()
    for column in DATES:
        assert not (projects[column] > SNAPSHOT).any(), column
    assert not (projects.commenced_on < projects.signed_on).any()
    assert not (projects.operating_on < projects.commenced_on).any()
    assert not (projects.operating_on.notna() & projects.commenced_on.isna()).any()
    assert not (projects.terminated_on < projects.commenced_on.fillna(projects.signed_on)).any()
    assert not (projects.terminated_on.notna() & projects.operating_on.notna()).any()
    merged = capital.merge(projects[["project_id", "signed_on", "terminated_on"]], how="left",
                           on="project_id", validate="many_to_one")
    assert merged.signed_on.notna().all(), "capital of an unknown project"
    assert (merged.received_on > merged.signed_on).all() and (merged.received_on <= SNAPSHOT).all()
    assert not (merged.received_on > merged.terminated_on).any()


def test_ledger_is_internally_consistent(generated):
    _check_consistent(*generated)


def test_large_ledgers_generate_quickly_and_stay_calibrated():
    projects, capital = generate(50_000, seed=11)
    assert len(projects) == 50_000 and 1.8 < len(capital) / len(projects) < 3
    _check_consistent(projects, capital)
    assert signed_value(projects, "Yubei", "2019-01-01", "2019-12-31") == 141.6e9
    assert composite_ranks(projects, capital, "2019-12-31").index[0] == "Yubei"


def test_small_and_odd_requests():
    projects, capital = generate(1, seed=3)
    assert len(projects) == 1 and capital.project_id.isin(projects.project_id).all()
    with pytest.raises(ValueError, match="at least 1"):
        generate(0)
    projects, _ = generate(500, seed=3, start="2018-07-01", end="2019-06-30")
    assert projects.signed_on.between("2018-07-01", "2019-06-30").all()
    assert not (projects[DATES[1:]] > pd.Timestamp("2019-06-30")).any().any()


def test_write_sample_can_leave_out_the_workbook(tmp_path):
    written = write_sample(tmp_path, n_projects=200, seed=5, excel=False)
    assert [p.name for p in written] == ["projects.csv", "capital.csv", "README.md"]
    assert not (tmp_path / "projects.xlsx").exists()
    with pytest.raises(ValueError, match="Excel sheet"):
        write_sample(tmp_path, n_projects=2_000_000, excel=True)


def test_district_codes_are_unique_initials():
    codes = district_codes(reference.districts().name_en)
    assert len(set(codes)) == 22 and codes[reference.districts().name_en.tolist().index("Yubei")] == "YB"
    assert district_codes(pd.Series(["Jiangbei", "Jiangbai"])) == ["JIANGBEI", "JIANGBAI"]


def test_scaling_to_targets_is_exact_and_never_negative():
    from yubei_lib.sample.generate import _scale_to

    rng = np.random.default_rng(0)
    cells = np.repeat([0, 1, 2], [500, 3, 4])
    values = rng.gamma(0.3, 1.0, cells.size)          # many tiny values in cell 0
    targets = np.array([120e4, 7e4, np.nan])           # 120 万元 spread over 500 values
    got = _scale_to(values, cells, targets)
    assert (got >= 0).all() and (got % 1e4 == 0).all()
    assert np.bincount(cells, got)[:2].tolist() == [120e4, 7e4]


def test_the_ledger_speaks_chinese_with_english_project_names_beside(committed):
    projects, _ = committed
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for column in ("project_name", "investor", "responsible_unit", "responsible_leader"):
        share = projects[column].dropna().map(lambda v: bool(cjk.search(v))).mean()
        assert share > 0.9, column  # foreign investors keep their own names
    assert not projects["project_name_en"].dropna().map(lambda v: bool(cjk.search(v))).any()
    assert projects["project_name_en"].notna().all()


# -- the optional tables: completed investment and Yubei's outreach log -----------------------
# Read with openpyxl and plain pandas, and computed here from docs/definitions.md (figures 15-16).

def _sheet(name: str) -> pd.DataFrame:
    ws = openpyxl.load_workbook(SAMPLE / name, read_only=True).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert "非真实" in rows[0][0]
    return pd.DataFrame(rows[2:], columns=rows[1])


@pytest.fixture(scope="module")
def optional_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    investment = _sheet("investment.xlsx")
    assert list(investment.columns) == ["项目编号", "月份", "完成投资(万元)"]

    def month(v):
        if isinstance(v, str):
            y, m = re.match(r"(\d{4})\D+(\d{1,2})", v).groups()
            return pd.Timestamp(int(y), int(m), 1)
        return pd.Timestamp(v.year, v.month, 1)

    investment = pd.DataFrame({"project_id": investment["项目编号"], "month": investment["月份"].map(month),
                               "amount": investment["完成投资(万元)"].astype(float) * 1e4})
    activities = _sheet("activities.xlsx")
    assert list(activities.columns)[:7] == ["日期", "类型", "带队领导", "领导级别", "企业名称", "项目编号", "城市"]
    return investment, activities


def test_yubei_invested_11_bn_in_2019_in_projects_newly_started_in_2018_2019(committed, optional_tables):
    projects, _ = committed
    investment, _ = optional_tables
    new = projects[(projects.district == "Yubei") & (projects.commenced_on > "2017-12-31")
                   & (projects.commenced_on <= "2019-12-31")]
    in_2019 = investment[investment.project_id.isin(new.project_id) & (investment.month.dt.year == 2019)]
    assert in_2019.amount.sum() == pytest.approx(11e9, rel=0.05)
    assert (investment.amount > 0).all() and (investment.amount % 1e4 == 0).all()      # whole 万元
    assert investment.project_id.isin(projects.project_id).all()
    assert investment.month.between("2019-01-01", "2020-12-01").all()
    commenced = investment.merge(projects[["project_id", "commenced_on", "district"]], on="project_id")
    assert (commenced.month >= commenced.commenced_on.dt.to_period("M").dt.to_timestamp()).all()
    assert commenced.district.nunique() == 22


def test_yubei_main_leaders_visited_314_enterprises_out_of_town_in_2019(committed, optional_tables):
    projects, _ = committed
    _, log = optional_tables
    when = pd.to_datetime(log["日期"])
    main_out = log[(log["类型"] == "外出拜访") & (log["领导级别"] == "主要领导") & (when.dt.year == 2019)]
    assert main_out["企业名称"].nunique() == 314
    assert len(main_out) > 314  # some were visited twice
    assert set(log["类型"]) == {"外出拜访", "企业来访", "招商活动"}
    assert set(log["领导级别"]) == {"主要领导", "分管领导", "其他"}
    assert when.between("2019-01-01", "2020-12-31").all()
    # names consistent with the ledger: the enterprises that signed carry its investors' names, others none.
    yubei = projects[projects.district == "Yubei"]
    named = log["企业名称"].isin(projects.investor)
    assert named.any() and log.loc[named, "企业名称"].isin(yubei.investor).all()
    ids = log["项目编号"].dropna()
    assert len(ids) and ids.isin(yubei.project_id).all()


def test_the_kit_reads_the_optional_tables_to_the_calibrated_figures():
    from yubei_lib.figures.machine import district_figures
    from yubei_lib.ledger.load import load_ledger

    ledger = load_ledger(SAMPLE / "projects.csv", SAMPLE / "capital.csv", investment=SAMPLE / "investment.xlsx",
                         activities=SAMPLE / "activities.xlsx")
    assert not ledger.problems
    got = district_figures(ledger.projects, ledger.capital, "2019Q4", investment=ledger.investment,
                           activities=ledger.activities, own="Yubei").set_index("district")
    assert got.loc["Yubei", "new_projects_investment_ytd"] == pytest.approx(11e9, rel=0.05)
    assert got.loc["Yubei", "visits_out_main_ytd"] == 314
    assert 0 < got.loc["Yubei", "visit_to_signing_share"] < 0.5
    assert got.drop("Yubei")["visits_out_main_ytd"].isna().all()
    assert (got["new_projects_investment_ytd"] > 0).all()


def test_the_optional_tables_do_not_depend_on_anything_but_the_ledger_and_seed():
    from yubei_lib.sample.activity import activities_table, investment_table

    projects, _ = generate(800, seed=4)
    pd.testing.assert_frame_equal(investment_table(projects, 4), investment_table(projects, 4))
    log = activities_table(projects, 4)
    pd.testing.assert_frame_equal(log, activities_table(projects, 4))
    main = log[(log.kind == "visit_out") & (log.leader_level == "main") & (log.date.dt.year == 2019)]
    assert main.enterprise.nunique() == 314


# -- planned dates (figure 21): a stream of their own -----------------------------------------

def test_plans_leave_every_other_column_as_it_was(monkeypatch):
    with_plans = generate(1500, seed=7)
    monkeypatch.setattr(importlib.import_module("yubei_lib.sample.generate"), "plans",
                        lambda seed, signed: (np.full(len(signed), np.datetime64("NaT"), "datetime64[D]"),) * 2)
    without = generate(1500, seed=7)
    plans = ["planned_commencement_on", "planned_operation_on"]
    pd.testing.assert_frame_equal(with_plans[0].drop(columns=plans), without[0].drop(columns=plans))
    pd.testing.assert_frame_equal(with_plans[1], without[1])
    assert without[0][plans].isna().all().all() and with_plans[0][plans[0]].notna().mean() > 0.3


def test_the_committed_plans_give_yubei_every_warning_state(committed):
    from yubei_lib.figures.warnings import warning_stages, warning_status, warnings_by_unit

    projects, _ = committed
    for column in ("planned_commencement_on", "planned_operation_on"):
        projects[column] = pd.to_datetime(projects[column])
    assert not (projects["planned_commencement_on"] < projects["signed_on"]).any()
    assert not (projects["planned_operation_on"] <= projects["planned_commencement_on"]).any()
    yubei = projects.loc[projects["district"] == "Yubei"]
    stages = warning_stages(yubei, "2020Q4")
    kinds = {(r.status, bool(r.planned), r.months_overdue < 0) for r in stages.itertuples()}
    assert {("red", True, False), ("red", False, False), ("yellow", True, False), ("yellow", False, True)} <= kinds
    units = warnings_by_unit(warning_status(yubei, "2020Q4"), warning_status(yubei, "2020Q3"))
    assert (units[["newly_red", "cleared", "still_red"]].sum() > 0).all()
    assert (units["red"] + units["yellow"]).eq(1).any()  # a unit with a single project to act on
