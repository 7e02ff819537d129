"""Word the second set's figures (13-17) as tiles: performance, capital in place, new investment, visits, major projects.

A figure whose table was not given is no zero: its tile says that the data was not given
and which option gives it. The flows of the year to date say their change on the same
period last year (figure 20) where it is known.
"""

from __future__ import annotations

from collections.abc import Mapping

from yubei_lib.figures.frames import is_undefined
from yubei_lib.ledger.periods import cohort_key
from yubei_lib.present import labels
from yubei_lib.present.labels import t
from yubei_lib.present.wording import change_text, count_change_text
from yubei_lib.present.yoy import with_yoy

__all__ = ["second_tiles", "scheme_name"]


def _rate_tiles(now: Mapping, before: Mapping, cohort: str, lang: str) -> list[dict[str, str]]:
    key = cohort_key(cohort)
    span = labels.cohort(cohort, lang)
    out = []
    for figure, line in (("contract_performance_rate", "tile_cohort_performance"),
                         ("capital_in_place_rate", "tile_cohort_capital")):
        name = f"{figure}_{key}"
        value, old = now.get(name), before.get(name)
        change = None if is_undefined(value) or is_undefined(old) else float(value) - float(old)  # type: ignore[arg-type]  # numbers once is_undefined() is False
        out.append({"title": labels.figure_name(name, lang), "value": labels.percent(value, lang),
                    "target": t(line, lang, cohort=span), "status": "", "state": "neutral",
                    "change": change_text(figure, change, lang)})
    return out


def second_tiles(now: Mapping, before: Mapping, cohorts: list[str], lang: str, investment_given: bool,
                 activities_given: bool) -> list[dict[str, str]]:
    """Return the tiles of the second set: each cohort's performance and capital in place, major projects, new
    investment, visits.

    Parameters
    ----------
    now, before : mapping
        The district's figures (machine keys, :func:`yubei_lib.figures.machine.second_set`) as
        of the report date and as of the end of the quarter before; ``now`` may hold
        ``F_prev_year`` (:func:`yubei_lib.figures.yoy.prev_year`) for the change on the same
        period last year.
    cohorts : list of str
        Cohort labels, e.g. ``["2015-2017", "2018-2020"]``.
    lang : {"en", "zh"}
    investment_given, activities_given : bool
        Whether the completed-investment table and the outreach log were given.

    Returns
    -------
    list of dict
        The items of :func:`yubei_lib.present.display.tiles`.

    Examples
    --------
    >>> now = {"contract_performance_rate_2018_2020": 0.9, "capital_in_place_rate_2018_2020": 0.25,
    ...        "new_projects_investment_ytd": 11e9, "visits_out_main_ytd": 314, "major_projects_ytd": 12,
    ...        "new_projects_investment_ytd_prev_year": 10e9, "major_projects_ytd_prev_year": 0}
    >>> before = {"contract_performance_rate_2018_2020": 0.95, "capital_in_place_rate_2018_2020": 0.2,
    ...           "new_projects_investment_ytd": 8e9, "visits_out_main_ytd": 250, "major_projects_ytd": 9}
    >>> tiles = second_tiles(now, before, ["2018-2020"], "en", True, False)
    >>> [(x["title"], x["value"]) for x in tiles]  # doctest: +NORMALIZE_WHITESPACE
    [('Contract performance rate, 2018-2020', '90.0%'), ('Capital-in-place rate, 2018-2020', '25.0%'),
     ('Major projects signed, year to date', '12'),
     ('Completed investment of newly started projects', 'CNY 11.0 bn'), ("Main leaders' outside visits", 'Data not given')]
    >>> tiles[3]["change"]
    '+CNY 3.0 bn since last quarter end; up 10.0% on the same period last year'
    >>> [x["change"] for x in second_tiles(now, before, ["2018-2020"], "zh", True, False)[2:]]  # doctest: +NORMALIZE_WHITESPACE
    ['较上季末增加3个；上年同期为0', '较上季末增加30亿元；同比增长10.0%', '']
    """
    items = [tile for cohort in cohorts for tile in _rate_tiles(now, before, cohort, lang)]
    items.append(_count_tile("major_projects_ytd", "major_projects_ytd", "tile_major_projects", now, before, lang))
    money, old = now.get("new_projects_investment_ytd"), before.get("new_projects_investment_ytd")
    if investment_given:
        same_year = not is_undefined(old)
        change = (change_text("signed_value", float(money) - float(old), lang)  # type: ignore[arg-type]  # numbers once is_undefined() is False
                  if same_year and not is_undefined(money) else "")
        items.append({"title": t("new_projects_investment", lang), "value": labels.money(money, lang),
                      "target": t("tile_new_investment", lang), "status": t("year_to_date", lang),
                      "state": "neutral", "change": _on_last_year(change, "new_projects_investment_ytd", now, lang)})
    else:
        items.append(_not_given("new_projects_investment", "not_given_investment", lang))
    if activities_given:
        items.append(_count_tile("visits_out_main_ytd", "visits_out_main", "tile_visits", now, before, lang))
    else:
        items.append(_not_given("visits_out_main", "not_given_activities", lang))
    return items


def _on_last_year(change: str, flow: str, now: Mapping, lang: str) -> str:
    """Return a tile's change since last quarter end followed by the flow's change on the same period last year."""
    return with_yoy(change, now.get(flow), now.get(f"{flow}_prev_year"), lang)


def _count_tile(flow: str, title: str, line: str, now: Mapping, before: Mapping, lang: str) -> dict[str, str]:
    count, earlier = now.get(flow), before.get(flow)
    change = (count_change_text(int(count) - int(earlier), lang)  # type: ignore[arg-type]  # numbers once is_undefined() is False
              if not (is_undefined(count) or is_undefined(earlier)) else "")
    return {"title": t(title, lang), "value": labels.number(count, lang), "target": t(line, lang),
            "status": t("year_to_date", lang), "state": "neutral", "change": _on_last_year(change, flow, now, lang)}


def _not_given(title: str, why: str, lang: str) -> dict[str, str]:
    return {"title": t(title, lang), "value": t("data_not_given", lang), "target": t(why, lang),
            "status": "", "state": "neutral", "change": ""}


def scheme_name(name: str, lang: str) -> str:
    """Return a ranking scheme's name in a language: the kit's schemes have words, one's own keep their name.

    Examples
    --------
    >>> scheme_name("horse_race", "zh"), scheme_name("three_rates", "en"), scheme_name("my_scheme", "zh")
    ('赛马比拼', 'the three rates', 'my_scheme')
    """
    key = f"scheme_{name}"
    return t(key, lang) if key in labels.CATALOGUE else name
