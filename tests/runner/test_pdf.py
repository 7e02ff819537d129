"""yubei report --pdf: page PDFs and each set's brief, printed by the system's Chromium."""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pandas as pd
import pytest
from fontconf import NOTO, hidden_fonts
from paths import ARTIFACTS

from yubei_lib import runner as report
from yubei_lib.runner import fonts, pdf, pdftext

pytestmark = pytest.mark.browser

pypdf = pytest.importorskip("pypdf")

A4 = (595.28, 841.89)  # points
PAGES = ["summary", "contract_value"]
RADICALS = re.compile(r"[\u2e80-\u2fdf]")


def options(out, **kw):
    base = dict(periods=[pd.Timestamp("2020-12-31")], districts=["Yubei"], pages=PAGES, out=out, jobs=2, pdf=True)
    base.update(kw)
    return report.Options(**base)


@pytest.fixture(scope="module")
def pack(tmp_path_factory, browser):
    """Yubei 2020Q4 on the sample, summary and contract value, English then Chinese, with --pdf.

    ``browser`` (tests/conftest.py) skips without Chromium, or fails under YUBEI_REQUIRE_BROWSER=1;
    the run finds the browser itself (browser=None: PATH discovery).
    """
    out = tmp_path_factory.mktemp("pdf")
    for lang in ("en", "zh"):
        lines = []
        code = report.run(options(out, lang=lang), echo=lines.append)
        assert code == 0, lines
        assert "3 PDF(s) printed, 0 kept, 0 failed" in lines, lines
    return out / "2020-Q4" / "yubei"


