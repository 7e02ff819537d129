"""Chart of the industrial chains: value signed along each cluster's chain, weak links marked."""

from __future__ import annotations

import altair as alt
import pandas as pd

from yubei_lib.present import labels, theme
from yubei_lib.present.charts.base import (
    described,
    finish,
    listing,
    take_columns,
    wrap,
    wrapped_axis,
)
from yubei_lib.present.charts.money import money_unit, with_scaled
from yubei_lib.present.labels import t

WEAK_OUTLINE = 3
"""Width in pixels of the outline of a weak link's cell (drawn over the cells, so it shows whole)."""


def chain_heatmap(frame: pd.DataFrame, lang: str = "en", period: str | None = None) -> alt.LayerChart:
    """Draw a heat map of the value signed along each cluster's chain, marking weak links.

    One row per cluster; its chain segments follow in the input's order (the order of
    ``chains.csv``), each cell named, coloured by value, with the amount written in it.
    A weak link's cell has a thick :data:`~yubei_lib.present.theme.INK` outline (a layer of its
    own: Vega draws no dashes on ``rect`` marks) and says "Weak"; the subtitle (catalogue
    key ``weak_link_note``) says so. Amounts are in the chart's one unit, named in the
    legend's title, without the unit in the cells. A cell's lines are separate text
    layers (segment name on up to two lines, amount, "Weak"), each cut to the cell's width.

    Parameters
    ----------
    frame : pandas.DataFrame
        One district's rows of :func:`yubei_lib.figures.composition.weak_links` with its money and
        count renamed: ``cluster``, ``segment`` (English names), ``value`` (yuan),
        ``count`` (projects), ``weak`` (bool).
    lang : {"en", "zh"}
    period : str, optional
        The period it shows, added to its title (:func:`yubei_lib.present.charts.base.titled`),
        e.g. ``"2020"``, ``"2018-2020"`` or ``"2020Q4"`` (:func:`~yubei_lib.present.charts.base.span`).

    Returns
    -------
    altair.LayerChart
        ``rect`` cells at ``link:O`` (the segment's place in its chain) by
        ``cluster_label:N``, coloured by ``value_scaled:Q``; the weak links' outlines;
        the segment's name, the amount and "Weak" written in each cell.

    Examples
    --------
    >>> f = pd.DataFrame({"cluster": ["smart terminals"] * 3, "segment": ["chips", "LCD panels", "IoT"],
    ...                   "value": [5e9, 2e9, 0.0], "count": [3, 1, 0], "weak": [False, False, True]})
    >>> spec = chain_heatmap(f, "en").to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['rect', 'rect', 'text', 'text', 'text', 'text']
    >>> spec["layer"][1]["transform"][-1], spec["layer"][1]["mark"]["strokeWidth"]
    ({'filter': 'datum.weak'}, 3)
    >>> [(row["cell_text"], row["weak_mark"]) for row in spec["datasets"][spec["data"]["name"]]]
    [('5.0', ''), ('2.0', ''), ('0', 'Weak')]
    """
    labels.check_lang(lang)
    data = take_columns(frame, ["cluster", "segment", "value", "count", "weak"], "chain_heatmap")
    data["weak"] = data["weak"].astype(bool)
    data["link"] = data.groupby("cluster", sort=False).cumcount() + 1
    data["cluster_label"] = [labels.name("cluster", c, lang) for c in data["cluster"]]
    data["segment_label"] = [labels.name("chain_segment", s, lang) for s in data["segment"]]
    unit = money_unit(data["value"], lang)
    data["value_text"] = unit.texts(data["value"])
    data["weak_text"] = [t("weak_link", lang) if w else "" for w in data["weak"]]
    names = [wrap(s, 84, 11) for s in data["segment_label"]]
    data["name_1"] = [lines[0] if len(lines) > 1 else "" for lines in names]
    data["name_2"] = [" ".join(lines[1:]) if len(lines) > 1 else lines[0] for lines in names]
    data["cell_text"] = [unit.number(v) for v in data["value"]]
    data["weak_mark"] = [t("weak_short", lang) if w else "" for w in data["weak"]]
    links = int(data["link"].max()) if len(data) else 1
    clusters = list(dict.fromkeys(data["cluster_label"]))
    axis, lines = wrapped_axis(clusters, 110, labelLimit=120)
    tooltip = [alt.Tooltip("cluster_label:N", title=t("cluster", lang)),
               alt.Tooltip("segment_label:N", title=t("chain_segment", lang)),
               alt.Tooltip("value_text:N", title=t("signed_value", lang)),
               alt.Tooltip("count:Q", title=t("signed_count", lang), format=",d"),
               alt.Tooltip("weak_text:N", title=t("weak_link", lang))]
    base = described(with_scaled(alt.Chart(data), lang, "value", unit=unit), tooltip, lang).encode(
        x=alt.X("link:O", title=t("chain_segment", lang), scale=alt.Scale(paddingInner=0.06),
                axis=alt.Axis(labels=False, ticks=False, domain=False)),
        y=alt.Y("cluster_label:N", sort=clusters, title=None, scale=alt.Scale(paddingInner=0.06),
                  axis=alt.Axis(**axis)),
        tooltip=tooltip)
    cells = base.mark_rect(stroke=theme.EDGE, strokeWidth=1).encode(
        color=alt.Color("value_scaled:Q", title=unit.title("signed_value")))
    weak = (base.transform_filter(alt.datum.weak)
            .mark_rect(fillOpacity=0, stroke=theme.INK, strokeWidth=WEAK_OUTLINE, aria=False))
    limit = {"expr": f"width / {links} - 8"}  # a cell's width: long words are cut short ("…")
    text = [base.mark_text(baseline="middle", dy=dy, limit=limit, aria=False).encode(text=f"{field}:N")
            for field, dy in (("name_1", -17), ("name_2", -4), ("cell_text", 10), ("weak_mark", 24))]
    weak_rows = data.loc[data["weak"]]
    weak_names = [f"{s} ({c})" if lang == "en" else f"{s}（{c}）"
                  for c, s in zip(weak_rows["cluster_label"], weak_rows["segment_label"])]
    weak_words = (t("desc_weak_links", lang, names=listing(weak_names, lang, limit=8)) if weak_names
                  else t("desc_no_weak_links", lang))
    description = t("desc_chain_heatmap", lang, n=len(clusters), weak=weak_words)
    return finish(alt.layer(cells, weak, *text), lang, t("chain_heatmap", lang), description,
                  t("weak_link_note", lang), period, height=alt.Step(max(66, 13 * lines + 10)))
