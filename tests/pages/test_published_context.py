"""The rankings and data-quality pages with the city's notice as published: units outside the 22, marks, skipped rows."""

from __future__ import annotations

import os
import re

import pytest
from builders import notice_file, sample_notice_rows
from paths import SAMPLE

from yubei_lib import pages
from yubei_lib.pages import parameters
from yubei_lib.present import labels


@pytest.fixture(scope="module")
def notices(tmp_path_factory):
    """2020Q3 and 2020Q4 as two files; in 2020Q4, Dazu (one of the 22) is marked 未纳入排名."""
    folder = tmp_path_factory.mktemp("notices")
    rows = sample_notice_rows()
    return [notice_file(folder / "2020Q3.xlsx", "2020年第三季度", rows["2020年第三季度"]),
            notice_file(folder / "2020Q4.xlsx", "2020年第四季度", rows["2020年第四季度"], mark="大足区")]


def _text(html: object) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(html)))


@pytest.fixture(scope="module", params=["en", "zh"])
def page(request, notices):
    return pages.open_page("2020Q4", "Yubei", str(SAMPLE / "yubei_projects.xlsx"), str(SAMPLE / "yubei_capital.xlsx"),
                           lang=request.param, rankings=os.pathsep.join(map(str, notices)))


def test_several_files_in_one_parameter(notices):
    got = parameters.check_parameters("2020Q4", "Yubei", rankings=os.pathsep.join(map(str, notices)))
    assert got["rankings"] == list(notices)
    assert parameters.check_parameters("2020Q4", "Yubei")["rankings"] == []
    with pytest.raises(ValueError, match="parameter rankings=.* no such file"):
        parameters.check_parameters("2020Q4", "Yubei", rankings=f"{notices[0]}{os.pathsep}no/such.xlsx")


def test_the_rankings_page_shows_the_units_outside_the_22_unranked(page):
    html = str(pages.rankings_table(page))
    table, context = html.split("<caption>")[1], html.split("<caption>")[-1]
    liangjiang = "两江新区" if page.lang == "zh" else "Liangjiang New Area"
    assert liangjiang not in table and liangjiang in _text(context)
    assert labels.percent(0.312, page.lang) in _text(context) and labels.percent(0.2746, page.lang) in _text(context)
    assert ("不参与排名" if page.lang == "zh" else "never ranked") in context
    assert table.count("<tr") == 23  # the header and the 22 districts, Dazu among them
    assert page.published.at("2020Q4").loc["Dazu", "composite_rank"] >= 1


def test_the_data_quality_page_lists_context_marks_and_skipped_rows(page):
    text = _text(pages.reconciliation_table(page))
    place = "2020Q4.xlsx，工作表通报，第{row}行" if page.lang == "zh" else "2020Q4.xlsx, sheet 通报, row {row}"
    assert ("西部科学城重庆高新区" if page.lang == "zh" else "Chongqing High-tech Zone") in text
    assert place.format(row=10) in text  # the second unit outside the 22, below the 5th district
    dazu = "大足区" if page.lang == "zh" else "Dazu"
    assert ("仍参与22个区县排名" if page.lang == "zh" else "kept in the ranking among the 22") in text and dazu in text
    assert ("合计行，不计入" if page.lang == "zh" else "Total row, not counted") in text and "全市" in text
    assert place.format(row=28) in text and place.format(row=29) in text
    assert "2020Q3.xlsx" in text  # the other file's skipped rows are listed too
