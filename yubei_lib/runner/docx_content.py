"""What a set's Word brief says, from the same figures as the pages: ``compose(page)``.

The set's :class:`~yubei_lib.pages.page.Page` is opened with the set's parameters (as a
notebook opens it; :mod:`yubei_lib.runner.docx` does), and the page modules' own functions
give each part: the title (district, period, the date of the figures, the synthetic-data
mark), the key messages of the summary page as paragraphs, then the sections: the main
figures against the same period last year and the targets, the signed value, the three
rates and the rank among the 22 (or why there is none), the cohorts, the warnings and
lagging projects by responsible unit (the reds listed), and the outreach where its log was
given. Headings are numbered as a 公文 numbers them (一、 （一） 1.), tables and figures
counted; the layout is :mod:`yubei_lib.present.docx`.
"""

from __future__ import annotations

import pandas as pd

from yubei_lib.present import labels, wording
from yubei_lib.present.docx import Fonts, chart_png, text_width

__all__ = ["Writer", "compose", "main_keys", "numbered", "period_words", "points_cell", "yoy_cell"]

ZH_NUMBERS = "一二三四五六七八九十"


def numbered(text: str, n: int, level: int, lang: str) -> str:
    """Return a heading with its number, as a 公文 numbers it (一、 （一） 1.) or as English does (1, 1.1).

    Examples
    --------
    >>> numbered("总体情况", 1, 1, "zh"), numbered("红色预警项目", 2, 2, "zh"), numbered("Overview", 1, 1, "en")
    ('一、总体情况', '（二）红色预警项目', '1. Overview')
    """
    if lang == "zh":
        mark = ZH_NUMBERS[n - 1] if n <= 10 else str(n)
        return f"{mark}、{text}" if level == 1 else (f"（{mark}）{text}" if level == 2 else f"{n}．{text}")
    return f"{n}. {text}" if level == 1 else f"{n}) {text}"


def period_words(as_of: pd.Timestamp, lang: str) -> str:
    """Return the months of the year the brief covers, as a work report names them.

    Examples
    --------
    >>> period_words(pd.Timestamp("2020-12-31"), "zh"), period_words(pd.Timestamp("2020-01-31"), "zh")
    ('2020年1-12月', '2020年1月')
    >>> period_words(pd.Timestamp("2020-09-30"), "en")
    'January to September 2020'
    """
    if as_of.month == 1:
        return labels.t("docx_month", lang, year=as_of.year, month=as_of.strftime("%B"))
    return labels.t("docx_months", lang, year=as_of.year, month=as_of.month if lang == "zh" else as_of.strftime("%B"))


class Writer:
    """A brief being written: its document, language, and the numbers of its headings, tables and figures."""

    def __init__(self, lang: str, fonts: Fonts | None = None):
        from yubei_lib.present import docx as layout

        self.lang, self.layout = lang, layout
        self.document = layout.new_document(lang, fonts)
        self.counts = {"section": 0, "sub": 0, "table": 0, "figure": 0}

    def t(self, key: str, **values: object) -> str:
        return labels.t(key, self.lang, **values)

    def section(self, key: str) -> None:
        self.counts["section"] += 1
        self.counts["sub"] = 0
        self.layout.heading(self.document, numbered(self.t(key), self.counts["section"], 1, self.lang), 1)

    def subsection(self, key: str) -> None:
        self.counts["sub"] += 1
        self.layout.heading(self.document, numbered(self.t(key), self.counts["sub"], 2, self.lang), 2)

    def text(self, line: str, style: str = "Normal") -> None:
        self.layout.paragraph(self.document, line, style)

    def table(self, title: str, header: list[str], rows: list[list[str]], numeric: list[bool],
              widths: list[float] | None = None, total: bool = False) -> None:
        self.counts["table"] += 1
        self.layout.paragraph(self.document, self.t("docx_table", n=self.counts["table"], title=title), "Caption")
        self.layout.table(self.document, header, rows, numeric, widths, total)

    def chart(self, chart) -> None:
        self.counts["figure"] += 1
        drawn = chart_png(chart, self.lang, text_width(self.lang))
        caption = self.t("docx_figure", n=self.counts["figure"], title=drawn.title)
        self.layout.picture(self.document, drawn.png, drawn.alt, drawn.width, name=caption)
        self.text(caption, "Caption")


