"""The report pages' library code: parameters, key figures and their words, aggregated frames, views."""

import math
import re

import altair as alt
import numpy as np
import pandas as pd
import pytest
from builders import ledger

from yubei_lib import aggregates, display, pages, parameters, summary
from yubei_lib.reference import load_targets

CJK = re.compile(r"[\u4e00-\u9fff]")
NAN = math.nan


# -- hand-built figure frames (as figures.district_figures returns, two districts) ---------


def figures(**over):
    base = {"district": ["Yubei", "Dazu"], "signed_value_ytd": [82.6e9, 1e9], "signed_count_ytd": [130, 3],
            "realized_capital_ytd": [19e9, 0.0], "conversion_rate_ytd": [0.23, 0.0],
            "operation_rate_2015_2017": [0.927, 0.5], "operation_rate_2018_2020": [0.598, NAN],
            "rank_conversion_rate": [1, 2], "rank_operation_rate_2015_2017": [1, 2],
            "rank_operation_rate_2018_2020": [1, 2], "composite_score": [1.0, 2.0], "composite_rank": [1, 2],
            "target_attainment": [1.0325, NAN], "pace": [1.0325, NAN]}
    base.update({k: v for k, v in over.items()})
    return pd.DataFrame(base)


TARGETS = {"signed_value": 80e9, "conversion_rate": 0.2, "operation_rate_2015_2017": 0.9,
           "operation_rate_2018_2020": 0.6}
COHORTS = "2015-2017,2018-2020"


# -- status ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value, target, pace, year_over, expected", [
    (0.9, 0.9, None, False, "met"),  # at the target is met
    (0.8999, 0.9, None, False, "not_met"),
    (NAN, 0.9, None, False, "undefined"),
    (0.95, NAN, None, False, "no_target"),
    (NAN, NAN, None, False, "no_target"),
    (40e9, 80e9, 1.0, False, "on_track"),  # pace exactly 1 is on track
    (40e9, 80e9, 0.99, False, "behind"),
    (80e9, 80e9, 1.0, False, "met"),
    (79e9, 80e9, 0.99, True, "not_met"),  # the year is over: no pace any more
    (5e9, 0.0, NAN, False, "no_target"),
])
def test_target_status(value, target, pace, year_over, expected):
    assert summary.target_status(value, target, pace=pace, year_over=year_over) == expected


def test_district_targets_read_the_article_values_and_nan_elsewhere():
    table = load_targets()
    got = summary.district_targets(table, "渝北区", 2020, COHORTS)
    assert got["signed_value"] == 80e9 and got["conversion_rate"] == pytest.approx(0.2)
    assert got["operation_rate_2015_2017"] == pytest.approx(0.9)
    assert got["operation_rate_2018_2020"] == pytest.approx(0.6)
    assert math.isnan(got["commencement_rate_2015_2017"])
    assert all(math.isnan(v) for v in summary.district_targets(table, "Yubei", 2019, COHORTS).values())
    assert all(math.isnan(v) for v in summary.district_targets(table, "Wansheng", 2020, COHORTS).values())


# -- key figures and change against last quarter end --------------------------------------


def test_key_figures_compare_with_target_and_last_quarter_end():
    now = figures()
    before = figures(signed_value_ytd=[52.9e9, 1e9], conversion_rate_ytd=[0.294, 0.0],
                     operation_rate_2015_2017=[0.927, 0.5], operation_rate_2018_2020=[0.591, NAN])
    got = summary.key_figures(now, before, "Yubei", "2020Q4", COHORTS, TARGETS, projected=82.6e9)
    assert list(got.index) == ["signed_value", "conversion_rate", "operation_rate_2015_2017",
                               "operation_rate_2018_2020"]
    assert got["status"].tolist() == ["met", "met", "met", "not_met"]
    assert got.loc["signed_value", "change"] == pytest.approx(29.7e9)
    assert got.loc["conversion_rate", "change"] == pytest.approx(-0.064)
    assert got.loc["operation_rate_2018_2020", "change"] == pytest.approx(0.007)
    assert got.loc["signed_value", "pace"] == pytest.approx(1.0325)
    assert got.loc["conversion_rate", "realized"] == 19e9


def test_signed_value_change_restarts_with_the_year():
    # As of 2020Q1 last quarter end is 2019-12-31: the year to date starts again from 0.
    now, before = figures(), figures(signed_value_ytd=[141.6e9, 9e9])
    got = summary.key_figures(now, before, "Yubei", "2020Q1", COHORTS, TARGETS)
    assert got.loc["signed_value", "previous"] == 0.0
    assert got.loc["signed_value", "change"] == 82.6e9


