"""Tests of the page views (yubei_lib.pages): each view shows one thing, escaped, highlighted."""

import re

import altair as alt
import pytest
from builders import write_city_table

from yubei_lib import pages
from yubei_lib.present import display, labels, tabledata

HEADER = ("project_id,project_name,district,signed_on,contract_value (亿元),investor,investor_type,cluster,"
          "chain_segment,park,commenced_on,operating_on,terminated_on,responsible_unit,responsible_leader\n")


ROWS = [
    "W1,<script>alert(1)</script> Plant,万盛经开区,2019-03-01,12,\"ACME <b>Ltd</b>\",private,smart terminals,"
    "chips,,,,,<i>Unit</i> & Co,Leader <One>",
    "W2,Logistics Hub,Wansheng,2020-02-01,3,,foreign,aviation logistics,,,2020-05-01,,,,",
    "Y1,Yubei Plant,Yubei,2016-05-01,50,,central SOE,smart terminals,chips,,2016-09-01,2018-01-01,,,",
    "Y2,Yubei Hub,Yubei,2020-06-01,20,,private,aviation logistics,,,,,,Bureau,Wang",
]


@pytest.fixture
def small(tmp_path):
    projects = tmp_path / "ledger.csv"
    projects.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    capital = tmp_path / "capital.csv"
    capital.write_text("project_id,received_on,amount (亿元)\nW1,2020-03-01,2\nY1,2020-01-15,4\n", encoding="utf-8")
    return projects, capital


VIEWS = [("title", ("summary",)), ("target_tiles", ()), ("key_messages", ()), ("rank_tiles", ()),
         ("cumulative_chart", ()), ("signed_tiles", ()), ("signed_chart", ("month",)),
         ("signed_chart", ("quarter",)), ("composition_chart", ("cluster",)), ("composition_chart", ("park",)),
         ("largest_projects", ()), ("rankings_table", ()), ("ranking_chart", ("conversion_rate",)),
         ("ranking_chart", ("operation_rate", 1)), ("ranking_chart", ("operation_rate", 2)),
         ("ranking_chart", ("composite_score",)), ("rank_bump_chart", ()), ("cohort_table", ()),
         ("cohort_chart", ()), ("time_to_operation_chart", ()), ("lagging_table", ()), ("chain_heatmap", ()),
         ("weak_links_table", ()), ("investor_mix_chart", ()), ("warnings_table", ()), ("dropped_table", ()),
         ("completeness_table", ()), ("ledger_summary", ()), ("second_tiles", ()), ("performance_table", ()),
         ("scheme_table", ()), ("outreach_tiles", ()), ("activities_chart", ()), ("leader_chart", ()),
         ("leader_table", ()), ("visited_table", ()), ("warning_tiles", ()), ("warning_units_table", ()),
         ("warning_list", ())]


LEDGER_ONLY = {"project_id", "project_name", "investor", "responsible_unit", "responsible_leader"}


def _datasets(spec):
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("district, as_of", [("Wansheng", "2020Q4"), ("万盛", "2016Q1"), ("Yubei", "2020-02-29")])
def test_every_view_shows_one_thing_on_a_small_ledger(small, lang, district, as_of):
    projects, capital = small
    page = pages.open_page(as_of, district, str(projects), str(capital), lang=lang)
    for name, args in VIEWS:
        out = getattr(pages, name)(page, *args)
        if isinstance(out, alt.TopLevelMixin):
            spec = out.to_dict()
            rows = _datasets(spec)
            assert not any(LEDGER_ONLY & set(row) for row in rows), name  # aggregated frames only
        else:
            assert isinstance(out, display.Html), name
            html = str(out)
            records = re.findall(r'class="yubei-table-data">(.*?)</script>', html, re.S)  # the tables, whole, as JSON
            assert "<" not in "".join(records) and "&lt;" not in "".join(records), name  # (escaped as \u003c)
            html = tabledata.strip(html)
            assert "<script" not in html and "<b>" not in html and "<i>" not in html, name