def _texts(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def _number(i: int, n: int, lang: str) -> str:
    return f"{i} / {n}" if lang == "en" else f"第{i}页，共{n}页"


ALL = [f"{p}.pdf" for p in PAGES] + [f"{p}.zh.pdf" for p in PAGES] + ["brief.pdf", "brief.zh.pdf"]


@pytest.mark.slow
@pytest.mark.parametrize("name", ALL)
def test_each_pdf_opens_is_a4_and_numbers_every_sheet(pack, name, caplog):
    reader = pypdf.PdfReader(pack / name, strict=True)
    lang = "zh" if ".zh." in name else "en"
    n = len(reader.pages)
    assert n >= 2
    for i, page in enumerate(reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4[0]) < 2 and abs(height - A4[1]) < 2, (name, i, width, height)  # portrait
        text = page.extract_text()
        assert _number(i, n, lang) in text, (name, i, text[:200])
        assert ("Yubei · 2020Q4" if lang == "en" else "渝北区 · 2020年第四季度") in text  # the running header
    assert not [r for r in caplog.records if r.name.startswith("pypdf")], caplog.text  # a well-formed file


@pytest.mark.slow
def test_the_brief_is_a_cover_then_the_pages_in_order(pack):
    for lang, words in {"en": ("Yubei", "2020Q4", "As of 2020-12-31", "Synthetic data", "In this brief",
                               "Quarterly summary", "Signed contract value"),
                        "zh": ("渝北区", "2020年第四季度", "截至 2020年12月31日", "模拟数据", "本简报内容",
                               "季度综述", "签约金额")}.items():
        texts = _texts(pack / ("brief.pdf" if lang == "en" else "brief.zh.pdf"))
        cover = texts[0]
        for word in words:
            assert word in cover, (lang, word, cover)
        district = words[0]
        summary = next(i for i, t in enumerate(texts) if f"{district} · {words[5]}" in t)
        contract = next(i for i, t in enumerate(texts) if f"{district} · {words[6]}" in t)
        assert summary == 1 and contract > summary  # the summary page right after the cover, then the others
        pages = {name: len(_texts(pack / (f"{name}.pdf" if lang == "en" else f"{name}.zh.pdf"))) for name in PAGES}
        assert len(texts) >= 1 + len(PAGES) and len(texts) <= 1 + sum(pages.values())


@pytest.mark.slow
def test_chinese_is_real_text_without_radical_lookalikes(pack):
    for name in ("summary.zh.pdf", "contract_value.zh.pdf", "brief.zh.pdf"):
        text = "".join(_texts(pack / name))
        assert "渝北区" in text and "季度" in text and "工作报告" in text
        assert not RADICALS.findall(text), (name, sorted(set(RADICALS.findall(text))))
    text = "".join(_texts(pack / "brief.zh.pdf"))
    assert "签约金额（亿元）" in text  # a chart's axis title: the chart was drawn, as text


@pytest.mark.slow
def test_charts_are_drawn_before_printing(pack):
    assert "Signed value (bn yuan)" in "".join(_texts(pack / "contract_value.pdf"))
    assert "Cumulative signed value" in "".join(_texts(pack / "summary.pdf"))


SPEC = re.compile(r'<script[^>]*class="vega-spec"[^>]*>(.*?)</script>', re.S)
LEAST_PT = 7.0
"""The least size of printed text (DESIGN.md, "The report page": chart text at least 7 pt on A4)."""


def _printed_sizes(path: Path) -> list[tuple[int, float, str]]:
    """Return each text object of a PDF: its sheet, its size in points as printed, and its text.

    The size is the font's size times the scale of the object's matrix and of every form it is
    drawn in (pdfium gives each object's matrix within its form).
    """
    import ctypes

    pdfium = pytest.importorskip("pypdfium2")
    raw = pdfium.raw
    doc = pdfium.PdfDocument(str(path))
    found = []
    try:
        for number, page in enumerate(doc, start=1):
            textpage = page.get_textpage()
            forms: list[float] = []  # the scale of the forms the objects are in, by level
            for obj in page.get_objects(max_depth=8):
                m = obj.get_matrix()
                scale = abs(m.a * m.d - m.b * m.c) ** 0.5 * math.prod(forms[:obj.level])
                if obj.type == raw.FPDF_PAGEOBJ_FORM:
                    del forms[obj.level:]
                    forms.append(abs(m.a * m.d - m.b * m.c) ** 0.5)
                if obj.type != raw.FPDF_PAGEOBJ_TEXT:
                    continue
                size = ctypes.c_float()
                raw.FPDFTextObj_GetFontSize(obj.raw, ctypes.byref(size))
                n = raw.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
                buffer = ctypes.create_string_buffer(2 * n)
                raw.FPDFTextObj_GetText(obj.raw, textpage.raw, ctypes.cast(buffer, ctypes.POINTER(raw.FPDF_WCHAR)), n)
                found.append((number, size.value * scale, buffer.raw.decode("utf-16-le").rstrip("\0")))
    finally:
        doc.close()
    return found


def _axis_titles(html: str) -> set[str]:
    """Return the axis and legend titles of a page's charts (drawn in the charts' SVG only)."""
    titles = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("x", "y", "color") and isinstance(value, dict) and isinstance(value.get("title"), str):
                    titles.add(value["title"])
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for spec in SPEC.findall(html):
        walk(json.loads(spec))
    return titles


@pytest.mark.slow
@pytest.mark.parametrize("name", ALL)
def test_every_text_prints_at_7_pt_or_more_the_charts_text_included(pack, name):
    sizes = _printed_sizes(pack / name)
    small = sorted({(round(size, 2), text) for _, size, text in sizes if text.strip() and size < LEAST_PT - 0.05})
    assert not small, (name, small[:20])
    # the charts were printed as text, and measured: their axis titles are in the PDF
    stem = name.removesuffix(".pdf")
    pages = [stem] if not stem.startswith("brief") else [p + stem.removeprefix("brief") for p in PAGES]
    titles = set().union(*(_axis_titles((pack / f"{page}.html").read_text(encoding="utf-8")) for page in pages))
    text = re.sub(r"\s+", "", "".join(_texts(pack / name)))
    assert titles and not [title for title in titles if re.sub(r"\s+", "", title) not in text], (name, titles)


@pytest.mark.slow
def test_the_manifest_and_both_indexes_list_the_pdfs(pack):
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    for stem in ("summary", "contract_value", "summary.zh", "contract_value.zh"):
        assert manifest["pages"][stem]["pdf"] == f"{stem}.pdf" and "pdf_error" not in manifest["pages"][stem]
    assert manifest["briefs"] == {"en": "brief.pdf", "zh": "brief.zh.pdf"}
    out = pack.parent.parent
    for index in ("index.html", "index.zh.html"):
        html = (out / index).read_text(encoding="utf-8")
        for name in ALL:
            assert f'href="2020-Q4/yubei/{name}"' in html, (index, name)


@pytest.mark.slow
def test_a_second_run_keeps_the_pdfs_and_prints_a_missing_one(pack):
    out = pack.parent.parent
    before = {name: (pack / name).read_bytes() for name in ALL}
    lines = []
    assert report.run(options(out), echo=lines.append) == 0
    assert "0 PDF(s) printed, 3 kept, 0 failed" in lines, lines
    assert all((pack / name).read_bytes() == data for name, data in before.items())
    (pack / "contract_value.pdf").unlink()
    lines = []
    assert report.run(options(out), echo=lines.append) == 0
    assert "1 PDF(s) printed, 2 kept, 0 failed" in lines, lines
    assert _number(1, len(_texts(pack / "contract_value.pdf")), "en") in _texts(pack / "contract_value.pdf")[0]


@pytest.mark.slow
def test_a_failed_print_keeps_the_earlier_pdf_and_exits_1(pack, tmp_path):
    out = pack.parent.parent
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\necho 'this browser is broken' >&2\nexit 1\n")
    broken.chmod(0o755)
    before = {name: (pack / name).read_bytes() for name in ("summary.pdf", "brief.pdf")}
    lines = []
    code = report.run(options(out, pages=["summary"], force=True, browser=broken), echo=lines.append)
    assert code == 1, lines
    assert any(line.startswith("FAILED 2020-Q4/yubei/summary.pdf: the browser") for line in lines), lines
    assert {name: (pack / name).read_bytes() for name in before} == before  # nothing replaced
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["pages"]["summary"]["pdf"] == "summary.pdf" and manifest["pages"]["summary"]["pdf_error"]
    assert manifest["briefs"]["en"] == "brief.pdf" and manifest["brief_errors"]["en"]
    assert not list(pack.glob(".*pdf*"))  # no temporary file left
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "PDF failed: the browser" in index and 'href="2020-Q4/yubei/summary.pdf"' in index
    assert "PDF生成失败" in (out / "index.zh.html").read_text(encoding="utf-8")
    # The next run with a browser that works prints them again (the page itself is unchanged).
    lines = []
    assert report.run(options(out, pages=["summary"]), echo=lines.append) == 0, lines
    assert "2 PDF(s) printed, 0 kept, 0 failed" in lines, lines
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    assert "pdf_error" not in manifest["pages"]["summary"] and "brief_errors" not in manifest


@pytest.mark.slow
def test_a_chart_that_cannot_be_drawn_fails_its_pdf(pack, tmp_path):
    folder = tmp_path / "2020-Q4" / "yubei"
    folder.mkdir(parents=True)
    html = (pack / "summary.html").read_text(encoding="utf-8")
    broken, n = re.subn(r'(<script[^>]*class="vega-spec"[^>]*>)[^<]*(</script>)', r'\1{"mark": "no_such_mark"}\2',
                        html, count=1)
    assert n == 1
    (folder / "summary.html").write_text(broken, encoding="utf-8")
    shutil.copy(pack / "manifest.json", folder / "manifest.json")
    task = pdf.Task(folder, "en", "summary.pdf", stem="summary")
    pdf.print_tasks([task], pdf.find_browser(), 60)
    assert "chart(s) not drawn" in task.error and not (folder / "summary.pdf").exists()


def _png(bitmap, path: Path) -> None:
    """Write a pypdfium2 RGB bitmap as a PNG (zlib alone: no imaging library)."""
    width, height, stride, n = bitmap.width, bitmap.height, bitmap.stride, bitmap.n_channels
    data = bytes(bitmap.buffer)
    rows = b"".join(b"\0" + data[y * stride:y * stride + width * n] for y in range(height))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, {3: 2, 4: 6}[n], 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 6))
                     + chunk(b"IEND", b""))


