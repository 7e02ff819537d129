"""Chart builders of the report pages: aggregated frame in, Altair chart out.

Each builder takes a tidy frame that is ALREADY AGGREGATED (the output of
:mod:`yubei_lib.metrics`, :mod:`yubei_lib.rankings` or :mod:`yubei_lib.survival`, one row
per bar, point or cell) and returns an :class:`altair.Chart` (or a layer of charts); it
displays nothing, saves nothing and sets no colours or fonts of its own: the theme of
:mod:`yubei_lib.theme` does, and the report's own district is drawn in
:data:`yubei_lib.theme.HIGHLIGHT`, the others in :data:`yubei_lib.theme.MUTED`.

The chart's data are the input's rows, never more: only the columns a builder needs,
plus display columns it adds (``*_label`` names and ``*_text`` strings formatted by
:mod:`yubei_lib.labels`). Money stays in yuan in the data; a ``calculate`` transform
adds ``<column>_scaled`` in bn yuan (English) or 亿元 (Chinese) for the axes, and
tooltips show the money as :func:`yubei_lib.labels.money` writes it.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from yubei_lib import labels, theme
from yubei_lib.labels import t
from yubei_lib.reference import resolve_district

_CATEGORY_KINDS = {"district", "cluster", "chain_segment", "investor_type", "park"}


def _take(frame: pd.DataFrame, columns: Sequence[str], builder: str) -> pd.DataFrame:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{builder}: the frame lacks column(s) {', '.join(missing)}; it has "
                         f"{', '.join(map(str, frame.columns))}")
    return frame.loc[:, list(columns)].reset_index(drop=True).copy()


def _scaled(chart: alt.Chart, lang: str, *columns: str) -> alt.Chart:
    divisor, _ = labels.money_scale(lang)
    return chart.transform_calculate(
        **{f"{c}_scaled": f"datum.{c} / {divisor:.0e}" for c in columns})


def _money_title(key: str, lang: str) -> str:
    return f"{t(key, lang)} ({labels.money_scale(lang)[1]})"


def _texts(values: pd.Series, fmt, lang: str) -> list[str]:
    return [fmt(v, lang) for v in values]


def _districts(values: pd.Series) -> pd.Series:
    def canonical(v: object) -> object:
        try:
            return resolve_district(v)
        except ValueError:
            return v
    return values.map(canonical).astype("str")


def _text_width(text: str) -> float:
    """Estimate the width in pixels of a 12-px label (CJK characters are square)."""
    return sum(12 if ord(ch) > 0x2e80 else 6.8 for ch in text)


def _highlight(district: str, on: object, off: object):
    return alt.when(alt.datum.district == district).then(alt.value(on)).otherwise(alt.value(off))


def _title(text: str, subtitle: str | None = None) -> alt.Title:
    return alt.Title(text, subtitle=subtitle) if subtitle else alt.Title(text)


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
    data = _take(frame, ["period", "value", "count"], "signed_by_period")
    data["period"] = pd.to_datetime(data["period"])
    fmt = labels.month if freq == "month" else labels.quarter
    data["period_label"] = _texts(data["period"], fmt, lang)
    data["value_text"] = _texts(data["value"], labels.money, lang)
    order = [fmt(p, lang) for p in sorted(set(data["period"].dt.to_period(freq[0].upper())))]
    step = 52 if len(order) <= 14 else max(8, 672 // max(len(order), 1))
    fits = max((_text_width(o) for o in order), default=0) <= step - 4
    return (
        _scaled(alt.Chart(data), lang, "value")
        .mark_bar()
        .encode(
            x=alt.X("period_label:O", sort=order, title=t(freq, lang),
                    axis=alt.Axis(labelAngle=0 if fits else -40,
                                  labelOverlap=step < 24)),
            y=alt.Y("value_scaled:Q", title=_money_title("signed_value", lang)),
            tooltip=[alt.Tooltip("period_label:N", title=t(freq, lang)),
                     alt.Tooltip("value_text:N", title=t("signed_value", lang)),
                     alt.Tooltip("count:Q", title=t("signed_count", lang), format=",d")],
        )
        .properties(title=_title(t(f"signed_by_{freq}", lang)), width=alt.Step(step))
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
    data = _take(frame, ["date", "cumulative", "kind"], "cumulative_vs_target")
    data["date"] = pd.to_datetime(data["date"])
    data["date_text"] = data["date"].dt.strftime("%Y-%m-%d")
    data["kind_label"] = [t("actual" if k == "actual" else "projection", lang) for k in data["kind"]]
    data["cumulative_text"] = _texts(data["cumulative"], labels.money, lang)
    y_title = _money_title("cumulative", lang)
    year = alt.Undefined
    if data["date"].notna().any():
        year = [alt.DateTime(year=data["date"].min().year, month=1, date=1),
                alt.DateTime(year=data["date"].max().year, month=12, date=31)]
    line = (
        _scaled(alt.Chart(data), lang, "cumulative")
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
    title = _title(t("cumulative_vs_target", lang))
    if target is None or labels._undefined(target):
        return alt.layer(line).properties(title=title)
    goal = pd.DataFrame({"target": [float(target)], "target_text": [labels.money(target, lang)]})
    goal["label"] = [t("target_line", lang, value=goal["target_text"][0])]
    tip = [alt.Tooltip("target_text:N", title=t("target", lang))]
    base = _scaled(alt.Chart(goal), lang, "target")
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
    data = _take(frame, columns, "composition")
    if by in _CATEGORY_KINDS:
        data["label"] = [labels.name(by, v, lang) for v in data[by]]
    else:
        data["label"] = [t("not_given", lang) if labels._undefined(v) else str(v) for v in data[by]]
    data[by] = data[by].astype("str")
    data["value_text"] = _texts(data["value"], labels.money, lang)
    what = t(by, lang) if by in labels.CATALOGUE else by
    tooltip = [alt.Tooltip("label:N", title=what),
               alt.Tooltip("value_text:N", title=t("signed_value", lang)),
               alt.Tooltip("count:Q", title=t("signed_count", lang), format=",d")]
    if "share" in data.columns:
        data["share_text"] = _texts(data["share"], labels.percent, lang)
        tooltip.append(alt.Tooltip("share_text:N", title=t("value_share", lang)))
    y = alt.Y("label:N", sort="-x", title=what)
    x = alt.X("value_scaled:Q", title=_money_title("signed_value", lang))
    base = _scaled(alt.Chart(data), lang, "value").encode(y=y, x=x, tooltip=tooltip)
    bars = base.mark_bar()
    text = base.mark_text(align="left", dx=4).encode(text="value_text:N")
    title = t("composition_by", lang, what=what.lower() if lang == "en" else what)
    return alt.layer(bars, text).properties(title=_title(title), height=alt.Step(22))


def _rank_column(frame: pd.DataFrame, figure: str) -> str:
    for name in ("composite_rank" if figure == "composite_score" else f"rank_{figure}", "rank"):
        if name in frame.columns:
            return name
    raise ValueError(f"district_ranking: the frame has no rank column for {figure!r} "
                     f"(rank_{figure} or rank)")


def district_ranking(frame: pd.DataFrame, figure: str, district: str, lang: str = "en") -> alt.LayerChart:
    """Draw the districts' bars on one figure, best rank on top, the own district highlighted.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per district, as :func:`yubei_lib.rankings.rank_districts` gives:
        ``district`` (English names), the column ``figure`` (a rate as a fraction, or
        ``composite_score``) and its rank ``rank_<figure>`` (``composite_rank`` for
        ``composite_score``; a column ``rank`` also does). Other columns are ignored.
    figure : str
        E.g. ``"conversion_rate"``, ``"operation_rate_2015_2017"``, ``"composite_score"``.
    district : str
        The report's own district, by any accepted name.
    lang : {"en", "zh"}

    Returns
    -------
    altair.LayerChart
        Bars of ``value:Q`` by ``label:N`` sorted by ``rank``, coloured
        :data:`~yubei_lib.theme.HIGHLIGHT` for ``district``, and the value and rank
        written at their ends (``n/a`` at 0 for an undefined figure).

    Examples
    --------
    >>> f = pd.DataFrame({"district": ["Yubei", "Jiangbei", "Dazu"],
    ...                   "conversion_rate": [0.3, 0.25, None], "rank_conversion_rate": [1, 2, 3]})
    >>> spec = district_ranking(f, "conversion_rate", "渝北", "en").to_dict()
    >>> spec["layer"][0]["encoding"]["color"]["condition"][0]["test"]
    "(datum.district === 'Yubei')"
    """
    labels.check_lang(lang)
    own = resolve_district(district)
    rank = _rank_column(frame, figure)
    data = _take(frame, ["district", figure, rank], "district_ranking").rename(
        columns={figure: "value", rank: "rank"})
    data["district"] = _districts(data["district"])
    data["value"] = data["value"].astype("float64")
    data["label"] = [labels.name("district", d, lang) for d in data["district"]]
    rate = figure != "composite_score"
    fmt = labels.percent if rate else (lambda v, lg: labels.number(v, lg, digits=2))
    data["value_text"] = _texts(data["value"], fmt, lang)
    data["bar_text"] = [f"{v} (#{r})" if lang == "en" else f"{v}（第{r}名）"
                        for v, r in zip(data["value_text"], data["rank"])]
    name = labels.figure_name(figure, lang)
    x_title = name
    tooltip = [alt.Tooltip("label:N", title=t("district", lang)),
               alt.Tooltip("value_text:N", title=name),
               alt.Tooltip("rank:Q", title=t("rank", lang))]
    axis = alt.Axis(format=".0%" if rate else ",.1f")
    base = (alt.Chart(data)
            .transform_calculate(at="isValid(datum.value) ? datum.value : 0")
            .encode(y=alt.Y("label:N", title=t("district", lang),
                            sort=alt.EncodingSortField("rank", op="min", order="ascending")),
                    tooltip=tooltip))
    bars = base.mark_bar().encode(x=alt.X("value:Q", title=x_title, axis=axis),
                                  color=_highlight(own, theme.HIGHLIGHT, theme.MUTED))
    text = (base.mark_text(align="left", dx=4)
            .encode(x=alt.X("at:Q", title=x_title, axis=axis), text="bar_text:N",
                    color=_highlight(own, theme.HIGHLIGHT, theme.INK)))
    subtitle = t("highlighted", lang, district=labels.name("district", own, lang))
    return (alt.layer(bars, text)
            .properties(title=_title(f"{t('district_ranking', lang)}: {name}", subtitle),
                        height=alt.Step(18)))


def rank_bump(frame: pd.DataFrame, district: str, lang: str = "en") -> alt.LayerChart:
    """Draw a bump chart of the districts' ranks over quarters, rank 1 on top.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per quarter and district: ``quarter`` (label ``"2020Q4"``, a date or a
        Period), ``district`` (English names), ``rank`` (int, 1 = best).
    district : str
        The report's own district, by any accepted name: highlighted, thicker, on top.
    lang : {"en", "zh"}

    Returns
    -------
    altair.LayerChart
        Lines with points of ``rank:Q`` (reversed scale) by ``quarter_label:O``, the own
        district again on top, and district names at the last quarter.

    Examples
    --------
    >>> f = pd.DataFrame({"quarter": ["2020Q3", "2020Q3", "2020Q4", "2020Q4"],
    ...                   "district": ["Yubei", "Dazu", "Yubei", "Dazu"], "rank": [2, 1, 1, 2]})
    >>> spec = rank_bump(f, "Yubei", "zh").to_dict()
    >>> spec["layer"][0]["encoding"]["y"]["scale"]["reverse"], spec["layer"][0]["encoding"]["x"]["sort"]
    (True, ['2020年第三季度', '2020年第四季度'])
    """
    labels.check_lang(lang)
    own = resolve_district(district)
    data = _take(frame, ["quarter", "district", "rank"], "rank_bump")
    periods = [pd.Period(labels.quarter(q, "en"), freq="Q") for q in data["quarter"]]
    data["quarter"] = [str(p) for p in periods]
    data["quarter_label"] = [labels.quarter(q, lang) for q in data["quarter"]]
    data["district"] = _districts(data["district"])
    data["label"] = [labels.name("district", d, lang) for d in data["district"]]
    order = [labels.quarter(str(p), lang) for p in sorted(set(periods))]
    last = str(max(periods)) if periods else ""
    bottom = max(int(data["rank"].max()) if len(data) else 1, 1)
    tooltip = [alt.Tooltip("label:N", title=t("district", lang)),
               alt.Tooltip("quarter_label:N", title=t("quarter", lang)),
               alt.Tooltip("rank:Q", title=t("rank", lang))]
    base = alt.Chart(data).encode(
        x=alt.X("quarter_label:O", sort=order, title=t("quarter", lang),
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y("rank:Q", title=t("rank", lang),
                scale=alt.Scale(reverse=True, domain=[1, bottom], nice=False, zero=False,
                                padding=8),
                axis=alt.Axis(values=list(range(1, bottom + 1)), grid=False)),
        color=_highlight(own, theme.HIGHLIGHT, theme.MUTED),
        tooltip=tooltip)
    lines = base.mark_line(point=True).encode(
        detail="district:N", strokeWidth=_highlight(own, 3.5, 1.2))
    mine = base.transform_filter(alt.datum.district == own).mark_line(point=True, strokeWidth=3.5)
    ends = (base.transform_filter(alt.datum.quarter == last)
            .mark_text(align="left", dx=8)
            .encode(text="label:N", color=_highlight(own, theme.HIGHLIGHT, theme.INK)))
    subtitle = t("highlighted", lang, district=labels.name("district", own, lang))
    return (alt.layer(lines, mine, ends)
            .properties(title=_title(t("rank_over_quarters", lang), subtitle),
                        width=alt.Step(100), height=18 * bottom))


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
    """
    labels.check_lang(lang)
    data = _take(frame, ["cohort", "figure", "value", "target"], "cohort_rates")
    data["cohort"] = data["cohort"].astype("str")
    data["cohort_label"] = [labels.cohort(c, lang) for c in data["cohort"]]
    data["figure_label"] = [labels.figure_name(f, lang) for f in data["figure"]]
    data["value_text"] = _texts(data["value"], labels.percent, lang)
    data["target_text"] = _texts(data["target"], labels.percent, lang)
    y = alt.Y("cohort_label:N", sort=list(dict.fromkeys(data["cohort_label"])), title=t("cohort", lang))
    y_offset = alt.YOffset("figure_label:N", sort=list(dict.fromkeys(data["figure_label"])))
    x_title = t("rate", lang)
    tooltip = [alt.Tooltip("cohort_label:N", title=t("cohort", lang)),
               alt.Tooltip("figure_label:N", title=t("figure", lang)),
               alt.Tooltip("value_text:N", title=t("value", lang)),
               alt.Tooltip("target_text:N", title=t("target", lang))]
    base = alt.Chart(data).encode(y=y, yOffset=y_offset, tooltip=tooltip)
    x = alt.X("value:Q", title=x_title, scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format=".0%"))
    bars = base.mark_bar().encode(
        x=x, color=alt.Color("figure_label:N", title=t("figure", lang),
                             sort=list(dict.fromkeys(data["figure_label"]))))
    ticks = (base.transform_filter("isValid(datum.target)").mark_tick()
             .encode(x=alt.X("target:Q", title=x_title)))
    text = base.mark_text(align="left", dx=4).encode(x=x, text="value_text:N")
    return (alt.layer(bars, ticks, text)
            .properties(title=_title(t("cohort_rates", lang), t("target_ticks", lang)),
                        height=alt.Step(26)))


