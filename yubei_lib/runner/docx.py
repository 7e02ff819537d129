"""The Word brief of each set: ``brief.docx`` / ``brief.zh.docx``, with ``yubei report --docx``.

The brief is written from the same figures as the pages: the set's :class:`~yubei_lib.pages.page.Page`
is opened in this process with the set's parameters (as a notebook opens it), and the page
modules' own functions give the key messages, the summary's figures, the warnings by
responsible unit, the cohorts, the ranks (or why there is none) and the outreach. The
layout (公文 for Chinese, a plain business layout for English; styles, fonts, tables,
pictures) is :mod:`yubei_lib.present.docx`; the charts are drawn offline by vl-convert, as
PNG pictures sized for A4 with text of at least 7 pt, each with its alt text.

A brief is written through a temporary file, so a failed one keeps the earlier brief; it is
listed in the set's manifest (``"docx"``) and in the index, and skipped when its inputs
(the set's parameters, the data files' SHA-256s, the kit, the fonts) are what made the
brief already there.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import io
import json
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from yubei_lib.config import LEDGER_CACHE_ENV, OPTIONS
from yubei_lib.config import VERSION as __version__
from yubei_lib.present import labels, wording
from yubei_lib.present.docx import FONTS, LAYOUTS, Fonts
from yubei_lib.runner.brief import page_order
from yubei_lib.runner.manifest import read_manifest, record_set_files
from yubei_lib.runner.plan import Job

DOCX_FORMAT = 1
"""Part of each Word brief's key: changing what the brief holds or how makes earlier briefs stale."""


def docx_name(lang: str) -> str:
    """Return the file name of a set's Word brief in a language.

    Examples
    --------
    >>> docx_name("en"), docx_name("zh")
    ('brief.docx', 'brief.zh.docx')
    """
    return "brief.docx" if labels.check_lang(lang) == "en" else f"brief.{lang}.docx"


def open_parameters() -> set[str]:
    """Return the parameters :func:`~yubei_lib.pages.page.open_page` takes (its own and the page options)."""
    from yubei_lib.pages.page import open_page

    return {*inspect.signature(open_page).parameters, *OPTIONS} - {"options"}


def set_parameters(jobs: Sequence[Job]) -> dict:
    """Return the parameters a set's brief opens its Page with: those of the set's pages, the summary's first.

    Examples
    --------
    >>> from yubei_lib.runner.plan import Job
    >>> a = Job(Path("r"), "2020-Q4", pd.Timestamp("2020-12-31"), "Yubei", "yubei", "summary", Path("s.ipynb"),
    ...         {"as_of": "2020-12-31", "warn_months": 3, "mine": 1}, "zh")
    >>> b = Job(Path("r"), "2020-Q4", pd.Timestamp("2020-12-31"), "Yubei", "yubei", "cohort_operation",
    ...         Path("c.ipynb"), {"warn_months": 6, "months_to_operate": 30}, "zh")
    >>> set_parameters([b, a])
    {'as_of': '2020-12-31', 'warn_months': 3, 'months_to_operate': 30}
    """
    wanted = open_parameters()
    out: dict = {}
    for job in sorted(jobs, key=lambda j: page_order(j.page)):
        for name, value in job.parameters.items():
            if name in wanted and name not in out:
                out[name] = value
    return out


