"""Chart builders of the report pages: aggregated frame in, Altair chart out.

Each builder takes a tidy frame that is ALREADY AGGREGATED (the output of
:mod:`yubei_lib.figures`, one row
per bar, point or cell) and returns an :class:`altair.Chart` (or a layer of charts); it
displays nothing, saves nothing and sets no colours or fonts of its own: the theme of
:mod:`yubei_lib.present.theme` does, and the report's own district is drawn in
:data:`yubei_lib.present.theme.HIGHLIGHT`, the others in :data:`yubei_lib.present.theme.MUTED`.

Every chart is as wide as its container (``width="container"``: a 390-px phone sees the
whole chart), which the page keeps no wider than the printed width of A4
(:data:`yubei_lib.present.theme.PAPER_WIDTH`), so that a chart prints at the size it is drawn;
:func:`fixed_width` gives a chart a width of its own, to draw it to an image. Every chart has a ``title`` and a one-line ``description``
in the page's language (Vega makes it the SVG's ``aria-label``; the page template writes
both in the ``<figcaption>``).

The chart's data are the input's rows, never more: only the columns a builder needs,
plus display columns it adds (``*_label`` names and ``*_text`` strings formatted by
:mod:`yubei_lib.present.labels`). Money stays in yuan in the data; a ``calculate`` transform
adds ``<column>_scaled`` in the chart's one unit (:mod:`yubei_lib.present.charts.money`)
for the axes, and the money written on the chart and in its tooltips is
in that same unit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence

import altair as alt
import pandas as pd

from yubei_lib.figures.frames import canonical_district
from yubei_lib.present import labels, theme
from yubei_lib.present.labels import t

WIDTH = "container"
"""Width of every chart: its container's (``figure.chart`` / ``.vega-chart``, 100 % wide)."""

MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
"""English month abbreviations, independent of the machine's locale."""

