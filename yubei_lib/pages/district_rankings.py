"""The district_rankings page: the 22 districts on the three rates and the composite, and rank movement."""

from __future__ import annotations

import altair as alt
import pandas as pd

from yubei_lib.figures.frames import is_undefined
from yubei_lib.figures.rankings import district_rankings, rank_history, three_rate_figures
from yubei_lib.pages.page import Page, memo, note
from yubei_lib.present import charts, display, labels, wording
from yubei_lib.present.labels import t

__all__ = ["rankings_table", "ranking_chart", "rank_bump_chart"]


def _rankings(page: Page) -> pd.DataFrame:
    return memo(page, "rankings", lambda: district_rankings(page.projects, page.capital, page.as_of,
                                                             page.cohorts))


def _signed_change(value: object) -> str:
    return "" if is_undefined(value) else wording.sign(int(value)) + str(abs(int(value)))


def rankings_table(page: Page) -> display.Html:
    """Table the 22 districts on the three rates and the composite, best composite rank first."""
    lang = page.lang
    frame = _rankings(page).sort_values("composite_rank", kind="stable")
    frame["district_name"] = [labels.name("district", d, lang) for d in frame["district"]]
    columns, formats = {"district_name": "district"}, {}
    for figure in three_rate_figures(page.cohorts):
        columns[figure] = labels.figure_name(figure, lang)
        columns[f"rank_{figure}"] = "rank"
        formats[figure] = "percent"
    columns.update({"composite_score": "composite", "composite_rank": "composite_rank",
                    "change_composite_rank": "rank_change"})
    formats.update({"composite_score": lambda v: labels.number(v, lang, digits=2),
                    "change_composite_rank": _signed_change})
    return display.table(frame, lang, columns, formats, highlight=("district", page.district),
                         caption=t("rank_change_note", lang))


def ranking_chart(page: Page, figure: str, cohort: int = 1) -> alt.LayerChart | display.Html:
    """Chart the 22 districts on one figure: ``conversion_rate``, ``operation_rate`` (of
    cohort 1 or 2 of the ``cohorts`` parameter) or ``composite_score``."""
    figures = three_rate_figures(page.cohorts)
    if figure == "operation_rate":
        if cohort not in (1, 2):
            raise ValueError(f"cohort must be 1 or 2, not {cohort!r}")
        if cohort >= len(figures):
            return note(t("no_such_cohort", page.lang, n=cohort))
        figure = figures[cohort]
    elif figure not in ("conversion_rate", "composite_score"):
        raise ValueError(f"figure must be conversion_rate, operation_rate or composite_score, not {figure!r}")
    return charts.district_ranking(_rankings(page), figure, page.district, page.lang)


def rank_bump_chart(page: Page) -> alt.LayerChart:
    """Chart the districts' composite rank over the last ``rank_quarters`` quarter ends."""
    frame = rank_history(page.projects, page.capital, page.as_of, page.cohorts, page.rank_quarters)
    return charts.rank_bump(frame, page.district, page.lang)