def time_to_operation(frame: pd.DataFrame, lang: str = "en") -> alt.LayerChart:
    """Draw Kaplan-Meier step lines of the share in operation by months since signing.

    Parameters
    ----------
    frame : pandas.DataFrame
        :func:`yubei_lib.survival.time_to_operation` for one district: ``cohort``
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
    """
    labels.check_lang(lang)
    data = _take(frame, ["cohort", "months", "share_in_operation"], "time_to_operation")
    data["cohort"] = data["cohort"].astype("str")
    data["cohort_label"] = [labels.cohort(c, lang) for c in data["cohort"]]
    data["share_text"] = _texts(data["share_in_operation"], labels.percent, lang)
    base = alt.Chart(data).encode(
        x=alt.X("months:Q", title=t("months_since_signing", lang), scale=alt.Scale(domainMin=0)),
        y=alt.Y("share_in_operation:Q", title=t("share_in_operation", lang),
                scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format=".0%")),
        color=alt.Color("cohort_label:O", title=t("signing_year", lang),
                        sort=sorted(set(data["cohort_label"]))),
        tooltip=[alt.Tooltip("cohort_label:N", title=t("signing_year", lang)),
                 alt.Tooltip("months:Q", title=t("months_since_signing", lang), format=".1f"),
                 alt.Tooltip("share_text:N", title=t("share_in_operation", lang))])
    lines = base.mark_line(interpolate="step-after")
    points = base.mark_point(size=14, opacity=0.6)
    return alt.layer(lines, points).properties(title=_title(t("time_to_operation", lang)))


