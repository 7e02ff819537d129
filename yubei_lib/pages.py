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
The summary page's views are here; the other pages' are in :mod:`yubei_lib.views` and
re-exported here, so that every notebook calls ``yb.pages.<view>(page)``.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import pandas as pd

from yubei_lib import aggregates, charts, display, labels, summary
from yubei_lib.figures import district_figures
from yubei_lib.labels import t
from yubei_lib.lagging import lagging_count
from yubei_lib.load import Ledger, load_ledger
from yubei_lib.metrics import projection
from yubei_lib.parameters import check_options, check_parameters, refuse
from yubei_lib.periods import parse_as_of, previous_quarter_end, quarter_end
from yubei_lib.reference import ROOT, load_targets
from yubei_lib.views import (
    chain_heatmap,
    cohort_chart,
    cohort_table,
    completeness_table,
    composition_chart,
    dropped_table,
    investor_mix_chart,
    lagging_table,
    largest_projects,
    ledger_summary,
    memo,
    note,
    rank_bump_chart,
    ranking_chart,
    rankings_table,
    signed_chart,
    signed_tiles,
    time_to_operation_chart,
    warnings_table,
    weak_links_table,
)

__all__ = ["PAGES", "Page", "open_page", "title", "period_text", "note",
           # summary
           "target_tiles", "key_messages", "rank_tiles", "cumulative_chart",
           # contract value
           "signed_tiles", "signed_chart", "composition_chart", "largest_projects",
           # district rankings
           "rankings_table", "ranking_chart", "rank_bump_chart",
           # commencement and operation
           "cohort_table", "cohort_chart", "time_to_operation_chart", "lagging_table",
           # industrial chains
           "chain_heatmap", "weak_links_table", "investor_mix_chart",
           # data quality
           "warnings_table", "dropped_table", "completeness_table", "ledger_summary"]

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
    months_to_commence, months_to_operate, top_n, rank_quarters, years : int
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
    rank_quarters: int = 8
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
              months_to_operate: object = 36, top_n: object = 10, rank_quarters: object = 8,
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
    months_to_commence, months_to_operate, top_n, rank_quarters, years : int
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
                          top_n=top_n, rank_quarters=rank_quarters, years=years)
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
    return memo(page, "figures", make)


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
