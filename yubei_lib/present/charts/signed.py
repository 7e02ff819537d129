"""Charts of the signed value: by period, cumulative against the target, by category."""

from __future__ import annotations

import altair as alt
import pandas as pd

from yubei_lib.ledger.reference import KINDS
from yubei_lib.present import labels, theme
from yubei_lib.present.charts.base import (
    MONTHS_EN,
    described,
    finish,
    format_all,
    lines_expr,
    period_axis,
    span,
    take_columns,
    wrapped_axis,
)
from yubei_lib.present.charts.money import money_unit, with_scaled
from yubei_lib.present.labels import t


def signed_by_period(frame: pd.DataFrame, lang: str = "en", freq: str = "month",
                     period: str | None = None) -> alt.Chart:
    """Draw bars of the signed value by month or by quarter.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per period: ``period`` (datetime, any day in the period), ``value``
        (signed value, yuan), ``count`` (projects signed).
    lang : {"en", "zh"}
    freq : {"month", "quarter"}
    period : str, optional
        Added to the title; by default the months or quarters of the frame (``"2019-2020"``,
        ``"Jan 2019-Sep 2020"``, :func:`~yubei_lib.present.charts.base.span`).

    Returns
    -------
    altair.Chart
        Bars on ``period_label:O`` (the period as :func:`yubei_lib.present.labels.month` or
        :func:`yubei_lib.present.labels.quarter` writes it, in time order) against
        ``value_scaled:Q`` (in the chart's unit, bn yuan or 亿元 for large amounts), as
        wide as the container; the labels turn when the bars are too narrow for them.

    Examples
    --------
    >>> f = pd.DataFrame({"period": pd.to_datetime(["2020-01-01", "2020-02-01", "2020-03-01"]),
    ...                   "value": [2.1e9, 0.4e9, 6.3e9], "count": [12, 3, 25]})
    >>> spec = signed_by_period(f, "zh").to_dict()
    >>> spec["encoding"]["y"]["title"], len(spec["datasets"][spec["data"]["name"]]), spec["width"]
    ('签约金额（亿元）', 3, 'container')
    >>> signed_by_period(f, "en").to_dict()["description"]
    'Bars of the value signed each month from Jan 2020 to Mar 2020; the highest is CNY 6.3 bn in Mar 2020.'
    """
    labels.check_lang(lang)
    if freq not in ("month", "quarter"):
        raise ValueError(f"freq must be 'month' or 'quarter', not {freq!r}")
    data = take_columns(frame, ["period", "value", "count"], "signed_by_period")
    data["period"] = pd.to_datetime(data["period"])
    fmt = labels.month if freq == "month" else labels.quarter
    unit = money_unit(data["value"], lang)
    data["period_label"] = format_all(data["period"], fmt, lang)
    data["value_text"] = unit.texts(data["value"])
    order = [fmt(p, lang) for p in sorted(set(data["period"].dt.to_period(freq[0].upper())))]
    values = data["value"].astype("float64")
    if order and values.notna().any():
        top = data.loc[values.idxmax()]
        description = t(f"desc_signed_by_{freq}", lang, first=order[0], last=order[-1],
                        top=top["value_text"], when=top["period_label"])
    else:
        description = t(f"signed_by_{freq}", lang)
    tooltip = [alt.Tooltip("period_label:N", title=t(freq, lang)),
               alt.Tooltip("value_text:N", title=t("signed_value", lang)),
               alt.Tooltip("count:Q", title=t("signed_count", lang), format=",d")]
    chart = (
        described(with_scaled(alt.Chart(data), lang, "value", unit=unit), tooltip, lang)
        .mark_bar()
        .encode(
            x=alt.X("period_label:O", sort=order, title=t(freq, lang), axis=alt.Axis(**period_axis(order))),
            y=alt.Y("value_scaled:Q", title=unit.title("signed_value")),
            tooltip=tooltip,
        )
    )
    if period is None and data["period"].notna().any():
        kind = freq[0].upper()
        period = span(data["period"].min().to_period(kind).start_time, data["period"].max().to_period(kind).end_time,
                      lang)
    return finish(chart, lang, t(f"signed_by_{freq}", lang), description, period=period)


