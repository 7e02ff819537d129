"""The industry_chains page: value signed along each cluster's chain, weak links, investor mix."""

from __future__ import annotations

import altair as alt
import pandas as pd

from yubei_lib.figures import composition
from yubei_lib.ledger.periods import add_months
from yubei_lib.pages.contract_value import composition_chart
from yubei_lib.pages.page import Page, memo, note, worded
from yubei_lib.present import charts, display, labels
from yubei_lib.present.charts.base import span
from yubei_lib.present.labels import t

__all__ = ["chain_heatmap", "weak_links_table", "investor_mix_chart"]


def _window_start(page: Page) -> pd.Timestamp:
    return add_months(page.as_of, -12 * page.years) + pd.Timedelta(days=1)


def _links(page: Page) -> pd.DataFrame:
    return memo(page, "links", lambda: page.own(composition.weak_links(page.projects, page.as_of, page.years)))


def chain_heatmap(page: Page) -> alt.LayerChart:
    """Chart the value signed along each cluster's chain over the trailing ``years``, weak links marked."""
    frame = _links(page).rename(columns={"signed_value": "value", "signed_count": "count"})
    return charts.chain_heatmap(frame, page.lang, period=span(_window_start(page), page.as_of, page.lang))


def weak_links_table(page: Page) -> display.Html:
    """List the weak links: chain segments with no project, or under 5 % of their cluster's value."""
    frame = _links(page)
    frame = frame.loc[frame["weak"]]
    if frame.empty:
        return note(t("no_weak_links", page.lang))
    frame = worded(frame, page.lang, cluster="cluster", segment="chain_segment")
    return display.table(
        frame, page.lang,
        {"cluster": "cluster", "segment": "chain_segment", "signed_count": "count", "signed_value": "signed_value",
         "value_share": "value_share"},
        {"signed_count": "number", "signed_value": "money",
         "value_share": "percent"},
        caption=t("window_caption", page.lang, start=labels.date(_window_start(page), page.lang),
                  end=labels.date(page.as_of, page.lang)))


def investor_mix_chart(page: Page) -> alt.LayerChart | display.Html:
    """Chart the value signed over the trailing ``years`` by investor type."""
    return composition_chart(page, "investor_type", start=_window_start(page))
