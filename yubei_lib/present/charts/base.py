"""Chart builders of the report pages: aggregated frame in, Altair chart out.

Each builder takes a tidy frame that is ALREADY AGGREGATED (the output of
:mod:`yubei_lib.figures`, one row
per bar, point or cell) and returns an :class:`altair.Chart` (or a layer of charts); it
displays nothing, saves nothing and sets no colours or fonts of its own: the theme of
:mod:`yubei_lib.present.theme` does, and the report's own district is drawn in
:data:`yubei_lib.present.theme.HIGHLIGHT`, the others in :data:`yubei_lib.present.theme.MUTED`.

The chart's data are the input's rows, never more: only the columns a builder needs,
plus display columns it adds (``*_label`` names and ``*_text`` strings formatted by
:mod:`yubei_lib.present.labels`). Money stays in yuan in the data; a ``calculate`` transform
adds ``<column>_scaled`` in bn yuan (English) or 亿元 (Chinese) for the axes, and
tooltips show the money as :func:`yubei_lib.present.labels.money` writes it.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from yubei_lib.figures.frames import canonical_district
from yubei_lib.present import labels
from yubei_lib.present.labels import t


def take_columns(frame: pd.DataFrame, columns: Sequence[str], builder: str) -> pd.DataFrame:
    """Return a copy of the frame's ``columns``, or raise naming the builder and what is missing."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{builder}: the frame lacks column(s) {', '.join(missing)}; it has "
                         f"{', '.join(map(str, frame.columns))}")
    return frame.loc[:, list(columns)].reset_index(drop=True).copy()


def with_scaled(chart: alt.Chart, lang: str, *columns: str) -> alt.Chart:
    """Add ``<column>_scaled`` (bn yuan in English, 亿元 in Chinese) for each money column."""
    divisor, _ = labels.money_scale(lang)
    return chart.transform_calculate(
        **{f"{c}_scaled": f"datum.{c} / {divisor:.0e}" for c in columns})


def money_title(key: str, lang: str) -> str:
    """Return an axis title with the money unit of the language."""
    return f"{t(key, lang)} ({labels.money_scale(lang)[1]})"


def format_all(values: pd.Series, fmt, lang: str) -> list[str]:
    """Format each value with ``fmt(value, lang)``."""
    return [fmt(v, lang) for v in values]


def canonical_districts(values: pd.Series) -> pd.Series:
    """Return district names as their English names (other values as they are), as text."""
    return values.map(canonical_district).astype("str")


def text_width(text: str) -> float:
    """Estimate the width in pixels of a 12-px label (CJK characters are square)."""
    return sum(12 if ord(ch) > 0x2e80 else 6.8 for ch in text)


def highlight_own(district: str, on: object, off: object):
    """Return a condition: ``on`` for the report's own district, ``off`` for the others."""
    return alt.when(alt.datum.district == district).then(alt.value(on)).otherwise(alt.value(off))


def chart_title(text: str, subtitle: str | None = None) -> alt.Title:
    """Return a chart title, with its subtitle when there is one."""
    return alt.Title(text, subtitle=subtitle) if subtitle else alt.Title(text)
