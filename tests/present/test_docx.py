"""The Word brief's building blocks: tables across the text width, pictures with alt text, text kept whole."""

from __future__ import annotations

import base64
import io

from docx import Document
from docx.oxml.ns import qn

from present.test_docx_styles import saved
from yubei_lib.present.docx import clean, new_document, paragraph, picture, table

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def test_a_table_spans_the_text_width_repeats_its_header_and_styles_its_total():
    d = new_document("zh")
    t = table(d, ["单位", "红", "黄"], [["甲局", "2", "1"], ["全区合计", "2", "1"]], [False, True, True],
              widths=[2, 1, 1], total=True)
    s = d.sections[0]
    span = s.page_width - s.left_margin - s.right_margin
    assert abs(sum(c.width for c in t.columns) - span) <= 3 * 635  # (widths are whole twips)
    assert t.columns[0].width > t.columns[1].width
    assert t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    styles = [[c.paragraphs[0].style.name for c in row.cells] for row in t.rows]
    assert styles == [["Table Heading"] * 3, ["Table Text", "Table Number", "Table Number"],
                      ["Table Heading", "Table Number", "Table Number"]]
    assert t.style.name == "Brief Table"


def test_a_picture_has_its_alt_text_and_width():
    d = new_document("zh")
    holder = picture(d, PNG, "图1　年度累计签约金额与目标：实线为累计签约金额。", 400, name="图1")
    shape = d.inline_shapes[0]
    assert holder.style.name == "Figure"
    assert shape._inline.docPr.get("descr").startswith("图1")
    assert round(shape.width.pt) == 400


def test_text_from_the_ledger_is_kept_whole_but_control_characters():
    d = new_document("en")
    p = paragraph(d, "<b>A & B</b>\x0b\x07")
    assert p.text == "<b>A & B</b>"
    assert Document(io.BytesIO(saved(d))).paragraphs[-1].text == "<b>A & B</b>"
    assert clean("\ufffe甲") == "甲"
