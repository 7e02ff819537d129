"""Chart of the industrial chains: value signed along each cluster's chain, weak links marked."""

from __future__ import annotations

import altair as alt
import pandas as pd

from yubei_lib.present import labels, theme
from yubei_lib.present.charts.base import chart_title, format_all, money_title, take_columns, with_scaled
from yubei_lib.present.labels import t


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
    data = take_columns(frame, ["cluster", "segment", "value", "count", "weak"], "chain_heatmap")
    data["weak"] = data["weak"].astype(bool)
    data["link"] = data.groupby("cluster", sort=False).cumcount() + 1
    data["cluster_label"] = [labels.name("cluster", c, lang) for c in data["cluster"]]
    data["segment_label"] = [labels.name("chain_segment", s, lang) for s in data["segment"]]
    data["value_text"] = format_all(data["value"], labels.money, lang)
    data["weak_text"] = [t("weak_link", lang) if w else "" for w in data["weak"]]
    data["cell_text"] = [f"{v} · {w}" if w else v for v, w in zip(data["value_text"], data["weak_text"])]
    value_title = money_title("signed_value", lang)
    base = with_scaled(alt.Chart(data), lang, "value").encode(
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
            .properties(title=chart_title(t("chain_heatmap", lang), t("weak_link_note", lang)),
                        width=alt.Step(130), height=alt.Step(48)))
