"""Tests of yubei_lib.present.news: the key messages name every missed target and every fall, the news first."""

import math
import re

import pandas as pd
import pytest
from builders import figure_frame
from hypothesis import given, settings
from hypothesis import strategies as st

from yubei_lib.figures.headline import key_figures, news, rank_figures
from yubei_lib.present.news import key_messages, ordinal, points
from yubei_lib.present.wording import rank_tiles

CJK = re.compile(r"[\u4e00-\u9fff]")
NAN = math.nan
TARGETS = {"signed_value": 80e9, "conversion_rate": 0.2, "operation_rate_2015_2017": 0.9,
           "operation_rate_2018_2020": 0.6}
COHORTS = "2015-2017,2018-2020"
RANKS = ["rank_conversion_rate", "rank_operation_rate_2015_2017", "rank_operation_rate_2018_2020", "composite_rank"]


def _key(now=None, before=None, as_of="2020Q4", targets=TARGETS, projected=82.6e9):
    from builders import headline_frames
    return headline_frames(as_of, targets, COHORTS, now, before, projected)


def _news(key, ranks, as_of="2020Q4", lagging=13, lagging_before=13, warnings=None, cohorts=None):
    return news(key, ranks, as_of, lagging, lagging_before, warnings, cohorts)


COUNTS = pd.DataFrame({"cohort": ["2015-2017", "2018-2020"], "cohort_count": [165, 259],
                       "operating_count": [153, 155]})


def _sample_quarter():
    """Yubei at 2020Q4 as the sample has it: one cohort short by a project, the conversion rate fallen."""
    now = figure_frame(signed_count_ytd=[67, 3], operation_rate_2015_2017=[153 / 165, 0.5],
                       operation_rate_2018_2020=[155 / 259, NAN], rank_conversion_rate=[8, 2])
    before = figure_frame(conversion_rate_ytd=[0.294, 0.0], rank_conversion_rate=[4, 2],
                          operation_rate_2015_2017=[153 / 165, 0.5], operation_rate_2018_2020=[0.591, NAN])
    return _key(now, before)


def test_key_messages_lead_with_the_missed_target_and_the_fall_in_english():
    key, ranks = _sample_quarter()
    lines = key_messages(_news(key, ranks, cohorts=COUNTS), "Yubei", "2020Q4", "en", warnings="W")
    assert lines == [
        "Operation rate of projects signed 2018-2020 59.8% (155 of 259 in operation), below the 60.0% target: "
        "1 project short; up 0.7 points since last quarter end; ranks 1st, unchanged.",
        "Conversion rate of realized capital 23.0% (CNY 19.0 bn realized Jan-Dec 2020), down 6.4 points since "
        "last quarter end; down 4 places to 8th; 3.0 points above the 20.0% target.",
        "13 projects are lagging (not commenced 12 months after signing, or not in operation 36 months after "
        "signing), as many as at last quarter end.",
        "Jan-Dec 2020: Yubei signed 67 projects for CNY 82.6 bn, 103.2% of the year's target: exceeded.",
        "Operation rate of projects signed 2015-2017 92.7% (153 of 165 in operation), 2.7 points above the "
        "90.0% target; ranks 1st, unchanged.",
        "Yubei ranks 1st of 2 on the composite of the three rates, unchanged since last quarter end."]
    assert not any("pace" in line or "projected" in line for line in lines)  # the year is over


def test_key_messages_in_chinese_read_as_a_work_report():
    key, ranks = _sample_quarter()
    red = {"red": 18, "yellow": 5}
    lines = key_messages(_news(key, ranks, warnings=red, cohorts=COUNTS), "Yubei", "2020Q4", "zh",
                         warnings="项目预警：红色预警项目18个")
    assert lines[0] == ("2018-2020年签约项目投产率59.8%（259个项目中已投产155个），未达到60.0%的目标，差1个项目，"
                        "较上季末提高0.7个百分点，排名居第1位，与上季度末持平。")
    assert lines[1] == ("实际到位资金动态转化率23.0%（1-12月到位资金190亿元），较上季末下降6.4个百分点，"
                        "排名比上季度末下降4位，居第8位，高于目标3个百分点（目标20.0%）。")
    assert lines[2] == "项目预警：红色预警项目18个"  # red warnings before the lagging projects
    assert lines[4] == "1-12月，全区新签约项目67个，协议投资额826亿元，完成年度目标的103.2%，超额完成全年任务。"
    assert lines[-1] == "渝北区三率综合排名居2个区县第1位，与上季度末持平。"
    assert all(CJK.search(line) and not re.search("[A-Za-z]{2,}", line) for line in lines)
    assert not any("序时" in line or "预计" in line or "年初至今" in line for line in lines)


