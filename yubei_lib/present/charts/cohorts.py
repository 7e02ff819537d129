"""Charts of the cohorts: commencement and operation rates, and time to operation."""

from __future__ import annotations

import altair as alt
import pandas as pd

from yubei_lib.figures.targets import target_status
from yubei_lib.present import labels, theme
from yubei_lib.present.charts.base import described, finish, format_all, listing, take_columns
from yubei_lib.present.labels import t

BAR_STEP = 30
"""Pixels per bar of the cohort chart: the bar and the gap where a target tick reaches beyond it."""

BAR_GAP = 0.3
"""Share of :data:`BAR_STEP` left between two bars of a cohort."""

TARGET_REACH = 5
"""Pixels a target tick reaches beyond its bar, above and below, so that it stands out at the bar's end."""


def _statuses(data: pd.DataFrame, lang: str) -> tuple[list[str], list[str]]:
    """Return each row's status (``met``, ``not_met`` or "") and the text written after its bar."""
    statuses, texts = [], []
    for value, target, text in zip(data["value"], data["target"], data["value_text"]):
        status = target_status(value, target)
        status = status if status in ("met", "not_met") else ""
        statuses.append(status)
        word = t(status, lang).lower() if lang == "en" and status else t(status, lang) if status else ""
        texts.append(labels.aside(text, word, lang) if status else text)
    return statuses, texts