def _lines(page) -> int:
    """Count the lines of text of a printed sheet between its margins (not the running header nor the foot line)."""
    text, top, bottom = page.get_textpage(), page.get_height() - 18 * 72 / 25.4, 16 * 72 / 25.4
    rows = set()
    for i in range(text.count_rects()):
        left, low, right, high = text.get_rect(i)
        if low >= bottom and high <= top:
            rows.add(round((low + high) / 6))  # boxes whose middles lie within 3 pt: one line
    return len(rows)


@pytest.mark.slow
@pytest.mark.parametrize("name", ALL)
def test_no_printed_sheet_holds_only_a_line_or_two(pack, name):
    # a heading kept with what follows, a table's last rows together, the last terms of the definitions
    # together, the footer at the foot of every sheet: no sheet is left with a stray line (or just the footer)
    pdfium = pytest.importorskip("pypdfium2")
    doc = pdfium.PdfDocument(str(pack / name))
    try:
        counts = [_lines(doc[i]) for i in range(len(doc))]
    finally:
        doc.close()
    assert min(counts) >= 8, counts  # (a footer alone was six lines, a stray definition one or two)


@pytest.mark.slow
def test_renders_of_the_briefs_sheets(pack):
    pdfium = pytest.importorskip("pypdfium2")
    ARTIFACTS.mkdir(exist_ok=True)
    for name, lang in (("brief.pdf", "en"), ("brief.zh.pdf", "zh")):
        doc = pdfium.PdfDocument(str(pack / name))
        try:
            for i in range(len(doc)):  # every sheet of both briefs, to look at
                bitmap = doc[i].render(scale=1.25, rev_byteorder=True)
                pixels = bytes(bitmap.buffer)
                inked = sum(1 for j in range(0, len(pixels), 3 * 97) if pixels[j] < 200)
                assert inked > 50, (name, i)  # not a blank sheet
                _png(bitmap, ARTIFACTS / f"brief.{lang}.p{i + 1}.png")
        finally:
            doc.close()


