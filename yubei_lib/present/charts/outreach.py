"""Charts of the outreach log (figure 16): activities per month, stacked by kind or by leader level."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from yubei_lib.present import labels
from yubei_lib.present.charts.base import described, finish, format_all, period_axis, span, take_columns
from yubei_lib.present.labels import t

GROUPS = {"kind": ("visit_out", "visit_in", "event"), "leader_level": ("main", "deputy", "other")}
"""The groups a chart stacks by, in their order (kinds of activity, levels of leader)."""

_WORD = {"kind": "kind_{}", "leader_level": "level_{}"}


def group_label(by: str, value: object, lang: str) -> str:
    """Return the words of a kind of activity or a level of leader in a language.

    Examples
    --------
    >>> group_label("kind", "visit_out", "zh"), group_label("leader_level", "main", "en")
    ('外出拜访', 'Main leader')
    """
    return t(_WORD[by].format(value), lang) if str(value) in GROUPS[by] else str(value)


def activities_by_month(frame: pd.DataFrame, lang: str = "en", by: str = "kind",
                        period: str | None = None) -> alt.Chart:
    """Draw bars of the activities of each month, stacked by kind of activity or by level of leader.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per month and group: ``month`` (datetime, first day), ``kind`` or
        ``leader_level`` (the log's codes: ``visit_out``, ``main``, ...), ``activities``
        and ``enterprises`` (counts).
    lang : {"en", "zh"}
    by : {"kind", "leader_level"}
    period : str, optional
        Added to the title; by default the months of the frame (``"Jan-Sep 2020"``,
        :func:`~yubei_lib.present.charts.base.span`).

    Returns
    -------
    altair.Chart
        Bars on ``month_label:O`` against ``activities:Q``, coloured by ``group_label:N``
        (in the order of :data:`GROUPS`), as wide as the container.

    Examples
    --------
    >>> f = pd.DataFrame({"month": pd.to_datetime(["2019-01-01", "2019-01-01", "2019-02-01"]),
    ...     "kind": ["visit_out", "event", "visit_out"], "activities": [30, 2, 25], "enterprises": [28, 2, 24]})
    >>> spec = activities_by_month(f, "zh").to_dict()
    >>> spec["encoding"]["color"]["title"], spec["width"], spec["encoding"]["color"]["sort"]
    ('类型', 'container', ['外出拜访', '企业来访', '招商活动'])
    >>> activities_by_month(f, "en").to_dict()["description"]
    'Bars: the number of activities in each month of the year to date, stacked by kind; 57 in all.'
    """
    labels.check_lang(lang)
    if by not in GROUPS:
        raise ValueError(f"by must be 'kind' or 'leader_level', not {by!r}")
    data = take_columns(frame, ["month", by, "activities", "enterprises"], "activities_by_month")
    data["month"] = pd.to_datetime(data["month"])
    data["month_label"] = format_all(data["month"], labels.month, lang)
    data["group_label"] = [group_label(by, v, lang) for v in data[by]]
    order = [labels.month(m, lang) for m in sorted(set(data["month"]))]
    groups = [group_label(by, g, lang) for g in GROUPS[by]]
    total = int(data["activities"].sum())
    description = t(f"desc_activities_by_{'kind' if by == 'kind' else 'leader'}", lang).rstrip(".。")
    description += (f"; {total:,} in all" if lang == "en" else f"，共{total}次")
    tooltip = [alt.Tooltip("month_label:N", title=t("month", lang)),
               alt.Tooltip("group_label:N", title=t(by, lang)),
               alt.Tooltip("activities:Q", title=t("activities", lang), format=",d"),
               alt.Tooltip("enterprises:Q", title=t("enterprises", lang), format=",d")]
    chart = (
        described(alt.Chart(data), tooltip, lang)
        .mark_bar()
        .encode(
            x=alt.X("month_label:O", sort=order, title=t("month", lang), axis=alt.Axis(**period_axis(order))),
            y=alt.Y("sum(activities):Q", title=t("activities", lang), stack="zero"),
            color=alt.Color("group_label:N", title=t(by, lang), sort=groups, scale=alt.Scale(domain=groups),
                            legend=alt.Legend(columns=1)),  # one a line: a phone shows them all
            order=alt.Order("group_order:Q"),
            tooltip=tooltip,
        )
        .transform_calculate(group_order=f"indexof({json.dumps(groups, ensure_ascii=False)}, datum.group_label)")
    )
    title = t(f"activities_by_{'kind' if by == 'kind' else 'leader'}", lang)
    if period is None and data["month"].notna().any():
        period = span(data["month"].min().to_period("M").start_time, data["month"].max().to_period("M").end_time,
                      lang)
    return finish(chart, lang, title, description, period=period)
