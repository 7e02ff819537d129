"""The pages as leadership reads them: a phone, an A4 printer, links, figures, definitions, one language."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from offline import open_page
from paths import ARTIFACTS, SAMPLE

from yubei_lib.config import PAGES

pytestmark = [pytest.mark.slow, pytest.mark.browser]

A4_WIDTH = 688
"""The printable width of A4 portrait at 96 px an inch, less 14 mm margins each side (182 mm)."""



def stems():
    return [(name, lang) for name in PAGES for lang in ("en", "zh")]




def _path(pack: Path, name: str, lang: str) -> Path:
    return pack / "2020-Q4" / "yubei" / (f"{name}.html" if lang == "en" else f"{name}.{lang}.html")


@pytest.mark.parametrize("name,lang", stems())
def test_a_phone_never_scrolls_sideways_and_screenshots_are_kept(browser, quarterly_pack, name, lang):
    folder = ARTIFACTS / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    stem = name if lang == "en" else f"{name}.{lang}"
    for width in (390, 1366):
        page = open_page(browser, _path(quarterly_pack, name, lang), width)
        try:
            assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{stem} at {width} px"
            # on a phone the set's pages and the contents are folded: the page's first output is on the first screen
            folded = page.evaluate("() => [...document.querySelectorAll('details.menu')].map(d => d.open)")
            first = page.evaluate("() => document.querySelector('main .out, main figure').getBoundingClientRect().top")
            assert folded and all(folded) == (width > 600) and (first < 600 if width == 390 else True), (stem, first)
            page.screenshot(path=str(folder / f"{stem}.{width}.png"), full_page=True)
        finally:
            page.close()


@pytest.mark.parametrize("name,lang", stems())
def test_printed_on_a4_nothing_is_wider_than_the_page(browser, quarterly_pack, name, lang):
    page = open_page(browser, _path(quarterly_pack, name, lang), A4_WIDTH, print_media=True)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= A4_WIDTH
        clipped = page.evaluate("""() => [...document.querySelectorAll('table, figure, .yubei-tiles')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .map(e => e.className || e.tagName)""")
        assert clipped == []
        # headings are kept with what follows, charts and tiles not split
        rules = page.evaluate("""() => ['h2', 'figure.chart', '.tile'].map(s => {
            const e = document.querySelector(s); if (!e) return null; const c = getComputedStyle(e);
            return [s, c.breakAfter, c.breakInside]; })""")
        for rule in filter(None, rules):
            selector, after, inside = rule
            assert (after == "avoid") if selector == "h2" else (inside == "avoid"), rule
    finally:
        page.close()


@pytest.mark.parametrize("name,lang", stems())
def test_navigation_figures_and_definitions(browser, quarterly_pack, name, lang):
    path = _path(quarterly_pack, name, lang)
    page = open_page(browser, path, 1366)
    try:
        links = page.evaluate("() => [...document.querySelectorAll('nav.pages a')].map(a => a.getAttribute('href'))")
        targets = {(path.parent / href).resolve() for href in links}
        assert all(t.exists() for t in targets), [str(t) for t in targets if not t.exists()]
        other = path.name.replace(".html", ".zh.html") if lang == "en" else path.name.replace(".zh.html", ".html")
        assert (path.parent / other).resolve() in targets and len(targets) >= len(PAGES) + 1
        assert any(t.name in ("index.html", "index.zh.html") for t in targets)
        charts = page.locator(".vega-chart").count()
        assert page.locator("figure.chart").count() == charts
        assert page.locator("figure.chart figcaption").count() == charts
        names = page.evaluate("() => [...document.querySelectorAll('.vega-chart')].map(c => c.getAttribute('aria-label'))")
        assert all(n and n.strip() for n in names)
        if charts:
            assert page.locator("figure.chart details.chart-data table").count() >= 1
        terms = page.locator("section#definitions dt").count()
        assert terms >= 2
    finally:
        page.close()


def _proper_nouns() -> set[str]:
    """Latin words a Chinese page may show: names from the ledger, methods, file names, the checksum."""
    projects = pd.read_csv(SAMPLE / "projects.csv", dtype=str, keep_default_na=False)
    words = set()
    for column in ("project_id", "project_name", "investor", "responsible_unit", "responsible_leader", "park"):
        for value in projects[column]:
            words |= set(re.findall(r"[A-Za-z][A-Za-z'\-]+", value))
    activities = pd.read_excel(SAMPLE / "activities.xlsx", dtype=str).fillna("")  # the outreach log's names
    for value in activities.to_numpy().ravel():
        words |= set(re.findall(r"[A-Za-z][A-Za-z'\-]+", value))
    return words | {"SHA-", "csv", "xlsx", "projects", "capital", "investment", "activities"}  # (file names)


@pytest.mark.parametrize("name", PAGES)
def test_chinese_pages_are_wholly_chinese(browser, quarterly_pack, name):
    page = open_page(browser, _path(quarterly_pack, name, "zh"), 1366)
    try:
        text = page.evaluate("""() => { const c = document.body.cloneNode(true);
            c.querySelectorAll('footer, script, style').forEach(n => n.remove());
            const walk = document.createTreeWalker(c, NodeFilter.SHOW_TEXT), parts = [];
            while (walk.nextNode()) parts.push(walk.currentNode.textContent);
            return parts.join(' ') + ' ' + [...document.querySelectorAll('svg text, svg title')]
                .map(t => t.textContent).join(' '); }""")
        text = re.sub(r"\b[0-9a-f]{12}…", " ", text)  # a data file's short SHA-256 (dc002051db52…) is no word
        english = set(re.findall(r"[A-Za-z][A-Za-z'\-]+", text)) - _proper_nouns()
        assert english == set(), sorted(english)
        assert re.search(r"[\u4e00-\u9fff]", text)
    finally:
        page.close()
