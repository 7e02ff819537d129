"""The district_rankings page: the 22 districts on the three rates and the composite, and rank movement.

A rank among the 22 needs every district's figures: from the ledger, or for the districts
it holds nothing for, from the city's published table (the ``rankings`` parameter).
Without them the page says which districts lack data and how to supply them, and shows
the district's own three rates without a rank.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import altair as alt
import pandas as pd

from yubei_lib.config import DEFAULTS
from yubei_lib.figures.frames import is_undefined
from yubei_lib.figures.machine import district_figures
from yubei_lib.figures.rankings import district_rankings, rank_history, three_rate_figures, without_data
from yubei_lib.figures.reconcile import reconciliation
from yubei_lib.figures.schemes import get_scheme
from yubei_lib.figures.targets import district_targets
from yubei_lib.pages.page import Page, memo, note, period_text
from yubei_lib.present import charts, display, labels, wording
from yubei_lib.present.labels import t
from yubei_lib.present.wording_second import scheme_name

__all__ = ["rankings_table", "ranking_chart", "rank_bump_chart", "scheme_table"]


def _rankings(page: Page) -> pd.DataFrame:
    return memo(page, "rankings", lambda: district_rankings(page.projects, page.capital, page.as_of,
                                                             page.cohorts, published=page.published))


def _missing(page: Page) -> list[str]:
    return memo(page, "missing", lambda: without_data(page.projects, page.as_of, page.published))


def _no_rank(page: Page) -> display.Html:
    """Say why there is no rank: which districts lack data. The table says it; the charts point to it, once said."""
    return note(wording.missing_text(_missing(page), page.lang, limit=None))


def _no_chart(page: Page) -> display.Html:
    return note(t("no_rank_chart", page.lang))


def _signed_change(value: object) -> str:
    return "" if is_undefined(value) else wording.sign(int(value)) + str(abs(int(value)))  # type: ignore[call-overload]  # a whole number once is_undefined() is False


def rankings_table(page: Page) -> display.Html:
    """Table the 22 districts on the three rates and the composite, best composite rank first.

    Without every district's figures, the district's own three rates, unranked, and why.
    """
    lang = page.lang
    frame = _rankings(page)
    figures = three_rate_figures(page.cohorts)
    if frame["shown_composite_rank"].isna().all() and frame[[f"shown_rank_{f}" for f in figures]].isna().all().all():
        own = frame.loc[frame["district"] == page.district, ["district", *figures]]
        own["district_name"] = [labels.name("district", d, lang) for d in own["district"]]
        columns = {"district_name": "district", **{f: labels.figure_name(f, lang) for f in figures}}
        table = display.table(own, lang, columns, {"district_name": "name", **{f: "percent" for f in figures}})
        return display.Html(str(_no_rank(page)) + str(table) + str(_context(page)))
    frame = frame.sort_values(["shown_composite_rank", "district"], kind="stable", na_position="last").copy()
    frame["district_name"] = [labels.name("district", d, lang) for d in frame["district"]]
    frame["source_name"] = [t(f"source_{s}", lang) for s in frame["source"]]
    columns = {"district_name": "district"}
    formats: dict[str, Callable[[object], str] | str] = {"district_name": "name"}
    for figure in figures:
        columns[figure] = labels.figure_name(figure, lang)
        columns[f"shown_rank_{figure}"] = "rank"
        formats[figure] = "percent"
    columns.update({"composite_score": "composite", "shown_composite_rank": "composite_rank",
                    "change_composite_rank": "rank_change", "source_name": "source"})
    formats.update({"composite_score": lambda v: labels.number(v, lang, digits=2),
                    "change_composite_rank": _signed_change})
    notes = [t("rank_change_note", lang)]
    if page.published is not None:
        notes.append(t("published_ranks_note", lang))
    html = str(display.table(frame, lang, columns, formats, highlight=("district", page.district),
                             caption=" ".join(notes), reflow=False))  # 22 rows: scrolls in its box, names kept
    return display.Html(html + str(_differences(page)) + str(_context(page)))


def _context(page: Page) -> display.Html:
    """Show the units outside the 22 that the city's table lists for the quarter, with their figures, unranked."""
    units = page.published.context_at(page.as_of) if page.published is not None else None
    if units is None or units.empty:
        return display.Html("")
    lang = page.lang
    figures = [f for f in three_rate_figures(page.cohorts) if f in units.columns]
    units = units.assign(unit_name=units["unit_zh"] if lang == "zh" else units["district"])
    return display.table(units, lang, {"unit_name": "unit_outside", **{f: labels.figure_name(f, lang) for f in figures}},
                         {f: "percent" for f in figures}, caption=t("context_caption", lang))


