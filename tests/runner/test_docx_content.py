"""What the Word briefs of the shared quarterly pack say: figures as ``yubei metrics`` gives them, fonts, layout.

The pack (``tests/conftest.py``) is made with ``--docx``; its ``brief.docx`` and
``brief.zh.docx`` are opened with python-docx here and compared with ``yubei metrics`` and
with the pages' own functions on the same data.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import pandas as pd
import pytest
from docx import Document
from docx.oxml.ns import qn
from typer.testing import CliRunner

from yubei_lib.cli import app
from yubei_lib.config import SAMPLE
from yubei_lib.present import labels, wording
from yubei_lib.present.amounts import money_column
from yubei_lib.present.docx import text_width
from yubei_lib.runner.docx import docx_name
from yubei_lib.runner.docx_content import main_keys, period_words, points_cell, yoy_cell
from yubei_lib.runner.fonts import chinese

pytestmark = pytest.mark.slow


def folder(pack):
    return pack / "2020-Q4" / "yubei"


def brief(pack, lang):
    return Document(str(folder(pack) / docx_name(lang)))


def yubei_metrics(as_of: str) -> dict:
    """Return Yubei's row of ``yubei metrics --format json`` on the pack's data."""
    result = CliRunner().invoke(app, ["metrics", "--as-of", as_of, "--format", "json",
                                      "--investment", str(SAMPLE / "investment.xlsx"),
                                      "--activities", str(SAMPLE / "activities.xlsx")])
    assert result.exit_code == 0, result.output
    return next(r for r in json.loads(result.output)["districts"] if r["district"] == "Yubei")


@pytest.fixture(scope="module")
def metrics():
    """``yubei metrics`` of the pack's data, Yubei's row."""
    return yubei_metrics("2020Q4")


@pytest.fixture(scope="module")
def page_of():
    from yubei_lib.pages.page import open_page

    pages = {}

    def get(lang):
        if lang not in pages:
            pages[lang] = open_page(as_of="2020Q4", district="Yubei", lang=lang,
                                    investment=str(SAMPLE / "investment.xlsx"),
                                    activities=str(SAMPLE / "activities.xlsx"))
        return pages[lang]
    return get


def text_of(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def rows_of(table) -> list[list[str]]:
    return [[text_of(tc) for tc in tr.iter(qn("w:tc"))] for tr in table.iter(qn("w:tr"))]


def table_after(document, caption_start):
    """Return the rows (cell texts) of the table whose caption starts with the given text."""
    found = False
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p") and text_of(child).startswith(caption_start):
            found = True
        elif found and child.tag == qn("w:tbl"):
            return rows_of(child)
    raise AssertionError(f"no table captioned {caption_start!r}")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_title_says_district_period_and_the_synthetic_mark(quarterly_pack, lang):
    d = brief(quarterly_pack, lang)
    title = next(p for p in d.paragraphs if p.style.name == "Title").text
    district = labels.name("district", "Yubei", lang)
    assert district in title and period_words(pd.Timestamp("2020-12-31"), lang) in title
    if lang == "zh":
        assert title == "渝北区2020年1-12月招商引资工作情况"
    subtitle = next(p for p in d.paragraphs if p.style.name == "Subtitle").text
    assert labels.t("synthetic", lang) in subtitle and labels.date("2020-12-31", lang) in subtitle


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_key_messages_are_the_summary_pages(quarterly_pack, page_of, lang):
    from yubei_lib.pages.summary import message_lines

    texts = [p.text for p in brief(quarterly_pack, lang).paragraphs]
    lines = message_lines(page_of(lang))
    start = texts.index(lines[0])
    assert texts[start:start + len(lines)] == lines


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_main_figures_are_yubei_metrics_formatted_as_on_the_pages(quarterly_pack, metrics, page_of, lang):
    d = brief(quarterly_pack, lang)
    rows = table_after(d, labels.t("docx_table", lang, n=1, title=""))
    header, body = rows[0], {r[0]: r for r in rows[1:]}
    now = header.index(labels.t("docx_now", lang))
    keys = main_keys(page_of(lang))
    assert "visits_out_main_ytd" in keys and "new_projects_investment_ytd" in keys
    money = money_column([metrics[k] for k in keys if wording.is_money(k)], lang)  # one format for the column
    for key in keys:
        shown = money(metrics[key]) if wording.is_money(key) else wording.key_value(key, metrics[key], lang)
        assert body[wording.key_name(key, lang)][now] == shown, key
    signed = body[wording.key_name("signed_value_ytd", lang)]
    assert signed[header.index(labels.t("docx_attainment", lang))].startswith(
        labels.percent(metrics["target_attainment"], lang))


def effective_east_asian(document, paragraph, run) -> str | None:
    """Return the East Asian font in effect for a run: the run's, its character style's, its paragraph style's
    (each with the styles it is based on), else the document defaults'."""
    def from_rpr(rpr):
        fonts = None if rpr is None else rpr.find(qn("w:rFonts"))
        return None if fonts is None else fonts.get(qn("w:eastAsia"))

    def from_style(style):
        while style is not None:
            found = from_rpr(style.element.find(qn("w:rPr")))
            if found:
                return found
            style = style.base_style
        return None

    found = from_rpr(run._r.find(qn("w:rPr")))
    if not found and run._r.rPr is not None and run._r.rPr.rStyle is not None:
        found = from_style(document.styles.get_by_id(run._r.rPr.rStyle.val, 2))  # (2: a character style)
    found = found or from_style(paragraph.style)
    if not found:
        defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
        found = from_rpr(defaults.find(qn("w:rPr")))
    return found


