"""Tests of yubei_lib.present.wording: tiles, changes and key messages in both languages."""

import math
import re

from builders import figure_frame

from yubei_lib.figures.headline import key_figures, rank_figures
from yubei_lib.present.wording import (
    change_text,
    key_name,
    key_value,
    rank_change_text,
    rank_tiles,
    revision_lines,
    target_tiles,
)

CJK = re.compile(r"[\u4e00-\u9fff]")
NAN = math.nan




TARGETS = {"signed_value": 80e9, "conversion_rate": 0.2, "operation_rate_2015_2017": 0.9,
           "operation_rate_2018_2020": 0.6}
COHORTS = "2015-2017,2018-2020"


RANKS = ["rank_conversion_rate", "rank_operation_rate_2015_2017", "rank_operation_rate_2018_2020", "composite_rank"]


def rankings(now, before):
    """The two quarters' figures as district_rankings gives them (shown ranks, changes)."""
    out = now.rename(columns={"conversion_rate_ytd": "conversion_rate"})
    for c in RANKS:
        out[f"shown_{c}"] = now[c].astype("Int64")
        out[f"change_{c}"] = (before[c] - now[c]).astype("Int64")
    return out


def _key(now=None, before=None, district="Yubei", as_of="2020Q4", targets=TARGETS, projected=82.6e9):
    now = figure_frame() if now is None else now
    before = now if before is None else before
    return (key_figures(now, before, district, as_of, COHORTS, targets, projected),
            rank_figures(rankings(now, before), district, COHORTS))


def test_tiles_say_when_there_is_no_target_and_show_no_placeholder_number():
    now = figure_frame()
    got = key_figures(now, now, "Yubei", "2019Q4", COHORTS, {})
    tiles = target_tiles(got, "en", 2019)
    assert [tile["target"] for tile in tiles] == ["No target set for 2019"] * 4
    assert all(tile["status"] == "" and tile["state"] == "neutral" for tile in tiles)
    assert "0.0%" not in " ".join(tile["target"] for tile in tiles)
    assert target_tiles(got, "zh", 2019)[0]["target"] == "2019年未设定目标"


def test_target_tiles_word_value_target_status_and_change():
    now = figure_frame()
    before = figure_frame(signed_value_ytd=[52.9e9, 1e9], conversion_rate_ytd=[0.294, 0.0])
    got = key_figures(now, before, "Yubei", "2020Q4", COHORTS, TARGETS)
    en, zh = target_tiles(got, "en", 2020), target_tiles(got, "zh", 2020)
    assert en[0] == {"title": "Signed value, year to date", "value": "CNY 82.6 bn",
                     "target": "Target CNY 80.0 bn: 103.2% reached", "status": "Met",  # the year is over: no pace
                     "state": "good", "change": "+CNY 29.7 bn since last quarter end"}
    assert en[1]["change"] == "−6.4 pts vs last quarter end"
    assert en[3]["status"] == "Not met" and en[3]["state"] == "bad"
    assert zh[0]["value"] == "826亿元" and zh[0]["change"] == "较上季末增加297亿元"
    assert zh[1]["change"] == "较上季末下降6.4个百分点" and zh[2]["change"] == "与上季末持平"
    assert zh[2]["title"] == "投产率（2015-2017年签约）" and zh[2]["status"] == "已达标"