def test_ledger_text_is_escaped_in_tables(small):
    projects, capital = small
    page = pages.open_page("2020Q4", "Wansheng", str(projects), str(capital))
    html = str(pages.lagging_table(page))
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Plant" in html
    assert "&lt;i&gt;Unit&lt;/i&gt; &amp; Co" in html and "Leader &lt;One&gt;" in html
    html = str(pages.warning_list(page))  # the supervision list: W1 has not commenced 12 months after signing
    assert "&lt;i&gt;Unit&lt;/i&gt; &amp; Co: red 1" in html and "Leader &lt;One&gt;" in html and "<i>" not in html
    html = str(pages.title(page, "summary"))
    assert "Wansheng · 2020Q4 · Quarterly summary" in html and "Synthetic" not in html


def test_own_district_is_highlighted_in_tables_and_charts(small, tmp_path):
    projects, capital = small
    table = write_city_table(tmp_path / "city.csv", ["2020Q3", "2020Q4"])
    page = pages.open_page("2020Q4", "渝北", str(projects), str(capital), rankings=str(table))
    table = str(pages.rankings_table(page))
    assert table.count('<tr class="own">') == 1
    assert re.search(r'<tr class="own"><td[^>]*>Yubei</td>', table)
    spec = pages.ranking_chart(page, "composite_score").to_dict()
    assert "(datum.district === 'Yubei')" in str(spec)
    spec = pages.rank_bump_chart(page).to_dict()
    assert "(datum.district === 'Yubei')" in str(spec)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_without_every_districts_data_no_view_claims_a_rank(small, lang):
    projects, capital = small  # Wansheng and Yubei only
    page = pages.open_page("2020Q4", "Yubei", str(projects), str(capital), lang=lang)
    shown = [str(pages.rankings_table(page)), str(pages.ranking_chart(page, "composite_score")),
             str(pages.rank_bump_chart(page)), str(pages.rank_tiles(page)), str(pages.key_messages(page))]
    text = " ".join(shown)
    assert not re.search(r"\d+ of 22|第\d+名", text)
    assert "--" not in text and ("Dazu" in text or "大足" in text)
    # the reason is said once on each page: the rankings table on the one, the key messages on the other
    why = "have no data in the ledger (" if lang == "en" else "在台账中没有数据（"
    assert " ".join(shown[:3]).count(why) == 1 and " ".join(shown[3:]).count(why) == 1
    table = "ranking table" if lang == "en" else "排名表"  # what a rank needs, in words: no option names
    assert table in text
    assert all(isinstance(out, display.Html) for out in (pages.ranking_chart(page, "conversion_rate"),
                                                        pages.rank_bump_chart(page)))
    assert "20.0%" in shown[0]  # the district's own rates, unranked


def test_lenient_page_lists_the_rows_left_out(small, tmp_path):
    projects, capital = small
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "\n".join(ROWS) + "\nB1,Bad,Chengdu,2020-01-01,1,,,,,,,,,,\n"
                   "B2,Worse,Yubei,2020-02-30,1,,,,,,,,,,\n", encoding="utf-8")
    with pytest.raises(Exception, match="unknown district"):
        pages.open_page("2020Q4", "Yubei", str(bad), str(capital))
    page = pages.open_page("2020Q4", "Yubei", str(bad), str(capital), strict=False)
    html = str(pages.dropped_table(page))
    assert "Chengdu" in html and "2020-02-30" in html and "<caption>2 rows left out</caption>" in html
    assert "Lenient" in str(pages.title(page, "data_quality"))
    strict = pages.open_page("2020Q4", "Yubei", str(projects), str(capital))
    assert "Strict mode" in str(pages.dropped_table(strict))


def test_ranking_chart_of_a_missing_cohort_says_so(small):
    projects, capital = small
    page = pages.open_page("2020Q4", "Yubei", str(projects), str(capital), cohorts="2015-2017")
    assert "No cohort 2" in str(pages.ranking_chart(page, "operation_rate", 2))
    with pytest.raises(ValueError, match="figure must be"):
        pages.ranking_chart(page, "signed_value")