def test_signed_value_is_behind_or_on_track_by_pace_before_the_year_ends():
    now = figures(signed_value_ytd=[30e9, 1e9], target_attainment=[0.375, NAN], pace=[0.75, NAN])
    got = summary.key_figures(now, now, "Yubei", "2020Q2", COHORTS, TARGETS)
    assert got.loc["signed_value", "status"] == "behind"
    now = figures(signed_value_ytd=[42e9, 1e9], target_attainment=[0.525, NAN], pace=[1.05, NAN])
    assert summary.key_figures(now, now, "Yubei", "2020Q2", COHORTS, TARGETS).loc["signed_value", "status"] == "on_track"
    now = figures(signed_value_ytd=[78e9, 1e9], target_attainment=[0.975, NAN], pace=[0.975, NAN])
    assert summary.key_figures(now, now, "Yubei", "2020Q4", COHORTS, TARGETS).loc["signed_value", "status"] == "not_met"


def test_undefined_figures_stay_undefined_and_say_so():
    now = figures(conversion_rate_ytd=[0.1, NAN], signed_value_ytd=[1e9, 0.0])
    got = summary.key_figures(now, now, "Dazu", "2016Q1", COHORTS, {})
    assert got["status"].tolist() == ["no_target"] * 4
    assert math.isnan(got.loc["conversion_rate", "value"]) and math.isnan(got.loc["conversion_rate", "change"])
    assert math.isnan(got.loc["operation_rate_2018_2020", "value"])
    got = summary.key_figures(now, now, "Dazu", "2016Q1", COHORTS, TARGETS)
    assert got.loc["conversion_rate", "status"] == "undefined"
    assert got.loc["operation_rate_2018_2020", "status"] == "undefined"
    for lang, na in (("en", "n/a"), ("zh", "无")):
        tiles = summary.target_tiles(got, lang, 2016)
        assert tiles[1]["value"] == na and tiles[3]["value"] == na
        assert tiles[1]["state"] == "neutral"
        assert na in tiles[1]["change"]


def test_tiles_say_when_there_is_no_target_and_show_no_placeholder_number():
    now = figures()
    got = summary.key_figures(now, now, "Yubei", "2019Q4", COHORTS, {})
    tiles = summary.target_tiles(got, "en", 2019)
    assert [tile["target"] for tile in tiles] == ["No target set for 2019"] * 4
    assert all(tile["status"] == "" and tile["state"] == "neutral" for tile in tiles)
    assert "0.0%" not in " ".join(tile["target"] for tile in tiles)
    assert summary.target_tiles(got, "zh", 2019)[0]["target"] == "2019年未设定目标"


def test_target_tiles_word_value_target_status_and_change():
    now = figures()
    before = figures(signed_value_ytd=[52.9e9, 1e9], conversion_rate_ytd=[0.294, 0.0])
    got = summary.key_figures(now, before, "Yubei", "2020Q4", COHORTS, TARGETS)
    en, zh = summary.target_tiles(got, "en", 2020), summary.target_tiles(got, "zh", 2020)
    assert en[0] == {"title": "Signed value, year to date", "value": "CNY 82.6 bn",
                     "target": "Target CNY 80.0 bn: 103.2% reached, pace 1.03", "status": "Met",
                     "state": "good", "change": "+CNY 29.7 bn since last quarter end"}
    assert en[1]["change"] == "−6.4 pts vs last quarter end"
    assert en[3]["status"] == "Not met" and en[3]["state"] == "bad"
    assert zh[0]["value"] == "826.0亿元" and zh[0]["change"] == "较上季末 +297.0亿元"
    assert zh[2]["title"] == "投产率（2015-2017年签约）" and zh[2]["status"] == "已达标"


def test_rank_figures_and_tiles_give_rank_change_and_lagging():
    now = figures()
    before = figures(rank_conversion_rate=[3, 1], composite_rank=[1, 2])
    ranks = summary.rank_figures(now, before, "Yubei", COHORTS)
    assert ranks["change"].tolist() == [2, 0, 0, 0]
    assert ranks["of"].eq(2).all()
    tiles = summary.rank_tiles(ranks, 13, 9, "en")
    assert tiles[0]["value"] == "1 of 2" and tiles[0]["change"] == "up 2 vs last quarter"
    assert tiles[0]["state"] == "good"
    assert tiles[-1]["title"] == "Lagging projects" and tiles[-1]["change"] == "+4 vs last quarter end"
    assert tiles[-1]["state"] == "bad"
    # an undefined rate shows n/a, not a rank that looks like first place
    dazu = summary.rank_figures(now, now, "Dazu", COHORTS)
    assert bool(dazu.loc["operation_rate_2018_2020", "undefined"])
    tile = summary.rank_tiles(dazu, 0, 0, "zh")[2]
    assert tile["value"] == "无" and "无法计算" in tile["status"]