def compose(page, fonts: Fonts | None = None, generated: str = ""):
    """Write the brief of a Page: title, key messages, the figures against last year, each section.

    Parameters
    ----------
    page : yubei_lib.pages.page.Page
    fonts : Fonts, optional
        One font per role (default the language's, :data:`yubei_lib.present.docx.FONTS`).
    generated : str, optional
        The day the brief is written (``YYYY-MM-DD``), at its end.

    Returns
    -------
    docx.document.Document
    """
    w = Writer(page.lang, fonts)
    _title(w, page)
    w.section("docx_overview")
    from yubei_lib.pages.summary import message_lines

    for line in message_lines(page):
        w.text(line)
    _main_figures(w, page)
    _signed(w, page)
    _ranks(w, page)
    _cohorts(w, page)
    _warnings(w, page)
    if page.activities is not None:
        _outreach(w, page)
    if generated:
        w.text(labels.date(generated, page.lang), "Date")
    return w.document


def _title(w: Writer, page) -> None:
    district = labels.name("district", page.district, page.lang)
    w.text(w.t("docx_title", district=district, period=period_words(page.as_of, page.lang)), "Title")
    line = w.t("docx_as_of", date=labels.date(page.as_of, page.lang))
    if page.sample:
        line += ("（" + w.t("synthetic") + "）") if page.lang == "zh" else f" ({w.t('synthetic')})"
    w.text(line, "Subtitle")


def _signed(w: Writer, page) -> None:
    """The signed value: its figures against the target (as the summary's tiles word them), and its chart."""
    from yubei_lib.pages.summary import _figures, cumulative_chart

    w.section("docx_signed")
    tile = wording.target_tiles(_figures(page)["key"].loc[["signed_value"]], page.lang, page.year)[0]
    colon, comma = ("：", "，") if page.lang == "zh" else (": ", "; ")
    parts = [p for p in (tile["target"], tile["status"], tile["change"]) if p]
    w.text(f"{tile['title']}{colon}{tile['value']}{comma}{comma.join(parts)}{'。' if page.lang == 'zh' else '.'}")
    w.chart(cumulative_chart(page))


def _ranks(w: Writer, page) -> None:
    """The three rates' ranks among the 22 districts and the composite, or why there is none."""
    from yubei_lib.figures.frames import is_undefined
    from yubei_lib.pages.summary import _figures

    w.section("docx_rates")
    f = _figures(page)
    ranks = f["ranks"]
    if ranks["rank"].isna().all():  # the district_rankings page's reason, as a sentence
        w.text(wording.missing_text(f["missing"], page.lang, limit=None) + ("。" if page.lang == "zh" else "."))
        return
    rows = []
    for tile, (figure, row) in zip(wording.rank_tiles(ranks, f["lagging"], f["lagging_before"], page.lang,
                                                      page.months_to_commence, page.months_to_operate, f["missing"]),
                                   ranks.iterrows()):
        value = (labels.number(row["value"], page.lang, digits=2) if figure == "composite_score"
                 else labels.percent(row["value"], page.lang))
        rank = tile["value"] if not is_undefined(row["rank"]) else tile["status"]
        rows.append([tile["title"], value, rank, tile["change"]])
    w.table(w.t("docx_ranks_table"), [w.t("docx_indicator"), w.t("docx_now"), w.t("rank"), w.t("rank_change")],
            rows, [False, True, True, False], [2.8, 1.2, 2.4, 2.2])
    if not is_undefined(ranks.loc["composite_score", "rank"]):
        from yubei_lib.pages.district_rankings import ranking_chart

        w.chart(ranking_chart(page, "composite_score"))


def _cohorts(w: Writer, page) -> None:
    """Each cohort's projects, commenced and operating, the rates against the operation target, and a total."""
    from yubei_lib.figures.targets import target_status
    from yubei_lib.pages.cohort_operation import _cohorts as cohort_frame
    from yubei_lib.pages.cohort_operation import cohort_chart

    w.section("docx_cohorts")
    lang = page.lang
    frame = cohort_frame(page)
    rows = []
    for r in frame.itertuples(index=False):
        status = target_status(r.operation_rate, r.operation_target)
        rows.append([labels.cohort(r.cohort, lang), labels.number(r.cohort_count, lang),
                     labels.number(r.commenced_count, lang), labels.number(r.operating_count, lang),
                     labels.percent(r.commencement_rate, lang), labels.percent(r.operation_rate, lang),
                     labels.percent(r.operation_target, lang),
                     w.t(status) if status != "no_target" else w.t("no_target_short")])
    if len(frame) > 1:
        n, commenced, operating = (int(frame[c].sum()) for c in ("cohort_count", "commenced_count", "operating_count"))
        rows.append([w.t("docx_total"), labels.number(n, lang), labels.number(commenced, lang),
                     labels.number(operating, lang), labels.percent(commenced / n if n else None, lang),
                     labels.percent(operating / n if n else None, lang), "—", "—"])
    header = [w.t(k) for k in ("cohort", "cohort_count", "commenced_count", "operating_count", "commencement_rate",
                               "operation_rate", "target", "status")]
    w.table(w.t("docx_cohort_table"), header, rows, [False] + [True] * 6 + [False], [2.2, 1, 1, 1, 1.2, 1.2, 1.2, 1.4],
            total=len(frame) > 1)
    w.chart(cohort_chart(page))


