"""The report pages: open a page from a notebook's parameters, and show its figures.

A notebook's first code cell after its parameters is::

    page = yb.open_page(as_of=as_of, district=district, projects=projects, ...)

which checks every parameter (a clear :class:`ValueError` naming the parameter and what
it accepts), loads the ledger once and returns a :class:`Page`. Every later cell is one
call ``yb.pages.<view>(page)`` that returns one thing to show: an Altair chart (built by
:mod:`yubei_lib.charts` from an aggregated frame, never from the ledger) or escaped HTML
(:mod:`yubei_lib.display`). Parameters are checked by :mod:`yubei_lib.parameters`;
the figures the views show come from :mod:`yubei_lib.summary` (the summary page) and
:mod:`yubei_lib.aggregates` (the other pages), pure functions tested on small frames.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import pandas as pd

from yubei_lib import aggregates, charts, composition, display, labels, summary, survival
from yubei_lib.figures import district_figures
from yubei_lib.labels import t
from yubei_lib.lagging import lagging_count, lagging_projects
from yubei_lib.load import Ledger, load_ledger
from yubei_lib.metrics import projection, signed_value
from yubei_lib.parameters import check_options, check_parameters, refuse
from yubei_lib.periods import add_months, parse_as_of, previous_quarter_end, quarter_end
from yubei_lib.rankings import district_rankings, three_rate_figures
from yubei_lib.reference import ROOT, load_targets

SAMPLE = ROOT / "data" / "sample"
"""The kit's synthetic ledger, used when no ledger file is given."""

PAGES = ("summary", "contract_value", "district_rankings", "cohort_operation",
         "industry_chains", "data_quality")
"""The pages of the quarterly report, one notebook each."""