def paragraphs_everywhere(document):
    yield from document.paragraphs
    for t in document.tables:
        for row in t.rows:
            for cell in row.cells:
                yield from cell.paragraphs
    for section in document.sections:
        yield from section.footer.paragraphs


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_run_of_chinese_text_has_an_east_asian_font_and_no_theme_font_is_left(quarterly_pack, lang):
    path = folder(quarterly_pack) / docx_name(lang)
    d = Document(str(path))
    runs = [(p, r) for p in paragraphs_everywhere(d) for r in p.runs if chinese(r.text)]
    assert len(runs) > (50 if lang == "zh" else 0)  # (the English brief names the units of the ledger)
    missing = [r.text for p, r in runs if not effective_east_asian(d, p, r)]
    assert not missing
    with zipfile.ZipFile(path) as z:
        themed = [name for name in z.namelist() if name.endswith(".xml")
                  and re.search(rb"w:\w*[tT]heme=", z.read(name))]
    assert not themed


def test_the_chinese_brief_keeps_the_gongwen_page_and_numbering(quarterly_pack):
    d = brief(quarterly_pack, "zh")
    s = d.sections[0]
    assert [round(m.mm) for m in (s.page_width, s.page_height, s.top_margin, s.bottom_margin, s.left_margin,
                                  s.right_margin)] == [210, 297, 37, 35, 28, 26]
    first = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert first[0] == "一、总体情况" and all(re.match("[一二三四五六七八九十]、", h) for h in first)
    assert len(first) >= 6
    second = [p.text for p in d.paragraphs if p.style.name == "Heading 2"]
    assert second and all(re.match("（[一二三四五六七八九十]）", h) for h in second)
    styles = {p.style.name for p in d.paragraphs}
    assert {"Title", "Subtitle", "Heading 1", "Heading 2", "Normal", "Caption", "Figure", "Date"} <= styles
    direct = [r.text for p in d.paragraphs for r in p.runs if r._r.rPr is not None and r._r.rPr.rFonts is not None]
    assert not direct  # fonts come from the styles, never set on the text


