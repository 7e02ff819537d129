"""The cohort_operation page: commencement and operation of the cohorts, time to operation, lagging projects, warnings."""

from __future__ import annotations

import altair as alt
import pandas as pd

from yubei_lib.figures import survival
from yubei_lib.figures.cohorts import cohort_chart_frame, cohort_figures
from yubei_lib.figures.lagging import lagging_projects
from yubei_lib.figures.performance import performance_rates
from yubei_lib.figures.targets import district_targets, target_status
from yubei_lib.pages.page import TABLE_ROWS, Page, in_page_language, memo, note, period_text, supervision, worded
from yubei_lib.present import charts, display, labels
from yubei_lib.present import supervision as words
from yubei_lib.present.labels import t

__all__ = ["cohort_table", "cohort_chart", "performance_table", "time_to_operation_chart", "lagging_table",
           "warning_units_table", "warning_list"]


def _cohorts(page: Page) -> pd.DataFrame:
    def make() -> pd.DataFrame:
        goals = district_targets(page.targets, page.district, page.year, page.cohorts)
        return cohort_figures(page.projects, page.as_of, page.district, page.cohorts, goals)
    return memo(page, "cohorts", make)


def cohort_table(page: Page) -> display.Html:
    """Table each cohort's projects, commencement and operation rates (by count and value), target and status.

    The status is a badge with a mark and a word beside its colour (:func:`yubei_lib.present.display.status_badge`).
    """
    lang = page.lang
    frame = _cohorts(page).copy()
    frame["status"] = [target_status(v, g) for v, g in zip(frame["operation_rate"], frame["operation_target"])]
    frame["cohort"] = [labels.cohort(c, lang) for c in frame["cohort"]]
    rate = "percent"
    return display.table(
        frame, lang,
        {"cohort": "cohort", "cohort_count": "cohort_count", "commenced_count": "commenced_count",
         "operating_count": "operating_count", "commencement_rate": "commencement_rate",
         "commencement_rate_value": "commencement_rate_value", "operation_rate": "operation_rate",
         "operation_rate_value": "operation_rate_value", "operation_target": "target", "status": "status"},
        {"cohort_count": "number", "commenced_count": "number",
         "operating_count": "number", "commencement_rate": rate, "commencement_rate_value": rate,
         "operation_rate": rate, "operation_rate_value": rate, "operation_target": rate, "status": "status"})


def performance_table(page: Page) -> display.Html:
    """Table each cohort's contract performance and capital in place beside its commencement and operation rates."""
    lang = page.lang
    frame = _cohorts(page)[["cohort", "cohort_count", "commencement_rate", "operation_rate"]].copy()
    rows = [performance_rates(page.projects, page.capital, page.as_of, c).loc[page.district] for c in page.cohorts]
    frame["contract_performance_rate"] = [r["contract_performance_rate"] for r in rows]
    frame["capital_in_place"] = [r["capital_in_place"] for r in rows]
    frame["capital_in_place_rate"] = [r["capital_in_place_rate"] for r in rows]
    frame["cohort"] = [labels.cohort(c, lang) for c in frame["cohort"]]
    rate = "percent"
    return display.table(
        frame, lang,
        {"cohort": "cohort", "cohort_count": "cohort_count", "commencement_rate": "commencement_rate",
         "operation_rate": "operation_rate", "contract_performance_rate": "contract_performance_rate",
         "capital_in_place": "realized_capital", "capital_in_place_rate": "capital_in_place_rate"},
        {"cohort_count": "number", "commencement_rate": rate, "operation_rate": rate,
         "contract_performance_rate": rate, "capital_in_place": "money", "capital_in_place_rate": rate},
        caption=t("performance_table_caption", lang))


def cohort_chart(page: Page) -> alt.LayerChart:
    """Chart each cohort's commencement and operation rates, by count and by value, against the targets."""
    return charts.cohort_rates(cohort_chart_frame(_cohorts(page)), page.lang, period=period_text(page.as_of, page.lang))


def time_to_operation_chart(page: Page) -> alt.LayerChart | display.Html:
    """Chart the Kaplan-Meier share in operation by months since signing, one line per signing year."""
    frame = survival.time_to_operation(page.own(page.projects), page.as_of)
    if frame.empty:
        return note(t("no_operation_yet", page.lang))
    return charts.time_to_operation(survival.on_month_grid(frame), page.lang, period=period_text(page.as_of, page.lang))


def lagging_table(page: Page) -> display.Html:
    """List the lagging projects by responsible unit, with leader and months overdue."""
    lang = page.lang
    frame = page.own(lagging_projects(page.projects, page.as_of, page.months_to_commence,
                                      page.months_to_operate))
    if frame.empty:
        return note(t("no_lagging", lang))
    frame = frame.sort_values(["responsible_unit", "months_overdue"], ascending=[True, False],
                              na_position="last", kind="stable")
    stage = {"not commenced": t("not_commenced", lang), "not in operation": t("not_in_operation", lang)}
    frame = worded(in_page_language(frame, lang), lang, responsible_unit="text", responsible_leader="text")
    frame["stage"] = [stage.get(v, str(v)) for v in frame["stage"]]
    return display.table(
        frame, lang,
        {"responsible_unit": "responsible_unit", "responsible_leader": "responsible_leader",
         "project_name": "project_name", "signed_on": "signed_on", "contract_value": "contract_value",
         "stage": "stage", "months_overdue": "months_overdue"},
        {"signed_on": "date", "contract_value": "money", "months_overdue": "number"},
        caption=t("lagging_caption", lang, n=len(frame), c=page.months_to_commence, o=page.months_to_operate),
        max_rows=display.CUT_ROWS,
        more=display.workbook_note(t("cut_lagging", lang, shown=display.CUT_ROWS, n=len(frame)), lang))


def warning_units_table(page: Page) -> display.Html:
    """Table each responsible unit's red and yellow projects, and its newly red, cleared and still red since last quarter."""
    lang = page.lang
    s = supervision(page)
    if s.units.empty:
        return note(t("no_warnings_now", lang))
    marked = {"red": words.status_text("red", lang), "yellow": words.status_text("yellow", lang)}
    headers = {c: marked.get(c, key) for c, key in words.UNITS.items()}
    return display.table(words.units_frame(s, lang), lang, headers, {c: "number" for c in list(words.UNITS)[1:]},
                         caption=t("warnings_units_caption", lang, date=labels.date(s.previous, lang)))


def warning_list(page: Page) -> display.Html:
    """List the stages to act on by responsible unit, reds first: leader, stage, the date missed or near, months.

    The list shows at most :data:`~yubei_lib.pages.page.TABLE_ROWS` stages; the set's
    workbook and each unit's files (``yubei report``) hold them all.
    """
    lang = page.lang
    s = supervision(page)
    if s.stages.empty:
        return note(t("no_warnings_now", lang))
    files = t("warnings_files_note", lang, folder=t("supervision_folder", lang))
    return display.Html(f'<p class="yubei-legend">{display.esc(words.legend(s, lang))}</p>'
                        + words.list_html(s, lang, max_rows=TABLE_ROWS)
                        + f'<p class="yubei-note">{display.esc(files)}</p>')