def chain_heatmap(frame: pd.DataFrame, lang: str = "en") -> alt.LayerChart:
    """Draw a heat map of the value signed along each cluster's chain, marking weak links.

    One row per cluster; its chain segments follow in the input's order (the order of
    ``chains.csv``), each cell named, coloured by value and outlined dashed if weak.

    Parameters
    ----------
    frame : pandas.DataFrame
        One district's rows of :func:`yubei_lib.metrics.weak_links` with its money and
        count renamed: ``cluster``, ``segment`` (English names), ``value`` (yuan),
        ``count`` (projects), ``weak`` (bool).
    lang : {"en", "zh"}

    Returns
    -------
    altair.LayerChart
        ``rect`` cells at ``link:O`` (the segment's place in its chain) by
        ``cluster_label:N``, coloured by ``value_scaled:Q``, with the segment's name and
        the money written in each cell.

    Examples
    --------
    >>> f = pd.DataFrame({"cluster": ["smart terminals"] * 3, "segment": ["chips", "LCD panels", "IoT"],
    ...                   "value": [5e9, 2e9, 0.0], "count": [3, 1, 0], "weak": [False, False, True]})
    >>> spec = chain_heatmap(f, "zh").to_dict()
    >>> [row["segment_label"] for row in spec["datasets"][spec["data"]["name"]]]
    ['芯', '屏', '网']
    """
    labels.check_lang(lang)
    data = _take(frame, ["cluster", "segment", "value", "count", "weak"], "chain_heatmap")
    data["weak"] = data["weak"].astype(bool)
    data["link"] = data.groupby("cluster", sort=False).cumcount() + 1
    data["cluster_label"] = [labels.name("cluster", c, lang) for c in data["cluster"]]
    data["segment_label"] = [labels.name("chain_segment", s, lang) for s in data["segment"]]
    data["value_text"] = _texts(data["value"], labels.money, lang)
    data["weak_text"] = [t("weak_link", lang) if w else "" for w in data["weak"]]
    data["cell_text"] = [f"{v} · {w}" if w else v for v, w in zip(data["value_text"], data["weak_text"])]
    value_title = _money_title("signed_value", lang)
    base = _scaled(alt.Chart(data), lang, "value").encode(
        x=alt.X("link:O", title=t("chain_segment", lang),
                axis=alt.Axis(labels=False, ticks=False, domain=False)),
        y=alt.Y("cluster_label:N", sort=list(dict.fromkeys(data["cluster_label"])), title=None),
        tooltip=[alt.Tooltip("cluster_label:N", title=t("cluster", lang)),
                 alt.Tooltip("segment_label:N", title=t("chain_segment", lang)),
                 alt.Tooltip("value_text:N", title=t("signed_value", lang)),
                 alt.Tooltip("count:Q", title=t("signed_count", lang), format=",d"),
                 alt.Tooltip("weak_text:N", title=t("weak_link", lang))])
    weak = alt.datum.weak
    cells = base.mark_rect().encode(
        color=alt.Color("value_scaled:Q", title=value_title),
        stroke=alt.when(weak).then(alt.value(theme.INK)).otherwise(alt.value(None)),
        strokeDash=alt.when(weak).then(alt.value([4, 3])).otherwise(alt.value([1, 0])),
        strokeWidth=alt.when(weak).then(alt.value(1.5)).otherwise(alt.value(0)))
    names = base.mark_text(baseline="bottom", dy=-1).encode(text="segment_label:N")
    values = base.mark_text(baseline="top", dy=3).encode(text="cell_text:N")
    return (alt.layer(cells, names, values)
            .properties(title=_title(t("chain_heatmap", lang), t("weak_link_note", lang)),
                        width=alt.Step(130), height=alt.Step(48)))
