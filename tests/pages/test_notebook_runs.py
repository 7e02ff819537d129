"""The page notebooks run on the sample: as ``yubei report`` runs them (the shared pack and a few sets more), and on a kernel of their own as an analyst's papermill runs them."""

import json
import re

import nbformat
import pandas as pd
import papermill
import pytest
from paths import DATA, NOTEBOOKS, SAMPLE

from pages.test_notebooks import PAGES
from yubei_lib import runner as report
from yubei_lib.config import VEGALITE_MIME
from yubei_lib.present import tabledata
from yubei_lib.runner.kernels import manager_class

pytestmark = pytest.mark.slow


RUNS = {  # the run's name: (period folder, district folder, language) of a set made by ``yubei report``
    "defaults": ("2020-Q4", "yubei", "en"),
    "zh": ("2020-Q4", "yubei", "zh"),
    "wansheng_2016q1": ("2016-Q1", "wansheng", "en"),
    "jiangbei_2018q3": ("2018-Q3", "jiangbei", "en"),
}


def _made(out, period, district, lang, page):
    """Return the executed notebook of a page that ``yubei report`` made and kept for audit."""
    return nbformat.read(out / period / district / (f"{page}.ipynb" if lang == "en" else f"{page}.{lang}.ipynb"),
                         as_version=4)


def _report(out, **options):
    """Make report sets with ``yubei report``'s own runner (warm kernels, two jobs) and return the folder."""
    assert report.run(report.Options(out=out, jobs=2, **options), echo=lambda _: None) == 0
    return out


def _execute(name, run, params, out):
    """Execute a page notebook on a kernel of its own, as an analyst's papermill does."""
    target = out / f"{name}.{run}.ipynb"
    # The kernel's folder is the notebooks folder (papermill's cwd= would change the whole
    # process's folder, which the threads share); Unix sockets keep parallel kernels apart.
    papermill.execute_notebook(str(NOTEBOOKS / f"{name}.ipynb"), str(target), parameters=params,
                               kernel_name="python3", progress_bar=False,
                               resources={"metadata": {"path": str(NOTEBOOKS)}},
                               kernel_manager_class=manager_class("auto"))
    return nbformat.read(target, as_version=4)


@pytest.fixture(scope="module")
def executed(tmp_path_factory, quarterly_pack):
    """Every page as run by ``yubei report``: the shared 2020Q4 pack (the notebooks' defaults), and two early sets."""
    early = _report(tmp_path_factory.mktemp("early"), periods=[pd.Timestamp("2016-03-31"), pd.Timestamp("2018-09-30")],
                    districts=["Wansheng", "Jiangbei"])
    return {(name, run): _made(quarterly_pack if period == "2020-Q4" else early, period, district, lang, name)
            for run, (period, district, lang) in RUNS.items() for name in PAGES}


def _run(executed, name, run):
    nb = executed[(name, run)]
    if isinstance(nb, BaseException):
        raise nb
    return nb


def _outputs(nb):
    """Return (cell index, output) of every output of the notebook."""
    return [(i, o) for i, c in enumerate(nb.cells) if c.cell_type == "code" for o in c.outputs]


def _html(nb):
    return "\n".join(o.data.get("text/html", "") for _, o in _outputs(nb) if "data" in o)


def _specs(nb):
    return [o.data[VEGALITE_MIME] for _, o in _outputs(nb) if "data" in o and VEGALITE_MIME in o.data]


@pytest.mark.parametrize("run", list(RUNS))
@pytest.mark.parametrize("name", PAGES)
def test_notebook_runs_and_every_call_shows_one_thing(executed, name, run):
    nb = _run(executed, name, run)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        kinds = [o.output_type for o in cell.outputs]
        assert "error" not in kinds and "stream" not in kinds, (name, run, i, cell.outputs)  # no stray output
        if cell.source.startswith("yb.pages."):  # papermill adds a cell: count by source, not place
            assert kinds == ["execute_result"], (name, run, i, kinds)
            data = cell.outputs[0].data
            assert VEGALITE_MIME in data or "text/html" in data
            assert "Traceback" not in json.dumps(data)
    for spec in _specs(nb):
        rows = [row for rows in spec.get("datasets", {}).values() for row in rows]
        assert not any({"project_id", "project_name", "investor"} & set(row) for row in rows)  # aggregated only
    assert "<script" not in tabledata.strip(_html(nb))  # (but the tables' whole records, JSON for the workbook)


