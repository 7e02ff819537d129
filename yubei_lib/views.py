"""The views of the report pages but the summary: contract value, rankings, cohorts, chains, data quality.

Each view takes the :class:`yubei_lib.pages.Page` that ``yb.open_page`` returns and gives
one thing to show: a chart built by :mod:`yubei_lib.charts` from a frame aggregated by
:mod:`yubei_lib.aggregates` or the figure modules, or escaped HTML from
:mod:`yubei_lib.display`. Notebooks reach them as ``yb.pages.<view>`` (re-exported there).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd

from yubei_lib import aggregates, charts, composition, display, labels, summary, survival
from yubei_lib.labels import t
from yubei_lib.lagging import lagging_projects
from yubei_lib.metrics import signed_value
from yubei_lib.periods import add_months, parse_as_of
from yubei_lib.rankings import district_rankings, three_rate_figures
from yubei_lib.reference import ROOT

if TYPE_CHECKING:
    from yubei_lib.pages import Page


TABLE_ROWS = 300
"""Most rows a list shows on a page (the rest are counted below it; `yubei validate` lists all)."""


def note(text: str) -> display.Html:
    """Return a short note (escaped), shown where a figure has nothing to show."""
    return display.Html(f'<p class="note">{display.esc(text)}</p>')


def _worded(frame: pd.DataFrame, lang: str, **kinds: str) -> pd.DataFrame:
    """Return a copy with the given columns as text: names of a kind, or "(not given)" for blanks.

    ``kinds`` maps a column to ``"district"``, ``"cluster"``, ``"chain_segment"``,
    ``"investor_type"``, ``"park"`` (names from the reference data) or ``"text"``.
    """
    out = frame.copy()
    for column, kind in kinds.items():
        out[column] = [t("not_given", lang) if labels._undefined(v) or not str(v).strip()
                       else (str(v) if kind == "text" else labels.name(kind, v, lang)) for v in out[column]]
    return out


def memo(page: Page, key: object, make):
    """Return what ``make()`` gives, computed once per page (several views share a figure)."""
    if key not in page.cache:
        page.cache[key] = make()
    return page.cache[key]


# -- contract value -------------------------------------------------------------------------


def signed_tiles(page: Page) -> display.Html:
    """Show the value and number of projects signed year to date and the terminated share."""
    s = signed_value(page.projects, page.as_of).loc[page.district]
    lang = page.lang
    detail = t("terminated_detail", lang, value=labels.money(s["terminated_value"], lang),
               count=labels.number(s["terminated_count"], lang))
    return display.tiles([
        {"title": t("signed_value_ytd", lang), "value": labels.money(s["signed_value"], lang)},
        {"title": t("signed_count_ytd", lang), "value": labels.number(s["signed_count"], lang)},
        {"title": t("terminated_share", lang), "value": labels.percent(s["terminated_share"], lang),
         "target": detail}])


def signed_chart(page: Page, freq: str = "month") -> alt.Chart:
    """Chart the district's signed value by month (last 24) or by quarter (last 12)."""
    frame = aggregates.signed_by_period(page.projects, page.as_of, page.district, freq,
                                        24 if freq == "month" else 12)
    return charts.signed_by_period(frame, page.lang, freq)


def _nothing_signed(page: Page, start: pd.Timestamp) -> display.Html:
    return note(t("nothing_signed", page.lang, start=f"{start:%Y-%m-%d}", end=f"{page.as_of:%Y-%m-%d}"))


def composition_chart(page: Page, by: str, start: object = None) -> alt.LayerChart | display.Html:
    """Chart the value signed year to date (or since ``start``) by cluster, chain segment, investor type or park."""
    first = pd.Timestamp(page.year, 1, 1) if start is None else parse_as_of(start)
    frame = page.own(composition.composition(page.projects, page.as_of, by, start=first))
    if frame.empty:
        return _nothing_signed(page, first)
    frame = frame.rename(columns={"signed_value": "value", "signed_count": "count", "value_share": "share"})
    return charts.composition(frame.drop(columns="district"), by, page.lang)


def largest_projects(page: Page) -> display.Html:
    """List the ``top_n`` largest projects signed year to date."""
    first = pd.Timestamp(page.year, 1, 1)
    frame = page.own(composition.largest_projects(page.projects, page.as_of, page.top_n, start=first))
    if frame.empty:
        return _nothing_signed(page, first)
    frame = _worded(frame, page.lang, investor="text", investor_type="investor_type", cluster="cluster",
                    park="park")
    ended = pd.to_datetime(frame["terminated_on"])
    frame["terminated_on"] = ended.where(ended <= page.as_of)  # a later termination has not happened yet
    return display.table(
        frame, page.lang,
        {"rank": "rank", "project_name": "project_name", "investor": "investor", "investor_type": "investor_type",
         "cluster": "cluster", "park": "park", "signed_on": "signed_on", "contract_value": "contract_value",
         "terminated_on": "terminated_on"},
        {"signed_on": "date", "contract_value": "money", "terminated_on": "date"},
        caption=t("largest_caption", page.lang, n=page.top_n, year=page.year))


