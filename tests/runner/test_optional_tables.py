"""yubei report with the optional tables (completed investment, outreach log) and a ranking scheme."""

import subprocess
import sys

import pandas as pd
import pytest
from paths import SAMPLE

from yubei_lib import runner as report
from yubei_lib.ledger.load import sha256
from yubei_lib.runner.plan import plan

INVESTMENT = SAMPLE / "investment.xlsx"
ACTIVITIES = SAMPLE / "activities.xlsx"


def options(out, **kw):
    base = dict(periods=[pd.Timestamp("2019-12-31")], districts=["Yubei"], out=out, jobs=1)
    base.update(kw)
    return report.Options(**base)


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    out = tmp_path_factory.mktemp("planned")
    return plan(options(out, investment=INVESTMENT, activities=ACTIVITIES, scheme="horse_race"))


def test_the_tables_go_to_the_pages_that_declare_them_and_into_the_data_hashes(planned):
    data = planned.data
    assert data[str(INVESTMENT.resolve())] == sha256(INVESTMENT) and data[str(ACTIVITIES.resolve())] == sha256(ACTIVITIES)
    jobs = {job.page: job.parameters for job in planned.jobs}
    assert jobs["summary"]["investment"] == str(INVESTMENT.resolve())
    assert jobs["summary"]["activities"] == jobs["outreach"]["activities"] == str(ACTIVITIES.resolve())
    assert jobs["summary"]["scheme"] == jobs["district_rankings"]["scheme"] == "horse_race"
    assert "investment" not in jobs["outreach"] and "activities" not in jobs["contract_value"]
    assert "scheme" not in jobs["cohort_operation"]


def test_the_sets_figures_carry_the_second_set(planned):
    (figures,) = planned.figures.values()
    yubei = next(d for d in figures["districts"] if d["district"] == "Yubei")
    assert yubei["new_projects_investment_ytd"] == pytest.approx(11e9, rel=0.05)
    assert yubei["visits_out_main_ytd"] == 314
    assert yubei["rank_major_projects_ytd"] is not None  # the scheme's ranks
    dazu = next(d for d in figures["districts"] if d["district"] == "Dazu")
    assert dazu["visits_out_main_ytd"] is None  # the log is Yubei's: the others have no data, not 0


def test_without_the_tables_their_figures_are_null_and_the_pages_get_empty_paths(tmp_path):
    planned = plan(options(tmp_path, pages=["summary", "outreach"]))
    (figures,) = planned.figures.values()
    yubei = next(d for d in figures["districts"] if d["district"] == "Yubei")
    assert yubei["new_projects_investment_ytd"] is None and yubei["visits_out_main_ytd"] is None
    assert all(job.parameters["activities"] == "" for job in planned.jobs)
    assert all(job.parameters.get("scheme", "three_rates") == "three_rates" for job in planned.jobs)


def test_an_unknown_scheme_and_a_log_for_many_districts_are_refused(tmp_path):
    with pytest.raises(report.ReportError, match="unknown ranking scheme 'nope'"):
        plan(options(tmp_path, scheme="nope"))
    with pytest.raises(report.ReportError, match="one office's outreach log"):
        plan(options(tmp_path, districts=["Yubei", "Dazu"], activities=ACTIVITIES))
    with pytest.raises(report.ReportError, match="option of its own"):
        plan(options(tmp_path, extra={"activities": str(ACTIVITIES)}))
    assert not list(tmp_path.iterdir())


@pytest.mark.slow
def test_bad_tables_exit_2_listing_every_problem_before_any_kernel(tmp_path):
    investment = tmp_path / "完成投资.csv"
    investment.write_text("项目编号,月份,完成投资(亿元)\nNOPE,2020-03,1\n", encoding="utf-8")
    activities = tmp_path / "招商活动.csv"
    activities.write_text("日期,类型,带队领导,领导级别,企业名称\n2020-02-30,外出拜访,张,主要领导,A公司\n"
                          "2020-03-01,飞行,张,主要领导,B公司\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "yubei_lib", "report", "--quarter", "2020Q4", "--investment",
                           str(investment), "--activities", str(activities), "--out", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert f"{investment}, line 2, column '项目编号', value 'NOPE'" in proc.stderr
    assert f"{activities}, line 2, column '日期', value '2020-02-30'" in proc.stderr
    assert f"{activities}, line 3, column '类型', value '飞行'" in proc.stderr
    assert "no page was run" in proc.stderr and "made" not in proc.stderr
    assert not out.exists()  # no kernel, no folder, no page
