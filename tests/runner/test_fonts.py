"""Fonts of the printed pages: the kit's stacks, the Chinese-font check before printing, ``--font``."""

from __future__ import annotations

import base64
import io
import re
import sys
from pathlib import Path

import pandas as pd
import pytest
from fontconf import NOTO, hidden_fonts
from typer.testing import CliRunner

from yubei_lib import runner as report
from yubei_lib.cli import app
from yubei_lib.config import TEMPLATES
from yubei_lib.runner import brief, fonts


def latin_font(path: Path) -> Path:
    """Write a small TrueType font that has Latin letters only."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    pen = TTGlyphPen(None)
    pen.moveTo((0, 0)), pen.lineTo((0, 500)), pen.lineTo((400, 500)), pen.closePath()
    box, empty = pen.glyph(), TTGlyphPen(None).glyph()
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "A"])
    builder.setupCharacterMap({ord("A"): "A"})
    builder.setupGlyf({".notdef": empty, "A": box})
    builder.setupHorizontalMetrics({".notdef": (500, 0), "A": (500, 0)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Latin Only", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(str(path))
    return path


def _declared(css: str, selector: str, prop: str) -> str:
    """Return the value a rule of exactly this selector gives a property."""
    for block in re.finditer(r"(?:^|[}\n])\s*" + re.escape(selector) + r"\s*\{([^}]*)\}", css):
        value = re.search(re.escape(prop) + r":\s*([^;]+);", block[1])
        if value:
            return value[1].strip()
    raise AssertionError(f"no {selector} rule sets {prop}")


def test_the_template_names_the_kits_stacks_and_no_latin_font_a_machine_may_lack():
    page = (TEMPLATES / "yubei" / "page.css").read_text(encoding="utf-8")
    components = (TEMPLATES / "yubei" / "components.css").read_text(encoding="utf-8")
    assert _declared(page, ":root", "--yubei-font") == fonts.STACKS["en"]
    assert _declared(page, ":root:lang(zh)", "--yubei-font") == fonts.STACKS["zh"]
    assert _declared(page, ":root", "--yubei-mono") == fonts.MONO
    assert f"font-family: var(--yubei-font, {fonts.STACKS['en']});" in components  # JupyterLab: the English stack
    assert fonts.STACKS["zh"].startswith('"Noto Sans CJK SC"')  # Chinese pages: digits from the Chinese font
    for css in (page, components, brief.page_rules("x", "en"), brief.page_rules("x", "zh")):
        families = re.findall(r"font-family:\s*([^;}]+)", css)
        assert families and not [f for f in families if re.search(r"\b(Arial|Helvetica)\b(?! Neue)", f)], families
    assert fonts.stack("zh") in brief.page_rules("渝北区", "zh")  # the running header and page numbers
    assert "yubeiDrawCharts" in (TEMPLATES / "yubei" / "index.html.j2").read_text(encoding="utf-8")


def test_no_chinese_font_is_refused_with_the_package_to_install_or_the_option(monkeypatch):
    monkeypatch.setattr(fonts, "installed_chinese_fonts", lambda: [])
    with pytest.raises(report.ReportError) as caught:
        fonts.require_chinese_font("the pages are in Chinese (--lang zh)")
    message = str(caught.value)
    assert "no Chinese font is installed" in message and "empty box" in message and "--lang zh" in message
    assert "sudo apt-get install fonts-noto-cjk" in message and "--font FILE" in message
    fonts.require_chinese_font("")  # nothing Chinese to print: no font needed
    monkeypatch.setattr(fonts, "installed_chinese_fonts", lambda: ["Noto Sans CJK SC"])
    fonts.require_chinese_font("the pages are in Chinese (--lang zh)")
    monkeypatch.setattr(fonts, "installed_chinese_fonts", lambda: None)  # Windows, macOS: shipped with one
    fonts.require_chinese_font("the pages are in Chinese (--lang zh)")


def test_fontconfig_says_which_fonts_have_chinese_as_the_browser_sees_them(tmp_path, monkeypatch):
    conf = hidden_fonts(tmp_path)
    if NOTO is not None:
        assert "Noto Sans CJK SC" in fonts.installed_chinese_fonts()
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    assert fonts.installed_chinese_fonts() == []
    monkeypatch.setattr(fonts.shutil, "which", lambda name: None)
    with pytest.raises(report.ReportError, match="fc-list is missing"):
        fonts.installed_chinese_fonts()
    for system in ("win32", "darwin"):
        monkeypatch.setattr(fonts.sys, "platform", system)
        assert fonts.installed_chinese_fonts() is None
    monkeypatch.setattr(fonts.sys, "platform", sys.platform)


def test_english_pages_need_a_chinese_font_when_the_ledger_has_chinese_names():
    from yubei_lib.config import SAMPLE_CAPITAL, SAMPLE_PROJECTS
    from yubei_lib.ledger.load import load_ledger

    ledger = load_ledger(SAMPLE_PROJECTS, SAMPLE_CAPITAL)
    assert fonts.ledger_chinese([ledger.projects, ledger.activities]).startswith("project_name: ")
    assert fonts.ledger_chinese([pd.DataFrame({"project_name": ["Yubei Park"], "value": [1.0]})]) == ""


def test_a_font_file_is_checked_before_anything_runs(tmp_path):
    with pytest.raises(report.ReportError, match="no such file"):
        fonts.PrintFont.load(tmp_path / "missing.ttf")
    (tmp_path / "notes.ttf").write_text("not a font")
    with pytest.raises(report.ReportError, match="not a font file"):
        fonts.PrintFont.load(tmp_path / "notes.ttf")
    with pytest.raises(report.ReportError, match="Latin Only has no Chinese characters"):
        fonts.PrintFont.load(latin_font(tmp_path / "latin.ttf"))


@pytest.mark.skipif(NOTO is None, reason="needs fonts-noto-cjk")
def test_a_font_file_is_subset_to_the_pages_characters_as_a_data_url():
    from fontTools.ttLib import TTFont

    font = fonts.PrintFont.load(NOTO)
    assert font.name == "Noto Sans CJK SC"  # the simplified Chinese face of the collection
    css = font.rules("渝北区 2020年第四季度", "zh")
    face = re.search(r'@font-face \{ font-family: "yubei-print"; src: url\("data:font/otf;base64,([A-Za-z0-9+/=]+)"\)',
                     css)
    assert face and "url(" not in css.replace(face[0], "")  # nothing but the data: URL: the page stays offline
    subset = TTFont(io.BytesIO(base64.b64decode(face[1])))
    mapped = set(map(chr, subset.getBestCmap()))
    assert set("渝北区年第四季度") <= mapped and "签" not in mapped and len(face[1]) < 200_000
    assert ':root:lang(zh) { --yubei-font: "yubei-print", "Noto Sans CJK SC"' in css
    assert ':root { --yubei-font: "Segoe UI", "Helvetica Neue", "yubei-print", "Noto Sans CJK SC"' in css
    assert '@top-left { font-family: "yubei-print", "Noto Sans CJK SC"' in css
    assert font.rules("渝北", "zh") == css  # characters it holds: the same face, not subset again
    more = font.rules("签约", "en")
    assert set("渝签") <= set(map(chr, TTFont(io.BytesIO(base64.b64decode(
        re.search(r"base64,([^\"]+)", more)[1]))).getBestCmap()))
    assert '@top-left { font-family: "Segoe UI", "Helvetica Neue", "yubei-print"' in more


def test_font_without_pdf_and_a_font_without_chinese_exit_2(tmp_path):
    cli = CliRunner()
    done = cli.invoke(app, ["report", "--quarter", "2020Q4", "--out", str(tmp_path / "out"), "--font",
                            str(tmp_path / "x.ttf")])
    assert done.exit_code == 2 and "give it with --pdf" in done.output, done.output
    browser = tmp_path / "chromium"
    browser.write_text("")  # (only found, never started: the run stops before)
    done = cli.invoke(app, ["report", "--quarter", "2020Q4", "--out", str(tmp_path / "out"), "--pdf", "--browser",
                            str(browser), "--font", str(latin_font(tmp_path / "latin.ttf"))])
    assert done.exit_code == 2 and "has no Chinese characters" in done.output, done.output
    assert not (tmp_path / "out").exists()
