"""Charts of the district ranking: the 22 on one figure, and rank movement over quarters."""

from __future__ import annotations

import altair as alt
import pandas as pd

from yubei_lib.ledger.reference import resolve_district
from yubei_lib.present import labels, theme
from yubei_lib.present.charts.base import canonical_districts, chart_title, format_all, highlight_own, take_columns
from yubei_lib.present.labels import t


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
    data = take_columns(frame, ["district", figure, rank], "district_ranking").rename(
        columns={figure: "value", rank: "rank"})
    data["district"] = canonical_districts(data["district"])
    data["value"] = data["value"].astype("float64")
    data["label"] = [labels.name("district", d, lang) for d in data["district"]]
    rate = figure != "composite_score"
    fmt = labels.percent if rate else (lambda v, lg: labels.number(v, lg, digits=2))
    data["value_text"] = format_all(data["value"], fmt, lang)
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
                                  color=highlight_own(own, theme.HIGHLIGHT, theme.MUTED))
    text = (base.mark_text(align="left", dx=4)
            .encode(x=alt.X("at:Q", title=x_title, axis=axis), text="bar_text:N",
                    color=highlight_own(own, theme.HIGHLIGHT, theme.INK)))
    subtitle = t("highlighted", lang, district=labels.name("district", own, lang))
    return (alt.layer(bars, text)
            .properties(title=chart_title(f"{t('district_ranking', lang)}: {name}", subtitle),
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
    data = take_columns(frame, ["quarter", "district", "rank"], "rank_bump")
    periods = [pd.Period(labels.quarter(q, "en"), freq="Q") for q in data["quarter"]]
    data["quarter"] = [str(p) for p in periods]
    data["quarter_label"] = [labels.quarter(q, lang) for q in data["quarter"]]
    data["district"] = canonical_districts(data["district"])
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
        color=highlight_own(own, theme.HIGHLIGHT, theme.MUTED),
        tooltip=tooltip)
    lines = base.mark_line(point=True).encode(
        detail="district:N", strokeWidth=highlight_own(own, 3.5, 1.2))
    mine = base.transform_filter(alt.datum.district == own).mark_line(point=True, strokeWidth=3.5)
    ends = (base.transform_filter(alt.datum.quarter == last)
            .mark_text(align="left", dx=8)
            .encode(text="label:N", color=highlight_own(own, theme.HIGHLIGHT, theme.INK)))
    subtitle = t("highlighted", lang, district=labels.name("district", own, lang))
    return (alt.layer(lines, mine, ends)
            .properties(title=chart_title(t("rank_over_quarters", lang), subtitle),
                        width=alt.Step(100), height=18 * bottom))