RED_ROWS = 40
"""Most red stages the brief lists; the set's workbook and each unit's list hold them all."""


def _warnings(w: Writer, page) -> None:
    """The warnings by responsible unit (red and yellow, with the district's total), the reds listed, the lagging."""
    from yubei_lib.pages.page import supervision
    from yubei_lib.present import supervision as words

    w.section("docx_warnings")
    lang, s = page.lang, supervision(page)
    w.text(words.counts_line(s, lang, whole=True))
    w.text(words.legend(s, lang))
    if not s.units.empty:
        units = words.units_frame(s, lang)
        header = [w.t("responsible_unit"), *(words.status_text(c, lang) if c in ("red", "yellow") else w.t(k)
                                              for c, k in list(words.UNITS.items())[1:])]
        rows = [[str(r.unit), *(labels.number(getattr(r, c), lang) for c in list(words.UNITS)[1:])]
                for r in units.itertuples(index=False)]
        w.table(w.t("docx_units_table"), header, rows, [False] + [True] * 5, [3, 1, 1, 1, 1, 1], total=True)
    reds = words.list_frame(s, lang)
    reds = reds.loc[reds["status"] == "red"]
    if len(reds):
        w.subsection("docx_reds")
        shown = reds.head(RED_ROWS)
        rows = [[r.unit, r.project_name, r.stage, labels.date(r.due, lang), r.overdue] for r in shown.itertuples()]
        w.table(w.t("docx_reds"), [w.t(k) for k in ("responsible_unit", "project_name", "stage", "due_date",
                                                    "overdue_or_left")],
                rows, [False] * 5, [2.0, 2.6, 0.8, 2.4, 1.8])
        if len(reds) > len(shown):
            w.text(w.t("docx_reds_cut", shown=len(shown), n=len(reds), folder=w.t("supervision_folder")))
    _lagging(w, page)


def _lagging(w: Writer, page) -> None:
    """Say how many projects are lagging, and how many each responsible unit has."""
    from yubei_lib.figures.lagging import lagging_projects
    from yubei_lib.present import supervision as words

    w.subsection("lagging_projects")
    lang = page.lang
    frame = page.own(lagging_projects(page.projects, page.as_of, page.months_to_commence, page.months_to_operate))
    rule = w.t("lagging_rule", c=page.months_to_commence, o=page.months_to_operate)
    counts = frame.groupby(frame["responsible_unit"].map(lambda u: words.unit_text(u, lang)), sort=False).size()
    counts = counts.sort_values(ascending=False, kind="stable")
    units = ("、" if lang == "zh" else ", ").join(w.t("docx_unit_count", unit=u, n=int(n)) for u, n in counts.items())
    w.text(w.t("docx_lagging", n=len(frame), rule=rule, units=units) if len(frame) else w.t("no_lagging"))


def _outreach(w: Writer, page) -> None:
    """The main leaders' outside visits, the visit-to-signing share, and the activities by month."""
    from yubei_lib.figures.outreach import visit_to_signing, visits_out_main
    from yubei_lib.pages.outreach import activities_chart
    from yubei_lib.present import display

    w.section("docx_outreach")
    lang = page.lang
    visits = visits_out_main(page.activities, page.as_of, page.district)[page.district]
    share = visit_to_signing(page.projects, page.activities, page.as_of, page.district).loc[page.district]
    w.text(w.t("docx_outreach_line", visits=labels.number(visits, lang),
               share=labels.percent(share["visit_to_signing_share"], lang),
               signed=labels.number(share["signed"], lang), visited=labels.number(share["visited"], lang)))
    chart = activities_chart(page)
    if not isinstance(chart, display.Html):  # (a note when nothing was done this year)
        w.chart(chart)


def _main_figures(w: Writer, page) -> None:
    """The main figures in the Chinese report style: this period, the same period last year and the change on it
    (flows in per cent, rates in percentage points), the target and its attainment or status."""
    from yubei_lib.ledger.periods import same_day_last_year
    from yubei_lib.pages.summary import _figures

    w.section("docx_main_figures")
    lang = page.lang
    now, before = _own_figures(page, page.as_of), _own_figures(page, same_day_last_year(page.as_of))
    key, names = _figures(page)["key"], main_keys(page)
    last = [_last_year(w, name, now, before) for name in names]
    goals = [_target(w, key, name) for name in names]
    columns = [[wording.key_name(name, lang) for name in names],  # money: one unit and decimals a column
               wording.key_column(names, [now[name] for name in names], lang),
               wording.key_column(names, [value for value, _ in last], lang), [change for _, change in last],
               _goal_column(names, goals, lang), [status for _, status in goals]]
    rows = [list(row) for row in zip(*columns)]
    header = [w.t(k) for k in ("docx_indicator", "docx_now", "docx_prev_year", "docx_yoy", "target",
                               "docx_attainment")]
    w.table(w.t("docx_main_table", period=period_words(page.as_of, lang)), header, rows,
            [False, True, True, True, True, False], [2.6, 1.4, 1.4, 1.7, 1.2, 1.7])