def test_key_message_of_a_signed_value_behind_pace_gives_how_far_the_pace_and_projection():
    now = figure_frame(signed_value_ytd=[30e9, 1e9], target_attainment=[0.375, NAN], pace=[0.754, NAN])
    key, ranks = _key(now, as_of="2020Q2", projected=76.1e9)
    items = _news(key, ranks, "2020Q2")
    assert items.iloc[0]["figure"] == "signed_value"
    line = key_messages(items, "Yubei", "2020Q2", "en")[0]
    assert line == ("Jan-Jun 2020: Yubei signed 130 projects for CNY 30.0 bn, 37.5% of the year's target: "
                    "CNY 50.0 bn short and behind the year's pace (pace 0.75); projected CNY 76.1 bn for the year.")
    zh = key_messages(items, "Yubei", "2020Q2", "zh")[0]
    assert zh == ("1-6月，全区新签约项目130个，协议投资额300亿元，完成年度目标的37.5%，尚差500亿元，"
                  "落后于序时进度（序时进度比0.75），预计全年签约761亿元。")


def test_a_missed_year_says_by_how_much_and_no_pace():
    now = figure_frame(signed_value_ytd=[78e9, 1e9], target_attainment=[0.975, NAN], pace=[0.975, NAN])
    key, ranks = _key(now, projected=78e9)
    items = _news(key, ranks)
    assert items.iloc[0]["figure"] == "signed_value"
    assert key_messages(items, "Yubei", "2020Q4", "en")[0] == (
        "Jan-Dec 2020: Yubei signed 130 projects for CNY 78.0 bn, 97.5% of the year's target: missed by CNY 2.0 bn.")
    assert key_messages(items, "Yubei", "2020Q4", "zh")[0] == (
        "1-12月，全区新签约项目130个，协议投资额780亿元，完成年度目标的97.5%，未完成全年任务，差20亿元。")


def _signed_line(prev_year, lang, as_of="2020Q4", **over):
    now = figure_frame(signed_count_ytd=[67, 3], signed_value_ytd_prev_year=[prev_year, NAN], **over)
    key, ranks = _key(now, as_of=as_of)
    items = _news(key, ranks, as_of)
    return next(line for line in key_messages(items, "Yubei", as_of, lang)
                if line.startswith(("1-12月，全区", "1-6月，全区", "Jan-Dec 2020: Yubei", "Jan-Jun 2020: Yubei")))


def test_the_signed_value_is_said_against_the_same_period_last_year():
    assert _signed_line(141.6e9, "zh") == (
        "1-12月，全区新签约项目67个，协议投资额826亿元，完成年度目标的103.2%，超额完成全年任务，同比下降41.7%。")
    assert _signed_line(141.6e9, "en") == (
        "Jan-Dec 2020: Yubei signed 67 projects for CNY 82.6 bn, 103.2% of the year's target: exceeded; "
        "down 41.7% on the same period last year.")
    assert _signed_line(70e9, "zh").endswith("超额完成全年任务，同比增长18.0%。")
    assert _signed_line(82.6e9, "en").endswith("exceeded; level with the same period last year.")


def test_a_last_year_of_nothing_says_so_and_an_unknown_one_says_nothing():
    assert _signed_line(0.0, "zh").endswith("超额完成全年任务，上年同期为0。")
    assert _signed_line(0.0, "en").endswith("exceeded; none in the same period last year.")
    for lang in ("en", "zh"):
        line = _signed_line(NAN, lang)
        assert not re.search("同比|上年|last year", line)
        assert line.endswith(("exceeded.", "超额完成全年任务。"))
    no_target = _key(figure_frame(signed_count_ytd=[67, 3], signed_value_ytd_prev_year=[141.6e9, NAN]), targets={})
    assert ("1-12月，全区新签约项目67个，协议投资额826亿元，同比下降41.7%；2020年未设定签约目标。"
            in key_messages(_news(*no_target), "Yubei", "2020Q4", "zh"))