def test_the_signed_tile_gives_the_pace_while_the_year_runs_and_none_once_it_is_over():
    now = figure_frame(target_attainment=[0.8, NAN], pace=[1.07, NAN])
    for as_of, en, zh in (("2020Q3", "Target CNY 80.0 bn: 80.0% reached, pace 1.07", "目标800亿元，已完成80.0%，序时进度比1.07"),
                          ("2020-12-30", "Target CNY 80.0 bn: 80.0% reached, pace 1.07", "目标800亿元，已完成80.0%，序时进度比1.07"),
                          ("2020Q4", "Target CNY 80.0 bn: 80.0% reached", "目标800亿元，已完成80.0%")):
        got = key_figures(now, now, "Yubei", as_of, COHORTS, TARGETS, 90e9)
        assert (target_tiles(got, "en", 2020)[0]["target"], target_tiles(got, "zh", 2020)[0]["target"]) == (en, zh)
        over = as_of == "2020Q4"
        assert got.loc["signed_value", ["pace", "projected"]].isna().all() == over, as_of
    text = " ".join(str(v) for tile in target_tiles(got, "en", 2020) + target_tiles(got, "zh", 2020) for v in tile.values())
    assert not re.search("pace|projected|序时|预计", text)


def test_rank_figures_and_tiles_give_rank_change_and_lagging():
    now = figure_frame()
    before = figure_frame(rank_conversion_rate=[3, 1], composite_rank=[1, 2])
    ranks = rank_figures(rankings(now, before), "Yubei", COHORTS)
    assert ranks["change"].tolist() == [2, 0, 0, 0]
    assert ranks["of"].eq(2).all()
    tiles = rank_tiles(ranks, 13, 9, "en")
    assert tiles[0]["value"] == "1 of 2" and tiles[0]["change"] == "up 2 vs last quarter"
    assert {tile["state"] for tile in tiles} == {"neutral"}  # colour is for met / not met only
    assert tiles[-1]["title"] == "Lagging projects" and tiles[-1]["change"] == "+4 vs last quarter end"
    # an undefined rate shows n/a, not a rank that looks like first place
    dazu = rank_figures(rankings(now, now), "Dazu", COHORTS)
    assert bool(dazu.loc["operation_rate_2018_2020", "undefined"])
    tile = rank_tiles(dazu, 0, 0, "zh")[2]
    assert tile["value"] == "无" and "无法计算" in tile["status"]


def test_change_texts():
    assert change_text("signed_value", -3e9, "en") == "−CNY 3.0 bn since last quarter end"
    assert change_text("conversion_rate", 0.0, "en") == "±0.0 pts vs last quarter end"
    assert change_text("conversion_rate", NAN, "zh") == "较上季末：无"
    assert rank_change_text(-1, "en") == "down 1 vs last quarter"
    assert rank_change_text(0, "zh") == "与上季度持平"


def test_every_key_of_the_figures_has_a_name_in_each_language():
    from yubei_lib.figures.keys import figure_columns
    from yubei_lib.figures.yoy import yoy_columns

    keys = figure_columns("2012-2014,2015-2017,2018-2020")[1:]
    assert set(yoy_columns()) <= set(keys)
    names = {lang: [key_name(k, lang) for k in keys] for lang in ("en", "zh")}
    assert not [n for n in names["zh"] if re.search("[A-Za-z_]", n)]  # wholly Chinese, no key names
    assert not [n for n in names["en"] if re.search("[\u4e00-\u9fff_]", n)]
    assert len(set(names["en"])) == len(set(names["zh"])) == len(keys)  # no two keys share a name


def test_a_revision_of_last_years_figures_is_worded_in_the_page_language():
    figures = [{"figure": "signed_value_ytd_yoy", "old": -0.4767, "new": -0.4712},
               {"figure": "signed_value_ytd_prev_year", "old": 101.2e9, "new": 101.5e9},
               {"figure": "signed_count_ytd_prev_year", "old": 63, "new": 64}]
    assert revision_lines(figures, "zh") == ["年初至今签约金额同比增速：-47.7% → -47.1%",
                                             "年初至今签约金额（上年同期）：1012亿元 → 1015亿元",
                                             "年初至今签约项目数（上年同期）：63 → 64"]
    assert revision_lines(figures[:1], "en") == [
        "Signed value, year to date, change on the same period last year: -47.7% → -47.1%"]
    assert key_value("visits_out_main_ytd_prev_year", 314, "en") == key_value("visits_out_main_ytd", 314, "en") == "314"