@dataclass
class Page:
    """What every view of a report page needs: the ledger and the page's parameters.

    Attributes
    ----------
    ledger : Ledger
    as_of : pandas.Timestamp
    district : str
        The page's own district (English name of ``districts.csv``).
    lang : {"en", "zh"}
    cohorts : list of str
        Signing-year cohorts, e.g. ``["2015-2017", "2018-2020"]``.
    targets : pandas.DataFrame
        The targets table (:func:`yubei_lib.reference.load_targets`).
    strict : bool
    sample : bool
        True when the ledger is the kit's synthetic sample.
    months_to_commence, months_to_operate, top_n, quarters, years : int
        Page-specific parameters (lagging thresholds, largest projects shown, quarters of
        rank movement, trailing years of the chain analysis).
    """

    ledger: Ledger
    as_of: pd.Timestamp
    district: str
    lang: str
    cohorts: list[str]
    targets: pd.DataFrame
    strict: bool = True
    sample: bool = False
    months_to_commence: int = 12
    months_to_operate: int = 36
    top_n: int = 10
    quarters: int = 8
    years: int = 3
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def projects(self) -> pd.DataFrame:
        """Return the ledger's projects (all districts)."""
        return self.ledger.projects

    @property
    def capital(self) -> pd.DataFrame:
        """Return the ledger's capital inflows."""
        return self.ledger.capital

    @property
    def year(self) -> int:
        """Return the year of ``as_of``, the year of the targets."""
        return int(self.as_of.year)

    def own(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Return the rows of a frame (with a ``district`` column) of the page's district."""
        return aggregates.own_rows(frame, self.district)


# -- opening a page -----------------------------------------------------------------------


def open_page(as_of: object, district: object = "Yubei", projects: object = "", capital: object = "",
              targets: object = "", unit: object = "", lang: object = "en", strict: object = True,
              cohorts: object = "2015-2017,2018-2020", *, months_to_commence: object = 12,
              months_to_operate: object = 36, top_n: object = 10, quarters: object = 8,
              years: object = 3) -> Page:
    """Check a page's parameters, load the ledger and get the notebook ready to show figures.

    Parameters
    ----------
    as_of : str
        Quarter label (``2020Q4``) or date (``2020-12-31``).
    district : str
        The page's district, by any accepted name.
    projects, capital : str
        Ledger files; an empty ``projects`` means the kit's synthetic sample (both files).
        A relative path is looked up from the working folder, then from the kit's folder.
    targets : str
        Targets CSV; empty means ``data/reference/targets.csv``.
    unit : str
        Money unit of amount columns whose header declares none; empty for none.
    lang : {"en", "zh"}
    strict : bool
        Refuse a ledger with errors (True) or leave out its bad rows (False).
    cohorts : str
        Signing-year cohorts, e.g. ``"2015-2017,2018-2020"``.
    months_to_commence, months_to_operate, top_n, quarters, years : int
        Page-specific parameters.

    Returns
    -------
    Page

    Raises
    ------
    ValueError
        For a parameter that is not accepted.
    yubei_lib.LedgerError
        For a ledger that cannot be used (in strict mode: any error).
    """
    p = check_parameters(as_of, district, projects, capital, targets, unit, lang, strict, cohorts)
    extra = check_options(months_to_commence=months_to_commence, months_to_operate=months_to_operate,
                          top_n=top_n, quarters=quarters, years=years)
    try:
        table = load_targets(p["targets"])
    except ValueError as exc:
        raise refuse("targets", targets, str(exc)) from None
    sample = p["projects"] is None or Path(p["projects"]).resolve() == (SAMPLE / "projects.csv").resolve()
    default = p["projects"] is None
    ledger = load_ledger(SAMPLE / "projects.csv" if default else p["projects"],
                         SAMPLE / "capital.csv" if default else p["capital"],
                         unit=p["unit"], strict=p["strict"])
    display.enable()
    warnings.filterwarnings("ignore")
    return Page(ledger=ledger, as_of=p["as_of"], district=p["district"], lang=p["lang"],
                cohorts=p["cohorts"], targets=table, strict=p["strict"], sample=sample, **extra)


# -- shared views ---------------------------------------------------------------------------


def period_text(as_of: object, lang: str) -> str:
    """Return the period of a page: its quarter when ``as_of`` ends one, else the date.

    Examples
    --------
    >>> period_text("2020-12-31", "zh"), period_text("2020-05-15", "en")
    ('2020年第四季度', 'as of 2020-05-15')
    """
    when = parse_as_of(as_of)
    if when == quarter_end(when):
        return labels.quarter(when, lang)
    return t("as_of_date", lang, date=when.strftime("%Y-%m-%d"))


def title(page: Page, which: str) -> display.Html:
    """Return the page's title (district, period, page) and a line saying what it is as of.

    Parameters
    ----------
    page : Page
    which : str
        One of :data:`PAGES`.
    """
    if which not in PAGES:
        raise ValueError(f"unknown page {which!r}; use one of {', '.join(PAGES)}")
    lang = page.lang
    head = " · ".join([labels.name("district", page.district, lang), period_text(page.as_of, lang),
                       t(f"page_{which}", lang)])
    line = [f"{t('as_of', lang)} {page.as_of:%Y-%m-%d}"]
    if page.sample:
        line.append(t("synthetic", lang))
    if not page.strict:
        line.append(t("lenient_note", lang))
    return display.Html(f'<div class="yubei-title"><h1>{display.esc(head)}</h1>'
                        f'<p class="subtitle">{display.esc(" · ".join(line))}</p></div>')


def note(text: str) -> display.Html:
    """Return a short note (escaped), shown where a figure has nothing to show."""
    return display.Html(f'<p class="note">{display.esc(text)}</p>')


def _memo(page: Page, key: object, make):
    if key not in page.cache:
        page.cache[key] = make()
    return page.cache[key]


# -- the summary page -----------------------------------------------------------------------


def _figures(page: Page) -> dict:
    def make() -> dict:
        before = previous_quarter_end(page.as_of)
        now = district_figures(page.projects, page.capital, page.as_of, page.cohorts, page.targets)
        prev = district_figures(page.projects, page.capital, before, page.cohorts, page.targets)
        goals = summary.district_targets(page.targets, page.district, page.year, page.cohorts)
        projected = float(projection(page.projects, page.as_of).loc[page.district, "projected_value"])
        lag = [int(lagging_count(page.projects, when, page.months_to_commence,
                                 page.months_to_operate)[page.district]) for when in (page.as_of, before)]
        return {"key": summary.key_figures(now, prev, page.district, page.as_of, page.cohorts, goals, projected),
                "ranks": summary.rank_figures(now, prev, page.district, page.cohorts),
                "lagging": lag[0], "lagging_before": lag[1], "targets": goals, "projected": projected}
    return _memo(page, "figures", make)


def target_tiles(page: Page) -> display.Html:
    """Show the four target figures: value, target, status, change since last quarter end."""
    return display.tiles(summary.target_tiles(_figures(page)["key"], page.lang, page.year))


def rank_tiles(page: Page) -> display.Html:
    """Show the district's rank among the 22 on the three rates and the composite, and its lagging projects."""
    f = _figures(page)
    return display.tiles(summary.rank_tiles(f["ranks"], f["lagging"], f["lagging_before"], page.lang,
                                            page.months_to_commence, page.months_to_operate))


def key_messages(page: Page) -> display.Html:
    """Show the key messages written from the page's figures."""
    f = _figures(page)
    return display.messages(summary.key_messages(f["key"], f["ranks"], f["lagging"], page.district,
                                                 page.year, page.lang))


def cumulative_chart(page: Page) -> alt.LayerChart:
    """Chart the year-to-date signed value against the year's target, with the projection."""
    f = _figures(page)
    frame = aggregates.cumulative_frame(page.projects, page.as_of, page.district, f["projected"])
    target = f["targets"]["signed_value"]
    return charts.cumulative_vs_target(frame, None if math.isnan(target) else target, page.lang)


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
    return display.table(
        frame, page.lang,
        {"rank": "rank", "project_name": "project_name", "investor": "investor", "investor_type": "investor_type",
         "cluster": "cluster", "park": "park", "signed_on": "signed_on", "contract_value": "contract_value",
         "terminated_on": "terminated_on"},
        {"investor_type": "investor_type", "cluster": "cluster", "park": "park", "signed_on": "date",
         "contract_value": "money", "terminated_on": "date"},
        caption=t("largest_caption", page.lang, n=page.top_n, year=page.year))


# -- district rankings ----------------------------------------------------------------------


def _rankings(page: Page) -> pd.DataFrame:
    return _memo(page, "rankings", lambda: district_rankings(page.projects, page.capital, page.as_of,
                                                             page.cohorts))


def _signed_change(value: object) -> str:
    return "" if labels._undefined(value) else summary._sign(int(value)) + str(abs(int(value)))


def rankings_table(page: Page) -> display.Html:
    """Table the 22 districts on the three rates and the composite, best composite rank first."""
    lang = page.lang
    frame = _rankings(page).sort_values("composite_rank", kind="stable")
    columns, formats = {"district": "district"}, {"district": "district"}
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
    """Chart the districts' composite rank over the last ``quarters`` quarter ends."""
    frame = aggregates.rank_history(page.projects, page.capital, page.as_of, page.cohorts, page.quarters)
    return charts.rank_bump(frame, page.district, page.lang)


# -- commencement and operation -------------------------------------------------------------


def _cohorts(page: Page) -> pd.DataFrame:
    def make() -> pd.DataFrame:
        goals = summary.district_targets(page.targets, page.district, page.year, page.cohorts)
        return aggregates.cohort_figures(page.projects, page.as_of, page.district, page.cohorts, goals)
    return _memo(page, "cohorts", make)


def cohort_table(page: Page) -> display.Html:
    """Table each cohort's projects, commencement and operation rates (by count and value), target and status."""
    lang = page.lang
    frame = _cohorts(page).copy()
    frame["status"] = [t(s, lang) if s != "no_target" else t("no_target_short", lang) for s in
                       (summary.target_status(v, g) for v, g in zip(frame["operation_rate"], frame["operation_target"]))]
    rate = "percent"
    return display.table(
        frame, lang,
        {"cohort": "cohort", "cohort_count": "cohort_count", "commenced_count": "commenced_count",
         "operating_count": "operating_count", "commencement_rate": "commencement_rate",
         "commencement_rate_value": "commencement_rate_value", "operation_rate": "operation_rate",
         "operation_rate_value": "operation_rate_value", "operation_target": "target", "status": "status"},
        {"cohort": lambda v: labels.cohort(v, lang), "cohort_count": "number", "commenced_count": "number",
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
    return charts.time_to_operation(frame, page.lang)


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
    given = lambda v: t("not_given", lang) if labels._undefined(v) or not str(v).strip() else str(v)  # noqa: E731
    return display.table(
        frame, lang,
        {"responsible_unit": "responsible_unit", "responsible_leader": "responsible_leader",
         "project_name": "project_name", "signed_on": "signed_on", "contract_value": "contract_value",
         "stage": "stage", "months_overdue": "months_overdue"},
        {"responsible_unit": given, "responsible_leader": given, "signed_on": "date", "contract_value": "money",
         "stage": lambda v: stage.get(v, str(v)), "months_overdue": "number"},
        caption=t("lagging_caption", lang, n=len(frame), c=page.months_to_commence, o=page.months_to_operate))


# -- industrial chains ----------------------------------------------------------------------


def _window_start(page: Page) -> pd.Timestamp:
    return add_months(page.as_of, -12 * page.years) + pd.Timedelta(days=1)


def _links(page: Page) -> pd.DataFrame:
    return _memo(page, "links", lambda: page.own(composition.weak_links(page.projects, page.as_of, page.years)))


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
    return display.table(
        frame, page.lang,
        {"cluster": "cluster", "segment": "chain_segment", "signed_count": "count", "signed_value": "signed_value",
         "value_share": "value_share"},
        {"cluster": "cluster", "segment": "chain_segment", "signed_count": "number", "signed_value": "money",
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
                                            "reason": "reason"}, {"row": "number"})


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
                         caption=t("dropped_caption", page.lang, n=page.ledger.summary()["dropped_rows"]))


def completeness_table(page: Page) -> display.Html:
    """Table the share of projects with a value in each optional column, whole ledger and district."""
    lang = page.lang
    frame = aggregates.completeness(page.projects, page.district, page.as_of)
    return display.table(
        frame, lang,
        {"column": "column", "filled": "count", "share": "whole_ledger",
         "district_share": labels.name("district", page.district, lang)},
        {"column": lambda c: t(c, lang), "filled": "number", "share": "percent", "district_share": "percent"},
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