def test_the_same_period_last_year_follows_the_pace_before_the_projection():
    over = {"signed_value_ytd": [30e9, 1e9], "target_attainment": [0.375, NAN], "pace": [0.754, NAN]}
    zh = _signed_line(60e9, "zh", "2020Q2", **over)
    assert zh.endswith("落后于序时进度（序时进度比0.75），同比下降50.0%，预计全年签约826亿元。")
    en = _signed_line(60e9, "en", "2020Q2", **over)
    assert en.endswith("(pace 0.75); down 50.0% on the same period last year; projected CNY 82.6 bn for the year.")


def test_key_messages_without_targets_and_with_undefined_rates():
    now = figure_frame(conversion_rate_ytd=[NAN, 0.0], signed_value_ytd=[0.0, 1e9], signed_count_ytd=[0, 3],
                       realized_capital_ytd=[2e8, 0.0], operation_rate_2018_2020=[NAN, NAN])
    key, ranks = _key(now, as_of="2016Q1", targets={}, projected=0.0)
    en = key_messages(_news(key, ranks, "2016Q1", 0, 0), "Yubei", "2016Q1", "en")
    assert ("Jan-Mar 2016: Yubei signed 0 projects for CNY 0.0 bn; no contract-value target is set for 2016, projected "
            "CNY 0.0 bn for the year.") in en
    assert ("Conversion rate of realized capital: n/a, as nothing was signed year to date "
            "(CNY 200.0 m realized).") in en
    assert en[:2] == ["Yubei ranks 1st of 2 on the composite of the three rates, unchanged since last quarter end.",
                      "No project is lagging."]  # what went well, then the figures without a target
    assert "Operation rate of projects signed 2018-2020: n/a (none signed)." in en
    assert "No project is lagging." in en
    zh = key_messages(_news(key, ranks, "2016Q1", 0, 0), "Yubei", "2016Q1", "zh")
    assert any("无法计算" in line for line in zh) and any("2016年未设定签约目标" in line for line in zh)


def test_without_data_for_every_district_no_rank_is_claimed_and_the_reason_is_said_once():
    none = {c: pd.array([pd.NA, pd.NA], dtype="Int64") for c in RANKS}
    now = figure_frame(**none, composite_score=[NAN, NAN])
    key, ranks = _key(now)
    missing = ["Yuzhong", "Dadukou", "Jiangbei", "Shapingba", "Jiulongpo", "Nan'an", "Beibei"]
    for lang, word in (("en", "No rank"), ("zh", "暂无排名")):
        tiles = rank_tiles(ranks, 13, 9, lang, missing=missing)
        assert [tile["value"] for tile in tiles[:4]] == [word] * 4
        assert all(tile["change"] == "" and tile["state"] == "neutral" for tile in tiles[:4])
        lines = key_messages(_news(key, ranks), "Yubei", "2020Q4", lang, missing)
        text = " ".join(str(v) for tile in tiles for v in tile.values()) + " ".join(lines)
        assert not re.search(r"\d+ of \d+|第\d+名|第\d+位", text)
        assert "--" not in text
        assert sum("7 of the 22" in line or "有7个" in line for line in lines) == 1
    en = key_messages(_news(key, ranks), "Yubei", "2020Q4", "en", missing)[-1]
    assert en.startswith("No rank: 7 of the 22 districts have no data in the ledger (Yuzhong, Dadukou, Jiangbei, "
                         "Shapingba, Jiulongpo, Nan'an and 1 more)")


# For any figures: the messages name every missed target with how far, and every figure or rank that fell.

NAMES = {"en": {"signed_value": "Yubei signed", "conversion_rate": "Conversion rate of realized capital",
                "operation_rate_2015_2017": "Operation rate of projects signed 2015-2017",
                "operation_rate_2018_2020": "Operation rate of projects signed 2018-2020"},
         "zh": {"signed_value": "新签约项目", "conversion_rate": "实际到位资金动态转化率",
                "operation_rate_2015_2017": "2015-2017年签约项目投产率",
                "operation_rate_2018_2020": "2018-2020年签约项目投产率"}}


def _said(figure, lines, lang):
    hits = [line for line in lines if NAMES[lang][figure] in line]
    assert len(hits) == 1, (figure, lines)
    return hits[0]


