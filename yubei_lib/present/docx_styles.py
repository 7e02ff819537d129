"""The Word brief's page and styles: A4, the margins, the fonts of each role, page numbers (python-docx).

The Chinese brief is laid out as a Chinese official document (公文, GB/T 9704): A4, margins
37/35/28/26 mm (top, bottom, left, right), the title in a 小标宋-style font at 二号 (22 pt),
the body in 仿宋 at 三号 (16 pt) on lines exactly 28 pt apart, headings 一、 in 黑体 and （一）
in 楷体, and the page number at the foot as ``— 1 —``. The English brief is a plain business
layout on A4.

Everything is set on styles, not on the text, so staff restyle the brief in Word, WPS or
LibreOffice by changing a style: ``Title``, ``Subtitle``, ``Heading 1``-``Heading 3``,
``Normal``, ``Caption``, ``Figure``, ``Date``, ``Table Text``, ``Table Number``, ``Table Heading``,
``Brief Table`` and ``Footer``. Every style and the document defaults name their Latin
(``w:ascii``, ``w:hAnsi``, ``w:cs``) and East Asian (``w:eastAsia``) fonts, and no theme font
is left anywhere (python-docx's template names theme fonts, which Word and WPS replace by
their own Chinese font: python-docx #154). The fonts are one per role, a :class:`Fonts`
setting with the 公文 fonts as the Chinese defaults (:data:`FONTS`). What goes into the
document: :mod:`yubei_lib.present.docx`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from yubei_lib.present import labels

__all__ = ["FONTS", "LAYOUTS", "Fonts", "Layout", "new_document", "theme_attributes"]


@dataclass(frozen=True)
class Fonts:
    """One font per role of the brief, and the font of Latin letters and digits.

    Attributes
    ----------
    title, heading, subheading, body : str
        The font of the title, of the first-level headings (一、), of the second-level ones
        (（一）), and of the body, tables and captions (third-level headings, 1., too).
    latin : str
        The font of Latin letters and digits in every role; empty: the role's own font.
    east_asian : str
        The font of Chinese characters in every role; empty: the role's own font (a brief in
        English names a Chinese font here for the ledger's Chinese names).

    Examples
    --------
    >>> FONTS["zh"].faces("title")
    ('Times New Roman', '方正小标宋简体')
    >>> FONTS["en"].faces("body")
    ('Calibri', 'Microsoft YaHei')
    """

    title: str = "方正小标宋简体"
    heading: str = "黑体"
    subheading: str = "楷体_GB2312"
    body: str = "仿宋_GB2312"
    latin: str = "Times New Roman"
    east_asian: str = ""

    def faces(self, role: str) -> tuple[str, str]:
        """Return the (Latin, East Asian) fonts of a role: ``title``, ``heading``, ``subheading`` or ``body``."""
        own = getattr(self, role)
        return self.latin or own, self.east_asian or own


FONTS = {"zh": Fonts(),
         "en": Fonts(title="Calibri", heading="Calibri", subheading="Calibri", body="Calibri", latin="",
                     east_asian="Microsoft YaHei")}
"""The fonts of the brief by language: the 公文 fonts for Chinese; Calibri (Carlito where LibreOffice has no
Calibri), with Microsoft YaHei for Chinese names, for English."""


@dataclass(frozen=True)
class Layout:
    """The page and the type sizes of a brief in a language (sizes in points, margins in millimetres)."""

    margins: tuple[float, float, float, float]  # top, bottom, left, right
    title: float
    subtitle: float
    body: float
    heading: float
    subheading: float
    table: float
    caption: float
    line: float  # the body's line spacing: exactly this many points (0: a multiple of the font size, ``lines``)
    lines: float = 1.15
    indent: bool = False  # the body's first line indented by two characters (Chinese)
    page_number: str = "{}"  # the page number at the foot: "— {} —"
    heading_bold: bool = True
    colour: str = "000000"  # the headings' colour


LAYOUTS = {"zh": Layout(margins=(37, 35, 28, 26), title=22, subtitle=16, body=16, heading=16, subheading=16,
                        table=10.5, caption=12, line=28, indent=True, page_number="— {} —", heading_bold=False),
           "en": Layout(margins=(25, 25, 25, 25), title=20, subtitle=11, body=11, heading=14, subheading=12,
                        table=9.5, caption=9, line=0, colour="1F3A56")}
"""The layout of the brief by language: GB/T 9704 for Chinese (三号 body on 28 pt lines, 二号 title), a plain
A4 business layout for English."""

ROLES = {"Title": "title", "Subtitle": "body", "Heading 1": "heading", "Heading 2": "subheading",
         "Heading 3": "body"}
"""The font role of the styles that do not take the body's fonts (the ``... Char`` styles linked to them too)."""

