"""The contract_value page: value signed, by period and category, and the largest projects."""

from __future__ import annotations

import altair as alt
import pandas as pd

from yubei_lib.figures import composition, timeline
from yubei_lib.figures.signed import signed_value
from yubei_lib.ledger.periods import parse_as_of
from yubei_lib.pages.page import Page, in_page_language, note, worded
from yubei_lib.present import charts, display, labels
from yubei_lib.present.charts.base import span
from yubei_lib.present.labels import t

__all__ = ["signed_tiles", "signed_chart", "composition_chart", "largest_projects"]


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
    frame = timeline.signed_by_period(page.projects, page.as_of, page.district, freq,
                                        24 if freq == "month" else 12)
    return charts.signed_by_period(frame, page.lang, freq)


def _nothing_signed(page: Page, start: pd.Timestamp) -> display.Html:
    return note(t("nothing_signed", page.lang, start=labels.date(start, page.lang),
                  end=labels.date(page.as_of, page.lang)))


def composition_chart(page: Page, by: str, start: object = None) -> alt.LayerChart | display.Html:
    """Chart the value signed year to date (or since ``start``) by cluster, chain segment, investor type or park."""
    first = pd.Timestamp(page.year, 1, 1) if start is None else parse_as_of(start)
    frame = page.own(composition.composition(page.projects, page.as_of, by, start=first))
    if frame.empty:
        return _nothing_signed(page, first)
    frame = frame.rename(columns={"signed_value": "value", "signed_count": "count", "value_share": "share"})
    return charts.composition(frame.drop(columns="district"), by, page.lang, period=span(first, page.as_of, page.lang))


def largest_projects(page: Page) -> display.Html:
    """List the ``top_n`` largest projects signed year to date; the set's workbook holds them all, linked below."""
    first = pd.Timestamp(page.year, 1, 1)
    every = page.own(composition.largest_projects(page.projects, page.as_of, max(len(page.projects), 1), start=first))
    frame = every.head(page.top_n)
    if frame.empty:
        return _nothing_signed(page, first)
    frame = worded(in_page_language(frame, page.lang), page.lang, investor="text", investor_type="investor_type",
                   cluster="cluster", park="park")
    ended = pd.to_datetime(frame["terminated_on"])
    frame["terminated_on"] = ended.where(ended <= page.as_of)  # a later termination has not happened yet
    return display.table(
        frame, page.lang,
        {"rank": "rank", "project_name": "project_name", "investor": "investor", "investor_type": "investor_type",
         "cluster": "cluster", "park": "park", "signed_on": "signed_on", "contract_value": "contract_value",
         "terminated_on": "terminated_on"},
        {"signed_on": "date", "contract_value": "money", "terminated_on": "date"},
        caption=t("largest_caption", page.lang, n=page.top_n, year=page.year),
        max_rows=page.top_n if len(every) > page.top_n else None,
        more=display.workbook_note(t("cut_largest", page.lang, shown=page.top_n, n=len(every), year=page.year), page.lang))
