"""Charts of the district ranking: the 22 on one figure, and rank movement over quarters."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from yubei_lib.figures.targets import target_status
from yubei_lib.ledger.reference import resolve_district
from yubei_lib.present import labels, theme
from yubei_lib.present.charts.base import (
    canonical_districts,
    described,
    finish,
    format_all,
    highlight_own,
    period_axis,
    quarter_span,
    take_columns,
    text_width,
)
from yubei_lib.present.labels import t

END_LABEL_WIDTH = 120
"""Widest line in pixels of the district names at the bump chart's line ends."""


def _rank_column(frame: pd.DataFrame, figure: str) -> str:
    for name in ("composite_rank" if figure == "composite_score" else f"rank_{figure}", "rank"):
        if name in frame.columns:
            return name
    raise ValueError(f"district_ranking: the frame has no rank column for {figure!r} "
                     f"(rank_{figure} or rank)")


def _first_lower(text: str, lang: str) -> str:
    return text[:1].lower() + text[1:] if lang == "en" else text


def district_ranking(frame: pd.DataFrame, figure: str, district: str, lang: str = "en",
                     target: float | None = None, period: str | None = None) -> alt.LayerChart:
    """Draw the districts on one figure, best rank on top, the own district highlighted.

    A rate is a bar from 0 to the rate (the best district has the longest bar), with the
    own district's target as a black line when it has one. The composite score is the
    mean of the three ranks, which has no zero for a bar to grow from: each district is
    a dot at its score on an axis from 1 (best, at the left) to the number of districts,
    its score and rank written beside it; the axis title says which way is better (on
    two lines, so that it fits a phone). The districts are named on the left, without an
    axis title.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per district, as :func:`yubei_lib.figures.rankings.rank_districts` gives:
        ``district`` (English names), the column ``figure`` (a rate as a fraction, or
        ``composite_score``) and its rank ``rank_<figure>`` (``composite_rank`` for
        ``composite_score``; a column ``rank`` also does). Other columns are ignored.
    figure : str
        E.g. ``"conversion_rate"``, ``"operation_rate_2015_2017"``, ``"composite_score"``.
    district : str
        The report's own district, by any accepted name.
    lang : {"en", "zh"}
    target : float, optional
        The own district's target of a rate (a fraction): a black line across the bars,
        labelled above them, and the own district's status written after its bar
        ("23.0% (#8) · met"), so that a black-and-white print says it too.
    period : str, optional
        The period it shows, added to its title (:func:`yubei_lib.present.charts.base.titled`),
        e.g. ``"2020"``, ``"2018-2020"`` or ``"2020Q4"`` (:func:`~yubei_lib.present.charts.base.span`).

    Returns
    -------
    altair.LayerChart
        Bars of ``value:Q`` by ``label:N`` sorted by ``rank``, coloured
        :data:`~yubei_lib.present.theme.HIGHLIGHT` for ``district``, and the value and rank
        written at their ends (``n/a`` for an undefined figure, with no bar); with a
        target, its rule and label.

    Examples
    --------
    >>> f = pd.DataFrame({"district": ["Yubei", "Jiangbei", "Dazu"],
    ...                   "conversion_rate": [0.3, 0.25, None], "rank_conversion_rate": [1, 2, 3]})
    >>> spec = district_ranking(f, "conversion_rate", "渝北", "en").to_dict()
    >>> spec["layer"][0]["encoding"]["color"]["condition"][0]["test"]
    "(datum.district === 'Yubei')"
    >>> spec["description"]
    'Bars of conversion rate of realized capital for the 3 districts, best rank on top; Yubei ranks 1 of 3 with 30.0%.'
    >>> spec = district_ranking(f, "conversion_rate", "Yubei", "en", target=0.35).to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]], spec["datasets"][spec["layer"][0]["data"]["name"]][0]["bar_text"]
    (['bar', 'rule', 'text', 'text', 'text'], '30.0% (#1) · not met')
    >>> c = pd.DataFrame({"district": ["Yubei", "Dazu"], "composite_score": [1.5, 2.0], "composite_rank": [1, 2]})
    >>> dots = district_ranking(c, "composite_score", "Yubei", "en").to_dict()["layer"][0]
    >>> dots["mark"]["type"], dots["encoding"]["x"]["scale"], dots["encoding"]["x"]["title"]
    ('point', {'domain': [1, 2], 'nice': False, 'zero': False}, ['Composite score: mean of the three ranks', '(1 = best; further left = better)'])
    """
    labels.check_lang(lang)
    own = resolve_district(district)
    rank = _rank_column(frame, figure)
    data = take_columns(frame, ["district", figure, rank], "district_ranking").rename(
        columns={figure: "value", rank: "rank"})
    data["district"] = canonical_districts(data["district"])
    data["value"] = data["value"].astype("float64")
    data["label"] = [labels.name("district", d, lang) for d in data["district"]]
    rate = figure != "composite_score"
    fmt = labels.percent if rate else (lambda v, lg: labels.number(v, lg, digits=2))
    data["value_text"] = format_all(data["value"], fmt, lang)
    data["bar_text"] = [t("rank_text", lang, value=v, rank=labels.undefined(lang) if labels._undefined(r) else int(r))
                        for v, r in zip(data["value_text"], data["rank"])]
    has_target = rate and target is not None and not labels._undefined(target)
    if has_target:  # the own district's status, in words
        status = target_status(data.loc[data["district"] == own, "value"].max(), target)
        if status in ("met", "not_met"):
            word = t(status, lang).lower() if lang == "en" else t(status, lang)
            data.loc[data["district"] == own, "bar_text"] = [labels.then(v, word, lang)
                                                             for v in data.loc[data["district"] == own, "bar_text"]]
    name = labels.figure_name(figure, lang)
    tooltip = [alt.Tooltip("label:N", title=t("district", lang)),
               alt.Tooltip("value_text:N", title=name),
               alt.Tooltip("rank:Q", title=t("rank", lang))]
    n = len(data)
    y = alt.Y("label:N", title=None, sort=alt.EncodingSortField("rank", op="min", order="ascending"))
    base = described(alt.Chart(data), tooltip, lang).encode(y=y, tooltip=tooltip)
    own_name = labels.name("district", own, lang)
    if rate:
        highest = float(data["value"].max()) if data["value"].notna().any() else 0.0
        layers = _rate_bars(base, own, name, max(highest, float(target) if has_target else 0.0))  # type: ignore[arg-type]  # a number when has_target
        if has_target:  # the rule over the bars, under their text
            rule, label = _target_rule(float(target), own_name, lang, name, highest)  # type: ignore[arg-type]  # a number
            halo = layers[1].mark_text(align="left", dx=4, aria=False, stroke=theme.HALO, strokeWidth=4,
                                       strokeJoin="round")  # the text's white edge: the rule never crosses a word
            layers = [layers[0], rule, halo, layers[1], label]
    else:
        layers = _score_dots(base, own, data, lang)
    subtitle = t("highlighted", lang, district=own_name)
    description = t("desc_ranking" if rate else "desc_ranking_dots", lang, figure=_first_lower(name, lang), n=n)
    mine = data.loc[data["district"] == own]
    if len(mine) and not labels._undefined(mine["rank"].iloc[0]):
        description += t("desc_ranking_own", lang, district=own_name, rank=int(mine["rank"].iloc[0]), n=n,
                         value=mine["value_text"].iloc[0])
    colon = ": " if lang == "en" else "："
    return finish(alt.layer(*layers), lang, f"{t('district_ranking', lang)}{colon}{name}", description, subtitle,
                  period, height=alt.Step(18))


