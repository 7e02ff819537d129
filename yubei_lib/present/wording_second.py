"""Word the second set's figures (13-16) as tiles: performance, capital in place, new investment, visits.

A figure whose table was not given is no zero: its tile says that the data was not given
and which option gives it.
"""

from __future__ import annotations

from collections.abc import Mapping

from yubei_lib.figures.frames import is_undefined
from yubei_lib.ledger.periods import cohort_key
from yubei_lib.present import labels
from yubei_lib.present.labels import t
from yubei_lib.present.wording import change_text, count_change_text

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
    """Return the tiles of the second set: each cohort's performance and capital in place, new investment, visits.

    Parameters
    ----------
    now, before : mapping
        The district's figures (machine keys, :func:`yubei_lib.figures.machine.second_set`) as
        of the report date and as of the end of the quarter before.
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
    ...        "new_projects_investment_ytd": 11e9, "visits_out_main_ytd": 314}
    >>> before = {"contract_performance_rate_2018_2020": 0.95, "capital_in_place_rate_2018_2020": 0.2,
    ...           "new_projects_investment_ytd": 8e9, "visits_out_main_ytd": 250}
    >>> [(x["title"], x["value"]) for x in second_tiles(now, before, ["2018-2020"], "en", True, False)]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('Contract performance rate, 2018-2020', '90.0%'), ('Capital-in-place rate, 2018-2020', '25.0%'),
     ('Completed investment of newly started projects', 'CNY 11.0 bn'),
     ("Main leaders' outside visits", 'Data not given')]
    >>> second_tiles(now, before, ["2018-2020"], "zh", True, False)[-1]["target"]
    '未提供招商活动台账'
    """
    items = [tile for cohort in cohorts for tile in _rate_tiles(now, before, cohort, lang)]
    money, old = now.get("new_projects_investment_ytd"), before.get("new_projects_investment_ytd")
    if investment_given:
        same_year = not is_undefined(old)
        items.append({"title": t("new_projects_investment", lang), "value": labels.money(money, lang),
                      "target": t("tile_new_investment", lang), "status": t("year_to_date", lang),
                      "state": "neutral",
                      "change": change_text("signed_value", float(money) - float(old), lang)  # type: ignore[arg-type]  # numbers once is_undefined() is False
                      if same_year and not is_undefined(money) else ""})
    else:
        items.append(_not_given("new_projects_investment", "not_given_investment", lang))
    visits, earlier = now.get("visits_out_main_ytd"), before.get("visits_out_main_ytd")
    if activities_given:
        items.append({"title": t("visits_out_main", lang), "value": labels.number(visits, lang),
                      "target": t("tile_visits", lang), "status": t("year_to_date", lang), "state": "neutral",
                      "change": count_change_text(int(visits) - int(earlier), lang)  # type: ignore[arg-type]  # numbers once is_undefined() is False
                      if not (is_undefined(visits) or is_undefined(earlier)) else ""})
    else:
        items.append(_not_given("visits_out_main", "not_given_activities", lang))
    return items


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
