"""The warnings as leadership reads them: the list on a phone and a laptop, on paper, and a unit's PDF.

Screenshots of the supervision list (cohort_operation, en and zh, 1366 and 390 px) and of the
summary's warning tiles from the shared quarterly pack, and one unit's list printed to PDF by
the pages' print path and rendered to PNG (pdftoppm), go to ``test-artifacts/warnings/``.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from offline import open_page
from paths import ARTIFACTS

from yubei_lib.config import SAMPLE_CAPITAL, SAMPLE_PROJECTS
from yubei_lib.figures.supervision import district_supervision
from yubei_lib.ledger.load import load_ledger
from yubei_lib.runner.supervision import SetFiles, print_with, unit_html, unit_names

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SHOTS = ARTIFACTS / "warnings"
A4_WIDTH = 688  # printable width of A4 portrait at 96 px an inch, less the page's margins
SECTION = """() => { const h = [...document.querySelectorAll('h2')].find(h => /Warnings|预警/.test(h.textContent));
    const end = [...document.querySelectorAll('.yubei-warnings')].pop().parentElement.getBoundingClientRect();
    return [h.getBoundingClientRect().top + window.scrollY, end.bottom + window.scrollY]; }"""




@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_list_fits_a_phone_and_a_laptop_and_is_screenshotted(browser, quarterly_pack, lang):
    SHOTS.mkdir(parents=True, exist_ok=True)
    folder = quarterly_pack / "2020-Q4" / "yubei"
    stem = "cohort_operation" if lang == "en" else "cohort_operation.zh"
    for width in (1366, 390):
        page = open_page(browser, folder / f"{stem}.html", width)
        try:
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (lang, width)
            wide = page.evaluate("""() => [...document.querySelectorAll('.yubei-warnings td, .yubei-warnings th')]
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length""")
            assert wide == 0, (lang, width)  # the list itself reflows: no cell in a sideways scroll
            top, bottom = page.evaluate(SECTION)
            page.screenshot(path=str(SHOTS / f"list.{lang}.{width}.png"), full_page=True,
                            clip={"x": 0, "y": top - 8, "width": width, "height": min(bottom - top + 16, 2400)})
        finally:
            page.close()
    page = open_page(browser, folder / ("summary.html" if lang == "en" else "summary.zh.html"), 1366)
    try:
        tiles = page.locator(".yubei-tiles").filter(has=page.locator(".tile.warn, .tile.bad .tile-status"))
        tiles.first.screenshot(path=str(SHOTS / f"summary_tiles.{lang}.png"))
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_printed_the_list_is_never_clipped_and_keeps_its_marks(browser, quarterly_pack, lang):
    folder = quarterly_pack / "2020-Q4" / "yubei"
    page = open_page(browser, folder / ("cohort_operation.html" if lang == "en" else "cohort_operation.zh.html"),
                 A4_WIDTH, print_media=True)
    try:
        clipped = page.evaluate("""() => [...document.querySelectorAll('.yubei-warnings, .yubei-warnings td')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length""")
        assert clipped == 0
        marks = page.evaluate("() => [...document.querySelectorAll('.yubei-badge')].map(b => b.textContent)")
        assert marks and all(m.startswith(("■ ", "▲ ")) for m in marks)  # a mark and a word beside each colour
        head = page.evaluate("getComputedStyle(document.querySelector('tr.unit-head')).breakAfter")
        assert head == "avoid"
    finally:
        page.close()


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_units_pdf_prints_on_a4_and_is_rendered(browser, quarterly_pack, tmp_path, lang):
    pypdf = pytest.importorskip("pypdf")
    folder = quarterly_pack / "2020-Q4" / "yubei"
    ledger = load_ledger(SAMPLE_PROJECTS, SAMPLE_CAPITAL)
    s = district_supervision(ledger.projects, "Yubei", "2020-12-31")
    files = SetFiles(folder, lang, s, "渝北区" if lang == "zh" else "Yubei",
                     "2020年第四季度" if lang == "zh" else "2020Q4", synthetic=True)
    unit, name = unit_names(s, lang)[0]  # the unit with most red
    assert (folder / files.directory / f"{name}.xlsx").is_file()  # the pack's workbook of the same unit
    context = browser.new_context(offline=True)
    try:
        target = tmp_path / f"{name}.pdf"
        assert print_with(context, [(unit_html(files, unit), target)], 60) == [""]
    finally:
        context.close()
    reader = pypdf.PdfReader(target)
    text = "\n".join(p.extract_text() for p in reader.pages)
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2
    title = f"渝北区2020年第四季度督办清单：{unit}" if lang == "zh" else f"Supervision list · Yubei · 2020Q4 · {unit}"
    assert title.replace(" ", "") in text.replace(" ", "") and ("第1页" in text or "1 / " in text)
    ids = list(s.stages.loc[s.stages["unit"] == unit, "project_id"])
    assert all(i in text for i in ids) and not [i for i in s.stages["project_id"] if i not in ids and i in text]
    SHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "90", "-f", "1", "-l", "1", "-singlefile", str(target),
                    str(SHOTS / f"unit_pdf.{lang}")], check=True, timeout=60)
    assert (SHOTS / f"unit_pdf.{lang}.png").stat().st_size > 10_000