def cohort_rates(frame: pd.DataFrame, lang: str = "en", period: str | None = None) -> alt.LayerChart:
    """Draw the commencement and operation rates per cohort, with a tick at each target.

    A target is a black tick over a white edge, longer than its bar is thick (it stands
    out at the end of a bar that just misses it), labelled inside its bar ("Target
    60.0%"; after the bar when the bar is too short for it). After each bar, its value,
    and where there is a target its status in words ("59.8% (not met)"), coloured as a
    status is, so that a black-and-white print says it too; the words start after the
    tick when the bar ends short of it.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per cohort and figure: ``cohort`` (``"2015-2017"``), ``figure``
        (``"commencement_rate"`` or ``"operation_rate"``), ``value`` (fraction),
        ``target`` (fraction; NaN where there is none).
    lang : {"en", "zh"}
    period : str, optional
        The period it shows, added to its title (:func:`yubei_lib.present.charts.base.titled`),
        e.g. ``"2020"``, ``"2018-2020"`` or ``"2020Q4"`` (:func:`~yubei_lib.present.charts.base.span`).

    Returns
    -------
    altair.LayerChart
        Grouped horizontal bars of ``value:Q`` by ``cohort_label:N`` and
        ``figure_label:N``; the ticks at ``target:Q`` (a white one under a black one);
        the targets' labels; the values and statuses written after the bars.

    Examples
    --------
    >>> f = pd.DataFrame({"cohort": ["2015-2017", "2015-2017", "2018-2020", "2018-2020"],
    ...                   "figure": ["commencement_rate", "operation_rate"] * 2,
    ...                   "value": [0.97, 0.91, 0.8, 0.598], "target": [None, 0.9, None, 0.6]})
    >>> spec = cohort_rates(f, "en").to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]], spec["layer"][0]["encoding"]["x"]["type"]
    (['bar', 'tick', 'tick', 'text', 'text'], 'quantitative')
    >>> rows = spec["datasets"][spec["data"]["name"]]
    >>> [row["bar_text"] for row in rows], [row["target_label"] for row in rows][1]
    (['97.0%', '91.0% (met)', '80.0%', '59.8% (not met)'], 'Target 90.0%')
    >>> spec["layer"][0]["encoding"]["color"]["title"], spec["description"]
    ('Rate, by count or by value', 'Bars of commencement rate and operation rate for the cohorts 2015-2017 and 2018-2020; ticks mark the targets.')
    """
    labels.check_lang(lang)
    data = take_columns(frame, ["cohort", "figure", "value", "target"], "cohort_rates")
    data["cohort"] = data["cohort"].astype("str")
    data["cohort_label"] = [labels.cohort(c, lang) for c in data["cohort"]]
    data["figure_label"] = [labels.figure_name(f, lang) for f in data["figure"]]
    data["value_text"] = format_all(data["value"], labels.percent, lang)
    data["target_text"] = format_all(data["target"], labels.percent, lang)
    data["status"], data["bar_text"] = _statuses(data, lang)
    data["status_text"] = [t(s, lang) if s else "" for s in data["status"]]
    targeted = data["target"].notna() & data["value"].notna()
    # the target's label goes inside the bar, left of the tick or of the bar's end, when the bar is long enough
    inside = targeted & (data[["value", "target"]].min(axis=1) >= 0.35)
    data["target_label"] = [t("target_line", lang, value=v) if ok else "" for v, ok in zip(data["target_text"], inside)]
    data["label_at"] = data[["value", "target"]].min(axis=1).where(inside)
    data["bar_text"] = [text if ok or not has else f"{text} · {t('target_line', lang, value=v)}"
                        for text, ok, has, v in zip(data["bar_text"], inside, targeted, data["target_text"])]
    data["text_at"] = data[["value", "target"]].max(axis=1)  # after the tick when the bar ends short of it
    cohorts = list(dict.fromkeys(data["cohort_label"]))
    figure_order = list(dict.fromkeys(data["figure_label"]))
    y = alt.Y("cohort_label:N", sort=cohorts, title=None)
    y_offset = alt.YOffset("figure_label:N", sort=figure_order, scale=alt.Scale(paddingInner=BAR_GAP))
    tooltip = [alt.Tooltip("cohort_label:N", title=t("cohort", lang)),
               alt.Tooltip("figure_label:N", title=t("rate_basis", lang)),
               alt.Tooltip("value_text:N", title=t("value", lang)),
               alt.Tooltip("target_text:N", title=t("target", lang)),
               alt.Tooltip("status_text:N", title=t("status", lang))]
    base = described(alt.Chart(data), tooltip, lang).encode(y=y, yOffset=y_offset, tooltip=tooltip)
    x_title = t("rate", lang)
    scale = alt.Scale(domain=[0, 1])
    x = alt.X("value:Q", title=x_title, scale=scale, axis=alt.Axis(format=".0%"))
    bars = base.mark_bar().encode(
        x=x, color=alt.Color("figure_label:N", title=t("rate_basis", lang), sort=figure_order,
                             legend=alt.Legend(columns=1)))  # one a line: fits a phone
    reach = BAR_STEP * (1 - BAR_GAP) + 2 * TARGET_REACH
    on_target = base.transform_filter("isValid(datum.target)")
    edge = on_target.mark_tick(color=theme.HALO, thickness=7, size=reach + 2, opacity=1, aria=False).encode(
        x=alt.X("target:Q", title=x_title, scale=scale))
    ticks = on_target.mark_tick(color=theme.INK, thickness=3, size=reach, opacity=1).encode(
        x=alt.X("target:Q", title=x_title, scale=scale))
    names = (base.transform_filter("isValid(datum.label_at)")
             .mark_text(align="right", dx=-7, color=theme.ON_DARK, aria=False)
             .encode(x=alt.X("label_at:Q", title=x_title, scale=scale), text="target_label:N"))
    status_colour = (alt.when(alt.datum.status == "not_met").then(alt.value(theme.BAD))
                     .when(alt.datum.status == "met").then(alt.value(theme.GOOD)).otherwise(alt.value(theme.INK)))
    text = base.mark_text(align="left", dx=6, aria=False).encode(
        x=alt.X("text_at:Q", title=x_title, scale=scale), text="bar_text:N", color=status_colour)
    figures = [labels.figure_name(f, lang) for f in dict.fromkeys(data["figure"])]
    figures = [f[:1].lower() + f[1:] for f in figures] if lang == "en" else figures
    description = t("desc_cohort_rates", lang, figures=listing(figures, lang, conjunction=True),
                    cohorts=listing(cohorts, lang, conjunction=True))
    return finish(alt.layer(bars, edge, ticks, names, text), lang, t("cohort_rates", lang), description,
                  t("target_ticks", lang), period, height=alt.Step(BAR_STEP))


