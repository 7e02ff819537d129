"""The outreach page: visits by kind and month, by leader, visit-to-signing share, the enterprises visited.

Everything here comes from the office's outreach log (``activities``, 招商活动台账), which
belongs to the page's district (figure 16). Without the log every view says that it was
not given; nothing is shown as 0.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from yubei_lib.figures.outreach import activities_by_month, visit_to_signing, visited_enterprises, visits_out_main
from yubei_lib.pages.page import TABLE_ROWS, Page, in_page_language, memo, note
from yubei_lib.present import charts, display, labels
from yubei_lib.present.charts.base import span
from yubei_lib.present.charts.outreach import group_label
from yubei_lib.present.labels import t

__all__ = ["outreach_tiles", "activities_chart", "leader_chart", "leader_table", "visited_table"]


def _missing(page: Page) -> display.Html | None:
    """Return the note that the log was not given, or None when it was."""
    return note(t("not_given_activities", page.lang)) if page.activities is None else None


def _visited(page: Page) -> pd.DataFrame:
    return memo(page, "visited", lambda: visited_enterprises(page.projects, page.activities, page.as_of,
                                                             page.district))


def outreach_tiles(page: Page) -> display.Html:
    """Show the main leaders' outside visits of the year to date and the visit-to-signing share."""
    missing = _missing(page)
    if missing is not None:
        return missing
    lang = page.lang
    visits = visits_out_main(page.activities, page.as_of, page.district)[page.district]
    share = visit_to_signing(page.projects, page.activities, page.as_of, page.district).loc[page.district]
    when = labels.date(page.as_of, lang)
    return display.tiles([
        {"title": t("visits_out_main_ytd", lang), "value": labels.number(visits, lang),
         "target": t("tile_visits", lang), "status": t("outreach_ytd", lang, date=when), "state": "neutral"},
        {"title": t("visit_to_signing_share", lang), "value": labels.percent(share["visit_to_signing_share"], lang),
         "target": t("outreach_signed_of", lang, signed=labels.number(share["signed"], lang),
                     visited=labels.number(share["visited"], lang)),
         "status": t("outreach_tiles_window", lang, date=when), "state": "neutral"},
    ])


def _by_month(page: Page, by: str) -> pd.DataFrame:
    """Return activities and distinct enterprises per month of the year to date, by kind or by leader level."""
    log = page.activities
    assert log is not None  # the callers show _missing's note when the log was not given
    log = log if by == "kind" else log.assign(kind=log["leader_level"])
    frame = activities_by_month(log, page.as_of, by="kind")
    return frame if by == "kind" else frame.rename(columns={"kind": "leader_level"})


def _month_chart(page: Page, by: str) -> alt.Chart | display.Html:
    missing = _missing(page)
    if missing is not None:
        return missing
    frame = _by_month(page, by)
    if frame.empty:
        return note(t("no_activities_yet", page.lang))
    return charts.activities_by_month(frame, page.lang, by=by,
                                      period=span(pd.Timestamp(page.year, 1, 1), page.as_of, page.lang))


def activities_chart(page: Page) -> alt.Chart | display.Html:
    """Chart the activities of each month of the year to date, stacked by kind (out, in, event)."""
    return _month_chart(page, "kind")


def leader_chart(page: Page) -> alt.Chart | display.Html:
    """Chart the activities of each month of the year to date, stacked by the level of the leader who led them."""
    return _month_chart(page, "leader_level")


def leader_table(page: Page) -> display.Html:
    """Table each leader's activities and distinct enterprises of the year to date, main leaders first."""
    missing = _missing(page)
    if missing is not None:
        return missing
    lang = page.lang
    frame = activities_by_month(page.activities, page.as_of, by="leader")
    if frame.empty:
        return note(t("no_activities_yet", lang))
    ytd = page.activities
    assert ytd is not None  # _missing returned its note when the log was not given
    ytd = ytd.loc[(ytd["date"] >= pd.Timestamp(page.as_of.year, 1, 1)) & (ytd["date"] <= page.as_of)]
    firms = ytd.groupby(ytd["leader"].astype(str))["enterprise"].nunique()
    out = frame.groupby(["leader", "leader_level"], as_index=False)["activities"].sum()
    out["enterprises"] = out["leader"].map(firms).fillna(0).astype("int64")
    out["rank"] = out["leader_level"].map({level: i for i, level in enumerate(("main", "deputy", "other"))})
    out = out.sort_values(["rank", "activities", "leader"], ascending=[True, False, True], kind="stable")
    out["leader_level"] = [group_label("leader_level", v, lang) for v in out["leader_level"]]
    return display.table(out, lang, {"leader": "leader", "leader_level": "leader_level",
                                     "activities": "activities", "enterprises": "enterprises"},
                         {"leader": "text", "activities": "number", "enterprises": "number"},
                         caption=t("leader_level_table_caption", lang), max_rows=TABLE_ROWS)


def visited_table(page: Page) -> display.Html:
    """List the enterprises visited in the 12 months to the report date and whether they signed, the most recent first.

    The page shows the :data:`~yubei_lib.present.display.CUT_ROWS` most recently visited; the
    set's workbook holds them all, linked below the list.
    """
    missing = _missing(page)
    if missing is not None:
        return missing
    lang = page.lang
    frame = _visited(page)
    if frame.empty:
        return note(t("no_visits_window", lang))
    frame = frame.sort_values(["last_visit", "enterprise"], ascending=[False, True], kind="stable").copy()
    yes_no = {True: t("yes", lang), False: t("no", lang)}
    frame["signed_text"] = [yes_no[bool(v)] for v in frame["signed"]]
    frame["main_text"] = [yes_no[bool(v)] for v in frame["main_leader"]]
    frame["signed_value"] = frame["signed_value"].where(frame["signed"])
    frame = in_page_language(frame, lang)
    return display.table(
        frame, lang,
        {"enterprise": "enterprise", "first_visit": "first_visit", "last_visit": "last_visit", "visits": "visits",
         "main_text": "main_leader", "signed_text": "signed", "signed_on": "signed_on",
         "signed_projects": "signed_projects", "signed_value": "signed_value"},
        {"enterprise": "text", "first_visit": "date", "last_visit": "date", "visits": "number",
         "signed_on": "date", "signed_projects": "text", "signed_value": "money"},
        caption=t("visited_caption", lang, n=len(frame), date=labels.date(page.as_of, lang)),
        max_rows=display.CUT_ROWS,
        more=display.workbook_note(t("cut_visited", lang, shown=display.CUT_ROWS, n=len(frame)), lang))