def _rate_bars(base: alt.Chart, own: str, name: str, top: float) -> list:
    """Return the bars of a rate from 0, and the value and rank written after each (n/a where undefined).

    The axis runs from 0 to ``top`` (the highest rate or the target), not to a round number
    that depends on the chart's width: the chart is then made as narrow as its words need
    at once, and none runs off it on a phone.
    """
    scale = alt.Scale(domain=[0, top], nice=False) if top > 0 else alt.Scale(zero=True)
    axis = alt.Axis(format=".0%")
    bars = base.mark_bar().encode(x=alt.X("value:Q", title=name, axis=axis, scale=scale),
                                  color=highlight_own(own, theme.HIGHLIGHT, theme.MUTED))
    text = (base.transform_calculate(at="isValid(datum.value) ? datum.value : 0")
            .mark_text(align="left", dx=4, aria=False)
            .encode(x=alt.X("at:Q", title=name, axis=axis, scale=scale), text="bar_text:N",
                    color=highlight_own(own, theme.HIGHLIGHT, theme.INK)))
    return [bars, text]


def _target_rule(target: float, own_name: str, lang: str, name: str, highest: float) -> list:
    """Return a black rule across the bars at the own district's target, labelled above them.

    The label runs to the right of the rule, or to its left when the target is past the
    middle of the bars (so that it never runs off the chart on a phone).
    """
    text = labels.percent(target, lang)
    goal = pd.DataFrame({"target": [target], "target_text": [text],
                         "label": [t("own_target_line", lang, district=own_name, value=text)]})
    tip = [alt.Tooltip("label:N", title=t("target", lang))]
    x = alt.X("target:Q", title=name)
    rule = described(alt.Chart(goal), tip, lang).mark_rule(color=theme.INK, strokeWidth=2).encode(x=x, tooltip=tip)
    left = target > 0.5 * max(highest, target)
    label = (alt.Chart(goal).mark_text(align="right" if left else "left", baseline="bottom", dx=-4 if left else 4,
                                       dy=-2, aria=False)
             .encode(x=x, y=alt.value(0), text="label:N"))
    return [rule, label]