def check_messages(key, ranks, as_of, cohorts=None, district="Yubei"):
    """Assert what the messages must say, computed from the figures themselves."""
    items = news(key, ranks, as_of, 4, 2, {"red": 1, "yellow": 0}, cohorts)
    for lang in ("en", "zh"):
        lines = key_messages(items, district, as_of, lang, warnings="W")
        first_good = next((i for i, g in enumerate(items["group"]) if g in ("good", "other")), len(lines))
        for figure, row in key.iterrows():
            line = _said(figure, lines, lang)
            position = lines.index(line)
            if row["status"] in ("not_met", "behind"):
                assert position < first_good
                if figure == "signed_value":
                    assert ("short" in line or "missed by" in line) if lang == "en" else "差" in line
                else:
                    shortfall = float(row["target"] - row["value"])
                    counted = items.set_index("figure").loc[figure, "projects_short"]
                    if not pd.isna(counted):
                        n = int(counted)
                        assert (f"{n} project{'s' if n != 1 else ''} short" if lang == "en" else f"差{n}个项目") in line
                    else:
                        pts = points(shortfall, lang)
                        assert (f"{pts} points below" if lang == "en" else f"低于目标{pts}个百分点") in line
            if not pd.isna(row["change"]) and row["change"] < 0:
                assert position < first_good
                if figure == "signed_value":
                    assert "down" in line if lang == "en" else "减少" in line
                else:
                    pts = points(row["change"], lang)
                    assert (f"down {pts} points" if lang == "en" else f"较上季末下降{pts}个百分点") in line
            if figure in ranks.index and not ranks.loc[figure, "undefined"] and not pd.isna(ranks.loc[figure, "change"]) \
                    and ranks.loc[figure, "change"] < 0:
                assert position < first_good
                n, rank = -int(ranks.loc[figure, "change"]), int(ranks.loc[figure, "rank"])
                said = (f"down {n} place{'s' if n != 1 else ''} to {ordinal(rank, 'en')}" if lang == "en"
                        else f"排名比上季度末下降{n}位，居第{rank}位")
                assert said in line
            if items["year_over"].iloc[0]:
                assert "pace" not in line and "projected" not in line and "序时" not in line and "预计" not in line


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_messages_name_every_missed_target_and_every_fall_for_any_figures(data):
    rate = st.one_of(st.just(NAN), st.floats(0, 1).map(lambda x: round(x, 4)))
    rank = st.integers(1, 2)

    def frame():
        return figure_frame(signed_value_ytd=[data.draw(st.floats(0, 150e9).map(lambda x: round(x, -7))), 1e9],
                            conversion_rate_ytd=[data.draw(rate), 0.0], operation_rate_2015_2017=[data.draw(rate), 0.5],
                            operation_rate_2018_2020=[data.draw(rate), NAN],
                            **{c: [data.draw(rank), 2] for c in RANKS})
    now, before = frame(), frame()
    pace = data.draw(st.floats(0.2, 2))
    now["pace"] = [pace, NAN]
    now["target_attainment"] = [now["signed_value_ytd"][0] / 80e9, NAN]
    targets = {k: data.draw(st.sampled_from([NAN, v])) for k, v in TARGETS.items()}
    as_of = data.draw(st.sampled_from(["2020Q2", "2020Q3", "2020Q4", "2020-11-15"]))
    key, ranks = _key(now, before, as_of=as_of, targets=targets, projected=data.draw(st.floats(0, 150e9)))
    check_messages(key, ranks, as_of)


@pytest.mark.parametrize(("seed", "as_of"), [(1, "2020Q4"), (7, "2019Q3"), (11, "2018Q2"), (2020, "2020Q3")])
def test_messages_name_every_missed_target_and_every_fall_on_generated_ledgers(seed, as_of):
    from yubei_lib.figures.cohorts import cohort_figures
    from yubei_lib.figures.machine import district_figures
    from yubei_lib.figures.rankings import district_rankings
    from yubei_lib.figures.targets import district_targets, target_table
    from yubei_lib.ledger.periods import parse_as_of, previous_quarter_end
    from yubei_lib.sample.generate import generate

    projects, capital = generate(1500, seed=seed)
    end = parse_as_of(as_of)
    table = target_table()
    goals = {k: v * 1.1 if k.startswith(("operation", "conversion")) else v
             for k, v in district_targets(table, "Yubei", end.year, COHORTS).items()}  # some missed
    now = district_figures(projects, capital, end, COHORTS, table)
    before = district_figures(projects, capital, previous_quarter_end(end), COHORTS, table)
    key = key_figures(now, before, "Yubei", end, COHORTS, goals, 80e9)
    ranks = rank_figures(district_rankings(projects, capital, end, COHORTS), "Yubei", COHORTS)
    check_messages(key, ranks, as_of, cohort_figures(projects, end, "Yubei", COHORTS, goals))