# -- district rankings ----------------------------------------------------------------------


def _rankings(page: Page) -> pd.DataFrame:
    return memo(page, "rankings", lambda: district_rankings(page.projects, page.capital, page.as_of,
                                                             page.cohorts))


def _signed_change(value: object) -> str:
    return "" if labels._undefined(value) else summary.sign(int(value)) + str(abs(int(value)))


def rankings_table(page: Page) -> display.Html:
    """Table the 22 districts on the three rates and the composite, best composite rank first."""
    lang = page.lang
    frame = _rankings(page).sort_values("composite_rank", kind="stable")
    frame["district_name"] = [labels.name("district", d, lang) for d in frame["district"]]
    columns, formats = {"district_name": "district"}, {}
    for figure in three_rate_figures(page.cohorts):
        columns[figure] = labels.figure_name(figure, lang)
        columns[f"rank_{figure}"] = "rank"
        formats[figure] = "percent"
    columns.update({"composite_score": "composite", "composite_rank": "composite_rank",
                    "change_composite_rank": "rank_change"})
    formats.update({"composite_score": lambda v: labels.number(v, lang, digits=2),
                    "change_composite_rank": _signed_change})
    return display.table(frame, lang, columns, formats, highlight=("district", page.district),
                         caption=t("rank_change_note", lang))


def ranking_chart(page: Page, figure: str, cohort: int = 1) -> alt.LayerChart | display.Html:
    """Chart the 22 districts on one figure: ``conversion_rate``, ``operation_rate`` (of
    cohort 1 or 2 of the ``cohorts`` parameter) or ``composite_score``."""
    figures = three_rate_figures(page.cohorts)
    if figure == "operation_rate":
        if cohort not in (1, 2):
            raise ValueError(f"cohort must be 1 or 2, not {cohort!r}")
        if cohort >= len(figures):
            return note(t("no_such_cohort", page.lang, n=cohort))
        figure = figures[cohort]
    elif figure not in ("conversion_rate", "composite_score"):
        raise ValueError(f"figure must be conversion_rate, operation_rate or composite_score, not {figure!r}")
    return charts.district_ranking(_rankings(page), figure, page.district, page.lang)


def rank_bump_chart(page: Page) -> alt.LayerChart:
    """Chart the districts' composite rank over the last ``rank_quarters`` quarter ends."""
    frame = aggregates.rank_history(page.projects, page.capital, page.as_of, page.cohorts, page.rank_quarters)
    return charts.rank_bump(frame, page.district, page.lang)


# -- commencement and operation -------------------------------------------------------------


def _cohorts(page: Page) -> pd.DataFrame:
    def make() -> pd.DataFrame:
        goals = summary.district_targets(page.targets, page.district, page.year, page.cohorts)
        return aggregates.cohort_figures(page.projects, page.as_of, page.district, page.cohorts, goals)
    return memo(page, "cohorts", make)


def cohort_table(page: Page) -> display.Html:
    """Table each cohort's projects, commencement and operation rates (by count and value), target and status."""
    lang = page.lang
    frame = _cohorts(page).copy()
    frame["status"] = [t(s, lang) if s != "no_target" else t("no_target_short", lang) for s in
                       (summary.target_status(v, g) for v, g in zip(frame["operation_rate"], frame["operation_target"]))]
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
         "operation_rate": rate, "operation_rate_value": rate, "operation_target": rate})


def cohort_chart(page: Page) -> alt.LayerChart:
    """Chart each cohort's commencement and operation rates, by count and by value, against the targets."""
    return charts.cohort_rates(aggregates.cohort_chart_frame(_cohorts(page)), page.lang)


def time_to_operation_chart(page: Page) -> alt.LayerChart | display.Html:
    """Chart the Kaplan-Meier share in operation by months since signing, one line per signing year."""
    frame = survival.time_to_operation(page.own(page.projects), page.as_of)
    if frame.empty:
        return note(t("no_operation_yet", page.lang))
    return charts.time_to_operation(survival.on_month_grid(frame), page.lang)


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
    frame = _worded(frame, lang, responsible_unit="text", responsible_leader="text")
    frame["stage"] = [stage.get(v, str(v)) for v in frame["stage"]]
    return display.table(
        frame, lang,
        {"responsible_unit": "responsible_unit", "responsible_leader": "responsible_leader",
         "project_name": "project_name", "signed_on": "signed_on", "contract_value": "contract_value",
         "stage": "stage", "months_overdue": "months_overdue"},
        {"signed_on": "date", "contract_value": "money", "months_overdue": "number"},
        caption=t("lagging_caption", lang, n=len(frame), c=page.months_to_commence, o=page.months_to_operate),
        max_rows=TABLE_ROWS)