@pytest.mark.slow
def test_no_browser_exits_2_before_anything_runs(tmp_path):
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "yubei_lib", "report", "--quarter", "2020Q4", "--pages", "summary",
                           "--out", str(out), "--pdf", "--browser", str(tmp_path / "no-such-browser")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2, done.stderr
    assert "no such file" in done.stderr and "apt-get install chromium" in done.stderr
    assert "Microsoft Edge or Google Chrome" in done.stderr and "--browser PATH" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()  # nothing planned, run or written


def test_no_browser_found_is_refused_before_the_plan_and_any_kernel(tmp_path, monkeypatch):
    run_module = sys.modules["yubei_lib.runner.run"]  # the module (the package's ``run`` is the function)

    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    monkeypatch.setattr(pdf, "usual_places", lambda: [tmp_path / "Google Chrome"])
    started = []
    monkeypatch.setattr(run_module, "plan", lambda *a, **k: started.append("plan"))
    monkeypatch.setattr(run_module, "execute", lambda *a, **k: started.append("kernel"))
    with pytest.raises(report.ReportError, match="no Chromium, Chrome or Edge was found") as caught:
        report.run(options(tmp_path / "out"))
    assert "apt-get install chromium" in str(caught.value) and started == []


def test_find_browser_prefers_the_one_given_then_path_then_usual_places(tmp_path, monkeypatch):
    given = tmp_path / "my-chrome"
    given.write_text("")
    assert pdf.find_browser(given) == given.resolve()
    assert pdf.find_browser(tmp_path / "missing") is None  # a browser given is never swapped for another
    monkeypatch.setattr(pdf.shutil, "which", lambda name: f"/opt/{name}" if name == "google-chrome" else None)
    assert pdf.find_browser() == Path("/opt/google-chrome")
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    edge = tmp_path / "Microsoft" / "Edge" / "Application" / "msedge.exe"
    edge.parent.mkdir(parents=True)
    edge.write_text("")
    monkeypatch.setenv("PROGRAMFILES(X86)", str(tmp_path))
    assert pdf.find_browser() == edge