def time_to_operation(frame: pd.DataFrame, lang: str = "en", period: str | None = None) -> alt.LayerChart:
    """Draw Kaplan-Meier step lines of the share in operation by months since signing.

    Parameters
    ----------
    frame : pandas.DataFrame
        :func:`yubei_lib.figures.survival.time_to_operation` for one district: ``cohort``
        (signing year or label), ``months`` (since signing), ``share_in_operation``
        (fraction); other columns are ignored.
    lang : {"en", "zh"}
    period : str, optional
        The period it shows, added to its title (:func:`yubei_lib.present.charts.base.titled`),
        e.g. ``"2020"``, ``"2018-2020"`` or ``"2020Q4"`` (:func:`~yubei_lib.present.charts.base.span`).

    Returns
    -------
    altair.LayerChart
        ``step-after`` lines of ``share_in_operation:Q`` against ``months:Q``, one per
        ``cohort_label:O``, each year in its own colour (:data:`~yubei_lib.present.theme.COHORTS`)
        and dash (:data:`~yubei_lib.present.theme.DASHES`), shown as lines in the legend;
        clicking a year in the legend picks its line out (the others fade). Points at the
        steps carry the tooltips, drawn clear.

    Examples
    --------
    >>> f = pd.DataFrame({"cohort": [2018, 2018, 2019], "months": [4.0, 12.0, 6.5],
    ...                   "share_in_operation": [0.25, 0.625, 0.1]})
    >>> spec = time_to_operation(f, "zh").to_dict()
    >>> spec["layer"][0]["mark"]["interpolate"], spec["layer"][0]["encoding"]["x"]["title"]
    ('step-after', '签约后月数')
    >>> spec["layer"][0]["encoding"]["color"]["legend"]["symbolType"]
    'stroke'
    >>> spec["description"]
    '按签约年份（2018年、2019年）分列的已投产比例阶梯图，横轴为签约后月数。'
    """
    labels.check_lang(lang)
    data = take_columns(frame, ["cohort", "months", "share_in_operation"], "time_to_operation")
    data["cohort"] = data["cohort"].astype("str")
    data["cohort_label"] = [labels.cohort(c, lang) for c in data["cohort"]]
    data["share_text"] = format_all(data["share_in_operation"], labels.percent, lang)
    years = sorted(set(data["cohort_label"]))
    tooltip = [alt.Tooltip("cohort_label:N", title=t("signing_year", lang)),
               alt.Tooltip("months:Q", title=t("months_since_signing", lang), format=".1f"),
               alt.Tooltip("share_text:N", title=t("share_in_operation", lang))]
    title = t("signing_year", lang)
    colours = [theme.COHORTS[i % len(theme.COHORTS)] for i in range(len(years))]
    dashes = [theme.DASHES[i % len(theme.DASHES)] for i in range(len(years))]
    legend = alt.Legend(columns=3, symbolType="stroke", symbolStrokeWidth=2.5, symbolSize=300)
    base = described(alt.Chart(data), tooltip, lang).encode(
        x=alt.X("months:Q", title=t("months_since_signing", lang), scale=alt.Scale(domainMin=0)),
        y=alt.Y("share_in_operation:Q", title=t("share_in_operation", lang),
                scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format=".0%")),
        color=alt.Color("cohort_label:O", title=title, sort=years, legend=legend,
                        scale=alt.Scale(domain=years, range=colours)),
        tooltip=tooltip)
    pick = alt.selection_point(name="cohort_pick", fields=["cohort_label"], bind="legend")
    lines = base.mark_line(interpolate="step-after", strokeWidth=2.2, aria=False).encode(  # the points say the steps
        strokeDash=alt.StrokeDash("cohort_label:O", title=title, sort=years, legend=legend,
                                  scale=alt.Scale(domain=years, range=dashes)),
        opacity=alt.when(pick).then(alt.value(1)).otherwise(alt.value(0.15))).add_params(pick)
    points = base.mark_point(size=30, opacity=0)
    description = t("desc_time_to_operation", lang, years=listing(years, lang))
    return finish(alt.layer(lines, points), lang, t("time_to_operation", lang), description, t("pick_cohort", lang),
                  period=period)