def _own_figures(page, when: pd.Timestamp) -> pd.Series:
    """Return the district's figures (``yubei metrics``'s keys) as of a date, computed once per page."""
    from yubei_lib.figures.machine import district_figures
    from yubei_lib.pages.page import memo

    own = page.district if page.activities is not None else None
    frame = memo(page, ("docx_figures", when), lambda: district_figures(
        page.projects, page.capital, when, page.cohorts, page.targets, page.published,
        investment=page.investment, activities=page.activities, own=own))
    return frame.loc[frame["district"] == page.district].iloc[0]


def _last_year(w: Writer, name: str, now: pd.Series, before: pd.Series) -> tuple[object, str]:
    """Return a figure's value of the same period last year and the cell of the change on it."""
    from yubei_lib.figures.frames import is_undefined

    lang = w.lang
    if f"{name}_prev_year" in now.index:  # a flow (figure 20): last year's value and the growth on it
        last, change = now[f"{name}_prev_year"], now[f"{name}_yoy"]
        if is_undefined(change):
            shown = w.t("yoy_none_last_year") if not is_undefined(last) and float(last) == 0 else labels.undefined(lang)
        else:
            shown = yoy_cell(float(change))
        return last, shown
    last = before[name]  # a rate: last year's rate and the change in percentage points
    if is_undefined(last) or is_undefined(now[name]):
        return last, labels.undefined(lang)
    return last, points_cell(float(now[name]) - float(last), lang)


def yoy_cell(change: float) -> str:
    """Return a growth on last year as a table cell writes it: signed, in per cent.

    Examples
    --------
    >>> yoy_cell(0.1234), yoy_cell(-0.04), yoy_cell(0.0)
    ('+12.3%', '−4.0%', '±0.0%')
    """
    shown = round(change * 100, 1)
    return f"{wording.sign(shown)}{abs(shown):.1f}%"


def points_cell(change: float, lang: str) -> str:
    """Return a change of a rate as a table cell writes it: signed, in percentage points.

    Examples
    --------
    >>> points_cell(0.012, "zh"), points_cell(-0.0051, "en")
    ('+1.2个百分点', '−0.5 pts')
    """
    shown = round(change * 100, 1)
    return labels.t("docx_points", lang, change=f"{wording.sign(shown)}{abs(shown):.1f}")


NO_TARGET = "—"
"""The target and status cells of a figure without a target."""


def _target(w: Writer, key: pd.DataFrame, name: str) -> tuple[object, str]:
    """Return a figure's target (None without one) and the cell of its attainment (the signed value) or status."""
    figure = {"signed_value_ytd": "signed_value", "conversion_rate_ytd": "conversion_rate"}.get(name, name)
    if figure not in key.index or key.loc[figure, "status"] == "no_target":
        return None, NO_TARGET
    k = key.loc[figure]
    status = w.t(k["status"])
    if figure == "signed_value":
        attained = labels.percent(k["attainment"], w.lang)
        status = f"{attained}（{status}）" if w.lang == "zh" else f"{attained} ({status})"
    return k["target"], status


def _goal_column(names: list[str], goals: list[tuple[object, str]], lang: str) -> list[str]:
    """Return the target column: the targets in one money format, a dash where a figure has none."""
    cells = iter(wording.key_column([n for n, (_, s) in zip(names, goals) if s != NO_TARGET],
                                    [g for g, s in goals if s != NO_TARGET], lang))
    return [NO_TARGET if status == NO_TARGET else next(cells) for _, status in goals]


def main_keys(page) -> list[str]:
    """Return the keys of the main figures' table: the flows (those of a table not given left out), then the rates."""
    from yubei_lib.figures.rankings import three_rate_figures

    flows = ["signed_value_ytd", "signed_count_ytd", "realized_capital_ytd", "major_projects_ytd"]
    if page.investment is not None:
        flows.append("new_projects_investment_ytd")
    if page.activities is not None:
        flows.append("visits_out_main_ytd")
    rates = [("conversion_rate_ytd" if f == "conversion_rate" else f) for f in three_rate_figures(page.cohorts)]
    return flows + rates