def point_label(date: pd.Timestamp, lang: str) -> str:
    """Return the x label of a point of the cumulative chart: its month at a month end, else its date.

    The value at the end of September is the total of January to September, so it is
    labelled ``"Sep"`` (``"9月"``); a point on another day (the report's ``as_of``) is
    labelled with its day and month.

    Examples
    --------
    >>> point_label(pd.Timestamp("2020-09-30"), "en"), point_label(pd.Timestamp("2020-09-30"), "zh")
    ('Sep', '9月')
    >>> point_label(pd.Timestamp("2020-03-15"), "en"), point_label(pd.Timestamp("2020-03-15"), "zh")
    ('15 Mar', '3月15日')
    """
    if date.is_month_end:
        return MONTHS_EN[date.month - 1] if lang == "en" else f"{date.month}月"
    return f"{date.day} {MONTHS_EN[date.month - 1]}" if lang == "en" else f"{date.month}月{date.day}日"


def long_date(date: pd.Timestamp, lang: str) -> str:
    """Return a date written in full: ``"30 Sep 2020"`` or ``"2020年9月30日"``.

    Examples
    --------
    >>> long_date(pd.Timestamp("2020-09-30"), "en"), long_date(pd.Timestamp("2020-09-30"), "zh")
    ('30 Sep 2020', '2020年9月30日')
    """
    if lang == "en":
        return f"{date.day} {MONTHS_EN[date.month - 1]} {date.year}"
    return f"{date.year}年{date.month}月{date.day}日"


def _year_axis(dates: pd.Series, lang: str) -> list[str]:
    """Return the x domain: the label of each month end of the year, or of the dates that stand for one."""
    if dates.dropna().empty:
        return []
    year = int(dates.min().year)
    points = {d: point_label(d, lang) for d in dates.dropna()}
    for m in range(1, 13):
        end = pd.Timestamp(year, m, 1) + pd.offsets.MonthEnd(0)
        if not any(d.year == year and d.month == m for d in points):
            points[end] = point_label(end, lang)
    return list(dict.fromkeys(label for _, label in sorted(points.items())))


