"""Tests of yubei_lib.present.yoy: the same period last year in words, on the summary's tiles and page."""

import html
import re
from pathlib import Path

import pandas as pd
import pytest
from paths import SAMPLE

from yubei_lib.present.wording import target_tiles
from yubei_lib.present.wording_second import second_tiles
from yubei_lib.present.yoy import rate_yoy_text, with_yoy, yoy_text


@pytest.mark.parametrize("now, prev, zh, en", [
    (112.3, 100, "同比增长12.3%", "up 12.3% on the same period last year"),
    (96, 100, "同比下降4.0%", "down 4.0% on the same period last year"),
    (100.049, 100, "同比持平", "level with the same period last year"),      # |change| < 0.05 %
    (99.951, 100, "同比持平", "level with the same period last year"),
    (100.06, 100, "同比增长0.1%", "up 0.1% on the same period last year"),
    (3, 0, "上年同期为0", "none in the same period last year"),
    (0, 0, "上年同期为0", "none in the same period last year"),
    (0, 8, "同比下降100.0%", "down 100.0% on the same period last year"),
    (314, 250, "同比增长25.6%", "up 25.6% on the same period last year"),
])
def test_a_flow_against_last_year(now, prev, zh, en):
    assert yoy_text(now, prev, "zh") == zh and yoy_text(now, prev, "en") == en


@pytest.mark.parametrize("prev", [None, float("nan"), pd.NA])
def test_unknown_last_year_says_nothing(prev):
    assert yoy_text(5.0, prev, "zh") is None and yoy_text(5.0, prev, "en") is None
    assert with_yoy("较上季末增加3个", 5.0, prev, "zh") == "较上季末增加3个"


@pytest.mark.parametrize("now, prev, zh, en", [
    (0.232, 0.2, "同比提高3.2个百分点", "up 3.2 points on a year earlier"),
    (0.19, 0.2, "同比下降1.0个百分点", "down 1.0 points on a year earlier"),
    (0.2004, 0.2, "同比持平", "level with a year earlier"),
    (0.0, 0.0, "同比持平", "level with a year earlier"),
])
def test_a_rate_against_last_year_in_points(now, prev, zh, en):
    assert rate_yoy_text(now, prev, "zh") == zh and rate_yoy_text(now, prev, "en") == en
    assert rate_yoy_text(now, None, "zh") is None


def test_a_language_outside_the_reports_is_refused():
    with pytest.raises(ValueError, match="unknown language"):
        yoy_text(1, 1, "fr")


def test_the_signed_value_tile_says_it_and_the_rates_do_not():
    figures = pd.DataFrame({"value": [82.6e9, 0.23], "target": [80e9, 0.2], "change": [20.1e9, 0.01],
                            "status": ["met", "met"], "attainment": [1.0325, None], "pace": [1.0, None],
                            "prev_year": [141.6e9, None]},
                           index=pd.Index(["signed_value", "conversion_rate"], name="figure"))
    zh, en = target_tiles(figures, "zh", 2020), target_tiles(figures, "en", 2020)
    assert zh[0]["change"].endswith("；同比下降41.7%") and "同比" not in zh[1]["change"]
    assert en[0]["change"].endswith("; down 41.7% on the same period last year")
    assert "same period" not in en[1]["change"]
    unknown = target_tiles(figures.assign(prev_year=[None, None]), "zh", 2020)
    assert "同比" not in unknown[0]["change"] and unknown[0]["change"] == zh[0]["change"].split("；")[0]


def test_the_second_sets_flows_say_it_and_a_table_not_given_says_nothing_of_last_year():
    now = {"new_projects_investment_ytd": 11.1e9, "new_projects_investment_ytd_prev_year": 11.0e9,
           "visits_out_main_ytd": 172, "visits_out_main_ytd_prev_year": None,
           "major_projects_ytd": 20, "major_projects_ytd_prev_year": 40}
    before = {"new_projects_investment_ytd": None, "visits_out_main_ytd": None, "major_projects_ytd": None}
    tiles = {x["title"]: x for x in second_tiles(now, before, [], "zh", True, True)}
    assert tiles["新开工项目完成投资"]["change"] == "同比增长0.9%"
    assert tiles["年初至今签约重大项目数"]["change"] == "同比下降50.0%" and tiles["年初至今签约重大项目数"]["value"] == "20"
    assert [x["change"] for x in tiles.values() if "主要领导" in x["title"]] == [""]  # the log does not reach 2019
    bare = second_tiles(now, before, [], "en", False, False)
    assert bare[0]["change"] == "down 50.0% on the same period last year" and [x["change"] for x in bare[1:]] == ["", ""]


def _tiles(page: str) -> dict[str, str]:
    """The tiles of a page: title -> change line, unescaped."""
    found = re.findall(r'<div class="tile-title">([^<]*)</div>.*?<div class="tile-change">([^<]*)</div>', page)
    return {html.unescape(title): html.unescape(change) for title, change in found}


@pytest.mark.slow
def test_the_packs_summary_says_it_as_yubei_metrics_has_it(quarterly_pack: Path):
    from yubei_lib.figures.machine import district_figures
    from yubei_lib.ledger.load import load_ledger

    ledger = load_ledger(SAMPLE / "projects.csv", SAMPLE / "capital.csv", investment=SAMPLE / "investment.xlsx",
                         activities=SAMPLE / "activities.xlsx")
    row = district_figures(ledger.projects, ledger.capital, "2020Q4", investment=ledger.investment,
                           activities=ledger.activities, own="Yubei").set_index("district").loc["Yubei"]
    folder = quarterly_pack / "2020-Q4" / "yubei"
    for lang, name in (("zh", "summary.zh.html"), ("en", "summary.html")):
        tiles = _tiles((folder / name).read_text(encoding="utf-8"))
        for flow in ("signed_value_ytd", "new_projects_investment_ytd", "visits_out_main_ytd", "major_projects_ytd"):
            phrase = yoy_text(row[flow], row[f"{flow}_prev_year"], lang)
            assert phrase and sum(change.endswith(phrase) for change in tiles.values()) >= 1, (lang, flow, phrase)
        said = " ".join(tiles.values())
        assert ("同比" in said) if lang == "zh" else ("same period last year" in said and "同比" not in said)
