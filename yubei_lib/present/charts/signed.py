"""Charts of the signed value: by period, cumulative against the target, by category."""

from __future__ import annotations

import altair as alt
import pandas as pd

from yubei_lib.ledger.reference import KINDS
from yubei_lib.present import labels
from yubei_lib.present.charts.base import (
    chart_title,
    format_all,
    money_title,
    take_columns,
    text_width,
    with_scaled,
)
from yubei_lib.present.labels import t


def signed_by_period(frame: pd.DataFrame, lang: str = "en", freq: str = "month") -> alt.Chart:
    """Draw bars of the signed value by month or by quarter.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per period: ``period`` (datetime, any day in the period), ``value``
        (signed value, yuan), ``count`` (projects signed).
    lang : {"en", "zh"}
    freq : {"month", "quarter"}

    Returns
    -------
    altair.Chart
        Bars on ``period_label:O`` (the period as :func:`yubei_lib.labels.month` or
        :func:`yubei_lib.labels.quarter` writes it, in time order) against
        ``value_scaled:Q`` (bn yuan or 亿元).

    Examples
    --------
    >>> f = pd.DataFrame({"period": pd.to_datetime(["2020-01-01", "2020-02-01", "2020-03-01"]),
    ...                   "value": [2.1e9, 0.4e9, 6.3e9], "count": [12, 3, 25]})
    >>> spec = signed_by_period(f, "zh").to_dict()
    >>> spec["encoding"]["y"]["title"], len(spec["datasets"][spec["data"]["name"]])
    ('签约金额 (亿元)', 3)
    """
    labels.check_lang(lang)
    if freq not in ("month", "quarter"):
        raise ValueError(f"freq must be 'month' or 'quarter', not {freq!r}")
    data = take_columns(frame, ["period", "value", "count"], "signed_by_period")
    data["period"] = pd.to_datetime(data["period"])
    fmt = labels.month if freq == "month" else labels.quarter
    data["period_label"] = format_all(data["period"], fmt, lang)
    data["value_text"] = format_all(data["value"], labels.money, lang)
    order = [fmt(p, lang) for p in sorted(set(data["period"].dt.to_period(freq[0].upper())))]
    step = 52 if len(order) <= 14 else max(8, 672 // max(len(order), 1))
    fits = max((text_width(o) for o in order), default=0) <= step - 4
    return (
        with_scaled(alt.Chart(data), lang, "value")
        .mark_bar()
        .encode(
            x=alt.X("period_label:O", sort=order, title=t(freq, lang),
                    axis=alt.Axis(labelAngle=0 if fits else -40,
                                  labelOverlap=step < 24)),
            y=alt.Y("value_scaled:Q", title=money_title("signed_value", lang)),
            tooltip=[alt.Tooltip("period_label:N", title=t(freq, lang)),
                     alt.Tooltip("value_text:N", title=t("signed_value", lang)),
                     alt.Tooltip("count:Q", title=t("signed_count", lang), format=",d")],
        )
        .properties(title=chart_title(t(f"signed_by_{freq}", lang)), width=alt.Step(step))
    )


def cumulative_vs_target(frame: pd.DataFrame, target: float | None, lang: str = "en") -> alt.LayerChart:
    """Draw the cumulative year-to-date signed value against the year's target.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per date and kind: ``date`` (datetime, e.g. month ends), ``cumulative``
        (yuan signed from 1 January to the date), ``kind`` (``"actual"`` or
        ``"projection"``). Give the projection a row at the last actual date so that
        the dashed line starts where the solid one ends.
    target : float or None
        The year's target in yuan; None draws no target rule.
    lang : {"en", "zh"}

    Returns
    -------
    altair.LayerChart
        A solid line (actual), a dashed line (projection), a horizontal rule and a
        label at the target. The rule's one-row frame is a second dataset.

    Examples
    --------
    >>> f = pd.DataFrame({"date": pd.to_datetime(["2020-03-31", "2020-06-30", "2020-06-30", "2020-12-31"]),
    ...                   "cumulative": [9e9, 30e9, 30e9, 78e9],
    ...                   "kind": ["actual", "actual", "projection", "projection"]})
    >>> spec = cumulative_vs_target(f, 80e9, "en").to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['line', 'rule', 'text']
    """
    labels.check_lang(lang)
    data = take_columns(frame, ["date", "cumulative", "kind"], "cumulative_vs_target")
    data["date"] = pd.to_datetime(data["date"])
    data["date_text"] = data["date"].dt.strftime("%Y-%m-%d")
    data["kind_label"] = [t("actual" if k == "actual" else "projection", lang) for k in data["kind"]]
    data["cumulative_text"] = format_all(data["cumulative"], labels.money, lang)
    y_title = money_title("cumulative", lang)
    year = alt.Undefined
    if data["date"].notna().any():
        year = [alt.DateTime(year=data["date"].min().year, month=1, date=1),
                alt.DateTime(year=data["date"].max().year, month=12, date=31)]
    line = (
        with_scaled(alt.Chart(data), lang, "cumulative")
        .mark_line(point=True)
        .encode(
            x=alt.X("date:T", title=t("date", lang), scale=alt.Scale(domain=year),
                    axis=alt.Axis(format="%b" if lang == "en" else "%-m月")),
            y=alt.Y("cumulative_scaled:Q", title=y_title),
            detail="kind:N",
            strokeDash=alt.when(alt.datum.kind == "projection")
            .then(alt.value([6, 4])).otherwise(alt.value([1, 0])),
            tooltip=[alt.Tooltip("date_text:N", title=t("date", lang)),
                     alt.Tooltip("kind_label:N", title=t("value", lang)),
                     alt.Tooltip("cumulative_text:N", title=t("cumulative", lang))],
        )
    )
    title = chart_title(t("cumulative_vs_target", lang))
    if target is None or labels._undefined(target):
        return alt.layer(line).properties(title=title)
    goal = pd.DataFrame({"target": [float(target)], "target_text": [labels.money(target, lang)]})
    goal["label"] = [t("target_line", lang, value=goal["target_text"][0])]
    tip = [alt.Tooltip("target_text:N", title=t("target", lang))]
    base = with_scaled(alt.Chart(goal), lang, "target")
    rule = base.mark_rule().encode(y=alt.Y("target_scaled:Q", title=y_title), tooltip=tip)
    text = (base.mark_text(align="left", baseline="bottom", dx=4, dy=-4)
            .encode(y=alt.Y("target_scaled:Q", title=y_title), x=alt.value(0),
                    text="label:N", tooltip=tip))
    return alt.layer(line, rule, text).properties(title=title)


def composition(frame: pd.DataFrame, by: str, lang: str = "en") -> alt.LayerChart:
    """Draw horizontal bars of the signed value by category, largest first.

    Parameters
    ----------
    frame : pandas.DataFrame
        One district's rows of :func:`yubei_lib.metrics.composition` with its money
        and count renamed: the column ``by`` (English category names; NA = not given),
        ``value`` (yuan), ``count`` (projects); ``share`` (fraction) is optional.
    by : str
        ``"cluster"``, ``"chain_segment"``, ``"investor_type"``, ``"park"`` (names
        translated from the reference data) or another column (shown as is).
    lang : {"en", "zh"}

    Returns
    -------
    altair.LayerChart
        Bars of ``value_scaled:Q`` by ``label:N`` and the money written at their ends.

    Examples
    --------
    >>> f = pd.DataFrame({"investor_type": ["private", "foreign", "central SOE"],
    ...                   "value": [7e8, 1e8, 5e8], "count": [2, 1, 1]})
    >>> spec = composition(f, "investor_type", "zh").to_dict()
    >>> [row["label"] for row in spec["datasets"][spec["data"]["name"]]]
    ['民营', '外资', '央企']
    """
    labels.check_lang(lang)
    columns = [by, "value", "count"] + (["share"] if "share" in frame.columns else [])
    data = take_columns(frame, columns, "composition")
    if by in KINDS:
        data["label"] = [labels.name(by, v, lang) for v in data[by]]
    else:
        data["label"] = [t("not_given", lang) if labels._undefined(v) else str(v) for v in data[by]]
    data[by] = data[by].astype("str")
    data["value_text"] = format_all(data["value"], labels.money, lang)
    what = t(by, lang) if by in labels.CATALOGUE else by
    tooltip = [alt.Tooltip("label:N", title=what),
               alt.Tooltip("value_text:N", title=t("signed_value", lang)),
               alt.Tooltip("count:Q", title=t("signed_count", lang), format=",d")]
    if "share" in data.columns:
        data["share_text"] = format_all(data["share"], labels.percent, lang)
        tooltip.append(alt.Tooltip("share_text:N", title=t("value_share", lang)))
    y = alt.Y("label:N", sort="-x", title=what)
    x = alt.X("value_scaled:Q", title=money_title("signed_value", lang))
    base = with_scaled(alt.Chart(data), lang, "value").encode(y=y, x=x, tooltip=tooltip)
    bars = base.mark_bar()
    text = base.mark_text(align="left", dx=4).encode(text="value_text:N")
    title = t("composition_by", lang, what=what.lower() if lang == "en" else what)
    return alt.layer(bars, text).properties(title=chart_title(title), height=alt.Step(22))
