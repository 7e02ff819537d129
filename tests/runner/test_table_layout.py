"""The tables as leadership reads them: on a phone (390 px), on a laptop and on paper.

A status against a target stays on screen beside its target on a phone, with a mark and a word
beside its colour; district names never break mid-word and headers never one character a line;
the own district's row is marked once. Screenshots go to ``test-artifacts/tables/``.
"""

from __future__ import annotations

import pytest
from offline import open_page
from paths import ARTIFACTS

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SHOTS = ARTIFACTS / "tables"
A4_WIDTH = 688  # printable width of A4 portrait at 96 px an inch, less the page's margins
ON_SCREEN = """sel => [...document.querySelectorAll(sel)].map(e => { const r = e.getBoundingClientRect();
    return [e.textContent.trim(), r.left >= 0 && r.right <= document.documentElement.clientWidth + 1]; })"""
LINES = """sel => [...document.querySelectorAll(sel)].map(e => { const s = getComputedStyle(e);
    const line = parseFloat(s.lineHeight) || parseFloat(s.fontSize) * 1.5;
    return [e.textContent.trim(), Math.round((e.getBoundingClientRect().height - parseFloat(s.paddingTop)
        - parseFloat(s.paddingBottom)) / line)]; })"""
NARROW_HEADERS = """sel => [...document.querySelectorAll(sel)].filter(e => e.offsetParent !== null).map(e => {
    const range = document.createRange(); range.selectNodeContents(e);
    const lines = [...range.getClientRects()].length; const chars = e.textContent.trim().length;
    return [e.textContent.trim(), lines, chars]; })"""


def _stem(name, lang):
    return f"{name}.html" if lang == "en" else f"{name}.zh.html"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_cohort_tables_status_stays_on_a_phone_beside_its_target(browser, quarterly_pack, lang):
    SHOTS.mkdir(parents=True, exist_ok=True)
    folder = quarterly_pack / "2020-Q4" / "yubei"
    for width in (390, 1366):
        page = open_page(browser, folder / _stem("cohort_operation", lang), width)
        try:
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            cells = page.evaluate(ON_SCREEN, "table.yubei-table td.status, table.yubei-table td.status ~ td, "
                                             "table.yubei-table tr:has(td.status) td")
            assert cells and all(visible for _, visible in cells), (width, [c for c in cells if not c[1]])
            badges = page.evaluate("() => [...document.querySelectorAll('.yubei-status')].map(b => b.textContent)")
            assert any(b.startswith("✗ ") for b in badges)  # the missed 2018-2020 target: a mark and a word
            assert all(b.startswith(("✓ ", "✗ ", "– ")) for b in badges)
            missed = page.locator(".yubei-status.bad").first
            colour = missed.evaluate("e => getComputedStyle(e).color")
            assert colour != page.evaluate("getComputedStyle(document.body).color")  # coloured, not plain text
            table = page.locator("table.yubei-table:has(td.status)").first
            table.screenshot(path=str(SHOTS / f"cohort_table.{lang}.{width}.png"))
        finally:
            page.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_rankings_table_keeps_names_whole_and_marks_the_own_row_once(browser, quarterly_pack, lang):
    SHOTS.mkdir(parents=True, exist_ok=True)
    folder = quarterly_pack / "2020-Q4" / "yubei"
    for width, media in ((390, False), (1366, False), (A4_WIDTH, True)):
        page = open_page(browser, folder / _stem("district_rankings", lang), width, print_media=media)
        try:
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            names = page.evaluate(LINES, "table.yubei-table td.name")
            assert len(names) >= 22 and all(lines == 1 for _, lines in names), [n for n in names if n[1] != 1]
            headers = page.evaluate(NARROW_HEADERS, "table.yubei-table:has(td.name) th")
            # a header breaks between words, never one character a line
            assert all(lines <= max(3, chars // 3) for _, lines, chars in headers), headers
            bars = page.evaluate("""() => [...document.querySelectorAll('tr.own td')]
                .filter(td => getComputedStyle(td).boxShadow !== 'none').length""")
            assert bars == len(page.evaluate("() => [...document.querySelectorAll('tr.own')]"))
            shot = SHOTS / f"rankings_table.{lang}.{width}{'.print' if media else ''}.png"
            page.locator("table.yubei-table:has(td.name)").first.screenshot(path=str(shot))
        finally:
            page.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_cut_list_says_how_many_and_links_the_workbook(browser, quarterly_pack, lang):
    folder = quarterly_pack / "2020-Q4" / "yubei"
    page = open_page(browser, folder / _stem("outreach", lang), 390)
    try:
        rows = page.evaluate("() => document.querySelectorAll('table.yubei-table:has(td.date) tbody tr').length")
        assert rows <= 30
        link = page.locator(".yubei-more a").first
        href = link.get_attribute("href")
        assert href == ("tables.xlsx" if lang == "en" else "tables.zh.xlsx") and (folder / href).is_file()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        page.close()