def test_radicals_in_a_to_unicode_map_become_ideographs():
    cmap = (b"/CIDInit /ProcSet findresource begin\nbegincmap\n2 beginbfchar\n<81> <2F2F>\n<93> <62A5>\nendbfchar\n"
            b"2 beginbfrange\n<20> <22> <0041>\n<A0> <A1> <2EDA>\nendbfrange\nendcmap\nend\n")
    fixed = pdftext.fix_to_unicode(cmap).decode()
    assert "<81> <5DE5>" in fixed and "<93> <62A5>" in fixed  # 工, and 报 unchanged
    assert "<A0> <9875>" in fixed and "<A1> <98CE>" in fixed  # 页 风: the range became single codes
    assert "<20> <22> <0041>" in fixed and "2EDA" not in fixed and "2F2F" not in fixed
    assert fixed.startswith("/CIDInit") and fixed.endswith("endcmap\nend\n")
    assert pdftext.fix_to_unicode(b"1 beginbfchar\n<01> <0041>\nendbfchar\n") == b"1 beginbfchar\n<01> <0041>\nendbfchar\n"
    assert pdftext.fix_cjk_text(b"%PDF-1.4 not really") == b"%PDF-1.4 not really"


def test_the_brief_takes_a_pages_style_header_main_and_scripts_by_its_landmarks():
    from yubei_lib.runner.brief import page_parts

    page = ('<!DOCTYPE html><html lang="zh-CN"><head><style>a{}</style></head><body>'
            '<header class="page-header"><h1>T</h1><header>inner</header><p class="synthetic">模拟数据</p></header>'
            '<nav class="toc">x</nav><main><section>one</section><!-- </main> --><figure><div class="vega-chart">'
            '</div><script class="vega-spec" type="application/json">{"t": "</main>"}</script></figure></main>'
            '<footer class="page-footer"><main>not this</main></footer>'
            '<script>var s = "<\\/script>";</script><script>draw()</script></body></html>')
    parts = page_parts(page)
    assert parts.lang == "zh-CN" and parts.style == "a{}" and parts.synthetic
    assert parts.header.startswith('<header class="page-header">') and parts.header.endswith("</p></header>")
    assert parts.main.startswith("<main><section>one") and parts.main.endswith('"</main>"}</script></figure></main>')
    assert parts.scripts == '<script>var s = "<\\/script>";</script>\n<script>draw()</script>'
    with pytest.raises(ValueError, match="no main"):
        page_parts(page.replace("<main>", "<div>").replace("</main>", "</div>"))


def _families(path: Path) -> set[str]:
    """Return the families of the fonts a PDF's pages use (a Type 3 font's descriptor, else its base font)."""
    found = set()
    for page in pypdf.PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            family = descriptor.get_object().get("/FontFamily") if descriptor else None
            found.add(str(family or re.sub(r"^/?[A-Z]{6}\+", "", str(font.get("/BaseFont")))))
    return found


@pytest.mark.slow
def test_every_pdf_prints_in_the_kits_fonts_whatever_latin_fonts_the_machine_has(pack):
    # The stacks name no Arial or Helvetica: with or without Liberation Sans (what fontconfig gives
    # for them where it is installed), every page prints in the Chinese font, digits included.
    kit = {f.strip('"') for f in fonts.CJK_FAMILIES} | {"Noto Sans Mono CJK SC"}
    for name in ALL:
        families = _families(pack / name)
        assert families and families <= kit, (name, families)
    text = "".join(_texts(pack / "summary.zh.pdf"))
    assert "2020年第四季度" in text and "2020 年" not in text