def take_columns(frame: pd.DataFrame, columns: Sequence[str], builder: str) -> pd.DataFrame:
    """Return a copy of the frame's ``columns``, or raise naming the builder and what is missing."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{builder}: the frame lacks column(s) {', '.join(missing)}; it has "
                         f"{', '.join(map(str, frame.columns))}")
    return frame.loc[:, list(columns)].reset_index(drop=True).copy()


def format_all(values: pd.Series, fmt, lang: str) -> list[str]:
    """Format each value with ``fmt(value, lang)``."""
    return [fmt(v, lang) for v in values]


def canonical_districts(values: pd.Series) -> pd.Series:
    """Return district names as their English names (other values as they are), as text."""
    return values.map(canonical_district).astype("str")


def text_width(text: str, size: float = 12) -> float:
    """Estimate the width in pixels of a label of ``size`` px (CJK characters are square).

    Examples
    --------
    >>> text_width("渝北区"), round(text_width("Yubei"))
    (36, 34)
    """
    return sum(size if ord(ch) > 0x2e80 else 0.567 * size for ch in str(text))


def wrap(text: str, max_px: float, size: float = 12) -> list[str]:
    """Break a label into lines no wider than ``max_px`` (between words; CJK between characters).

    A single word wider than ``max_px`` keeps a line of its own.

    Examples
    --------
    >>> wrap("Xiantao International Big Data Valley", 150)
    ['Xiantao International', 'Big Data Valley']
    >>> wrap("两江国际商务中心", 60), wrap("Yubei", 150)
    (['两江国际商', '务中心'], ['Yubei'])
    """
    text = str(text)
    if text_width(text, size) <= max_px:
        return [text]
    tokens = re.findall(r"[\u2e80-\uffff]|[^\s\u2e80-\uffff]+\s*|\s+", text)
    lines, line = [], ""
    for token in tokens:
        if line and text_width((line + token).rstrip(), size) > max_px:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


def lines_expr(lines: dict[str, list[str]]) -> str | None:
    """Return an axis ``labelExpr`` that writes each label given several lines on those lines.

    Vega draws a label given as an array of strings one string a line; labels not in
    ``lines`` (or given one line) are left as they are. None when no label has two lines.

    Examples
    --------
    >>> lines_expr({"2020Q4": ["Q4", "2020"], "Yubei": ["Yubei"]})
    'datum.label === "2020Q4" ? ["Q4", "2020"] : datum.label'
    """
    parts = [f"datum.label === {json.dumps(label, ensure_ascii=False)} ? {json.dumps(split, ensure_ascii=False)} : "
             for label, split in lines.items() if len(split) > 1]
    return "".join(parts) + "datum.label" if parts else None


LINE_HEIGHT = 14
"""Height in pixels of a line of a label written on several lines (12-px labels)."""


def wrapped_axis(values: Iterable[str], max_px: float, **props: object) -> tuple[dict, int]:
    """Return properties of a vertical axis whose long labels go on several lines, and the most lines.

    Vega draws a label given as an array of strings one string a line, the first line
    at the tick; ``labelOffset`` moves each such label up by half its extra lines, so
    that the block is centred on its tick. Labels that fit are left as they are.

    Parameters
    ----------
    values : iterable of str
        The axis's labels.
    max_px : float
        The widest line, in pixels (estimated by :func:`text_width`).
    **props
        Other axis properties (e.g. ``labelLimit``).

    Examples
    --------
    >>> axis, lines = wrapped_axis(["Yubei", "Xiantao International Big Data Valley"], 150)
    >>> axis["labelExpr"], lines
    ('datum.label === "Xiantao International Big Data Valley" ? ["Xiantao International", "Big Data Valley"] : datum.label', 2)
    >>> axis["labelOffset"]
    {'expr': 'datum.label === "Xiantao International Big Data Valley" ? -7 : 0'}
    >>> wrapped_axis(["Yubei"], 150)
    ({}, 1)
    """
    split = {str(v): wrap(str(v), max_px) for v in values}
    expr = lines_expr(split)
    if expr is None:
        return dict(props), 1
    offsets = [f"datum.label === {json.dumps(label, ensure_ascii=False)} ? {-(len(lines) - 1) * LINE_HEIGHT / 2:g} : "
               for label, lines in split.items() if len(lines) > 1]
    axis = {**props, "labelExpr": expr, "labelOffset": {"expr": "".join(offsets) + "0"},
            "labelLineHeight": LINE_HEIGHT}
    return axis, max(len(x) for x in split.values())


def period_lines(label: str) -> list[str]:
    """Split the label of a month or quarter into two lines, in the order the language reads them.

    English writes the period over its year ("Q4" over "2020"), Chinese the year first
    ("2020年" over "第四季度": 2020年第四季度).

    Examples
    --------
    >>> period_lines("2020Q4"), period_lines("2020年第四季度"), period_lines("Mar 2020"), period_lines("2020年3月")
    (['Q4', '2020'], ['2020年', '第四季度'], ['Mar', '2020'], ['2020年', '3月'])
    """
    m = re.fullmatch(r"(\d{4}年)\s*(.+)", label)
    if m:
        return [m[1], m[2]]
    m = re.fullmatch(r"(\d{4})\s*(.+)", label)
    if m:
        return [m[2], m[1]]
    m = re.fullmatch(r"(.+?)\s+(\d{4})", label)
    return [m[1], m[2]] if m else [label]


def period_axis(order: Sequence[str]) -> dict:
    """Return properties of a band axis of periods written on two lines (e.g. ``Q4`` over ``2020``).

    Upright labels, thinned out when the chart is too narrow for all of them (its width
    is its container's, known only when it is drawn).

    Examples
    --------
    >>> period_axis(["2020Q4"])["labelExpr"]
    'datum.label === "2020Q4" ? ["Q4", "2020"] : datum.label'
    """
    props = {"labelAngle": 0, "labelOverlap": "greedy", "labelSeparation": 8, "labelPadding": 4}
    expr = lines_expr({o: period_lines(o) for o in order})
    if expr:
        props["labelExpr"] = expr
    return props


def described(chart, tooltip: Sequence[alt.Tooltip], lang: str):
    """Give each mark of a chart its own ARIA label: its tooltip's titles and values, in ``lang``.

    Vega reads a mark's ``description`` channel out to assistive technology; without it,
    Vega-Lite would name the fields of every channel (``kind: projection``), in English.
    The text is calculated when the chart is drawn, so the data keep their columns.

    Examples
    --------
    >>> c = described(alt.Chart(pd.DataFrame({"n": [3]})).mark_bar(),
    ...               [alt.Tooltip("n:Q", title="项目数", format=",d")], "zh")
    >>> c.to_dict()["transform"][0]["calculate"]
    '"项目数：" + (isValid(datum["n"]) ? format(datum["n"], ",d") : "")'
    >>> c.to_dict()["encoding"]["description"]
    {'field': 'mark_description', 'type': 'nominal'}
    """
    colon, semicolon = (": ", "; ") if lang == "en" else ("：", "；")
    parts = []
    for tip in tooltip:
        spec: dict = tip.to_dict()  # type: ignore[assignment]  # a list only for a list of shorthands; one field here
        field = f"datum[{json.dumps(spec['field'])}]"
        value = f"format({field}, {json.dumps(spec['format'])})" if spec.get("format") else field
        title = json.dumps(f"{spec.get('title', spec['field'])}{colon}", ensure_ascii=False)
        parts.append(f'{title} + (isValid({field}) ? {value} : "")')
    expr = f" + {json.dumps(semicolon, ensure_ascii=False)} + ".join(parts)
    return chart.transform_calculate(mark_description=expr).encode(description="mark_description:N")


def highlight_own(district: str, on: object, off: object):
    """Return a condition: ``on`` for the report's own district, ``off`` for the others."""
    return alt.when(alt.datum.district == district).then(alt.value(on)).otherwise(alt.value(off))


PHONE_TITLE = 330
"""Widest line in pixels of a chart's title and subtitle: what a 390-px phone shows of them."""


def title_lines(text: str, size: float, period: str | None = None, lang: str = "en") -> str | list[str]:
    """Return a title or subtitle as one line, or as lines no wider than :data:`PHONE_TITLE` when it is wider.

    English breaks between words; Chinese after the period that leads the title
    (``"2020年第四季度"`` over the rest), else between characters.

    Examples
    --------
    >>> title_lines("Signed value, 2020", 15)
    'Signed value, 2020'
    >>> title_lines("Commencement and operation rates by cohort, 2020Q4", 15)
    ['Commencement and operation rates by', 'cohort, 2020Q4']
    >>> title_lines("2020年第四季度区县排名：实际到位资金动态转化率", 15, "2020年第四季度", "zh")
    ['2020年第四季度', '区县排名：实际到位资金动态转化率']
    """
    width = PHONE_TITLE / 1.08  # (titles are bold: a little wider than text_width says)
    if text_width(text, size) <= width:
        return text
    if lang == "zh" and period and text.startswith(period) and text_width(text[len(period):], size) <= width:
        return [period, text[len(period):]]
    return wrap(text, width, size)


def chart_title(text: str, subtitle: str | None = None, period: str | None = None, lang: str = "en") -> alt.Title:
    """Return a chart title, with its subtitle when there is one, each on lines a phone shows whole."""
    lines = title_lines(text, theme.SIZES["chart_title"], period, lang)
    if not subtitle:
        return alt.Title(lines)
    return alt.Title(lines, subtitle=title_lines(subtitle, theme.SIZES["subtitle"], lang=lang))


def sentence(lang: str, *parts: str) -> str:
    """Join the parts of a description and end it as the language ends a sentence.

    Examples
    --------
    >>> sentence("en", "Bars of A", "; B"), sentence("zh", "甲", "，乙")
    ('Bars of A; B.', '甲，乙。')
    """
    return "".join(parts).rstrip(" .。") + ("." if lang == "en" else "。")


def listing(items: Iterable[str], lang: str, limit: int | None = None, conjunction: bool = False) -> str:
    """Join names as the language lists them (``", "`` or ``"、"``), at most ``limit`` of them.

    With ``conjunction``, the last two are joined by "and" (``"和"``).

    Examples
    --------
    >>> listing(["a", "b", "c"], "en", limit=2), listing(["甲", "乙"], "zh")
    ('a, b and 1 more', '甲、乙')
    >>> listing(["a", "b", "c"], "en", conjunction=True), listing(["甲", "乙", "丙"], "zh", conjunction=True)
    ('a, b and c', '甲、乙和丙')
    """
    items = list(items)
    shown = items if limit is None else items[:limit]
    comma = ", " if lang == "en" else "、"
    if conjunction and len(shown) == len(items) and len(items) > 1:
        return comma.join(items[:-1]) + (" and " if lang == "en" else "和") + items[-1]
    text = comma.join(shown)
    if len(items) > len(shown):
        text += t("and_more", lang, n=len(items) - len(shown))
    return text


def span(start: object, end: object, lang: str) -> str:
    """Return the period from ``start`` to ``end`` (both days in it) as a chart's title says it.

    Whole years are written as years, whole months as months, other spans as dates.

    Examples
    --------
    >>> span("2020-01-01", "2020-12-31", "en"), span("2018-01-01", "2020-12-31", "zh")
    ('2020', '2018-2020年')
    >>> span("2020-01-01", "2020-09-30", "en"), span("2020-01-01", "2020-09-30", "zh")
    ('Jan-Sep 2020', '2020年1-9月')
    >>> span("2019-01-01", "2020-11-30", "en"), span("2019-10-01", "2020-09-30", "zh")
    ('Jan 2019-Nov 2020', '2019年10月-2020年9月')
    >>> span("2020-09-01", "2020-09-30", "zh"), span("2020-01-01", "2020-11-15", "en")
    ('2020年9月', '2020-01-01 to 2020-11-15')
    >>> span("2020-01-01", "2020-11-15", "zh")
    '2020年1月1日至2020年11月15日'
    """
    labels.check_lang(lang)
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    if first.day != 1 or not last.is_month_end:
        joiner = " to " if lang == "en" else "至"
        return labels.date(first, lang) + joiner + labels.date(last, lang)
    if first.month == 1 and last.month == 12:
        years = f"{first.year}" if first.year == last.year else f"{first.year}-{last.year}"
        return years if lang == "en" else f"{years}年"
    if first.year == last.year:
        if first.month == last.month:
            return f"{MONTHS_EN[first.month - 1]} {first.year}" if lang == "en" else f"{first.year}年{first.month}月"
        return (f"{MONTHS_EN[first.month - 1]}-{MONTHS_EN[last.month - 1]} {first.year}" if lang == "en"
                else f"{first.year}年{first.month}-{last.month}月")
    if lang == "en":
        return f"{MONTHS_EN[first.month - 1]} {first.year}-{MONTHS_EN[last.month - 1]} {last.year}"
    return f"{first.year}年{first.month}月-{last.year}年{last.month}月"


def quarter_span(first: object, last: object, lang: str) -> str:
    """Return the quarters from ``first`` to ``last`` (labels, dates or Periods) as a chart's title says them.

    Examples
    --------
    >>> quarter_span("2019Q1", "2020Q4", "en"), quarter_span("2019Q1", "2020Q4", "zh")
    ('2019Q1-2020Q4', '2019年第一季度至2020年第四季度')
    >>> quarter_span("2020Q4", "2020Q4", "en")
    '2020Q4'
    """
    a, b = labels.quarter(first, lang), labels.quarter(last, lang)
    return a if a == b else a + ("-" if lang == "en" else "至") + b


def titled(title: str, period: str | None, lang: str) -> str:
    """Return a chart's title with its period (a year, months, quarters or a date), as the language adds it.

    English adds it after a comma, Chinese puts it first, as a report's heading does
    ("2018-2020年按投资方类型分类的签约金额").

    Examples
    --------
    >>> titled("Signed value by investor type", "2018-2020", "en"), titled("各月签约金额", "2020年", "zh")
    ('Signed value by investor type, 2018-2020', '2020年各月签约金额')
    >>> titled("Signed value", None, "en")
    'Signed value'
    """
    if not period:
        return title
    return f"{title}, {period}" if lang == "en" else f"{period}{title}"


def finish(chart, lang: str, title: str, description: str, subtitle: str | None = None,
           period: str | None = None, **properties):
    """Give a chart its title (with its period), its one-line description and the container's width.

    Parameters
    ----------
    chart : altair.Chart or altair.LayerChart
    lang : {"en", "zh"}
    title : str
        The chart's title (drawn above it).
    description : str
        One line saying what the chart shows, in ``lang``: the SVG's ``aria-label``.
    subtitle : str, optional
    period : str, optional
        The period the chart shows (:func:`span`, :func:`quarter_span`, a quarter's label),
        added to the title (:func:`titled`): charts of different periods never share a title.
    **properties
        Other top-level properties, e.g. ``height``.

    Examples
    --------
    >>> c = finish(alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q"), "en", "T", "Shows x")
    >>> spec = c.to_dict()
    >>> spec["title"], spec["description"], spec["width"]
    ({'text': 'T'}, 'Shows x.', 'container')
    >>> finish(c, "zh", "各月签约金额", "说明", period="2020年").to_dict()["title"]
    {'text': '2020年各月签约金额'}
    """
    labels.check_lang(lang)
    return chart.properties(title=chart_title(titled(title, period, lang), subtitle, period, lang),
                            description=sentence(lang, description), width=WIDTH, **properties)


def fixed_width(chart, width: int = theme.PAPER_WIDTH):
    """Return a chart drawn ``width`` pixels wide instead of its container's width (for an image).

    A page draws a chart as wide as its container; a chart drawn to an image (a document's
    picture, with ``vl-convert``) has no container and takes this width instead, by default
    the printed width of A4 (:data:`yubei_lib.present.theme.PAPER_WIDTH`), at which its text
    prints at 7.5 pt or more.

    Examples
    --------
    >>> c = finish(alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q"), "en", "T", "Shows x")
    >>> fixed_width(c).to_dict()["width"], fixed_width(c, 590).to_dict()["width"], c.to_dict()["width"]
    (688, 590, 'container')
    """
    return chart.properties(width=width)