def test_summary_shows_tiles_messages_and_the_chart(executed):
    nb = _run(executed, "summary", "defaults")
    html = _html(nb)
    assert "yubei-tiles" in html and "yubei-messages" in html
    assert "Yubei · 2020Q4 · Quarterly summary" in html
    assert "Yubei signed 67 projects for CNY 82.6 bn, 103.2% of the year" in html
    assert "Operation rate, 2015-2017" in html and "Lagging projects" in html
    specs = _specs(nb)
    assert len(specs) == 1 and {"line", "rule", "text"} <= {layer["mark"]["type"] for layer in specs[0]["layer"]}


def test_chinese_pages_speak_chinese(executed):
    html = _html(_run(executed, "summary", "zh"))
    assert "投产率" in html and "渝北区 · 2020年第四季度 · 季度综述" in html and "已达标" in html
    assert "Target" not in html and "n/a" not in html
    assert "逾期月数" in _html(_run(executed, "cohort_operation", "zh"))
    assert "三率区县排名" in _html(_run(executed, "district_rankings", "zh"))
    spec = _specs(_run(executed, "contract_value", "zh"))[0]
    assert "亿元" in json.dumps(spec, ensure_ascii=False)


def test_an_early_quarter_of_a_small_district_says_what_is_undefined(executed):
    html = _html(_run(executed, "summary", "wansheng_2016q1"))
    assert "万盛经开区" not in html  # lang is en: the district's English name
    assert "Wansheng · 2016Q1" in html and "No target set for 2016" in html
    assert "Operation rate of projects signed 2018-2020: n/a (none signed)." in html
    cohort = _html(_run(executed, "cohort_operation", "wansheng_2016q1"))
    assert "n/a" in cohort


def test_another_district_is_highlighted(executed):
    nb = _run(executed, "district_rankings", "jiangbei_2018q3")
    assert re.search(r'<tr class="own"><td[^>]*>Jiangbei</td>', _html(nb))
    specs = _specs(nb)
    assert len(specs) == 5 and all("(datum.district === 'Jiangbei')" in json.dumps(s) for s in specs)
    assert "Jiangbei · 2018Q3" in _html(_run(executed, "summary", "jiangbei_2018q3"))


def test_data_quality_page_in_strict_mode(executed):
    html = _html(_run(executed, "data_quality", "defaults"))
    assert "Strict mode" in html and "Whole ledger" in html and "SHA-256" in html


def test_data_quality_page_lists_rows_left_out_in_lenient_mode(tmp_path):
    bad = DATA / "bad" / "many_problems.csv"
    nb = _execute("data_quality", "lenient", {"projects": str(bad), "strict": False, "as_of": "2020Q4"}, tmp_path)
    html = _html(nb)
    assert "Rows left out" in html and "unknown district" in html and "成都" in html
    assert "many_problems.csv" in html


@pytest.mark.parametrize("params,needle", [
    ({"district": "Nowhere", "lang": "zh"}, "参数 district='Nowhere' 不可用：应为22个区县之一"),
    ({"as_of": "2020Q5"}, "parameter as_of='2020Q5' is not accepted: expected a quarter label"),
])
def test_a_wrong_parameter_is_one_short_message_in_the_pages_language(tmp_path, params, needle):
    target = tmp_path / "summary.ipynb"
    with pytest.raises(papermill.PapermillExecutionError):
        papermill.execute_notebook(str(NOTEBOOKS / "summary.ipynb"), str(target), parameters=params,
                                   kernel_name="python3", progress_bar=False,
                                   kernel_manager_class=manager_class("auto"))
    nb = nbformat.read(target, as_version=4)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert len(errors) == 1 and errors[0].ename == "ParameterProblem"
    assert len(errors[0].traceback) == 1 and needle in errors[0].traceback[0]  # no traceback, no source lines
    if params.get("district"):
        assert "渝北区" in errors[0].traceback[0] and "Yubei" not in errors[0].traceback[0]


def test_a_bad_ledger_is_a_short_list_of_its_problems(tmp_path):
    target = tmp_path / "summary.ipynb"
    with pytest.raises(papermill.PapermillExecutionError):
        papermill.execute_notebook(str(NOTEBOOKS / "summary.ipynb"), str(target),
                                   parameters={"projects": str(DATA / "bad" / "many_problems.csv")},
                                   kernel_name="python3", progress_bar=False,
                                   kernel_manager_class=manager_class("auto"))
    error = [o for c in nbformat.read(target, as_version=4).cells if c.cell_type == "code"
             for o in c.get("outputs", []) if o.output_type == "error"][0]
    assert error.ename == "LedgerError" and "problem(s) in the input" in error.traceback[0]
    assert not any("File \"" in line or "Traceback" in line for line in error.traceback)
    assert len(error.traceback) <= 22


