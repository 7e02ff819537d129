"""The key messages of the summary: the ranked news of :func:`yubei_lib.figures.headline.news` in words.

One sentence an item, in the order a leader acts on them (missed targets, what fell, warnings
and lagging projects, what went well); English or Chinese, the Chinese as a work report writes
it (1-12月，全区新签约项目67个，协议投资额826亿元，完成年度目标的103.2%，超额完成全年任务，同比下降41.7%:
the signed value against the same period last year, :func:`yubei_lib.present.yoy.yoy_text`). Every
amount of a sentence in one unit (:func:`yubei_lib.present.amounts.money_column`).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from yubei_lib.figures.frames import is_undefined
from yubei_lib.ledger.periods import parse_as_of
from yubei_lib.present import labels
from yubei_lib.present.amounts import money_column
from yubei_lib.present.labels import t
from yubei_lib.present.wording import missing_text
from yubei_lib.present.yoy import yoy_text

__all__ = ["key_messages", "ordinal", "points", "year_to_date", "whole_district"]


def ordinal(rank: int, lang: str) -> str:
    """Return a rank as a reader says it: ``1st``, ``22nd`` in English, ``第1位`` in Chinese.

    Examples
    --------
    >>> [ordinal(n, "en") for n in (1, 2, 3, 4, 11, 12, 13, 21, 22)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd']
    >>> ordinal(8, "zh")
    '第8位'
    """
    if labels.check_lang(lang) == "zh":
        return f"第{rank}位"
    suffix = "th" if 11 <= rank % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return f"{rank}{suffix}"


def points(fraction: float, lang: str) -> str:
    """Return the size of a difference of two rates in percentage points, without its sign.

    One decimal; a Chinese report drops a ``.0``; a difference too small to show says so.

    Examples
    --------
    >>> points(-0.064, "en"), points(0.03, "zh"), points(0.0004, "en"), points(0.0004, "zh")
    ('6.4', '3', 'less than 0.1', '不足0.1')
    """
    text = f"{abs(fraction) * 100:.1f}"
    if text == "0.0" and fraction != 0:
        return t("less_than_tenth", lang)
    return text[:-2] if lang == "zh" and text.endswith(".0") else text


def year_to_date(as_of: object, lang: str) -> str:
    """Return the months of the year to ``as_of`` as a work report writes them.

    Examples
    --------
    >>> year_to_date("2020Q4", "en"), year_to_date("2020Q4", "zh"), year_to_date("2020Q1", "zh")
    ('Jan-Dec 2020', '1-12月', '1-3月')
    >>> year_to_date("2020-01-31", "en"), year_to_date("2020-11-15", "en"), year_to_date("2020-11-15", "zh")
    ('Jan 2020', '1 Jan-15 Nov 2020', '1月1日至11月15日')
    """
    end = parse_as_of(as_of)
    if end != end + pd.offsets.MonthEnd(0):
        return f"1 Jan-{end.day} {end:%b %Y}" if lang == "en" else f"1月1日至{end.month}月{end.day}日"
    if end.month == 1:
        return f"{end:%b %Y}" if lang == "en" else "1月"
    return f"Jan-{end:%b %Y}" if lang == "en" else f"1-{end.month}月"


def whole_district(district: str, lang: str) -> str:
    """Return how a work report names its own district in a sentence: 全区, 全县; in English its name.

    Examples
    --------
    >>> whole_district("Yubei", "zh"), whole_district("Yubei", "en")
    ('全区', 'Yubei')
    """
    name = labels.name("district", district, lang)
    if lang == "zh" and name[-1:] in ("区", "县"):
        return f"全{name[-1]}"
    return name


def _counted(what: str, n: int, lang: str) -> str:
    """Return a count of projects or places with its noun: ``1 project``, ``2 places``, ``1个项目``, ``2位``."""
    return t(f"{what}_one" if n == 1 else what, lang, n=n)


def _join(lead: str, clauses: Sequence[str], lang: str, first: str = ", ") -> str:
    """Join a sentence: its lead and clauses (empty ones left out); in English ``first`` after the lead, then ``;``.

    A further comparison (e.g. with the same period of last year) is one more clause.
    """
    parts = [lead, *[c for c in clauses if c]]
    if lang == "zh":
        return "，".join(parts) + "。"
    return first.join(parts[:2]) + "".join(f"; {c}" for c in parts[2:]) + "."


def _signed_status(item: pd.Series, short: str, pace: str, lang: str) -> str:
    """Word where the signed value stands against the year's target: met, missed, behind or ahead of the pace."""
    status = item["status"]
    if status == "met":
        return t("news_signed_met" if item["short"] == 0 else (
            "news_signed_exceeded" if item["year_over"] else "news_signed_early"), lang)
    if status == "not_met":
        return t("news_signed_missed", lang, short=short)
    if status in ("behind", "on_track"):
        return t(f"news_signed_{status}", lang, short=short, pace=pace)
    return ""


def _signed_message(item: pd.Series, district: str, as_of: object, lang: str) -> str:
    """Word the signed value of the year to date against the year's target and its pace, then against the same
    period last year (同比; nothing where last year's value is unknown)."""
    status = item["status"]
    yoy = yoy_text(item["value"], item.get("prev_year"), lang) or ""
    shown_projection = not (is_undefined(item["projected"]) or item["year_over"])
    short = None if is_undefined(item["short"]) else abs(item["short"])
    money = money_column([item["value"], item["target"], short, abs(item["change"]) if item["fell"] else None,
                                 item["projected"] if shown_projection else None], lang)  # one way in a sentence
    values = {"period": year_to_date(as_of, lang), "area": whole_district(district, lang),
              "count": labels.number(item["count"], lang), "value": money(item["value"]),
              "year": parse_as_of(as_of).year}
    projected = t("news_projected", lang, projected=money(item["projected"])) if shown_projection else ""
    pace = "" if is_undefined(item["pace"]) else labels.number(item["pace"], lang, digits=2)
    fell = t("news_money_fell", lang, change=money(abs(item["change"]))) if item["fell"] else ""
    if status in ("no_target", "") or is_undefined(item["target"]):  # the change on last year beside the value
        values["value"] += ("，" if lang == "zh" else ", ") + yoy if yoy else ""
        return _join(t("news_signed_no_target", lang, **values), [fell, projected], lang)
    lead = t("news_signed", lang, attainment=labels.percent(item["attainment"], lang), **values)
    clause = _signed_status(item, "" if short is None else money(short), pace, lang)
    return _join(lead, [clause, yoy, projected if status in ("behind", "on_track") else "", fell], lang, first=": ")


def _target_clause(item: pd.Series, lang: str) -> str:
    status = item["status"]
    if status == "no_target":
        return t("news_no_target", lang)
    target = labels.percent(item["target"], lang)
    if status == "not_met" and not is_undefined(item["projects_short"]):
        return t("news_projects_short", lang, target=target, projects=_counted("projects", int(item["projects_short"]), lang))
    if status == "not_met":
        return t("news_below_target", lang, target=target, points=points(item["short"], lang))
    if status == "met":
        return (t("news_at_target", lang, target=target) if item["short"] == 0 else
                t("news_above_target", lang, target=target, points=points(item["short"], lang)))
    return ""


def _change_clause(item: pd.Series, lang: str) -> str:
    if is_undefined(item["change"]) or item["change"] == 0:
        return ""
    key = "news_points_fell" if item["change"] < 0 else "news_points_rose"
    return t(key, lang, points=points(item["change"], lang))


def _rank_clause(item: pd.Series, lang: str) -> str:
    if is_undefined(item["rank"]):
        return ""
    values = {"ord": ordinal(int(item["rank"]), lang)}
    change = item["rank_change"]
    if is_undefined(change):
        return t("news_rank", lang, **values)
    key = "news_rank_down" if change < 0 else ("news_rank_up" if change > 0 else "news_rank_same")
    return t(key, lang, places=_counted("places", abs(int(change)), lang), **values)


def _rate_message(item: pd.Series, as_of: object, lang: str) -> str:
    """Word a rate: against its target, its change since last quarter end and its rank; the worse first."""
    figure = str(item["figure"])
    value = labels.percent(item["value"], lang)
    if figure == "conversion_rate":
        capital = money_column([item["realized"]], lang)(item["realized"])
        if is_undefined(item["value"]):
            return t("msg_conversion_undefined", lang, capital=capital)
        lead = t("news_conversion", lang, value=value, capital=capital, period=year_to_date(as_of, lang))
    else:
        cohort = figure.removeprefix("operation_rate_").replace("_", "-")
        if is_undefined(item["value"]):
            return t("news_operation_undefined", lang, cohort=cohort)
        lead = t("news_operation", lang, cohort=cohort, value=value)
        if not is_undefined(item["cohort_count"]):
            lead += t("news_operation_counts", lang, done=labels.number(item["operating_count"], lang),
                      n=labels.number(item["cohort_count"], lang))
    target, change, rank = _target_clause(item, lang), _change_clause(item, lang), _rank_clause(item, lang)
    clauses = [change, rank, target] if item["group"] == "worse" else [target, change, rank]
    return _join(lead, clauses, lang)


def _composite_message(item: pd.Series, district: str, lang: str, missing: Sequence[str]) -> str:
    name = labels.name("district", district, lang)
    if is_undefined(item["rank"]):
        return (missing_text(list(missing), lang) if missing else t("news_no_composite", lang)) + (
            "。" if lang == "zh" else ".")
    values = {"district": name, "ord": ordinal(int(item["rank"]), lang), "of": int(item["of"])}
    change = item["rank_change"]
    if is_undefined(change):
        return t("news_composite", lang, **values)
    key = "news_composite_down" if change < 0 else ("news_composite_up" if change > 0 else "news_composite_same")
    return t(key, lang, places=_counted("places", abs(int(change)), lang), **values)


def _lagging_message(item: pd.Series, lang: str, months_to_commence: int, months_to_operate: int) -> str:
    now, before = int(item["lagging"]), int(item["lagging_before"])
    if now == 0:
        return (t("news_no_lagging", lang) + ("" if before == 0 else t("news_lagging_cleared", lang, n=before))
                + ("。" if lang == "zh" else "."))
    more = now - before
    change = t("news_count_same", lang) if more == 0 else t(
        "news_count_up" if more > 0 else "news_count_down", lang, n=abs(more))
    return t("news_lagging", lang, n=now, c=months_to_commence, o=months_to_operate, change=change)


def key_messages(items: pd.DataFrame, district: str, as_of: object, lang: str, missing: Sequence[str] = (),
                 warnings: str = "", months_to_commence: int = 12, months_to_operate: int = 36) -> list[str]:
    """Write the key messages of the summary page from its ranked news, one sentence an item.

    Parameters
    ----------
    items : pandas.DataFrame
        As :func:`yubei_lib.figures.headline.news` returns, in its order.
    district : str
    as_of : date-like or quarter label
    lang : {"en", "zh"}
    missing : sequence of str
        The districts without data, when there is no rank.
    warnings : str
        The warnings' sentence (:func:`yubei_lib.present.supervision.warning_message`), said
        where ``items`` ranks the warnings.
    months_to_commence, months_to_operate : int
        The lagging thresholds.

    Returns
    -------
    list of str
        In the order of ``items``: every missed target with how far, every figure or rank
        that fell, the lagging projects and warnings, what went well.

    Examples
    --------
    >>> from yubei_lib.figures.headline import news
    >>> key = pd.DataFrame({"value": [82.6e9, 0.23, 155 / 259], "target": [80e9, 0.2, 0.6],
    ...     "change": [29.7e9, -0.064, 0.004], "status": ["met", "met", "not_met"], "count": [67, None, None],
    ...     "attainment": [1.0325, None, None], "pace": [1.03, None, None], "projected": [82.6e9, None, None],
    ...     "realized": [None, 19e9, None]},
    ...     index=pd.Index(["signed_value", "conversion_rate", "operation_rate_2018_2020"], name="figure"))
    >>> ranks = pd.DataFrame({"value": [0.23, 155 / 259, 1.33], "rank": [8, 1, 1], "change": [-4, 0, 0],
    ...     "of": [22] * 3, "undefined": [False] * 3},
    ...     index=pd.Index(["conversion_rate", "operation_rate_2018_2020", "composite_score"], name="figure"))
    >>> cohorts = pd.DataFrame({"cohort": ["2018-2020"], "cohort_count": [259], "operating_count": [155]})
    >>> n = news(key, ranks, "2020Q4", 13, 13, cohorts=cohorts)
    >>> for line in key_messages(n, "Yubei", "2020Q4", "zh"):
    ...     print(line)
    2018-2020年签约项目投产率59.8%（259个项目中已投产155个），未达到60.0%的目标，差1个项目，较上季末提高0.4个百分点，排名居第1位，与上季度末持平。
    实际到位资金动态转化率23.0%（1-12月到位资金190亿元），较上季末下降6.4个百分点，排名比上季度末下降4位，居第8位，高于目标3个百分点（目标20.0%）。
    滞后项目13个（签约满12个月未开工或满36个月未投产），与上季末持平。
    1-12月，全区新签约项目67个，协议投资额826亿元，完成年度目标的103.2%，超额完成全年任务。
    渝北区三率综合排名居22个区县第1位，与上季度末持平。
    >>> key_messages(n, "Yubei", "2020Q4", "en")[1]
    'Conversion rate of realized capital 23.0% (CNY 19.0 bn realized Jan-Dec 2020), down 6.4 points since last quarter end; down 4 places to 8th; 3.0 points above the 20.0% target.'
    """
    labels.check_lang(lang)
    lines = []
    for _, item in items.iterrows():
        figure = str(item["figure"])
        if figure == "signed_value":
            lines.append(_signed_message(item, district, as_of, lang))
        elif figure == "composite_score":
            lines.append(_composite_message(item, district, lang, missing))
        elif figure == "lagging":
            lines.append(_lagging_message(item, lang, months_to_commence, months_to_operate))
        elif figure == "warnings":
            if warnings:
                lines.append(warnings)
        else:
            lines.append(_rate_message(item, as_of, lang))
    return lines