def test_the_warnings_table_counts_each_unit_with_the_districts_total(quarterly_pack, page_of):
    from yubei_lib.pages.page import supervision
    from yubei_lib.present import supervision as words

    d = brief(quarterly_pack, "zh")
    tables = [rows_of(t._tbl) for t in d.tables]
    units = next(t for t in tables if t[0][0] == "责任单位" and "■ 红色预警" in t[0])
    s = supervision(page_of("zh"))
    assert units[-1][0] == "全区合计"
    red = units[0].index("■ 红色预警")
    assert int(units[-1][red]) == s.totals["red"] == sum(int(r[red]) for r in units[1:-1])
    reds = next(t for t in tables if t[0][:2] == ["责任单位", "项目名称"])
    stages = words.list_frame(s, "zh")
    assert len(reds) - 1 == min(int((stages["status"] == "red").sum()), 40)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_chart_is_a_picture_with_alt_text_within_the_text_width(quarterly_pack, lang):
    d = brief(quarterly_pack, lang)
    shapes = list(d.inline_shapes)
    assert len(shapes) >= 4  # signed value, ranks, cohorts, outreach
    for shape in shapes:
        alt = shape._inline.docPr.get("descr")
        assert alt and len(alt) > 20
        assert shape.width.pt <= text_width(lang) + 0.5
    if lang == "zh":
        assert all(chinese(s._inline.docPr.get("descr")) for s in shapes)
    first = labels.t("docx_figure", lang, n=0, title="")[0]  # 图 or F (tables: 表 or T)
    captions = [p.text for p in d.paragraphs if p.style.name == "Caption" and p.text.startswith(first)]
    assert len(captions) == len(shapes)
    for n, (caption, shape) in enumerate(zip(captions, shapes), start=1):  # 图n, then the chart's whole title
        title = caption.removeprefix(labels.t("docx_figure", lang, n=n, title=""))
        assert title and shape._inline.docPr.get("descr").startswith(title), (caption, title)


def test_a_chart_is_drawn_with_text_of_at_least_7_pt_on_a4(page_of):
    from yubei_lib.pages.district_rankings import ranking_chart
    from yubei_lib.present.docx import _font_sizes, chart_png
    from yubei_lib.present.theme import SIZES

    chart = ranking_chart(page_of("zh"), "composite_score")
    drawn = chart_png(chart, "zh", text_width("zh"))
    png, alt, width = drawn.png, drawn.alt, drawn.width
    pixels = int.from_bytes(png[16:20], "big") / 2
    smallest = min([*SIZES.values(), *_font_sizes(chart.to_dict())])
    assert smallest * width / pixels >= 7
    assert width <= text_width("zh") and drawn.title == "2020年第四季度区县排名：综合得分"  # the title says its period
    assert alt.startswith(drawn.title + "：")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_same_period_last_year_row_of_each_figure(quarterly_pack, metrics, page_of, lang):
    d = brief(quarterly_pack, lang)
    rows = table_after(d, labels.t("docx_table", lang, n=1, title=""))
    header, body = rows[0], {r[0]: r for r in rows[1:]}
    last, change = header.index(labels.t("docx_prev_year", lang)), header.index(labels.t("docx_yoy", lang))
    if lang == "zh":
        assert header == ["指标", "本期", "上年同期", "同比", "目标", "完成率/状态"]
    before = yubei_metrics("2019-12-31")  # the same day a year earlier
    keys = main_keys(page_of(lang))
    flows = [k for k in keys if f"{k}_prev_year" in metrics]
    assert flows[:3] == ["signed_value_ytd", "signed_count_ytd", "realized_capital_ytd"]
    money = money_column([metrics[f"{k}_prev_year"] for k in flows if wording.is_money(k)], lang)
    for key in flows:
        row = body[wording.key_name(key, lang)]
        value = metrics[f"{key}_prev_year"]
        assert row[last] == (money(value) if wording.is_money(key) else wording.key_value(key, value, lang)), key
        assert metrics[f"{key}_prev_year"] == before[key] or before[key] is None, key  # figure 20 is last year's figure
        growth = metrics[f"{key}_yoy"]
        assert row[change] == (yoy_cell(growth) if growth is not None else row[change]), key
    signed = body[wording.key_name("signed_value_ytd", lang)][change]
    assert re.fullmatch(r"[+−±]\d+\.\d%", signed)
    for key in [k for k in keys if k not in flows]:  # the rates: last year's rate, the change in points
        row = body[wording.key_name(key, lang)]
        assert row[last] == wording.key_value(key, before[key], lang), key
        assert row[change] == points_cell(metrics[key] - before[key], lang), key
        assert row[change].endswith("个百分点" if lang == "zh" else " pts")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_pace_or_projection_once_the_year_is_over(quarterly_pack, page_of, lang):
    from yubei_lib.pages.summary import _figures

    d = brief(quarterly_pack, lang)
    text = "\n".join(p.text for p in paragraphs_everywhere(d))
    assert not re.search(r"\bpace\b|projected|序时|预计", text)
    signed = _figures(page_of(lang))["key"].loc["signed_value"]
    reached = labels.t("tile_target_signed_done", lang, target=labels.money(signed["target"], lang),
                       attainment=labels.percent(signed["attainment"], lang))
    assert sum(reached in p.text for p in d.paragraphs) == 1  # the signed value's paragraph, without the pace