# -- the second set: the optional tables given, and not given -------------------------------



@pytest.fixture(scope="module")
def second(tmp_path_factory, bare_pack):
    """Summary and outreach with the optional tables (2019Q4) and without them (2020Q4: the shared bare pack)."""
    both = {"pages": ["summary", "outreach"], "districts": ["Yubei"], "lang": "en,zh"}
    tables = _report(tmp_path_factory.mktemp("tables"), periods=[pd.Timestamp("2019-12-31")],
                     investment=SAMPLE / "investment.xlsx", activities=SAMPLE / "activities.xlsx", **both)
    bare = bare_pack
    return {(name, given, lang): _made(out, period, "yubei", lang, name)
            for given, out, period in (("tables", tables, "2019-Q4"), ("bare", bare, "2020-Q4"))
            for name in both["pages"] for lang in ("en", "zh")}


@pytest.mark.parametrize("given", ["tables", "bare"])
@pytest.mark.parametrize("name", ["summary", "outreach"])
def test_second_set_pages_run_and_every_call_shows_one_thing(second, name, given):
    for lang in ("en", "zh"):
        for cell in second[(name, given, lang)].cells:
            if cell.cell_type == "code" and cell.source.startswith("yb.pages."):
                assert [o.output_type for o in cell.outputs] == ["execute_result"], (name, given, lang, cell.source)


def test_summary_tiles_of_the_second_set_with_the_tables(second):
    html = _html(second[("summary", "tables", "en")])
    assert "Contract performance rate, 2015-2017" in html and "Capital-in-place rate, 2018-2020" in html
    assert '<div class="tile-value">CNY 11.0 bn</div>' in html and '<div class="tile-value">314</div>' in html
    assert html.index("Signed value, year to date") < html.index("Contract performance rate")  # key figures first
    zh = _html(second[("summary", "tables", "zh")])
    assert "履约率（2015-2017年签约）" in zh and "资金到位率" in zh and '<div class="tile-value">314</div>' in zh
    assert "新开工项目完成投资" in zh and "亿元" in zh and "未提供" not in zh


def test_summary_tiles_say_the_tables_were_not_given(second):
    html = _html(second[("summary", "bare", "en")])
    assert "Contract performance rate, 2015-2017" in html
    assert html.count('<div class="tile-value">Data not given</div>') == 2
    assert "No completed-investment data was given" in html and "The outreach log was not given" in html
    zh = _html(second[("summary", "bare", "zh")])
    assert zh.count('<div class="tile-value">未提供数据</div>') == 2 and "未提供招商活动台账" in zh


def test_the_lab_defaults_show_the_samples_tables(executed):
    html = _html(_run(executed, "summary", "defaults"))
    assert "Data not given" not in html and "Main leaders&#x27; outside visits" in html
    assert len(_specs(_run(executed, "outreach", "defaults"))) == 2
    assert "The outreach log was not given" in _html(_run(executed, "outreach", "wansheng_2016q1"))  # Yubei's log


def test_outreach_page_with_the_log(second):
    nb = second[("outreach", "tables", "en")]
    html = _html(nb)
    assert "Outreach" in html and '<div class="tile-value">314</div>' in html
    assert "Share of visited enterprises that signed" in html
    assert "<th>Enterprise</th>" in html and re.search(r"<td[^>]*>yes</td>", html) and "Main leader" in html
    specs = _specs(nb)
    assert len(specs) == 2 and all(s["width"] == "container" for s in specs)
    zh = second[("outreach", "tables", "zh")]
    text = _html(zh) + json.dumps(_specs(zh), ensure_ascii=False)
    assert "外出拜访" in text and "主要领导" in text and re.search(r"<td[^>]*>是</td>", text) and "Enterprise" not in text


def test_outreach_page_without_the_log_says_so(second):
    nb = second[("outreach", "bare", "en")]
    assert _html(nb).count("The outreach log was not given") == 5 and not _specs(nb)
    assert _html(second[("outreach", "bare", "zh")]).count("未提供招商活动台账") == 5