def cumulative_vs_target(frame: pd.DataFrame, target: float | None, lang: str = "en",
                         period: str | None = None) -> alt.LayerChart:
    """Draw the cumulative year-to-date signed value against the year's target.

    The x axis has one place per month end of the year, labelled with the month whose
    end it is (the value above "Sep" is the total to 30 September); a point on another
    day (``as_of``) takes the place of its month and is labelled with its date (the
    month over the day: "Sep" over "15"). The last actual value is written at its point.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per date and kind: ``date`` (datetime, month ends and ``as_of``),
        ``cumulative`` (yuan signed from 1 January to the date), ``kind`` (``"actual"``
        or ``"projection"``). Give the projection a row at the last actual date so that
        the dashed line starts where the solid one ends; without projection rows (e.g.
        when ``as_of`` is 31 December) there is no dashed line.
    target : float or None
        The year's target in yuan; None draws no target rule.
    lang : {"en", "zh"}
    period : str, optional
        Added to the title; by default the year of the frame's dates (``"2020"``).

    Returns
    -------
    altair.LayerChart
        A line with points by ``month_label:O`` (solid actual, dashed projection), the
        last actual value written at its point, and a horizontal rule and a label at
        the target (its one-row frame is a second dataset).

    Examples
    --------
    >>> f = pd.DataFrame({"date": pd.to_datetime(["2020-03-31", "2020-06-30", "2020-06-30", "2020-12-31"]),
    ...                   "cumulative": [9e9, 30e9, 30e9, 78e9],
    ...                   "kind": ["actual", "actual", "projection", "projection"]})
    >>> spec = cumulative_vs_target(f, 80e9, "en").to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['line', 'text', 'rule', 'text']
    >>> [row["month_label"] for row in spec["datasets"][spec["layer"][0]["data"]["name"]]]
    ['Mar', 'Jun', 'Jun', 'Dec']
    >>> spec["description"]
    'Line of the value signed in 2020 to each month end: CNY 30.0 bn by 30 Jun 2020, against the target of CNY 80.0 bn; projected CNY 78.0 bn by 31 December.'
    """
    labels.check_lang(lang)
    data = take_columns(frame, ["date", "cumulative", "kind"], "cumulative_vs_target")
    data["date"] = pd.to_datetime(data["date"]).astype("datetime64[ns]")
    has_target = target is not None and not labels._undefined(target)
    unit = money_unit(list(data["cumulative"]) + ([target] if has_target else []), lang)
    data["month_label"] = [point_label(d, lang) if pd.notna(d) else "" for d in data["date"]]
    data["date_text"] = [long_date(d, lang) if pd.notna(d) else "" for d in data["date"]]
    data["kind_label"] = [t("actual" if k == "actual" else "projection", lang) for k in data["kind"]]
    data["cumulative_text"] = unit.texts(data["cumulative"])
    domain = _year_axis(data["date"], lang)
    y_title = unit.title("cumulative")
    tooltip = [alt.Tooltip("date_text:N", title=t("date", lang)),
               alt.Tooltip("kind_label:N", title=t("series", lang)),
               alt.Tooltip("cumulative_text:N", title=t("cumulative", lang))]
    # a date that is no month end (as_of) is written as its month over its day, as wide as a month
    stacked = lines_expr({point_label(d, lang): [point_label(d + pd.offsets.MonthEnd(0), lang),
                                                  f"{d.day}" if lang == "en" else f"{d.day}日"]
                          for d in data["date"].dropna() if not d.is_month_end})
    x = alt.X("month_label:O", sort=domain, title=t("month_end", lang),
              scale=alt.Scale(domain=domain) if domain else alt.Undefined,
              axis=alt.Axis(labelAngle=0, labelOverlap="greedy", labelExpr=stacked or alt.Undefined))
    base = described(with_scaled(alt.Chart(data), lang, "cumulative", unit=unit), tooltip, lang).encode(
        x=x, y=alt.Y("cumulative_scaled:Q", title=y_title), tooltip=tooltip)
    line = base.mark_line(point=True).encode(
        detail="kind:N",
        strokeDash=alt.when(alt.datum.kind == "projection").then(alt.value([6, 4])).otherwise(alt.value([1, 0])))
    actual = data.loc[data["kind"] == "actual"].dropna(subset=["date"])
    last = actual.loc[actual["date"].idxmax()] if len(actual) else None
    if last is not None:  # below right of the point, where neither line goes; above left at the year's end
        at_end = bool(domain) and last["month_label"] == domain[-1]
        place = (dict(align="right", baseline="bottom", dx=-6, dy=-6) if at_end
                 else dict(align="left", baseline="top", dx=6, dy=6))
        latest = (base.transform_filter((alt.datum.kind == "actual") & (alt.datum.date_text == last["date_text"]))
                  .mark_text(aria=False, **place)
                  .encode(text="cumulative_text:N"))
    else:
        latest = base.transform_filter("false").mark_text(aria=False).encode(text="cumulative_text:N")
    parts = []
    if last is not None:
        parts.append(t("desc_cumulative", lang, year=int(last["date"].year), value=last["cumulative_text"],
                       date=last["date_text"]))
    else:
        parts.append(t("cumulative_vs_target", lang))
    if has_target:
        parts.append(t("desc_target", lang, target=unit.text(target)))
    projection = data.loc[data["kind"] == "projection"].dropna(subset=["date"])
    if len(projection):
        parts.append(t("desc_projection", lang,
                       value=unit.text(projection.loc[projection["date"].idxmax(), "cumulative"])))
    subtitle = t("cumulative_note", lang) if len(projection) else None
    if period is None and data["date"].notna().any():
        year = int(data["date"].min().year)
        period = span(pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31), lang)
    title = t("cumulative_vs_target", lang)
    if not has_target or target is None:  # (has_target already says it is not None)
        return finish(alt.layer(line, latest), lang, title, "".join(parts), subtitle, period)
    goal = pd.DataFrame({"target": [float(target)], "target_text": [unit.text(target)]})
    goal["label"] = [t("target_line", lang, value=goal["target_text"][0])]
    tip = [alt.Tooltip("target_text:N", title=t("target", lang))]
    rule_base = described(with_scaled(alt.Chart(goal), lang, "target", unit=unit), tip, lang)
    rule = rule_base.mark_rule().encode(y=alt.Y("target_scaled:Q", title=y_title), tooltip=tip)
    text = (rule_base.mark_text(align="left", baseline="bottom", dx=4, dy=-4, aria=False)
            .encode(y=alt.Y("target_scaled:Q", title=y_title), x=alt.value(0),
                    text="label:N", tooltip=tip))
    return finish(alt.layer(line, latest, rule, text), lang, title, "".join(parts), subtitle, period)