def theme_attributes(xml_root: Any) -> list[str]:
    """Return the theme font attributes (``w:asciiTheme``, ``w:cstheme``...) left in an XML tree.

    Examples
    --------
    >>> theme_attributes(new_document("zh").styles.element)
    []
    """
    found = []
    for element in xml_root.iter(qn("w:rFonts")):
        found += [name for name in element.attrib if name.lower().endswith("theme")]
    return found


def _set_fonts(rpr: Any, latin: str, east_asian: str) -> None:
    """Name the Latin and East Asian fonts on a run-properties element, with no theme font left on it."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for name in list(fonts.attrib):
        if name.lower().endswith("theme") or name == qn("w:hint"):
            del fonts.attrib[name]
    for attr, font in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asian), ("w:cs", latin)):
        fonts.set(qn(attr), font)


def _doc_defaults(document: Any, fonts: Fonts, layout: Layout, lang: str) -> None:
    """Set the document defaults (``w:docDefaults``): the body's fonts and size, the language, no theme font."""
    styles = document.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr, *fonts.faces("body"))
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), str(round(layout.body * 2)))
    language = rpr.find(qn("w:lang"))
    language.set(qn("w:val"), "zh-CN" if lang == "zh" else "en-GB")
    language.set(qn("w:eastAsia"), "zh-CN")


def _base_style(style: Any, font: tuple[str, str], size: float, bold: bool = False, colour: str = "000000") -> None:
    """Give a style its fonts, size, weight and colour, and nothing else of the template's character formatting."""
    rpr = style.element.get_or_add_rPr()
    for child in list(rpr):
        rpr.remove(child)
    _set_fonts(rpr, *font)
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor.from_string(colour)


def _spacing(style: Any, layout: Layout, before: float = 0, after: float = 0, exact: float | None = None,
             align: Any = None, indent: bool = False, keep: bool = False) -> None:
    """Set a paragraph style's spacing, alignment, first-line indent and keeping with the next paragraph."""
    pf = style.paragraph_format
    ppr = style.element.get_or_add_pPr()
    for child in list(ppr):
        ppr.remove(child)
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    line = layout.line if exact is None else exact
    if line:
        pf.line_spacing_rule, pf.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(line)
    else:
        pf.line_spacing = layout.lines
    pf.alignment = WD_ALIGN_PARAGRAPH.LEFT if align is None else align  # (not the body's, on styles based on it)
    pf.first_line_indent = Pt(2 * layout.body) if indent else Pt(0)
    pf.keep_with_next = keep
    pf.widow_control = True


def _paragraph_style(document: Any, name: str) -> Any:
    styles = document.styles
    try:
        return styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.quick_style = True
        return style


def _styles(document: Any, fonts: Fonts, layout: Layout) -> None:
    """Define the brief's styles, and name the fonts of every other style of the template (no theme font left)."""
    body, centre = fonts.faces("body"), WD_ALIGN_PARAGRAPH.CENTER
    normal = document.styles["Normal"]
    _base_style(normal, body, layout.body)
    _spacing(normal, layout, after=0 if layout.indent else 6, indent=layout.indent,
             align=WD_ALIGN_PARAGRAPH.JUSTIFY if layout.indent else None)
    title = document.styles["Title"]
    _base_style(title, fonts.faces("title"), layout.title, bold=not layout.indent, colour=layout.colour)
    _spacing(title, layout, after=layout.body if layout.indent else 4, exact=round(layout.title * 1.6) if layout.line
             else None, align=centre if layout.indent else None, keep=True)
    subtitle = document.styles["Subtitle"]
    _base_style(subtitle, body, layout.subtitle, colour="000000" if layout.indent else "5F6B76")
    _spacing(subtitle, layout, after=layout.body if layout.indent else 12, align=centre if layout.indent else None,
             keep=True)
    for level, role, size in ((1, "heading", layout.heading), (2, "subheading", layout.subheading),
                              (3, "body", layout.body)):
        style = document.styles[f"Heading {level}"]
        _base_style(style, fonts.faces(role), size, bold=layout.heading_bold,
                    colour=layout.colour if level < 3 else "000000")
        _spacing(style, layout, before=0 if layout.indent else 12 - 3 * level, after=0 if layout.indent else 4,
                 indent=layout.indent, keep=True)
        style.paragraph_format.widow_control = True
        style.element.get_or_add_pPr().append(_outline(level - 1))
    for name, size, align, bold in (("Table Text", layout.table, None, False),
                                    ("Table Number", layout.table, WD_ALIGN_PARAGRAPH.RIGHT, False),
                                    ("Table Heading", layout.table, centre, True),
                                    ("Caption", layout.caption, centre if layout.indent else None, False),
                                    ("Figure", layout.body, centre, False),
                                    ("Date", layout.body, WD_ALIGN_PARAGRAPH.RIGHT, False),
                                    ("Footer", 14 if layout.indent else 9, centre, False)):
        style = _paragraph_style(document, name)
        _base_style(style, fonts.faces("heading" if bold and layout.indent else "body"), size,
                    bold=bold and not layout.indent)
        _spacing(style, layout, exact=0, align=align, after=6 if name == "Caption" else 0,
                 keep=name in ("Figure", "Table Heading", "Caption"))
        style.paragraph_format.line_spacing = 1.0
    for style in list(document.styles):  # the template's table styles in its theme's colours: only the grid stays
        if style.type == WD_STYLE_TYPE.TABLE and style.name not in ("Normal Table", "Table Grid"):
            style.delete()
    _table_style(document, fonts)
    for style in document.styles:  # every other style: the fonts of its role, no theme font
        if style.type == WD_STYLE_TYPE.LIST:
            continue
        role = ROLES.get(style.name.removesuffix(" Char"), "body")
        _set_fonts(style.element.get_or_add_rPr(), *fonts.faces(role))


