"""The summary page: the year's targets, the ranks among the 22, key messages, signed value against target."""

from __future__ import annotations

import math

import altair as alt

from yubei_lib.figures import timeline
from yubei_lib.figures.headline import key_figures, rank_figures
from yubei_lib.figures.lagging import lagging_count
from yubei_lib.figures.machine import district_figures
from yubei_lib.figures.rankings import district_rankings, without_data
from yubei_lib.figures.signed import projection
from yubei_lib.figures.targets import district_targets
from yubei_lib.ledger.periods import previous_quarter_end
from yubei_lib.pages.page import Page, memo, note
from yubei_lib.present import charts, display, wording
from yubei_lib.present.labels import t

__all__ = ["revision_notice", "target_tiles", "rank_tiles", "key_messages", "cumulative_chart"]


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
                "lagging": lag[0], "lagging_before": lag[1], "targets": goals, "projected": projected}
    return memo(page, "figures", make)


def target_tiles(page: Page) -> display.Html:
    """Show the four target figures: value, target, status, change since last quarter end."""
    return display.tiles(wording.target_tiles(_figures(page)["key"], page.lang, page.year))


def rank_tiles(page: Page) -> display.Html:
    """Show the district's rank among the 22 on the three rates and the composite, and its lagging projects."""
    f = _figures(page)
    tiles = display.tiles(wording.rank_tiles(f["ranks"], f["lagging"], f["lagging_before"], page.lang,
                                             page.months_to_commence, page.months_to_operate, f["missing"]))
    if f["ranks"]["rank"].isna().any() and f["missing"]:
        return display.Html(str(tiles) + str(note(wording.missing_text(f["missing"], page.lang, limit=None))))
    return tiles


def key_messages(page: Page) -> display.Html:
    """Show the key messages written from the page's figures."""
    f = _figures(page)
    return display.messages(wording.key_messages(f["key"], f["ranks"], f["lagging"], page.district,
                                                 page.year, page.lang, f["missing"]))


def cumulative_chart(page: Page) -> alt.LayerChart:
    """Chart the year-to-date signed value against the year's target, with the projection."""
    f = _figures(page)
    frame = timeline.cumulative_frame(page.projects, page.as_of, page.district, f["projected"])
    target = f["targets"]["signed_value"]
    return charts.cumulative_vs_target(frame, None if math.isnan(target) else target, page.lang)


def revision_notice(page: Page) -> display.Html:
    """Say, near the top, which figures changed since the report was last published (nothing when none did)."""
    if not page.revision:
        return display.Html("")
    since = page.revision.get("since", "")
    head = t("revised_since", page.lang, date=since[:10] or "?")
    lines = wording.revision_lines(page.revision.get("figures", []), page.lang)
    return display.notice(head, lines)
