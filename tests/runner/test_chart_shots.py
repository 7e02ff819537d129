"""The charts as a reader sees them, on a laptop and a phone: drawn no wider than paper, text never small.

Each chart of each page is screenshotted (``test-artifacts/charts/``) at 1366 and 390 px,
in English and Chinese.
"""

from __future__ import annotations

import pytest
from offline import open_page
from paths import ARTIFACTS

from yubei_lib.config import PAGES
from yubei_lib.present import theme

pytestmark = [pytest.mark.slow, pytest.mark.browser]

DRAWN = """() => [...document.querySelectorAll('.vega-chart svg')].map(svg => ({
    width: svg.getBoundingClientRect().width,
    right: svg.getBoundingClientRect().right,
    sizes: [...svg.querySelectorAll('text')].filter(t => t.textContent.trim())
        .map(t => parseFloat(getComputedStyle(t).fontSize) * svg.getBoundingClientRect().width
                  / (svg.viewBox.baseVal && svg.viewBox.baseVal.width || svg.getBoundingClientRect().width)),
    titles: [...svg.querySelectorAll('.role-title-text text, .role-title text')].map(t => t.getBBox().width),
    words: Math.max(...[...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect().right)),
}))"""
"""Each chart's width as drawn, its right edge, the size of each of its texts as shown, the widths of its title
lines, and where its rightmost word ends."""


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", [p for p in PAGES if p != "data_quality"])
def test_charts_are_drawn_for_paper_and_fit_a_phone(browser, quarterly_pack, name, lang):
    folder = ARTIFACTS / "charts"
    folder.mkdir(parents=True, exist_ok=True)
    stem = name if lang == "en" else f"{name}.{lang}"
    for width in (1366, 390):
        page = open_page(browser, quarterly_pack / "2020-Q4" / "yubei" / f"{stem}.html", width)
        try:
            charts = page.evaluate(DRAWN)
            assert charts, stem
            for i, chart in enumerate(charts):
                assert chart["width"] <= theme.PAPER_WIDTH + 0.5, (stem, width, i)  # paper prints it at its size
                assert chart["right"] <= width, (stem, width, i)  # nothing off a phone's screen
                assert chart["words"] <= chart["right"] + 0.5, (stem, width, i, "a word cut off at the right")
                assert min(chart["sizes"]) >= theme.MIN_TEXT - 0.01, (stem, width, i, min(chart["sizes"]))
                assert all(w <= chart["width"] for w in chart["titles"]), (stem, width, i, "title", chart["titles"])  # shown whole
            figures = page.locator("figure.chart .vega-chart")
            for i in range(figures.count()):
                figures.nth(i).screenshot(path=str(folder / f"{stem}.{width}.{i + 1}.png"))
        finally:
            page.close()