def _differences(page: Page) -> display.Html:
    """Say where the ledger's rates differ from the city's table (both shown; listed on Data quality)."""
    found = reconciliation(page.projects, page.capital, page.as_of, page.cohorts, page.published)
    values = found.loc[(found["kind"] == "value") & (found["district"] == page.district)]
    lines = [t("value_differs", page.lang, district=labels.name("district", r.district, page.lang),
               figure=labels.figure_name(r.figure, page.lang), ledger=labels.percent(r.ledger, page.lang, digits=2),
               published=labels.percent(r.published, page.lang, digits=2))
             for r in values.itertuples()]
    return display.messages(lines) if lines else display.Html("")


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
    rank = "composite_rank" if figure == "composite_score" else f"rank_{figure}"
    frame = _rankings(page)
    if frame[f"shown_{rank}"].isna().any():
        return _no_chart(page)
    target = district_targets(page.targets, page.district, page.year, page.cohorts).get(figure)
    return charts.district_ranking(frame.assign(**{rank: frame[f"shown_{rank}"]}), figure, page.district, page.lang,
                                   target=None if target is None or math.isnan(target) else target,
                                   period=period_text(page.as_of, page.lang))


def rank_bump_chart(page: Page) -> alt.LayerChart | display.Html:
    """Chart the districts' composite rank over the last ``rank_quarters`` quarter ends; quarters without ranks are gaps."""
    frame = rank_history(page.projects, page.capital, page.as_of, page.cohorts, page.rank_quarters, page.published)
    if frame.empty:
        return _no_chart(page)
    return charts.rank_bump(frame, page.district, page.lang)


def scheme_table(page: Page) -> display.Html:
    """Show the ranking scheme's indicators and weights and each district's ranks by it (figure 18).

    For the default scheme (``three_rates``) only its indicators and weights: the ranks above are its ranks.
    """
    lang = page.lang
    scheme = get_scheme(page.scheme)
    total = sum(i.weight for i in scheme.indicators)
    label = {i.name: (i.label_zh if lang == "zh" else i.label_en) or wording.key_name(i.name, lang)
             for i in scheme.indicators}
    indicators = pd.DataFrame({"indicator": [label[i.name] for i in scheme.indicators],
                               "weight": [i.weight / total for i in scheme.indicators],
                               "direction": [t(f"direction_{i.direction}", lang) for i in scheme.indicators]})
    head = display.table(indicators, lang, {"indicator": "indicator", "weight": "weight", "direction": "direction"},
                         {"indicator": "text", "weight": "percent", "direction": "text"},
                         caption=t("scheme_heading", lang, name=scheme_name(scheme.name, lang)))
    if page.scheme == DEFAULTS["scheme"]:
        return head
    figures = memo(page, ("scheme", scheme.name), lambda: district_figures(
        page.projects, page.capital, page.as_of, page.cohorts, page.targets, page.published,
        investment=page.investment, activities=page.activities,
        own=page.district if page.activities is not None else None, scheme=scheme))
    if figures["composite_rank"].isna().all():
        return display.Html(str(head) + str(note(t("scheme_no_rank", lang))))
    frame = figures.sort_values(["composite_rank", "district"], kind="stable", na_position="last").copy()
    frame["district_name"] = [labels.name("district", d, lang) for d in frame["district"]]
    columns = {"district_name": "district"}
    formats: dict[str, Callable[[object], str] | str] = {"district_name": "name"}
    for name in scheme.names:
        frame[f"{name}_text"] = [wording.key_value(name, v, lang) for v in frame[name]]
        columns[f"{name}_text"] = label[name]
        columns[f"rank_{name}"] = "rank"
        formats[f"{name}_text"] = "text"
    columns.update({"composite_score": "composite", "composite_rank": "composite_rank"})
    formats["composite_score"] = lambda v: labels.number(v, lang, digits=2)
    ranks = display.table(frame, lang, columns, formats, highlight=("district", page.district),
                          caption=t("scheme_ranks_caption", lang), reflow=False)
    return display.Html(str(head) + str(ranks))