def docx_key(parameters: dict, data: dict[str, str], lang: str, fonts: Fonts) -> str:
    """Return what makes a Word brief stale when it changes: its parameters, data, language, fonts and the kit."""
    blob = json.dumps([DOCX_FORMAT, __version__, lang, asdict(fonts), parameters, sorted(data.values())],
                      sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


@contextlib.contextmanager
def ledger_from(cache: Path | None) -> Iterator[None]:
    """Let pages opened in this process read the ledger the run validated (as its kernels do)."""
    before = os.environ.get(LEDGER_CACHE_ENV)
    if cache is not None:
        os.environ[LEDGER_CACHE_ENV] = str(cache)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(LEDGER_CACHE_ENV, None)
        else:
            os.environ[LEDGER_CACHE_ENV] = before


def brief_bytes(parameters: dict, fonts: Fonts | None = None, generated: str = "") -> bytes:
    """Open the set's Page with its parameters and return its Word brief as the bytes of a ``.docx`` file."""
    from yubei_lib.pages.page import open_page

    page = open_page(**parameters)
    document = compose(page, fonts, generated)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def write_docx(folder: Path, lang: str, parameters: dict, data: dict[str, str], entry: dict,
               fonts: Fonts | None = None, force: bool = False) -> dict:
    """Write a set's Word brief unless the one there was made from the same inputs; return its manifest entry.

    Returns
    -------
    dict
        ``file``, ``key``, ``error`` (empty when written or kept), ``seconds`` and ``status``:
        ``made``, ``kept`` or ``failed`` (the earlier file stays; ``file`` is then listed only
        when there is one).
    """
    from yubei_lib.present.export import write_bytes_atomic

    fonts = fonts or FONTS[lang]
    name = docx_name(lang)
    key = docx_key(parameters, data, lang, fonts)
    if not force and entry.get("key") == key and not entry.get("error") and (folder / name).is_file():
        return {"file": name, "key": key, "error": "", "seconds": entry.get("seconds", 0), "status": "kept"}
    started = time.perf_counter()
    try:
        generated = datetime.now(timezone.utc).astimezone().strftime("%Y-%m-%d")
        write_bytes_atomic(folder / name, brief_bytes(parameters, fonts, generated))
    except Exception as exc:  # a figure that cannot be drawn, a full disk: the earlier brief stays
        error = f"{type(exc).__name__}: {exc}".strip().splitlines()[0]
        return {"file": name if (folder / name).is_file() else "", "key": "", "error": error, "seconds": 0,
                "status": "failed"}
    return {"file": name, "key": key, "error": "", "seconds": round(time.perf_counter() - started, 2),
            "status": "made"}


def make_docx(jobs: Sequence[Job], data: dict[str, str], cache: Path | None = None, force: bool = False,
              echo: Callable[[str], object] = print) -> list[str]:
    """Write the Word brief of each set and language of a run, record it in the manifest; return what failed.

    Parameters
    ----------
    jobs : sequence of Job
        The run's pages; each (set, language) among them gets its brief.
    data : dict
        The data files' SHA-256s (part of each brief's key).
    cache : pathlib.Path, optional
        The folder of the ledger the run validated.
    force : bool
        Write every brief again (``--force``).
    """
    by_set: dict[tuple[Path, str], list[Job]] = {}
    for job in jobs:
        by_set.setdefault((job.folder, job.lang), []).append(job)
    failed, made, kept = [], 0, 0
    with ledger_from(cache):
        for (folder, lang), items in by_set.items():
            entry = read_manifest(folder).get("docx", {}).get(lang, {})
            new = write_docx(folder, lang, set_parameters(items), data, entry, force=force)
            status = new.pop("status")
            record_set_files(folder, lang, docx=new)
            where = f"{folder.parent.name}/{folder.name}/{docx_name(lang)}"
            if status == "failed":
                failed.append(f"{where}: {new['error']}")
            made += status == "made"
            kept += status == "kept"
    for line in failed:
        echo(f"FAILED {line}")
    echo(f"{made} Word brief(s) written, {kept} kept, {len(failed)} failed")
    return failed


def text_width(lang: str) -> float:
    """Return the width of the text on an A4 page of the brief, in points.

    Examples
    --------
    >>> round(text_width("zh")), round(text_width("en"))
    (442, 454)
    """
    _, _, left, right = LAYOUTS[labels.check_lang(lang)].margins
    return (210 - left - right) / 25.4 * 72


# ----- what the brief says -----

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


def chart_png(chart, lang: str, width: float, min_pt: float = 7.0) -> tuple[bytes, str, float]:
    """Draw a chart offline (vl-convert) for the brief's page: its PNG, its alt text and its width in points.

    The chart is drawn for the printed width: its view narrowed until its smallest text,
    shrunk to the width of the page's text, is at least ``min_pt`` points high.
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
    return png, alt, shown


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
        png, alt, width = chart_png(chart, self.lang, text_width(self.lang))
        self.layout.picture(self.document, png, alt, width, name=self.t("docx_figure", n=self.counts["figure"],
                                                                         title=""))
        title = alt.split("：" if self.lang == "zh" else ": ", 1)[0]
        self.text(self.t("docx_figure", n=self.counts["figure"], title=title), "Caption")


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
    if ranks["rank"].isna().all():
        w.text(wording.missing_text(f["missing"], page.lang, limit=None))
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
    key = _figures(page)["key"]
    rows = [[wording.key_name(name, lang), wording.key_value(name, now[name], lang), *_last_year(w, name, now, before),
             *_target(w, key, name)] for name in main_keys(page)]
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


def _last_year(w: Writer, name: str, now: pd.Series, before: pd.Series) -> list[str]:
    """Return a figure's cells of the same period last year and of the change on it."""
    from yubei_lib.figures.frames import is_undefined

    lang = w.lang
    if f"{name}_prev_year" in now.index:  # a flow (figure 20): last year's value and the growth on it
        last, change = now[f"{name}_prev_year"], now[f"{name}_yoy"]
        if is_undefined(change):
            shown = w.t("docx_from_zero") if not is_undefined(last) and float(last) == 0 else labels.undefined(lang)
        else:
            shown = yoy_cell(float(change))
        return [wording.key_value(name, last, lang), shown]
    last = before[name]  # a rate: last year's rate and the change in percentage points
    if is_undefined(last) or is_undefined(now[name]):
        return [wording.key_value(name, last, lang), labels.undefined(lang)]
    return [wording.key_value(name, last, lang), points_cell(float(now[name]) - float(last), lang)]


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


def _target(w: Writer, key: pd.DataFrame, name: str) -> list[str]:
    """Return a figure's cells of its target and its attainment (the signed value) or status (the rates)."""
    figure = {"signed_value_ytd": "signed_value", "conversion_rate_ytd": "conversion_rate"}.get(name, name)
    if figure not in key.index or key.loc[figure, "status"] == "no_target":
        return ["—", "—"]
    k = key.loc[figure]
    status = w.t(k["status"])
    if figure == "signed_value":
        attained = labels.percent(k["attainment"], w.lang)
        status = f"{attained}（{status}）" if w.lang == "zh" else f"{attained} ({status})"
    return [wording.key_value(name, k["target"], w.lang), status]


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
