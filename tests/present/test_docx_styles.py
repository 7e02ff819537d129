"""The Word brief's page and styles: the 公文 layout, fonts named on every style and the defaults, no theme font."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn

from yubei_lib.present.docx import FONTS, Fonts, heading, new_document, paragraph, table

FONT_ATTRIBUTES = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")


def saved(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def east_asian(style) -> str | None:
    fonts = style.element.rPr.rFonts
    return fonts.get(qn("w:eastAsia"))


def test_the_chinese_brief_is_laid_out_as_a_gongwen():
    d = new_document("zh")
    s = d.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [37, 35, 28, 26]
    normal = d.styles["Normal"]
    assert normal.font.size.pt == 16  # 三号
    assert normal.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert 28 <= normal.paragraph_format.line_spacing.pt <= 29
    assert normal.paragraph_format.first_line_indent.pt == 32  # two characters
    assert d.styles["Title"].font.size.pt == 22  # 二号
    assert east_asian(d.styles["Title"]) == "方正小标宋简体"
    assert east_asian(normal) == "仿宋_GB2312"
    assert east_asian(d.styles["Heading 1"]) == "黑体"
    assert east_asian(d.styles["Heading 2"]) == "楷体_GB2312"
    assert east_asian(d.styles["Heading 3"]) == "仿宋_GB2312"
    assert normal.element.rPr.rFonts.get(qn("w:ascii")) == "Times New Roman"


def test_the_page_number_is_a_page_field_between_dashes():
    foot = new_document("zh").sections[0].footer.paragraphs[0]
    xml = foot._p.xml
    assert "PAGE" in "".join(foot._p.itertext()) and xml.count("w:fldChar ") == 3
    assert foot.text.startswith("— ") and foot.text.endswith(" —")
    assert foot.style.name == "Footer"
    assert new_document("en").sections[0].footer.paragraphs[0].text == "1"


def test_the_english_brief_is_a_plain_a4_layout():
    d = new_document("en")
    s = d.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert d.styles["Normal"].font.name == "Calibri"
    assert east_asian(d.styles["Normal"]) == "Microsoft YaHei"
    assert d.styles["Normal"].paragraph_format.first_line_indent.pt == 0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_style_and_the_defaults_name_their_fonts_and_no_theme_font_is_left(lang):
    d = new_document(lang)
    heading(d, "一、总体情况", 1)
    paragraph(d, "渝北区 2020")
    table(d, ["指标", "本期"], [["签约金额", "826亿元"]], [False, True])
    data = saved(d)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = {name: z.read(name).decode("utf-8") for name in z.namelist() if name.endswith(".xml")}
    themed = {name: re.findall(r"w:\w*[tT]heme=", text) for name, text in xml.items()}
    assert not any(themed.values()), themed
    again = Document(io.BytesIO(data))
    defaults = again.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert all(defaults.find(qn("w:rFonts")).get(qn(a)) for a in FONT_ATTRIBUTES)
    styled = [s for s in again.styles if s.type != WD_STYLE_TYPE.LIST]
    assert len(styled) > 10
    for style in styled:
        fonts = style.element.rPr.rFonts
        assert all(fonts.get(qn(a)) for a in FONT_ATTRIBUTES), style.name


def test_the_fonts_are_a_setting_one_per_role():
    mine = Fonts(title="方正小标宋_GBK", heading="方正黑体_GBK", subheading="方正楷体_GBK", body="方正仿宋_GBK",
                 latin="Arial")
    d = new_document("zh", mine)
    assert [east_asian(d.styles[n]) for n in ("Title", "Heading 1", "Heading 2", "Normal", "Table Text")] == [
        "方正小标宋_GBK", "方正黑体_GBK", "方正楷体_GBK", "方正仿宋_GBK", "方正仿宋_GBK"]
    assert d.styles["Heading 1"].element.rPr.rFonts.get(qn("w:hAnsi")) == "Arial"
    assert FONTS["zh"] == Fonts()  # the 公文 fonts are the Chinese defaults