def test_the_default_ledger_is_the_sample():
    page = pages.open_page("2020Q4")
    assert page.sample and page.district == "Yubei" and len(page.projects) > 1000
    assert "Synthetic data" in str(pages.title(page, "summary"))


def test_what_happens_after_as_of_is_not_shown(tmp_path):
    ledger_file = tmp_path / "later.csv"
    ledger_file.write_text(HEADER + "Y3,Later Plant,Yubei,2020-02-01,9,,,,,,2020-03-01,,2020-12-01,,\n"
                           "Y4,Future Plant,Yubei,2020-10-01,99,,,,,,,,,,\n", encoding="utf-8")
    page = pages.open_page("2020Q3", "Yubei", str(ledger_file))
    html = str(pages.largest_projects(page))
    assert "Later Plant" in html and "2020-12-01" not in html and "Future Plant" not in html


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_data_quality_lists_the_differences_from_the_citys_table(tmp_path, lang):
    from paths import SAMPLE

    from yubei_lib.ledger.published import read_rankings

    real = read_rankings(SAMPLE / "city_rankings.xlsx").at("2020Q4")
    values = {d: {f: real.at[d, f] for f in ("conversion_rate", "operation_rate_2015_2017", "operation_rate_2018_2020")}
              for d in real.index}
    values["Yubei"]["conversion_rate"] = round(values["Yubei"]["conversion_rate"] - 0.003, 6)  # 0.3 points off
    table = write_city_table(tmp_path / "city.csv", "2020Q4", values)
    page = pages.open_page("2020Q4", "Yubei", str(SAMPLE / "yubei_projects.xlsx"), str(SAMPLE / "yubei_capital.xlsx"),
                           lang=lang, rankings=str(table))
    html = str(pages.reconciliation_table(page))
    assert html.count('<tr class="own">') == 1 and "city.csv" in html
    assert (labels.percent(real.at["Yubei", "conversion_rate"], lang, digits=2) in html
            and labels.percent(values["Yubei"]["conversion_rate"], lang, digits=2) in html)
    assert "+0.30" in html
    ranks = str(pages.rankings_table(page))  # both values shown beside the ranking too
    assert labels.percent(values["Yubei"]["conversion_rate"], lang, digits=2) in ranks
    clean = pages.open_page("2020Q4", "Yubei", str(SAMPLE / "yubei_projects.xlsx"),
                            str(SAMPLE / "yubei_capital.xlsx"), lang=lang,
                            rankings=str(SAMPLE / "city_rankings.xlsx"))
    assert "0.05" in str(pages.reconciliation_table(clean)) and "<table" not in str(pages.reconciliation_table(clean))


def test_warn_months_reaches_the_warnings_of_both_pages(small):
    projects, capital = small  # Y2 (Yubei) signed 2020-06-01, not commenced: lagging from 2021-06-01
    default = pages.open_page("2020Q4", "Yubei", str(projects), str(capital))
    early = pages.open_page("2020Q4", "Yubei", str(projects), str(capital), lang="zh", warn_months=7)
    assert default.warn_months == 3 and "Y2" not in str(pages.warning_list(default))
    assert '<div class="tile-value">1</div>' in str(pages.warning_tiles(early)).split("黄色预警项目数")[1][:60]
    assert "Y2" in str(pages.warning_list(early)) and "6个月内到期" in str(pages.warning_list(early))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_data_quality_says_in_words_which_tables_to_give(small, lang):
    projects, capital = small
    page = pages.open_page("2020Q4", "Yubei", str(projects), str(capital), lang=lang)
    wanted = str(pages.wanted(page))
    assert wanted.count("<li>") == 3 and "--" not in wanted  # the city's table, completed investment, the log
    assert ("20 of the 22 districts" if lang == "en" else "22个区县中有20个") in wanted