def composition(frame: pd.DataFrame, by: str, lang: str = "en", period: str | None = None) -> alt.LayerChart:
    """Draw horizontal bars of the signed value by category, largest first.

    Long category names (parks) are written on two or more lines; the category axis has
    no title (the chart's title names the category), so nothing overlaps on a phone.
    Every amount is in one unit, that of the largest.

    Parameters
    ----------
    frame : pandas.DataFrame
        One district's rows of :func:`yubei_lib.figures.composition.composition` with its money
        and count renamed: the column ``by`` (English category names; NA = not given),
        ``value`` (yuan), ``count`` (projects); ``share`` (fraction) is optional.
    by : str
        ``"cluster"``, ``"chain_segment"``, ``"investor_type"``, ``"park"`` (names
        translated from the reference data) or another column (shown as is).
    lang : {"en", "zh"}
    period : str, optional
        The period it shows, added to its title (:func:`yubei_lib.present.charts.base.titled`),
        e.g. ``"2020"``, ``"2018-2020"`` or ``"2020Q4"`` (:func:`~yubei_lib.present.charts.base.span`).

    Returns
    -------
    altair.LayerChart
        Bars of ``value_scaled:Q`` by ``label:N`` and the money written after a short
        bar, or inside (in :data:`~yubei_lib.present.theme.ON_DARK`) the end of a long one.

    Examples
    --------
    >>> f = pd.DataFrame({"investor_type": ["private", "foreign", "central SOE"],
    ...                   "value": [7e8, 1e8, 5e8], "count": [2, 1, 1]})
    >>> spec = composition(f, "investor_type", "zh").to_dict()
    >>> [row["label"] for row in spec["datasets"][spec["data"]["name"]]]
    ['民营', '外资', '央企']
    >>> spec = composition(f, "investor_type", "en").to_dict()
    >>> [row["value_text"] for row in spec["datasets"][spec["data"]["name"]]]
    ['CNY 700.0 m', 'CNY 100.0 m', 'CNY 500.0 m']
    """
    labels.check_lang(lang)
    columns = [by, "value", "count"] + (["share"] if "share" in frame.columns else [])
    data = take_columns(frame, columns, "composition")
    if by in KINDS:
        data["label"] = [labels.name(by, v, lang) for v in data[by]]
    else:
        data["label"] = [t("not_given", lang) if labels._undefined(v) else str(v) for v in data[by]]
    data[by] = data[by].astype("str")
    unit = money_unit(data["value"], lang)
    data["value_text"] = unit.texts(data["value"])
    what = t(by, lang) if by in labels.CATALOGUE else by
    tooltip = [alt.Tooltip("label:N", title=what),
               alt.Tooltip("value_text:N", title=t("signed_value", lang)),
               alt.Tooltip("count:Q", title=t("signed_count", lang), format=",d")]
    if "share" in data.columns:
        data["share_text"] = format_all(data["share"], labels.percent, lang)
        tooltip.append(alt.Tooltip("share_text:N", title=t("value_share", lang)))
    axis, lines = wrapped_axis(data["label"], 160, labelLimit=180)
    order = list(dict.fromkeys(data.sort_values("value", ascending=False, kind="stable")["label"]))
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(**axis))
    x = alt.X("value_scaled:Q", title=unit.title("signed_value"))
    base = described(with_scaled(alt.Chart(data), lang, "value", unit=unit), tooltip, lang).encode(
        y=y, x=x, tooltip=tooltip)
    bars = base.mark_bar()
    # the amount is written after a short bar, inside a long one (so that it never runs off the chart)
    inside = 0.55 * float(data["value"].max()) if data["value"].notna().any() else 0.0
    after = (base.transform_filter(f"!(datum.value >= {inside!r}) || datum.value <= 0")
             .mark_text(align="left", dx=4, aria=False).encode(text="value_text:N"))
    within = (base.transform_filter(f"datum.value >= {inside!r} && datum.value > 0")
              .mark_text(align="right", dx=-4, aria=False)
              .encode(text="value_text:N", color=alt.value(theme.ON_DARK)))
    title = t("composition_by", lang, what=what.lower() if lang == "en" else what)
    values = data["value"].astype("float64")
    if values.notna().any():
        top = data.loc[values.idxmax()]
        description = t("desc_composition", lang, what=what.lower() if lang == "en" else what,
                        top=top["label"], value=top["value_text"], total=unit.text(values.sum()))
    else:
        description = title
    return finish(alt.layer(bars, after, within), lang, title, description, period=period,
                  height=alt.Step(max(22, 15 * lines + 12)))
