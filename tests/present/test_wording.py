"""Tests of yubei_lib.present.wording: tiles, changes and key messages in both languages."""

import math
import re

import pandas as pd
from builders import figure_frame

from yubei_lib.figures.headline import key_figures, rank_figures
from yubei_lib.present.wording import change_text, key_messages, rank_change_text, rank_tiles, target_tiles

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
                     "target": "Target CNY 80.0 bn: 103.2% reached, pace 1.03", "status": "Met",
                     "state": "good", "change": "+CNY 29.7 bn since last quarter end"}
    assert en[1]["change"] == "−6.4 pts vs last quarter end"
    assert en[3]["status"] == "Not met" and en[3]["state"] == "bad"
    assert zh[0]["value"] == "826亿元" and zh[0]["change"] == "较上季末增加297亿元"
    assert zh[1]["change"] == "较上季末下降6.4个百分点" and zh[2]["change"] == "与上季末持平"
    assert zh[2]["title"] == "投产率（2015-2017年签约）" and zh[2]["status"] == "已达标"


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


def test_key_messages_are_written_from_the_figures_in_english():
    key, ranks = _key()
    lines = key_messages(key, ranks, 13, "Yubei", 2020, "en")
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
    lines = key_messages(key, ranks, 13, "Yubei", 2020, "zh")
    assert lines[0] == "年初至今签约826亿元（130个项目），完成2020年目标800亿元的103.2%，已完成全年目标。"
    assert "投产率" in lines[2] and "92.7%" in lines[2] and "未达标" in lines[2]
    assert lines[3].startswith("渝北区三率综合排名第1名")
    assert all(CJK.search(line) for line in lines)


def test_key_message_of_a_signed_value_behind_pace_gives_pace_and_projection():
    now = figure_frame(signed_value_ytd=[30e9, 1e9], target_attainment=[0.375, NAN], pace=[0.754, NAN])
    key, ranks = _key(now, as_of="2020Q2", projected=76.1e9)
    line = key_messages(key, ranks, 0, "Yubei", 2020, "en")[0]
    assert line == ("Signed CNY 30.0 bn year to date (130 projects), 37.5% of the CNY 80.0 bn target for 2020: "
                    "behind pace (pace 0.75); projected CNY 76.1 bn for the year.")


def test_key_messages_without_targets_and_with_undefined_rates():
    now = figure_frame(conversion_rate_ytd=[NAN, 0.0], signed_value_ytd=[0.0, 1e9], signed_count_ytd=[0, 3],
                  realized_capital_ytd=[2e8, 0.0], operation_rate_2018_2020=[NAN, NAN])
    key, ranks = _key(now, as_of="2016Q1", targets={}, projected=0.0)
    en = key_messages(key, ranks, 0, "Yubei", 2016, "en")
    assert en[0] == ("Signed CNY 0 year to date (0 projects); no contract-value target is set for 2016; "
                     "projected CNY 0 for the year.")
    assert en[1] == ("Conversion rate of realized capital: n/a, as nothing was signed year to date "
                     "(CNY 200.0 m realized).")
    assert "n/a for projects signed 2018-2020 (none signed yet)" in en[2]
    assert "92.7% for projects signed 2015-2017 (no target set)" in en[2]
    zh = key_messages(key, ranks, 0, "Yubei", 2016, "zh")
    assert "无法计算" in zh[1] and "2016年未设定签约目标" in zh[0]


def test_without_data_for_every_district_no_rank_is_claimed_in_either_language():
    none = {c: pd.array([pd.NA, pd.NA], dtype="Int64") for c in RANKS}
    now = figure_frame(**none, composite_score=[NAN, NAN])
    key, ranks = _key(now)
    missing = ["Yuzhong", "Dadukou", "Jiangbei", "Shapingba", "Jiulongpo", "Nan'an", "Beibei"]
    for lang, word in (("en", "No rank"), ("zh", "暂无排名")):
        tiles = rank_tiles(ranks, 13, 9, lang, missing=missing)
        assert [tile["value"] for tile in tiles[:4]] == [word] * 4
        assert all(tile["change"] == "" and tile["state"] == "neutral" for tile in tiles[:4])
        text = " ".join(str(v) for tile in tiles for v in tile.values()) + " ".join(
            key_messages(key, ranks, 13, "Yubei", 2020, lang, missing))
        assert not re.search(r"\d+ of \d+|第\d+名", text)
        assert "--" not in text and ("ranking table" in text or "排名表" in text)
        assert "7 of the 22" in text or "有7个" in text
    en = key_messages(key, ranks, 13, "Yubei", 2020, "en", missing)[-1]
    assert en.startswith("No rank: 7 of the 22 districts have no data in the ledger (Yuzhong, Dadukou, Jiangbei, "
                         "Shapingba, Jiulongpo, Nan'an and 1 more)")
    assert "Yubei's own three rates are shown without a rank; 13 projects are lagging." in en


def test_change_texts():
    assert change_text("signed_value", -3e9, "en") == "−CNY 3.0 bn since last quarter end"
    assert change_text("conversion_rate", 0.0, "en") == "±0.0 pts vs last quarter end"
    assert change_text("conversion_rate", NAN, "zh") == "较上季末：无"
    assert rank_change_text(-1, "en") == "down 1 vs last quarter"
    assert rank_change_text(0, "zh") == "与上季度持平"