def _score_dots(base: alt.Chart, own: str, data: pd.DataFrame, lang: str) -> list:
    """Return a dot per district at its composite score (1 = best, at the left), its score and rank beside it.

    A dot, not a bar: a mean of ranks has no zero for a bar to grow from.
    """
    scores = data["value"].dropna()
    worst = max(len(data), math.ceil(scores.max()) if len(scores) else 1)
    title = [line.strip() for line in t("composite_axis", lang).replace("（", "\n（").replace(" (", "\n(").split("\n")]
    scale = alt.Scale(domain=[1, worst], nice=False, zero=False)
    x = alt.X("value:Q", title=title, scale=scale, axis=alt.Axis(format=",.0f", values=_score_ticks(worst)))
    dots = base.mark_point(filled=True, opacity=1).encode(
        x=x, color=highlight_own(own, theme.HIGHLIGHT, theme.MUTED),
        size=highlight_own(own, 110, 60))
    text = (base.transform_filter("isValid(datum.value)").mark_text(align="left", dx=8, aria=False)
            .encode(x=x, text="bar_text:N", color=highlight_own(own, theme.HIGHLIGHT, theme.INK)))
    missing = (base.transform_filter("!isValid(datum.value)").mark_text(align="left", dx=0, aria=False)
               .encode(x=alt.value(0), text="bar_text:N", color=alt.value(theme.INK)))
    return [dots, text, missing]


def _score_ticks(worst: int) -> list[int]:
    """Return the ticks of the composite score's axis: 1, then every 5 to the worst score.

    Examples
    --------
    >>> _score_ticks(22), _score_ticks(3)
    ([1, 5, 10, 15, 20], [1, 2, 3])
    """
    if worst <= 6:
        return list(range(1, worst + 1))
    return [1, *range(5, worst + 1, 5)]


