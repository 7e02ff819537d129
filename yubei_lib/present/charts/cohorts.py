"""Charts of the cohorts: commencement and operation rates, and time to operation."""

from __future__ import annotations

import altair as alt
import pandas as pd

from yubei_lib.present import labels
from yubei_lib.present.charts.base import described, finish, format_all, listing, take_columns
from yubei_lib.present.labels import t


def cohort_rates(frame: pd.DataFrame, lang: str = "en") -> alt.LayerChart:
    """Draw the commencement and operation rates per cohort, with a tick at each target.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per cohort and figure: ``cohort`` (``"2015-2017"``), ``figure``
        (``"commencement_rate"`` or ``"operation_rate"``), ``value`` (fraction),
        ``target`` (fraction; NaN where there is none).
    lang : {"en", "zh"}

    Returns
    -------
    altair.LayerChart
        Grouped horizontal bars of ``value:Q`` by ``cohort_label:N`` and
        ``figure_label:N``, ticks at ``target:Q``, and the values written at the bars.

    Examples
    --------
    >>> f = pd.DataFrame({"cohort": ["2015-2017", "2015-2017", "2018-2020", "2018-2020"],
    ...                   "figure": ["commencement_rate", "operation_rate"] * 2,
    ...                   "value": [0.97, 0.91, 0.8, 0.58], "target": [None, 0.9, None, 0.6]})
    >>> spec = cohort_rates(f, "en").to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]], spec["layer"][0]["encoding"]["x"]["type"]
    (['bar', 'tick', 'text'], 'quantitative')
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
    y = alt.Y("cohort_label:N", sort=list(dict.fromkeys(data["cohort_label"])), title=t("cohort", lang))
    y_offset = alt.YOffset("figure_label:N", sort=list(dict.fromkeys(data["figure_label"])))
    x_title = t("rate", lang)
    tooltip = [alt.Tooltip("cohort_label:N", title=t("cohort", lang)),
               alt.Tooltip("figure_label:N", title=t("rate_basis", lang)),
               alt.Tooltip("value_text:N", title=t("value", lang)),
               alt.Tooltip("target_text:N", title=t("target", lang))]
    base = described(alt.Chart(data), tooltip, lang).encode(y=y, yOffset=y_offset, tooltip=tooltip)
    x = alt.X("value:Q", title=x_title, scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format=".0%"))
    bars = base.mark_bar().encode(
        x=x, color=alt.Color("figure_label:N", title=t("rate_basis", lang),
                             sort=list(dict.fromkeys(data["figure_label"])),
                             legend=alt.Legend(columns=1)))  # one a line: fits a phone
    ticks = (base.transform_filter("isValid(datum.target)").mark_tick()
             .encode(x=alt.X("target:Q", title=x_title)))
    text = base.mark_text(align="left", dx=4, aria=False).encode(x=x, text="value_text:N")
    figures = [labels.figure_name(f, lang) for f in dict.fromkeys(data["figure"])]
    figures = [f[:1].lower() + f[1:] for f in figures] if lang == "en" else figures
    cohorts = list(dict.fromkeys(data["cohort_label"]))
    description = t("desc_cohort_rates", lang, figures=listing(figures, lang, conjunction=True),
                    cohorts=listing(cohorts, lang, conjunction=True))
    return finish(alt.layer(bars, ticks, text), lang, t("cohort_rates", lang), description, t("target_ticks", lang),
                  height=alt.Step(26))


def time_to_operation(frame: pd.DataFrame, lang: str = "en") -> alt.LayerChart:
    """Draw Kaplan-Meier step lines of the share in operation by months since signing.

    Parameters
    ----------
    frame : pandas.DataFrame
        :func:`yubei_lib.figures.survival.time_to_operation` for one district: ``cohort``
        (signing year or label), ``months`` (since signing), ``share_in_operation``
        (fraction); other columns are ignored.
    lang : {"en", "zh"}

    Returns
    -------
    altair.LayerChart
        ``step-after`` lines of ``share_in_operation:Q`` against ``months:Q``, one
        ``cohort_label:O`` colour per cohort, with a point at each step.

    Examples
    --------
    >>> f = pd.DataFrame({"cohort": [2018, 2018, 2019], "months": [4.0, 12.0, 6.5],
    ...                   "share_in_operation": [0.25, 0.625, 0.1]})
    >>> spec = time_to_operation(f, "zh").to_dict()
    >>> spec["layer"][0]["mark"]["interpolate"], spec["layer"][0]["encoding"]["x"]["title"]
    ('step-after', '签约后月数')
    >>> spec["description"]
    '按签约年份（2018年、2019年）分列的已投产比例阶梯图，横轴为签约后月数。'
    """
    labels.check_lang(lang)
    data = take_columns(frame, ["cohort", "months", "share_in_operation"], "time_to_operation")
    data["cohort"] = data["cohort"].astype("str")
    data["cohort_label"] = [labels.cohort(c, lang) for c in data["cohort"]]
    data["share_text"] = format_all(data["share_in_operation"], labels.percent, lang)
    tooltip = [alt.Tooltip("cohort_label:N", title=t("signing_year", lang)),
               alt.Tooltip("months:Q", title=t("months_since_signing", lang), format=".1f"),
               alt.Tooltip("share_text:N", title=t("share_in_operation", lang))]
    base = described(alt.Chart(data), tooltip, lang).encode(
        x=alt.X("months:Q", title=t("months_since_signing", lang), scale=alt.Scale(domainMin=0)),
        y=alt.Y("share_in_operation:Q", title=t("share_in_operation", lang),
                scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format=".0%")),
        color=alt.Color("cohort_label:O", title=t("signing_year", lang),
                        sort=sorted(set(data["cohort_label"])), legend=alt.Legend(columns=4)),
        tooltip=tooltip)
    lines = base.mark_line(interpolate="step-after", aria=False)  # its points say where it steps
    points = base.mark_point(size=14, opacity=0.6)
    years = sorted(set(data["cohort_label"]))
    description = t("desc_time_to_operation", lang, years=listing(years, lang))
    return finish(alt.layer(lines, points), lang, t("time_to_operation", lang), description)