# -- key messages, written from the figures -------------------------------------------------


def _key(now=None, before=None, district="Yubei", as_of="2020Q4", targets=TARGETS, projected=82.6e9):
    now = figures() if now is None else now
    before = now if before is None else before
    return (summary.key_figures(now, before, district, as_of, COHORTS, targets, projected),
            summary.rank_figures(now, before, district, COHORTS))


def test_key_messages_are_written_from_the_figures_in_english():
    key, ranks = _key()
    lines = summary.key_messages(key, ranks, 13, "Yubei", 2020, "en")
    assert lines == [
        "Signed CNY 82.6 bn year to date (130 projects), 103.2% of the CNY 80.0 bn target for 2020: target met.",
        "Conversion rate of realized capital 23.0% (CNY 19.0 bn realized year to date) against the 20.0% "
        "target: met.",
        "Operation rate: 92.7% for projects signed 2015-2017 (target 90.0%, met); 59.8% for projects signed "
        "2018-2020 (target 60.0%, not met).",
        "Yubei ranks 1 of 2 on the composite of the three rates, unchanged vs last quarter; 13 projects are "
        "lagging."]


def test_key_messages_in_chinese_carry_the_same_numbers():
    key, ranks = _key()
    lines = summary.key_messages(key, ranks, 13, "Yubei", 2020, "zh")
    assert lines[0] == "年初至今签约826.0亿元（130个项目），完成2020年目标800.0亿元的103.2%，已完成全年目标。"
    assert "投产率" in lines[2] and "92.7%" in lines[2] and "未达标" in lines[2]
    assert lines[3].startswith("渝北区三率综合排名第1名")
    assert all(CJK.search(line) for line in lines)


def test_key_message_of_a_signed_value_behind_pace_gives_pace_and_projection():
    now = figures(signed_value_ytd=[30e9, 1e9], target_attainment=[0.375, NAN], pace=[0.754, NAN])
    key, ranks = _key(now, as_of="2020Q2", projected=76.1e9)
    line = summary.key_messages(key, ranks, 0, "Yubei", 2020, "en")[0]
    assert line == ("Signed CNY 30.0 bn year to date (130 projects), 37.5% of the CNY 80.0 bn target for 2020: "
                    "behind pace (pace 0.75); projected CNY 76.1 bn for the year.")


def test_key_messages_without_targets_and_with_undefined_rates():
    now = figures(conversion_rate_ytd=[NAN, 0.0], signed_value_ytd=[0.0, 1e9], signed_count_ytd=[0, 3],
                  realized_capital_ytd=[2e8, 0.0], operation_rate_2018_2020=[NAN, NAN])
    key, ranks = _key(now, as_of="2016Q1", targets={}, projected=0.0)
    en = summary.key_messages(key, ranks, 0, "Yubei", 2016, "en")
    assert en[0] == ("Signed CNY 0 year to date (0 projects); no contract-value target is set for 2016; "
                     "projected CNY 0 for the year.")
    assert en[1] == ("Conversion rate of realized capital: n/a, as nothing was signed year to date "
                     "(CNY 200.0 m realized).")
    assert "n/a for projects signed 2018-2020 (none signed yet)" in en[2]
    assert "92.7% for projects signed 2015-2017 (no target set)" in en[2]
    zh = summary.key_messages(key, ranks, 0, "Yubei", 2016, "zh")
    assert "无法计算" in zh[1] and "2016年未设定签约目标" in zh[0]


def test_change_texts():
    assert summary.change_text("signed_value", -3e9, "en") == "−CNY 3.0 bn since last quarter end"
    assert summary.change_text("conversion_rate", 0.0, "en") == "±0.0 pts vs last quarter end"
    assert summary.change_text("conversion_rate", NAN, "zh") == "较上季末：无"
    assert summary.rank_change_text(-1, "en") == "down 1 vs last quarter"
    assert summary.rank_change_text(0, "zh") == "与上季度持平"