def _outline(level: int) -> Any:
    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level))
    return element


def _table_style(document: Any, fonts: Fonts) -> None:
    """Add ``Brief Table``: single black rules around and between every cell, the header row shaded."""
    styles = document.styles
    style = styles.add_style("Brief Table", WD_STYLE_TYPE.TABLE)
    style.base_style = styles["Table Grid"]
    _set_fonts(style.element.get_or_add_rPr(), *fonts.faces("body"))
    tblpr = style.element.find(qn("w:tblPr"))
    if tblpr is None:
        tblpr = OxmlElement("w:tblPr")
        style.element.append(tblpr)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        for attr, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            edge.set(qn(attr), value)
        borders.append(edge)
    tblpr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for side, width in (("left", "85"), ("right", "85")):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), width)
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    tblpr.append(margins)


def _page(document: Any, layout: Layout) -> None:
    """Set A4 portrait and the margins, and put the page number (a ``PAGE`` field) at the foot of every page."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    top, bottom, left, right = layout.margins
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance, section.footer_distance = Mm(15), Mm(max(bottom - 28, 10))
    foot = section.footer.paragraphs[0]
    foot.style = document.styles["Footer"]
    before, _, after = layout.page_number.partition("{}")
    if before:
        foot.add_run(before)
    _field(foot, "PAGE", "1")
    if after:
        foot.add_run(after)


def _field(paragraph_: Any, instruction: str, shown: str) -> None:
    """Add a field (``PAGE``) to a paragraph: begin, instruction, separate, the text shown until updated, end."""
    def char(kind: str) -> Any:
        run = paragraph_.add_run()
        mark = OxmlElement("w:fldChar")
        mark.set(qn("w:fldCharType"), kind)
        run._r.append(mark)
        return run
    char("begin")
    code = paragraph_.add_run()._r
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    code.append(text)
    char("separate")
    paragraph_.add_run(shown)
    char("end")


def new_document(lang: str, fonts: Fonts | None = None) -> Any:
    """Return an empty brief: A4, the language's layout (:data:`LAYOUTS`), its styles and fonts, page numbers.

    Parameters
    ----------
    lang : {"en", "zh"}
    fonts : Fonts, optional
        One font per role; default the language's (:data:`FONTS`).

    Returns
    -------
    docx.document.Document

    Examples
    --------
    >>> d = new_document("zh")
    >>> round(d.sections[0].top_margin.mm), d.styles["Normal"].font.size.pt, d.styles["Normal"].font.name
    (37, 16.0, 'Times New Roman')
    >>> d.styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsia"))
    '黑体'
    """
    lang = labels.check_lang(lang)
    fonts = fonts or FONTS[lang]
    layout = LAYOUTS[lang]
    document = Document()
    for rid, rel in list(document.part.rels.items()):  # Word 2010's copy of the styles, with theme fonts
        if rel.reltype.endswith("/stylesWithEffects"):
            document.part.drop_rel(rid)
    props = document.core_properties
    props.author, props.comments, props.last_modified_by = "", "", ""
    props.language = "zh-CN" if lang == "zh" else "en-GB"
    for element in (document.styles.element, document.element):
        for fonts_element in element.iter(qn("w:rFonts")):
            for name in [n for n in fonts_element.attrib if n.lower().endswith("theme")]:
                del fonts_element.attrib[name]
    _doc_defaults(document, fonts, layout, lang)
    _styles(document, fonts, layout)
    _page(document, layout)
    settings = document.settings.element
    language = OxmlElement("w:themeFontLang")
    language.set(qn("w:val"), "zh-CN" if lang == "zh" else "en-GB")
    language.set(qn("w:eastAsia"), "zh-CN")
    for old in settings.findall(qn("w:themeFontLang")):
        settings.remove(old)
    settings.append(language)
    return document
