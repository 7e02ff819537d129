"""Tests of yubei_lib.pages.summary: the key messages of the sample, the news first."""

import re

import pytest

from yubei_lib import pages
from yubei_lib.pages.summary import message_lines

SAMPLE = "data/sample/"


@pytest.fixture(scope="module")
def sample_pages():
    """The sample's summary at 2020Q4 (a cohort one project short, the conversion rate fallen) and 2019Q4."""
    return {(as_of, lang): pages.open_page(as_of, "Yubei", lang=lang, activities=SAMPLE + "activities.xlsx")
            for as_of in ("2020Q4", "2019Q4") for lang in ("en", "zh")}


def test_the_samples_messages_lead_with_the_missed_target_then_the_fall(sample_pages):
    en = message_lines(sample_pages[("2020Q4", "en")])
    # before: "Signed CNY 82.6 bn year to date ... target met." led, and neither the fall nor the rank said
    assert en[0].startswith("Operation rate of projects signed 2018-2020 59.8% (155 of 259 in operation), "
                            "below the 60.0% target: 1 project short")
    assert en[1].startswith("Conversion rate of realized capital 23.0%")
    assert "down 6.4 points since last quarter end; down 4 places to 8th" in en[1]
    assert en[2].startswith("Warnings: projects red (overdue) 18")  # red warnings, then the lagging projects
    assert en[3].startswith("13 projects are lagging")
    assert en[-1] == "Yubei ranks 1st of 22 on the composite of the three rates, unchanged since last quarter end."
    zh = message_lines(sample_pages[("2020Q4", "zh")])
    assert zh[0].startswith("2018-2020年签约项目投产率59.8%（259个项目中已投产155个），未达到60.0%的目标，差1个项目")
    assert "较上季末下降6.4个百分点，排名比上季度末下降4位，居第8位" in zh[1]
    assert "1-12月，全区新签约项目67个，协议投资额826亿元，完成年度目标的103.2%，超额完成全年任务，同比下降41.7%。" in zh
    assert ("Jan-Dec 2020: Yubei signed 67 projects for CNY 82.6 bn, 103.2% of the year's target: exceeded; "
            "down 41.7% on the same period last year.") in en
    assert len(en) == len(zh) == 7


def test_the_signed_values_change_on_the_same_period_last_year_is_the_figures_a_year_earlier(sample_pages):
    from yubei_lib.figures.machine import district_figures

    page = sample_pages[("2020Q4", "zh")]
    values = [district_figures(page.projects, page.capital, when).set_index("district").loc["Yubei", "signed_value_ytd"]
              for when in ("2020-12-31", "2019-12-31")]  # independently: the same figure a year earlier
    change = values[0] / values[1] - 1
    assert round(values[0] / 1e8) == 826 and round(values[1] / 1e8) == 1416 and change < 0
    line = next(x for x in message_lines(page) if x.startswith("1-12月，全区新签约项目"))
    assert line.endswith(f"，同比下降{abs(change) * 100:.1f}%。") and "同比下降41.7%" in line


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_pace_or_projection_once_the_year_is_over(sample_pages, lang):
    for as_of in ("2020Q4", "2019Q4"):
        text = " ".join(message_lines(sample_pages[(as_of, lang)]))
        assert not re.search(r"pace|projected|序时|预计|年初至今", text), text
    assert " ".join(message_lines(sample_pages[("2019Q4", "en")])).count("141.6") == 1  # signed, not projected


def test_the_page_shows_the_lines_once_each_escaped(sample_pages):
    page = sample_pages[("2020Q4", "en")]
    html = str(pages.key_messages(page))
    assert html.count("<li>") == len(message_lines(page))
    assert "--" not in html and "(155 of 259 in operation)" in html


def test_the_tiles_and_the_chart_give_pace_and_projection_only_while_the_year_runs(sample_pages):
    import json

    from yubei_lib.pages.summary import cumulative_chart, target_tiles

    running = pages.open_page("2020Q3", "Yubei", lang="en")
    tiles = str(target_tiles(running))
    assert re.search(r"reached, pace \d\.\d\d<", tiles)
    assert '"kind": "projection"' in json.dumps(cumulative_chart(running).to_dict())
    for as_of in ("2020Q4", "2019Q4"):
        for lang in ("en", "zh"):
            page = sample_pages[(as_of, lang)]
            tiles = str(target_tiles(page))
            assert not re.search("pace|projected|序时|预计", tiles), tiles
            if as_of == "2020Q4":  # (2019 has no target)
                assert ("reached<" if lang == "en" else "已完成103.2%<") in tiles
            assert '"kind": "projection"' not in json.dumps(cumulative_chart(page).to_dict())