# -- parameters -----------------------------------------------------------------------------


@pytest.mark.parametrize("kwargs, name, hint", [
    ({"as_of": "2020Q5"}, "as_of", "quarter label such as 2020Q4"),
    ({"as_of": ""}, "as_of", "date such as 2020-12-31"),
    ({"district": "Chengdu"}, "district", "Yubei"),
    ({"lang": "fr"}, "lang", "'en' or 'zh'"),
    ({"lang": "EN"}, "lang", "'en' or 'zh'"),
    ({"strict": "false"}, "strict", "True"),
    ({"unit": "dollars"}, "unit", "yuan, wan"),
    ({"cohorts": "2017-2015"}, "cohorts", "2015-2017"),
    ({"cohorts": "2015-2017,2015-2017"}, "cohorts", "twice"),
    ({"cohorts": ""}, "cohorts", "2015-2017,2018-2020"),
    ({"projects": "no/such/ledger.csv"}, "projects", "no such file"),
    ({"capital": "data/sample/capital.csv"}, "capital", "projects too"),
    ({"targets": "no_targets.csv"}, "targets", "no such file"),
])
def test_check_parameters_names_the_parameter_and_what_it_accepts(kwargs, name, hint):
    given = {"as_of": "2020Q4", "district": "Yubei", **kwargs}
    with pytest.raises(ValueError, match=rf"^parameter {name}=.* is not accepted: .*{re.escape(hint)}"):
        parameters.check_parameters(**given)


def test_check_parameters_resolves_district_names_and_paths():
    got = parameters.check_parameters("2018-09-30", "江北", projects="data/sample/projects.csv",
                                      capital="data/sample/capital.csv", unit=" 亿元 ", cohorts="2016, 2017-2019")
    assert got["district"] == "Jiangbei" and got["as_of"] == pd.Timestamp("2018-09-30")
    assert got["projects"].is_file() and got["capital"].is_file()
    assert got["unit"] == "亿元" and got["cohorts"] == ["2016-2016", "2017-2019"]


@pytest.mark.parametrize("name, value", [("top_n", 0), ("months_to_commence", -1), ("rank_quarters", 2.5),
                                         ("years", True), ("months_to_operate", "36")])
def test_page_options_must_be_whole_numbers(name, value):
    with pytest.raises(ValueError, match=rf"^parameter {name}=.* whole number"):
        pages.open_page("2020Q4", **{name: value})


def test_open_page_refuses_a_bad_parameter_before_reading_anything(monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("the ledger was read")
    monkeypatch.setattr(pages, "load_ledger", boom)
    with pytest.raises(ValueError, match="parameter lang="):
        pages.open_page("2020Q4", lang="fr")


# -- a small ledger on disk, and the views ---------------------------------------------------

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
         ("completeness_table", ()), ("ledger_summary", ())]
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
            assert "<script" not in html and "<b>" not in html and "<i>" not in html, name


def test_ledger_text_is_escaped_in_tables(small):
    projects, capital = small
    page = pages.open_page("2020Q4", "Wansheng", str(projects), str(capital))
    html = str(pages.lagging_table(page))
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Plant" in html
    assert "&lt;i&gt;Unit&lt;/i&gt; &amp; Co" in html and "Leader &lt;One&gt;" in html
    html = str(pages.title(page, "summary"))
    assert "Wansheng · 2020Q4 · Quarterly summary" in html and "Synthetic" not in html


def test_own_district_is_highlighted_in_tables_and_charts(small):
    projects, capital = small
    page = pages.open_page("2020Q4", "渝北", str(projects), str(capital))
    table = str(pages.rankings_table(page))
    assert table.count('<tr class="own">') == 1
    assert re.search(r'<tr class="own"><td>Yubei</td>', table)
    spec = pages.ranking_chart(page, "composite_score").to_dict()
    assert "(datum.district === 'Yubei')" in str(spec)
    spec = pages.rank_bump_chart(page).to_dict()
    assert "(datum.district === 'Yubei')" in str(spec)


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


# -- aggregated frames ----------------------------------------------------------------------