def _quarter_runs(periods: list[pd.Period]) -> tuple[list[pd.Period], dict[pd.Period, int]]:
    """Return every quarter from the first to the last, and each present quarter's run number.

    Quarters missing between two present ones start a new run, so lines break there.
    """
    present = sorted(set(periods))
    if not present:
        return [], {}
    every = list(pd.period_range(present[0], present[-1], freq="Q"))
    place = {p: i for i, p in enumerate(every)}
    return every, {p: place[p] - i for i, p in enumerate(present)}


def _end_texts(data: pd.DataFrame, last: str, own: str, lang: str) -> list[str]:
    """Return, for each row, the label written at the line's end: one label per rank, ties joined.

    At the last quarter, the districts tied at a rank share one label (``"A, B"``), the
    own district first; it is written on the row of the first of them, the others get "".
    A long label goes on several lines, downwards into the ranks the tie leaves empty.
    """
    out = [""] * len(data)
    at_last = data.loc[data["quarter"] == last]
    for _, group in at_last.groupby("rank", sort=True):
        ordered = sorted(group.index, key=lambda i: (data.at[i, "district"] != own, data.at[i, "label"]))
        out[data.index.get_loc(ordered[0])] = _packed([data.at[i, "label"] for i in ordered], lang)
    return out


def _packed(names: list[str], lang: str) -> str:
    """Join names as the language lists them, a new line (never inside a name) when one gets too wide.

    Examples
    --------
    >>> _packed(["Dadukou", "Jiangbei", "Nan'an", "Nanchuan"], "en")
    "Dadukou, Jiangbei,\\nNan'an, Nanchuan"
    >>> _packed(["南岸区", "南川区", "大渡口区", "江北区"], "zh")
    '南岸区、南川区、\\n大渡口区、江北区'
    """
    comma = ", " if lang == "en" else "、"
    lines = [""]
    for i, name in enumerate(names):
        piece = name + (comma if i < len(names) - 1 else "")
        if lines[-1] and text_width((lines[-1] + piece).rstrip(), 11) > END_LABEL_WIDTH:
            lines[-1] = lines[-1].rstrip()
            lines.append("")
        lines[-1] += piece
    return "\n".join(lines)


