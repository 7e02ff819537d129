"""The Word brief's building blocks: paragraphs, headings, tables and pictures of charts (python-docx, vl-convert).

Pure functions over python-docx objects; what the brief says is chosen in
:mod:`yubei_lib.runner.docx_content`, its page and styles are :mod:`yubei_lib.present.docx_styles`.
Text is put in styles only (no fonts or sizes on the text), tables in the ``Brief Table``
style with their header repeated on each page, and charts as PNG pictures drawn offline by
vl-convert for the printed width (text of at least 7 pt), each with its alt text.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from yubei_lib.present import labels
from yubei_lib.present.docx_styles import FONTS, LAYOUTS, Fonts, Layout, new_document, theme_attributes

__all__ = ["FONTS", "LAYOUTS", "Drawn", "Fonts", "Layout", "chart_png", "clean", "heading", "new_document", "paragraph",
           "picture", "table", "text_width", "theme_attributes"]


_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: object) -> str:
    """Return text that a Word document can hold: control characters (not allowed in its XML) dropped.

    Examples
    --------
    >>> clean("区\\x0b投资\\x00促进局"), clean(None)
    ('区投资促进局', '')
    """
    return _XML_UNSAFE.sub("", "" if text is None else str(text))


def paragraph(document: Any, text: str, style: str = "Normal") -> Any:
    """Add a paragraph of text in a style; return it."""
    return document.add_paragraph(clean(text), style=document.styles[style])


def heading(document: Any, text: str, level: int) -> Any:
    """Add a heading (``Heading 1``-``Heading 3``) whose text carries its own number (``一、``, ``（一）``)."""
    return paragraph(document, text, f"Heading {level}")


def table(document: Any, header: list[str], rows: list[list[str]], numeric: list[bool] | None = None,
          widths: list[float] | None = None, total: bool = False) -> Any:
    """Add a table in the ``Brief Table`` style: a header row repeated on each page, then the rows.

    Parameters
    ----------
    document : docx.document.Document
    header : list of str
        The column headings (``Table Heading``).
    rows : list of list of str
        The cells, already worded (``Table Text``, or ``Table Number`` in a numeric column).
    numeric : list of bool, optional
        Which columns hold figures (right-aligned).
    widths : list of float, optional
        Relative column widths (the table spans the text width).
    total : bool
        The last row is a total (合计): its cells in the heading style.

    Returns
    -------
    docx.table.Table

    Examples
    --------
    >>> d = new_document("zh")
    >>> t = table(d, ["指标", "本期"], [["签约金额", "826亿元"], ["合计", "826亿元"]], [False, True], total=True)
    >>> t.style.name, t.cell(1, 1).paragraphs[0].style.name, t.cell(2, 0).paragraphs[0].style.name
    ('Brief Table', 'Table Number', 'Table Heading')
    """
    numeric = numeric or [False] * len(header)
    grid = document.add_table(rows=1 + len(rows), cols=len(header))
    grid.style = document.styles["Brief Table"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    section = document.sections[-1]
    span = section.page_width - section.left_margin - section.right_margin
    shares = widths or [1.0] * len(header)
    grid.autofit = False
    for column, share in zip(grid.columns, shares):
        width = int(span * share / sum(shares))
        column.width = width  # the grid, which LibreOffice reads, and each cell, which Word reads
        for cell in column.cells:
            cell.width = width
    ids = {name: document.styles[name].style_id for name in ("Table Heading", "Table Number", "Table Text")}
    cells = [row.cells for row in grid.rows]
    for i, text in enumerate(header):
        _fill(cells[0][i], ids["Table Heading"], text)
    row_pr = grid.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row_pr.append(repeat)
    for r, values in enumerate(rows, start=1):
        last = total and r == len(rows)
        for i, text in enumerate(values):
            style = "Table Heading" if last and i == 0 else ("Table Number" if numeric[i] else "Table Text")
            _fill(cells[r][i], ids[style], text)
    _keep_together(grid, len(rows) < KEEP_ROWS)
    return grid


KEEP_ROWS = 16
"""A table of fewer rows is kept on one page; a longer one breaks between rows (its header repeated)."""


def _keep_together(grid: Any, whole: bool) -> None:
    """Never break a row across pages; with ``whole``, keep every row with the next (the table on one page)."""
    rows = grid.rows
    for n, row in enumerate(rows):
        row_pr = row._tr.get_or_add_trPr()
        row_pr.append(OxmlElement("w:cantSplit"))
        if whole and n < len(rows) - 1:
            for cell in row.cells:
                cell.paragraphs[0].paragraph_format.keep_with_next = True


def _fill(cell: Any, style_id: str, text: object) -> None:
    """Write a cell's text in its paragraph style (given by id: looking a style up by name is slow)."""
    holder = cell.paragraphs[0]
    holder._p.style = style_id
    holder.add_run(clean(text))