def test_signed_by_period_fills_empty_periods_and_starts_with_the_ledger():
    p = ledger(district=["Yubei", "Yubei", "Dazu", "Yubei"],
               signed_on=["2019-11-20", "2020-02-10", "2019-10-05", "2020-04-01"],
               contract_value=[1e9, 2e9, 5e9, 7e9])
    got = aggregates.signed_by_period(p, "2020Q1", "Yubei", "month", 24)
    assert got["period"].dt.strftime("%Y-%m").tolist() == ["2019-10", "2019-11", "2019-12", "2020-01", "2020-02",
                                                          "2020-03"]
    assert got["value"].tolist() == [0.0, 1e9, 0.0, 0.0, 2e9, 0.0]
    assert got["count"].tolist() == [0, 1, 0, 0, 1, 0]
    q = aggregates.signed_by_period(p, "2020-04-01", "Yubei", "quarter", 12)
    assert q["value"].tolist() == [1e9, 2e9, 7e9]


def test_cumulative_frame_has_no_projection_at_year_end():
    p = ledger(district=["Yubei", "Yubei"], signed_on=["2020-01-10", "2020-11-02"], contract_value=[1e9, 2e9])
    got = aggregates.cumulative_frame(p, "2020Q4", "Yubei", projected=3e9)
    assert len(got) == 12 and got["kind"].eq("actual").all()
    assert got["cumulative"].iloc[-1] == 3e9 and got["cumulative"].iloc[9] == 1e9
    early = aggregates.cumulative_frame(p, "2020-01-05", "Yubei", projected=NAN)
    assert early["date"].tolist() == [pd.Timestamp("2020-01-05")] and early["cumulative"].tolist() == [0.0]


def test_quarter_ends_and_rank_history_skip_quarters_before_the_ledger():
    assert [d.strftime("%Y-%m-%d") for d in aggregates.quarter_ends("2020Q4", 3)] == [
        "2020-06-30", "2020-09-30", "2020-12-31"]
    p = ledger(district=["Yubei", "Dazu"], signed_on=["2020-02-01", "2020-05-01"],
               operating_on=["2020-06-01", None])
    c = pd.DataFrame({"project_id": ["P0"], "received_on": pd.to_datetime(["2020-07-01"]), "amount": [1e8]})
    got = aggregates.rank_history(p, c, "2020Q4", COHORTS, 8)
    assert sorted(set(got["quarter"])) == ["2020Q1", "2020Q2", "2020Q3", "2020Q4"]
    assert len(got) == 4 * 22 and got["rank"].between(1, 22).all()


def test_cohort_chart_frame_targets_only_the_count_rates():
    p = ledger(district=["Yubei"] * 3, signed_on=["2015-03-01", "2016-07-01", "2019-01-01"],
               contract_value=[3e8, 1e8, 6e8], commenced_on=["2015-06-01", None, "2019-05-01"],
               operating_on=["2017-01-01", None, None])
    got = aggregates.cohort_figures(p, "2020Q4", "Yubei", COHORTS, TARGETS)
    assert got["cohort_count"].tolist() == [2, 1]
    assert got["commencement_rate"].tolist() == [0.5, 1.0]
    assert got["operation_target"].tolist() == [0.9, 0.6]
    frame = aggregates.cohort_chart_frame(got)
    assert len(frame) == 8 and frame["target"].notna().sum() == 2
    assert frame.loc[frame["figure"] == "operation_rate_value", "value"].tolist() == [0.75, 0.0]


def test_completeness_counts_empty_text_as_missing():
    p = ledger(district=["Yubei", "Yubei", "Dazu"], signed_on=["2020-01-01", "2021-01-01", "2020-01-01"],
               investor=["ACME", " ", None], park=[None, None, None])
    got = aggregates.completeness(p, "Yubei", "2020Q4").set_index("column")
    assert got.loc["investor", "filled"] == 1 and got.loc["investor", "share"] == pytest.approx(1 / 3)
    assert got.loc["investor", "district_share"] == 1.0  # the 2021 project is not signed yet
    assert got.loc["park", "share"] == 0.0 and got.loc["terminated_on", "filled"] == 0
    assert list(got.index) == aggregates.OPTIONAL_COLUMNS
    assert np.isnan(aggregates.completeness(p, "Banan")["district_share"]).all()


def test_what_happens_after_as_of_is_not_shown(tmp_path):
    ledger_file = tmp_path / "later.csv"
    ledger_file.write_text(HEADER + "Y3,Later Plant,Yubei,2020-02-01,9,,,,,,2020-03-01,,2020-12-01,,\n"
                           "Y4,Future Plant,Yubei,2020-10-01,99,,,,,,,,,,\n", encoding="utf-8")
    page = pages.open_page("2020Q3", "Yubei", str(ledger_file))
    html = str(pages.largest_projects(page))
    assert "Later Plant" in html and "2020-12-01" not in html and "Future Plant" not in html