# -- industrial chains ----------------------------------------------------------------------


def _window_start(page: Page) -> pd.Timestamp:
    return add_months(page.as_of, -12 * page.years) + pd.Timedelta(days=1)


def _links(page: Page) -> pd.DataFrame:
    return memo(page, "links", lambda: page.own(composition.weak_links(page.projects, page.as_of, page.years)))


def chain_heatmap(page: Page) -> alt.LayerChart:
    """Chart the value signed along each cluster's chain over the trailing ``years``, weak links marked."""
    frame = _links(page).rename(columns={"signed_value": "value", "signed_count": "count"})
    return charts.chain_heatmap(frame, page.lang)


def weak_links_table(page: Page) -> display.Html:
    """List the weak links: chain segments with no project, or under 5 % of their cluster's value."""
    frame = _links(page)
    frame = frame.loc[frame["weak"]]
    if frame.empty:
        return note(t("no_weak_links", page.lang))
    frame = _worded(frame, page.lang, cluster="cluster", segment="chain_segment")
    return display.table(
        frame, page.lang,
        {"cluster": "cluster", "segment": "chain_segment", "signed_count": "count", "signed_value": "signed_value",
         "value_share": "value_share"},
        {"signed_count": "number", "signed_value": "money",
         "value_share": "percent"},
        caption=t("window_caption", page.lang, start=f"{_window_start(page):%Y-%m-%d}",
                  end=f"{page.as_of:%Y-%m-%d}"))


def investor_mix_chart(page: Page) -> alt.LayerChart | display.Html:
    """Chart the value signed over the trailing ``years`` by investor type."""
    return composition_chart(page, "investor_type", start=_window_start(page))


# -- data quality ---------------------------------------------------------------------------


def _short(path: object) -> str:
    try:
        return str(Path(str(path)).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def warnings_table(page: Page) -> display.Html:
    """List the warnings validation found (rows kept, read as the message says)."""
    found = page.ledger.warnings
    if not found:
        return note(t("no_warnings", page.lang))
    frame = pd.DataFrame([(_short(p.file), p.row, p.column, p.value, p.message) for p in found],
                         columns=["file", "row", "column", "value", "reason"])
    return display.table(frame, page.lang, {"file": "file", "row": "row", "column": "column", "value": "value",
                                            "reason": "reason"}, {"row": "number"}, max_rows=TABLE_ROWS)


def dropped_table(page: Page) -> display.Html:
    """List the rows left out in lenient mode, each with file, row, column, value and reason."""
    if page.strict:
        return note(t("strict_nothing_dropped", page.lang))
    frame = page.ledger.dropped.copy()
    if frame.empty:
        return note(t("nothing_dropped", page.lang))
    frame["file"] = [_short(f) for f in frame["file"]]
    return display.table(frame, page.lang, {"file": "file", "row": "row", "column": "column", "value": "value",
                                            "reason": "reason"}, {"row": "number"},
                         caption=t("dropped_caption", page.lang, n=page.ledger.summary()["dropped_rows"]),
                         max_rows=TABLE_ROWS)


def completeness_table(page: Page) -> display.Html:
    """Table the share of projects with a value in each optional column, whole ledger and district."""
    lang = page.lang
    frame = aggregates.completeness(page.projects, page.district, page.as_of)
    frame["column"] = [t(c, lang) for c in frame["column"]]
    return display.table(
        frame, lang,
        {"column": "column", "filled": "count", "share": "whole_ledger",
         "district_share": labels.name("district", page.district, lang)},
        {"filled": "number", "share": "percent", "district_share": "percent"},
        caption=t("completeness_note", lang))


def ledger_summary(page: Page) -> display.Html:
    """Table what the ledger holds: projects, districts, dates, value, capital, problems, files."""
    lang = page.lang
    s = page.ledger.summary()
    rows = [("count", labels.number(s["projects"], lang)), ("districts", labels.number(s["districts"], lang)),
            ("signed_from", s["signed_from"] or ""), ("signed_to", s["signed_to"] or ""),
            ("contract_value", labels.money(s["contract_value_yuan"], lang)),
            ("capital_rows", labels.number(s["capital_rows"], lang)),
            ("realized_capital", labels.money(s["capital_yuan"], lang)),
            ("errors", labels.number(s["errors"], lang)), ("warnings", labels.number(s["warnings"], lang)),
            ("dropped_rows", labels.number(s["dropped_rows"], lang)),
            ("mode", t("strict_mode" if page.strict else "lenient_mode", lang))]
    frame = pd.DataFrame({"item": [t(k, lang) for k, _ in rows], "value": [v for _, v in rows]})
    files = pd.DataFrame({"item": [_short(f) for f in page.ledger.files],
                          "value": [f"SHA-256 {h}" for h in page.ledger.files.values()]})
    return display.table(pd.concat([frame, files], ignore_index=True), lang, {"item": "figure", "value": "value"})