def picture(document: Any, png: bytes, alt: str, width_pt: float, name: str = "") -> Any:
    """Add a picture in its own ``Figure`` paragraph, ``width_pt`` wide, with its alt text (``docPr descr``).

    Examples
    --------
    >>> import base64
    >>> png = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
    >>> d = new_document("en")
    >>> p = picture(d, png, "A chart of signed value", 200)
    >>> p.style.name, d.inline_shapes[0]._inline.docPr.get("descr")
    ('Figure', 'A chart of signed value')
    """
    holder = document.add_paragraph(style=document.styles["Figure"])
    run = holder.add_run()
    shape = run.add_picture(io.BytesIO(png), width=Pt(width_pt))
    described = shape._inline.docPr
    described.set("descr", clean(alt))
    if name:
        described.set("name", clean(name))
    return holder


def text_width(lang: str) -> float:
    """Return the width of the text on an A4 page of the brief, in points.

    Examples
    --------
    >>> round(text_width("zh")), round(text_width("en"))
    (442, 454)
    """
    _, _, left, right = LAYOUTS[labels.check_lang(lang)].margins
    return (210 - left - right) / 25.4 * 72


@dataclass(frozen=True)
class Drawn:
    """A chart drawn for the brief: its PNG (at twice the size), title, alt text and width on the page in points."""

    png: bytes
    title: str
    alt: str
    width: float


def chart_png(chart, lang: str, width: float, min_pt: float = 7.0) -> Drawn:
    """Draw a chart offline (vl-convert) for the brief's page.

    The chart is drawn for the printed width: its view narrowed until its smallest text,
    shrunk to at most ``width`` points (the page's text), is at least ``min_pt`` points high.
    Its alt text is its title and its one-line description.
    """
    import vl_convert

    from yubei_lib.present.theme import SIZES

    spec = chart.to_dict()
    smallest = min([*SIZES.values(), *_font_sizes(spec)])
    view = 520
    while True:
        spec["width"] = view
        png = vl_convert.vegalite_to_png(spec, vl_version=_vl_version(), scale=2)
        pixels = int.from_bytes(png[16:20], "big") / 2  # the PNG's width (IHDR), at scale 1
        shown = min(width, pixels * 0.75)  # a pixel is 0.75 pt at 96 dpi
        if smallest * shown / pixels >= min_pt or view <= 280:
            break
        view -= 40
    title = spec.get("title", {})
    title = title.get("text", "") if isinstance(title, dict) else str(title)
    alt = (f"{title}{'：' if lang == 'zh' else ': '}" if title else "") + str(spec.get("description", ""))
    return Drawn(png, str(title), alt, shown)


def _vl_version() -> str:
    import altair as alt

    return alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]


def _font_sizes(node: object) -> list[float]:
    """Return every font size a chart spec names (``fontSize``, ``labelFontSize``...)."""
    found: list[float] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key.lower().endswith("fontsize") and isinstance(value, (int, float)):
                found.append(float(value))
            else:
                found += _font_sizes(value)
    elif isinstance(node, list):
        for value in node:
            found += _font_sizes(value)
    return found