@pytest.mark.slow
def test_a_pdf_whose_chinese_no_font_draws_fails_and_keeps_the_earlier_one(pack, tmp_path, monkeypatch):
    folder = tmp_path / "2020-Q4" / "yubei"
    folder.mkdir(parents=True)
    for name in ("summary.zh.html", "manifest.json", "summary.zh.pdf"):
        shutil.copy(pack / name, folder / name)
    earlier = (folder / "summary.zh.pdf").read_bytes()
    monkeypatch.setenv("FONTCONFIG_FILE", str(hidden_fonts(tmp_path)))  # the browser sees DejaVu only
    task = pdf.Task(folder, "zh", "summary.zh.pdf", stem="summary.zh")
    pdf.print_tasks([task], pdf.find_browser(), 60)
    assert "Chinese character(s) printed as empty boxes" in task.error, task.error
    assert "fonts-noto-cjk" in task.error and "--font FILE" in task.error
    assert (folder / "summary.zh.pdf").read_bytes() == earlier and not list(folder.glob(".*pdf*"))


@pytest.mark.slow
def test_no_chinese_font_stops_the_run_before_anything_runs(tmp_path, monkeypatch):
    run_module = sys.modules["yubei_lib.runner.run"]
    conf = hidden_fonts(tmp_path)
    out = tmp_path / "out"
    earlier = out / "2020-Q4" / "yubei" / "summary.zh.pdf"
    earlier.parent.mkdir(parents=True)
    earlier.write_bytes(b"%PDF-1.4 an earlier PDF")
    browser = tmp_path / "chromium"
    browser.write_text("")  # (found, never started)
    done = subprocess.run([sys.executable, "-m", "yubei_lib", "report", "--quarter", "2020Q4", "--pages", "summary",
                           "--lang", "zh", "--out", str(out), "--pdf", "--browser", str(browser)],
                          capture_output=True, text=True, timeout=300, env={**os.environ, "FONTCONFIG_FILE": str(conf)})
    assert done.returncode == 2, done.stderr
    assert "no Chinese font is installed" in done.stderr and "--lang zh" in done.stderr
    assert "sudo apt-get install fonts-noto-cjk" in done.stderr and "--font FILE" in done.stderr
    assert "Traceback" not in done.stderr
    assert [p for p in out.rglob("*") if p.is_file()] == [earlier] and earlier.read_bytes() == b"%PDF-1.4 an earlier PDF"
    # English pages too, when they show the ledger's Chinese names (the sample's are Chinese).
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    started = []
    monkeypatch.setattr(run_module, "execute", lambda *a, **k: started.append("kernel"))
    with pytest.raises(report.ReportError, match="the English pages show the ledger's Chinese names"):
        report.run(options(out, pages=["summary"], lang="en", browser=browser))
    assert started == [] and [p for p in out.rglob("*") if p.is_file()] == [earlier]


@pytest.mark.slow
@pytest.mark.skipif(NOTO is None, reason="needs fonts-noto-cjk's font file")
def test_a_font_file_prints_chinese_where_the_system_has_no_chinese_font(pack, tmp_path, monkeypatch):
    monkeypatch.setenv("FONTCONFIG_FILE", str(hidden_fonts(tmp_path)))
    (pack / "summary.zh.pdf").unlink()
    lines = []
    code = report.run(options(pack.parent.parent, pages=["summary"], lang="zh", font=NOTO), echo=lines.append)
    assert code == 0 and "1 PDF(s) printed, 1 kept, 0 failed" in lines, lines
    texts = _texts(pack / "summary.zh.pdf")
    assert "渝北区 · 2020年第四季度" in texts[0] and _number(1, len(texts), "zh") in texts[0]
    assert "DejaVu" not in " ".join(_families(pack / "summary.zh.pdf"))  # every character from the font given
