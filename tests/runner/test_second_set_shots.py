"""Screenshots of the second set on the pages: the summary's new tiles and the outreach page, en and zh.

With the tables (the quarterly pack, made with the sample's investment.xlsx and activities.xlsx)
and without them (the tiles and the page say the data was not given). The pictures go to
``test-artifacts/second_set/``.
"""

from __future__ import annotations

import pytest
from offline import open_page
from paths import ARTIFACTS

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SHOTS = ARTIFACTS / "second_set"


def _stem(name: str, lang: str) -> str:
    return name if lang == "en" else f"{name}.{lang}"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("given", ["with_tables", "without_tables"])
def test_the_new_tiles_and_the_outreach_page_are_screenshotted(browser, quarterly_pack, bare_pack, lang, given):
    pack = quarterly_pack if given == "with_tables" else bare_pack
    folder = pack / "2020-Q4" / "yubei"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = open_page(browser, folder / f"{_stem('summary', lang)}.html")
    try:
        first = "Contract performance rate, 2015-2017" if lang == "en" else "履约率（2015-2017年签约）"
        tiles = page.locator(".yubei-tiles").filter(has=page.locator(".tile-title", has_text=first))  # the second set's
        titles = tiles.locator(".tile-title").all_inner_texts()
        assert tiles.count() == 1 and titles[0] == first
        values = tiles.locator(".tile-value").all_inner_texts()
        not_given = "Data not given" if lang == "en" else "未提供数据"
        assert (values.count(not_given) == 2) == (given == "without_tables") and "0" not in values[-2:]
        tiles.screenshot(path=str(SHOTS / f"summary_tiles.{given}.{lang}.png"))
    finally:
        page.close()
    for width in (390, 1366):
        page = open_page(browser, folder / f"{_stem('outreach', lang)}.html", width)
        try:
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            charts = page.locator(".vega-chart").count()
            assert charts == (2 if given == "with_tables" else 0)
            page.screenshot(path=str(SHOTS / f"outreach.{given}.{lang}.{width}.png"), full_page=True)
        finally:
            page.close()
