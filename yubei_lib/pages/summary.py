"""The summary page: the year's targets, the ranks among the 22, key messages, signed value against target."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from yubei_lib.config import DEFAULTS
from yubei_lib.figures import timeline
from yubei_lib.figures.cohorts import cohort_figures
from yubei_lib.figures.headline import key_figures, news, rank_figures
from yubei_lib.figures.lagging import lagging_count
from yubei_lib.figures.machine import district_figures, second_set
from yubei_lib.figures.rankings import district_rankings, without_data
from yubei_lib.figures.signed import projection
from yubei_lib.figures.targets import district_targets
from yubei_lib.figures.yoy import prev_year
from yubei_lib.ledger.periods import previous_quarter_end
from yubei_lib.pages.page import Page, memo, supervision
from yubei_lib.present import charts, display, wording
from yubei_lib.present.labels import t
from yubei_lib.present.news import key_messages as worded_news
from yubei_lib.present.supervision import warning_message
from yubei_lib.present.supervision import warning_tiles as worded_warning_tiles
from yubei_lib.present.wording_second import scheme_name
from yubei_lib.present.wording_second import second_tiles as worded_second_tiles

__all__ = ["revision_notice", "target_tiles", "rank_tiles", "message_lines", "key_messages", "cumulative_chart", "second_tiles",
           "warning_tiles"]


def _figures(page: Page) -> dict:
    def make() -> dict:
        before = previous_quarter_end(page.as_of)
        now = district_figures(page.projects, page.capital, page.as_of, page.cohorts, page.targets)
        prev = district_figures(page.projects, page.capital, before, page.cohorts, page.targets)
        ranks = district_rankings(page.projects, page.capital, page.as_of, page.cohorts, published=page.published)
        goals = district_targets(page.targets, page.district, page.year, page.cohorts)
        projected = float(projection(page.projects, page.as_of).loc[page.district, "projected_value"])
        lag = [int(lagging_count(page.projects, when, page.months_to_commence,
                                 page.months_to_operate)[page.district]) for when in (page.as_of, before)]
        return {"key": key_figures(now, prev, page.district, page.as_of, page.cohorts, goals, projected),
                "ranks": rank_figures(ranks, page.district, page.cohorts),
                "missing": without_data(page.projects, page.as_of, page.published),
                "lagging": lag[0], "lagging_before": lag[1], "targets": goals,
                "cohorts": cohort_figures(page.projects, page.as_of, page.district, page.cohorts, goals)}
    return memo(page, "figures", make)


def target_tiles(page: Page) -> display.Html:
    """Show the four target figures: value, target, status, change since last quarter end."""
    return display.tiles(wording.target_tiles(_figures(page)["key"], page.lang, page.year))


def rank_tiles(page: Page) -> display.Html:
    """Show the district's rank among the 22 on the three rates and the composite, and its lagging projects."""
    f = _figures(page)
    items = wording.rank_tiles(f["ranks"], f["lagging"], f["lagging_before"], page.lang,
                               page.months_to_commence, page.months_to_operate, f["missing"])
    return display.tiles(items + _scheme_tile(page))  # why there is no rank: the key messages say it, once


def _scheme_tile(page: Page) -> list[dict]:
    """Return the tile of the composite rank by the page's ranking scheme, none for the default (figure 18)."""
    if page.scheme == DEFAULTS["scheme"]:
        return []
    own = page.district if page.activities is not None else None
    figures = district_figures(page.projects, page.capital, page.as_of, page.cohorts, page.targets, page.published,
                               investment=page.investment, activities=page.activities, own=own,
                               scheme=page.scheme)
    rank = figures.loc[figures["district"] == page.district, "composite_rank"].iloc[0]
    value = (t("no_rank", page.lang) if pd.isna(rank)
             else t("rank_of", page.lang, rank=int(rank), n=len(figures)))
    return [{"title": t("scheme_heading", page.lang, name=scheme_name(page.scheme, page.lang)), "value": value,
             "target": t("composite_rank", page.lang), "status": "", "state": "neutral", "change": ""}]


def message_lines(page: Page) -> list[str]:
    """Return the key messages of a page's district, in the page's language, the news first.

    Every missed target with how far, every figure or rank that fell since last quarter
    end, the lagging projects and the warnings, then what went well
    (:func:`yubei_lib.figures.headline.news`, worded by :func:`yubei_lib.present.news.key_messages`):
    plain text lines, for the page and for a Word brief.
    """
    f = _figures(page)
    s = supervision(page)
    items = news(f["key"], f["ranks"], page.as_of, f["lagging"], f["lagging_before"], s.totals, f["cohorts"])
    return worded_news(items, page.district, page.as_of, page.lang, f["missing"],
                                warning_message(s, page.lang), page.months_to_commence, page.months_to_operate)


def key_messages(page: Page) -> display.Html:
    """Show the key messages written from the page's figures: missed targets and what fell first."""
    return display.messages(message_lines(page))


def warning_tiles(page: Page) -> display.Html:
    """Show the projects red (overdue) and yellow (due soon) of figure 21, and their change since last quarter end."""
    return display.tiles(worded_warning_tiles(supervision(page), page.lang))


def cumulative_chart(page: Page) -> alt.LayerChart:
    """Chart the year-to-date signed value against the year's target, with the projection while the year runs."""
    f = _figures(page)
    projected = f["key"].loc["signed_value", "projected"]  # undefined once the year is over: no projection
    frame = timeline.cumulative_frame(page.projects, page.as_of, page.district,
                                      None if math.isnan(projected) else float(projected))
    target = f["targets"]["signed_value"]
    return charts.cumulative_vs_target(frame, None if math.isnan(target) else target, page.lang)


def revision_notice(page: Page) -> display.Html:
    """Say, near the top, which figures changed since the report was last published (nothing when none did)."""
    if not page.revision:
        return display.Html("")
    since = page.revision.get("since", "")
    head = wording.revised_since(since, page.lang)
    lines = wording.revision_lines(page.revision.get("figures", []), page.lang)
    return display.notice(head, lines)


def _second(page: Page) -> tuple[dict, dict]:
    """Return the district's second-set figures as of the report date (with last year's flows) and the quarter end before."""
    def make() -> tuple[dict, dict]:
        before = previous_quarter_end(page.as_of)
        own = page.district if page.activities is not None else None
        now, prev = (second_set(page.projects, page.capital, when, page.cohorts, page.investment, page.activities,
                                own).loc[page.district].to_dict() for when in (page.as_of, before))
        now.update(prev_year(page.projects, page.capital, page.as_of, page.investment, page.activities,
                             own).loc[page.district].to_dict())  # the same period last year (同比)
        if before.year != page.as_of.year:  # a year-to-date figure starts again in January
            prev.update({k: None for k in prev if k.endswith("_ytd")})
        return now, prev
    return memo(page, "second", make)


def second_tiles(page: Page) -> display.Html:
    """Show contract performance and capital in place of each cohort, new projects' investment, visits, major projects.

    A figure whose table (``investment``, ``activities``) was not given says so, never 0.
    """
    now, before = _second(page)
    return display.tiles(worded_second_tiles(now, before, page.cohorts, page.lang, page.investment is not None,
                                             page.activities is not None))