MONEY_CELL = {"zh": re.compile(r"(?P<number>\d+(?:\.(?P<decimals>\d+))?)(?P<unit>亿元|万元|元)"),
              "en": re.compile(r"CNY (?P<number>[\d,]+(?:\.(?P<decimals>\d+))?)(?: (?P<unit>bn|m))?")}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_money_column_of_the_briefs_tables_has_one_unit_and_one_number_of_decimals(quarterly_pack, lang):
    d = brief(quarterly_pack, lang)
    columns_with_money = 0
    for table in d.tables:
        rows = rows_of(table._tbl)
        for n in range(len(rows[0])):
            cells = [MONEY_CELL[lang].fullmatch(row[n]) for row in rows[1:] if n < len(row)]
            formats = {(m["unit"], len(m["decimals"] or "")) for m in cells if m}
            assert len(formats) <= 1, (rows[0][n], [row[n] for row in rows[1:]])
            columns_with_money += len(formats) == 1
    assert columns_with_money >= 3  # this period, the same period last year, the target
    main = {r[0]: r for r in table_after(d, labels.t("docx_table", lang, n=1, title=""))[1:]}
    signed, capital = main[wording.key_name("signed_value_ytd", lang)], main[wording.key_name("realized_capital_ytd", lang)]
    if lang == "zh":
        assert (signed[1], capital[1], signed[2], capital[2]) == ("826.0亿元", "190.0亿元", "1416.0亿元", "481.4亿元")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_office_brief_says_why_there_is_no_rank_without_an_option_a_path_or_utc(lang):
    """The office's own ledger without the city's table: the brief quotes the rankings page's reason, nothing more."""
    from yubei_lib.pages.district_rankings import _missing
    from yubei_lib.pages.page import open_page
    from yubei_lib.runner.docx import brief_bytes

    parameters = {"as_of": "2020Q4", "district": "Yubei", "lang": lang,
                  "projects": str((SAMPLE / "yubei_projects.xlsx").resolve()),
                  "capital": str((SAMPLE / "yubei_capital.xlsx").resolve())}
    data = brief_bytes(parameters, generated="2021-01-05")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {name: z.read(name).decode("utf-8") for name in z.namelist() if name.endswith(".xml")}
    texts = {name: "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)) for name, xml in parts.items()}
    for name, text in texts.items():
        assert not re.search(r"(?<![\w-])--\w", text), (name, text)
        assert "UTC" not in text, name
    for name, xml in parts.items():  # nor anywhere in the file: its properties, its parts
        assert str(SAMPLE.resolve()) not in xml and not re.search(r"(?<![\w/])/(?:tmp|home|work|usr)/", xml), name
        assert not re.search(r"[A-Za-z]:\\\\", xml), name
    reason = wording.missing_text(_missing(open_page(**parameters)), lang, limit=None)
    assert reason.startswith(labels.t("no_rank_why", lang, n=21, names="")[:8])
    d = Document(io.BytesIO(data))
    said = [p.text for p in d.paragraphs if p.text.startswith(reason)]
    assert said == [reason + ("。" if lang == "zh" else ".")]  # the section on the ranks, as a sentence
    assert reason in texts["word/document.xml"]
    assert not [t for t in d.tables if labels.t("rank", lang) in rows_of(t._tbl)[0]]  # no table of ranks