def rank_bump(frame: pd.DataFrame, district: str, lang: str = "en", period: str | None = None) -> alt.LayerChart:
    """Draw a bump chart of the districts' ranks over quarters, rank 1 on top.

    The own district is a thick :data:`~yubei_lib.present.theme.HIGHLIGHT` line drawn over thin
    grey ones; pointing at a line darkens it. The districts are named at the lines'
    ends, districts tied at a rank in one label (``"Dazu, Banan"``). Quarters missing
    from the frame keep their place on the axis and break the lines (a gap).

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per quarter and district: ``quarter`` (label ``"2020Q4"``, a date or a
        Period), ``district`` (English names), ``rank`` (int, 1 = best).
    district : str
        The report's own district, by any accepted name: highlighted, thicker, on top.
    lang : {"en", "zh"}
    period : str, optional
        Added to the title; by default the quarters of the frame (``"2019Q1-2020Q4"``).

    Returns
    -------
    altair.LayerChart
        Lines with points of ``rank:Q`` (reversed scale) by ``quarter_label:O``, the own
        district again on top, and the district names at the last quarter.

    Examples
    --------
    >>> f = pd.DataFrame({"quarter": ["2020Q3", "2020Q3", "2020Q4", "2020Q4"],
    ...                   "district": ["Yubei", "Dazu", "Yubei", "Dazu"], "rank": [2, 1, 1, 1]})
    >>> spec = rank_bump(f, "Yubei", "zh").to_dict()
    >>> spec["layer"][0]["encoding"]["y"]["scale"]["reverse"], spec["layer"][0]["encoding"]["x"]["sort"]
    (True, ['2020年第三季度', '2020年第四季度'])
    >>> [row["end_text"] for row in spec["datasets"][spec["data"]["name"]]]
    ['', '', '渝北区、大足区', '']
    """
    labels.check_lang(lang)
    own = resolve_district(district)
    data = take_columns(frame, ["quarter", "district", "rank"], "rank_bump")
    periods = [pd.Period(labels.quarter(q, "en"), freq="Q") for q in data["quarter"]]
    every, runs = _quarter_runs(periods)
    data["quarter"] = [str(p) for p in periods]
    data["quarter_label"] = [labels.quarter(q, lang) for q in data["quarter"]]
    data["run"] = [runs[p] for p in periods]
    data["district"] = canonical_districts(data["district"])
    data["label"] = [labels.name("district", d, lang) for d in data["district"]]
    last = str(every[-1]) if every else ""
    data["end_text"] = _end_texts(data, last, own, lang)
    order = [labels.quarter(str(p), lang) for p in every]
    bottom = max(int(data["rank"].max()) if len(data) else 1, 1)
    tooltip = [alt.Tooltip("label:N", title=t("district", lang)),
               alt.Tooltip("quarter_label:N", title=t("quarter", lang)),
               alt.Tooltip("rank:Q", title=t("rank", lang))]
    hover = alt.selection_point(name="pointed", fields=["district"], on="pointerover", clear="pointerout",
                                empty=False)
    own_first = alt.when(alt.datum.district == own)
    base = described(alt.Chart(data), tooltip, lang).encode(
        x=alt.X("quarter_label:O", sort=order, title=t("quarter", lang),
                scale=alt.Scale(domain=order) if order else alt.Undefined, axis=alt.Axis(**period_axis(order))),
        y=alt.Y("rank:Q", title=t("rank_axis", lang),
                scale=alt.Scale(reverse=True, domain=[1, bottom], nice=False, zero=False, padding=8),
                axis=alt.Axis(values=list(range(1, bottom + 1)), grid=False)),
        color=highlight_own(own, theme.HIGHLIGHT, theme.MUTED),
        tooltip=tooltip)
    lines = base.mark_line(point=True).encode(
        detail=[alt.Detail("district:N"), alt.Detail("run:O")],
        color=own_first.then(alt.value(theme.HIGHLIGHT)).when(hover).then(alt.value(theme.INK))
        .otherwise(alt.value(theme.MUTED)),
        strokeWidth=own_first.then(alt.value(3.5)).when(hover).then(alt.value(2.5)).otherwise(alt.value(1.2)),
    ).add_params(hover)
    mine = (base.transform_filter(alt.datum.district == own)
            .mark_line(point=True, strokeWidth=3.5, aria=False).encode(detail="run:O"))
    # the own district's name is written again, in its colour, over its place in the joint label
    ends = (base.transform_filter((alt.datum.quarter == last) & (alt.datum.end_text != ""))
            .mark_text(align="left", baseline="top", dx=8, dy=-7, lineBreak="\n", aria=False)
            .encode(text="end_text:N", color=alt.value(theme.INK)))
    own_end = (base.transform_filter((alt.datum.quarter == last) & (alt.datum.district == own))
               .mark_text(align="left", baseline="top", dx=8, dy=-7, aria=False)
               .encode(text="label:N"))
    own_name = labels.name("district", own, lang)
    subtitle = t("highlighted", lang, district=own_name)
    n = data["district"].nunique()
    description = t("desc_bump", lang, n=n, first=order[0] if order else "", last=order[-1] if order else "")
    mine_last = data.loc[(data["district"] == own) & (data["quarter"] == last)]
    if len(mine_last):
        description += t("desc_bump_own", lang, district=own_name, rank=int(mine_last["rank"].iloc[0]),
                         last=order[-1])
    if period is None and every:
        period = quarter_span(every[0], every[-1], lang)
    return finish(alt.layer(lines, mine, ends, own_end), lang, t("rank_over_quarters", lang), description,
                  subtitle, period, height=18 * bottom)
