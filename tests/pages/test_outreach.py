"""Tests of the second set's views: the outreach page, the summary's new tiles, the scheme's ranks."""

import re

import altair as alt
import pytest

from yubei_lib import pages
from yubei_lib.present import display

HEADER = ("project_id,project_name,district,signed_on,contract_value (亿元),investor,investor_type,cluster,"
          "chain_segment,park,commenced_on,operating_on,terminated_on,responsible_unit,responsible_leader\n")
ROWS = [
    "W1,Wansheng Plant,万盛经开区,2019-03-01,12,,private,smart terminals,chips,,,,,,",
    "W2,Logistics Hub,Wansheng,2020-02-01,3,,foreign,aviation logistics,,,2020-05-01,,,,",
    "Y1,Yubei Plant,Yubei,2016-05-01,50,,central SOE,smart terminals,chips,,2016-09-01,2018-01-01,,,",
]
LOG = ("日期,类型,带队领导,领导级别,企业名称,项目编号,城市\n"
       "2020-02-01,外出拜访,Zhang <b>Sec</b>,主要领导,\"<script>x</script> Corp\",,Shenzhen\n"
       "2020-03-05,外出拜访,Zhang <b>Sec</b>,主要领导,Acme Ltd,,Shanghai\n"
       "2020-05-10,企业来访,Li,分管领导,Bolt Co,Y2,\n"
       "2020-06-10,招商活动,Wu,其他,Core Inc,,Beijing\n"
       "2019-06-10,外出拜访,Zhang <b>Sec</b>,主要领导,Old Co,,Beijing\n")
INVESTMENT = "项目编号,月份,完成投资(亿元)\nY2,2020-07,1.5\nY2,2020年8月,0.5\n"


@pytest.fixture
def tables(tmp_path):
    projects = tmp_path / "ledger.csv"
    rows = ROWS[:3] + ["Y2,Yubei Hub,Yubei,2020-06-01,20,Bolt Co,private,aviation logistics,,,2020-07-01,,,Bureau,Wang"]
    projects.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    capital = tmp_path / "capital.csv"
    capital.write_text("project_id,received_on,amount (亿元)\nY2,2020-08-01,5\n", encoding="utf-8")
    log = tmp_path / "activities.csv"
    log.write_text(LOG, encoding="utf-8")
    investment = tmp_path / "investment.csv"
    investment.write_text(INVESTMENT, encoding="utf-8")
    return projects, capital, log, investment


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_outreach_views_show_the_log_escaped(tables, lang):
    projects, capital, log, _ = tables
    page = pages.open_page("2020Q3", "Yubei", str(projects), str(capital), lang=lang, activities=str(log))
    tiles = str(pages.outreach_tiles(page))
    assert '<div class="tile-value">2</div>' in tiles  # two enterprises visited out by a main leader this year
    assert '<div class="tile-value">33.3%</div>' in tiles  # 1 of the 3 enterprises visited in 12 months signed
    visited = str(pages.visited_table(page))
    assert "&lt;script&gt;x&lt;/script&gt; Corp" in visited and "<script>" not in visited
    assert visited.count("<tr>") == 4 and re.search(r"<td[^>]*>(yes|是)</td>", visited)
    assert visited.index("Bolt Co") < visited.index("Acme Ltd")  # those that signed first
    leaders = str(pages.leader_table(page))
    assert "Zhang &lt;b&gt;Sec&lt;/b&gt;" in leaders and "<b>" not in leaders
    for view in (pages.activities_chart, pages.leader_chart):
        chart = view(page)
        assert isinstance(chart, alt.TopLevelMixin)
        spec = chart.to_dict()
        rows = [r for rows in spec["datasets"].values() for r in rows]
        assert sum(r["activities"] for r in rows) == 4 and spec["width"] == "container"
        assert not {"enterprise", "leader", "project_id"} & {k for r in rows for k in r}


@pytest.mark.parametrize("lang,words", [("en", "The outreach log was not given"), ("zh", "未提供招商活动台账")])
def test_without_the_log_every_outreach_view_says_so(tables, lang, words):
    projects, capital, _, _ = tables
    page = pages.open_page("2020Q3", "Yubei", str(projects), str(capital), lang=lang)
    for view in (pages.outreach_tiles, pages.activities_chart, pages.leader_chart, pages.leader_table,
                 pages.visited_table):
        out = view(page)
        assert isinstance(out, display.Html) and words in str(out) and ">0<" not in str(out)


def test_summary_tiles_of_the_second_set(tables):
    projects, capital, log, investment = tables
    page = pages.open_page("2020Q3", "Yubei", str(projects), str(capital), activities=str(log),
                           investment=str(investment))
    html = str(pages.second_tiles(page))
    assert "Contract performance rate, 2015-2017" in html and "Capital-in-place rate, 2018-2020" in html
    assert '<div class="tile-value">25.0%</div>' in html  # 5 of Y2's 20 (亿元) in place
    assert '<div class="tile-value">CNY 200.0 m</div>' in html  # Y2 commenced 2020-07: 2 亿元 this year
    assert '<div class="tile-value">2</div>' in html and "Data not given" not in html
    bare = pages.open_page("2020Q3", "Yubei", str(projects), str(capital), lang="zh")
    html = str(pages.second_tiles(bare))
    assert html.count("未提供数据") == 2 and "未提供完成投资数据" in html and "未提供招商活动台账" in html


def test_the_scheme_table_shows_indicators_weights_and_ranks():
    page = pages.open_page("2019Q4", scheme="horse_race")
    html = str(pages.scheme_table(page))
    assert "Ranking scheme: horse race" in html and len(re.findall(r"<td[^>]*>higher is better</td>", html)) == 5
    assert html.count('<tr class="own">') == 1 and html.count("20.0%") >= 5
    assert "Ranking scheme: horse race" in str(pages.rank_tiles(page))
    default = pages.open_page("2019Q4", lang="zh")
    html = str(pages.scheme_table(default))
    assert "排名方案：三率" in html and '<tr class="own">' not in html
    assert "排名方案" not in str(pages.rank_tiles(default))


def test_an_unknown_scheme_is_refused_in_the_pages_language():
    with pytest.raises(ValueError, match="horse_race"):
        pages.open_page("2019Q4", scheme="horse")


def test_cohort_operation_shows_performance_beside_operation(tables):
    projects, capital, _, _ = tables
    page = pages.open_page("2020Q3", "Yubei", str(projects), str(capital))
    html = str(pages.performance_table(page))
    assert "Contract performance rate" in html and "Operation rate" in html and "Capital-in-place rate" in html
    assert "25.0%" in html and "100.0%" in html
