"""The summary page's figures in words: tiles, changes since last quarter end (key messages: :mod:`yubei_lib.present.news`).

Pure functions from the frames of :mod:`yubei_lib.figures.headline` to text in English or
Chinese (:mod:`yubei_lib.present.words`). :data:`STATE` gives the tile state of a status.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from yubei_lib.figures.frames import is_undefined
from yubei_lib.figures.yoy import YOY_FLOWS
from yubei_lib.present import labels
from yubei_lib.present.amounts import money_column
from yubei_lib.present.labels import t
from yubei_lib.present.yoy import with_yoy

STATE = {"met": "good", "on_track": "good", "not_met": "bad", "behind": "bad",
         "undefined": "neutral", "no_target": "neutral"}
"""The tile state (colour) of each status."""


def sign(value: float) -> str:
    """Return the sign written before a change: ``+``, ``−`` (minus sign) or ``±`` for none.

    Examples
    --------
    >>> sign(2), sign(-0.5), sign(0)
    ('+', '−', '±')
    """
    return "+" if value > 0 else ("−" if value < 0 else "±")


def change_text(figure: str, change: object, lang: str) -> str:
    """Return the change of a figure since last quarter end, worded.

    Money changes in money, rates in percentage points.

    Examples
    --------
    >>> change_text("signed_value", 20.1e9, "en"), change_text("conversion_rate", -0.012, "zh")
    ('+CNY 20.1 bn since last quarter end', '较上季末下降1.2个百分点')
    >>> change_text("signed_value", 29.7e9, "zh"), change_text("operation_rate_2015_2017", 0.0001, "zh")
    ('较上季末增加297亿元', '与上季末持平')
    >>> change_text("operation_rate_2018_2020", None, "en")
    'vs last quarter end: n/a'
    """
    if is_undefined(change):
        return t("change_na", lang)
    v = float(change)  # type: ignore[arg-type]  # a number once is_undefined() is False
    if figure == "signed_value":
        if lang == "zh":
            key = "change_money_up" if v > 0 else ("change_money_down" if v < 0 else "change_same")
            return t(key, lang, change=labels.money(abs(v), lang))
        return t("change_money", lang, change=sign(v) + labels.money(abs(v), lang))
    points = round(v * 100, 1)
    if lang == "zh":
        key = "change_points_up" if points > 0 else ("change_points_down" if points < 0 else "change_same")
        return t(key, lang, change=f"{abs(points):.1f}")
    return t("change_points", lang, change=sign(points) + f"{abs(v) * 100:.1f}")


def count_change_text(change: int, lang: str) -> str:
    """Return a change of a count since last quarter end, worded.

    Examples
    --------
    >>> count_change_text(4, "en"), count_change_text(-2, "zh"), count_change_text(0, "zh")
    ('+4 vs last quarter end', '较上季末减少2个', '与上季末持平')
    """
    if lang == "zh":
        key = "change_count_up" if change > 0 else ("change_count_down" if change < 0 else "change_same")
        return t(key, lang, change=abs(change))
    return t("change_count", lang, change=sign(change) + str(abs(change)))


def rank_change_text(change: object, lang: str) -> str:
    """Return a rank change since last quarter, worded (``<NA>``: last quarter had no rank).

    Examples
    --------
    >>> rank_change_text(2, "en"), rank_change_text(-4, "zh"), rank_change_text(0, "en")
    ('up 2 vs last quarter', '较上季度下降4位', 'unchanged vs last quarter')
    >>> rank_change_text(pd.NA, "en")
    'vs last quarter: n/a'
    """
    if is_undefined(change):
        return t("rank_change_na", lang)
    n = int(change)  # type: ignore[call-overload]  # a whole number once is_undefined() is False
    if n > 0:
        return t("rank_up", lang, n=n)
    if n < 0:
        return t("rank_down", lang, n=-n)
    return t("rank_same", lang)


def _fmt(figure: str, value: object, lang: str) -> str:
    return labels.money(value, lang) if figure == "signed_value" else labels.percent(value, lang)


def _title(figure: str, lang: str) -> str:
    return t("signed_value_ytd", lang) if figure == "signed_value" else labels.figure_name(figure, lang)


def target_tiles(figures: pd.DataFrame, lang: str, year: int) -> list[dict[str, str]]:
    """Return the tiles of the target figures: value, target, status, change.

    The signed value's target line gives its pace while the year runs (``pace`` defined; none
    once the year is over, where :func:`yubei_lib.figures.headline.key_figures` leaves it
    undefined), and its change since last quarter end is followed by its change on the same
    period last year (figure 20), where ``figures`` gives ``prev_year``.

    Parameters
    ----------
    figures : pandas.DataFrame
        As :func:`yubei_lib.figures.headline.key_figures` returns.
    lang : {"en", "zh"}
    year : int
        The year of the targets.

    Returns
    -------
    list of dict
        The items of :func:`yubei_lib.present.display.tiles`.

    Examples
    --------
    >>> f = pd.DataFrame({"value": [0.58], "target": [0.6], "change": [0.01], "status": ["not_met"],
    ...     "attainment": [np.nan], "pace": [np.nan]}, index=pd.Index(["operation_rate_2018_2020"], name="figure"))
    >>> target_tiles(f, "en", 2020)  # doctest: +NORMALIZE_WHITESPACE
    [{'title': 'Operation rate, 2018-2020', 'value': '58.0%', 'target': 'Target 60.0%',
      'status': 'Not met', 'state': 'bad', 'change': '+1.0 pts vs last quarter end'}]
    >>> f = pd.DataFrame({"value": [82.6e9], "target": [80e9], "change": [20.1e9], "status": ["met"],
    ...     "attainment": [1.0325], "pace": [1.0325], "prev_year": [141.6e9]}, index=pd.Index(["signed_value"], name="figure"))
    >>> target_tiles(f, "zh", 2020)[0]["change"]
    '较上季末增加201亿元；同比下降41.7%'
    >>> target_tiles(f, "zh", 2020)[0]["target"], target_tiles(f.assign(pace=np.nan), "en", 2020)[0]["target"]
    ('目标800亿元，已完成103.2%，序时进度比1.03', 'Target CNY 80.0 bn: 103.2% reached')
    """
    items = []
    for figure, row in figures.iterrows():
        status = row["status"]
        if status == "no_target":
            target = t("no_target", lang, year=year)
        elif figure == "signed_value":  # the pace while the year runs (none once it is over)
            pace = row.get("pace")
            target = t("tile_target_signed" if not is_undefined(pace) else "tile_target_signed_done", lang,
                       target=labels.money(row["target"], lang), attainment=labels.percent(row["attainment"], lang),
                       pace=labels.number(pace, lang, digits=2))
        else:
            target = t("target_line", lang, value=labels.percent(row["target"], lang))
        change = change_text(str(figure), row["change"], lang)
        if figure == "signed_value":  # and against the same period last year (同比)
            change = with_yoy(change, row["value"], row.get("prev_year"), lang)
        items.append({"title": _title(str(figure), lang), "value": _fmt(str(figure), row["value"], lang),
                      "target": target, "status": "" if status == "no_target" else t(status, lang),
                      "state": STATE[status], "change": change})
    return items


def missing_text(missing: list[str], lang: str, limit: int | None = 6) -> str:
    """Return why there is no rank: which districts lack data (the first ``limit``), and what supplies them.

    Examples
    --------
    >>> missing_text(["Dazu", "Banan"], "en")
    "No rank: 2 of the 22 districts have no data in the ledger (Dazu, Banan); a rank needs the city's published ranking table"
    >>> missing_text(["Dazu", "Banan"], "zh", limit=1)
    '无法排名：22个区县中有2个在台账中没有数据（大足区等，另有1个），排名需市级通报的排名表'
    """
    names = [labels.name("district", d, lang) for d in missing]
    cut = len(names) if limit is None else limit
    shown = ("、" if lang == "zh" else ", ").join(names[:cut]) + (
        "" if len(names) <= cut else t("and_more", lang, n=len(names) - cut))
    return t("no_rank_why", lang, n=len(names), names=shown)


def rank_tiles(ranks: pd.DataFrame, lagging: int, lagging_before: int, lang: str,
               months_to_commence: int = 12, months_to_operate: int = 36,
               missing: Sequence[str] = ()) -> list[dict[str, str]]:
    """Return the tiles of the district's ranks and of its lagging projects.

    A figure without a rank (``<NA>``: a district lacks data) shows "No rank", never a
    number of 22 (why: the key messages say it, once a page).

    Examples
    --------
    >>> r = pd.DataFrame({"value": [2.5], "rank": pd.array([1], dtype="Int64"), "change": pd.array([0], dtype="Int64"),
    ...                   "of": [22], "undefined": [False]}, index=pd.Index(["composite_score"], name="figure"))
    >>> [tile["value"] for tile in rank_tiles(r, 7, 9, "zh")]
    ['第1名（共22个）', '7']
    >>> [tile["value"] for tile in rank_tiles(r.assign(rank=pd.array([pd.NA], dtype="Int64")), 7, 9, "en", missing=["Dazu"])]
    ['No rank', '7']
    """
    items = []
    for figure, row in ranks.iterrows():
        figure = str(figure)
        shown = (labels.number(row["value"], lang, digits=2) if figure == "composite_score"
                 else labels.percent(row["value"], lang))
        ranked = not is_undefined(row["rank"])
        change = row["change"] if ranked else pd.NA
        if not ranked:
            value, status = t("no_rank", lang), ""  # why: the key messages say it, once
        elif row["undefined"]:
            value, status = labels.undefined(lang), t("ranked_last_undefined", lang)
        else:
            value, status = t("rank_of", lang, rank=int(row["rank"]), n=int(row["of"])), ""
        title = t("composite_rank", lang) if figure == "composite_score" else t(
            "rank_on", lang, figure=labels.figure_name(figure, lang))
        items.append({"title": title, "value": value,
                      "target": t("value_is", lang, value=shown), "status": status,
                      "state": "neutral",  # a tile's colour says met or not met; a rank has no target
                      "change": rank_change_text(change, lang) if ranked else ""})
    more = lagging - lagging_before
    items.append({"title": t("lagging_projects", lang), "value": labels.number(lagging, lang),
                  "target": t("lagging_rule", lang, c=months_to_commence, o=months_to_operate),
                  "status": "", "state": "neutral", "change": count_change_text(more, lang)})
    return items


def key_name(key: str, lang: str) -> str:
    """Return the name of a key of the figures object (``yubei metrics``) in a language.

    Examples
    --------
    >>> key_name("signed_value_ytd", "en"), key_name("rank_operation_rate_2015_2017", "zh")
    ('Signed value, year to date', '排名：投产率（2015-2017年签约）')
    >>> key_name("signed_value_ytd_prev_year", "zh"), key_name("signed_count_ytd_yoy", "zh")
    ('年初至今签约金额（上年同期）', '年初至今签约项目数同比增速')
    >>> key_name("realized_capital_ytd_yoy", "en")
    'Realized capital, change on the same period last year'
    """
    plain = {"conversion_rate_ytd": "conversion_rate", "composite_score": "composite", "lagging_count": "lagging_projects",
             "target_attainment": "attainment", "realized_capital_ytd": "realized_capital"}.get(key, key)
    if key.startswith("rank_"):
        return t("rank_on", lang, figure=key_name(key.removeprefix("rank_"), lang))
    flow, part = _yoy_part(key)
    if part:  # figure 20: a flow of the same period last year, or the change on it
        return t(f"key_{part}", lang, figure=key_name(flow, lang))
    try:
        return labels.figure_name(plain, lang)
    except KeyError:
        return key


def _yoy_part(key: str) -> tuple[str, str]:
    """Split a key of figure 20 into its flow and ``prev_year`` or ``yoy``; another key gives ``(key, "")``."""
    for part in ("prev_year", "yoy"):
        flow = key.removesuffix(f"_{part}")
        if flow != key and flow in YOY_FLOWS:
            return flow, part
    return key, ""


def is_money(key: str) -> bool:
    """Tell whether a key of the figures object is an amount of money (in yuan), last year's included.

    Examples
    --------
    >>> is_money("signed_value_ytd"), is_money("signed_value_ytd_prev_year"), is_money("signed_value_ytd_yoy")
    (True, True, False)
    """
    flow, part = _yoy_part(key)
    return part != "yoy" and flow.endswith(("value_ytd", "capital_ytd", "investment_ytd"))


def key_value(key: str, value: object, lang: str, extra: int = 0) -> str:
    """Return a value of the figures object as a page shows it: money, a rate, a count or a score.

    Examples
    --------
    >>> key_value("signed_value_ytd", 55.9e9, "en"), key_value("conversion_rate_ytd", 0.2351, "zh")
    ('CNY 55.9 bn', '23.5%')
    >>> key_value("composite_rank", 3, "en"), key_value("pace", None, "zh")
    ('3', '无')
    >>> key_value("capital_in_place_rate_2018_2020", 0.20219, "en", extra=2)
    '20.219%'
    >>> key_value("signed_value_ytd_yoy", -0.4767, "zh"), key_value("signed_count_ytd_prev_year", 99, "zh")
    ('-47.7%', '99')
    """
    if is_undefined(value):
        return labels.undefined(lang)
    if is_money(key):
        return labels.money(value, lang)
    flow, part = _yoy_part(key)
    if part:  # last year's flow as the flow is written; the change on it in per cent
        return labels.percent(value, lang, digits=1 + extra) if part == "yoy" else key_value(flow, value, lang, extra)
    if "rate" in key and not key.startswith("rank_") or key in ("target_attainment", "visit_to_signing_share"):
        return labels.percent(value, lang, digits=1 + extra)
    if key in ("composite_score", "pace"):
        return labels.number(value, lang, digits=2 + extra)
    return labels.number(value, lang, digits=extra if isinstance(value, float) and not float(value).is_integer() else 0)


def key_column(keys: Sequence[str], values: Sequence[object], lang: str) -> list[str]:
    """Return a table column of the figures object's values, one key a row, as the pages write it.

    Its amounts of money share one unit and one number of decimals
    (:func:`yubei_lib.present.amounts.money_column`); the other values are written by
    :func:`key_value`.

    Examples
    --------
    >>> key_column(["signed_value_ytd", "signed_count_ytd", "realized_capital_ytd"], [82.6e9, 67, 19e9], "zh")
    ['826亿元', '67', '190亿元']
    >>> key_column(["signed_value_ytd", "realized_capital_ytd", "conversion_rate_ytd"], [141.6e9, 48.14e9, 0.34], "zh")
    ['1416.0亿元', '481.4亿元', '34.0%']
    >>> key_column(["realized_capital_ytd", "new_projects_investment_ytd"], [19e9, 0.35e9], "en")
    ['CNY 19.00 bn', 'CNY 0.35 bn']
    """
    money = money_column([v for k, v in zip(keys, values) if is_money(k)], lang)
    return [money(v) if is_money(k) else key_value(k, v, lang) for k, v in zip(keys, values)]


def revised_since(since: str, lang: str) -> str:
    """Head a revision: since when (the time the previous report was built).

    Examples
    --------
    >>> revised_since("2021-01-05 06:00:12 UTC", "en"), revised_since("2021-01-05 06:00:12 UTC", "zh")
    ('Revised since the report of 2021-01-05', '自2021年1月5日报告以来已修订')
    """
    return t("revised_since", lang, date=labels.date(since[:10], lang) if since[:10] else "?")


def revision_lines(figures: list[dict], lang: str) -> list[str]:
    """Word each revised figure: its name, its old and its new value.

    Examples
    --------
    >>> revision_lines([{"figure": "signed_value_ytd", "old": 55.2e9, "new": 55.9e9}], "en")
    ['Signed value, year to date: CNY 55.2 bn → CNY 55.9 bn']
    >>> revision_lines([{"figure": "conversion_rate_ytd", "old": 0.2021, "new": 0.2024}], "zh")
    ['实际到位资金动态转化率：20.21% → 20.24%']
    >>> revision_lines([{"figure": "signed_value_ytd", "old": 52.9e9, "new": 53.83e9}], "zh")  # one unit and decimals
    ['年初至今签约金额：529.0亿元 → 538.3亿元']
    """
    lines = []
    for r in figures:
        before, after = key_column([r["figure"]] * 2, [r["old"], r["new"]], lang)
        money = is_money(r["figure"])
        for extra in range(1, 5):  # a change below the precision shown: the fewest more digits that show it
            if before != after or money:
                break
            before, after = (key_value(r["figure"], r["old"], lang, extra=extra),
                             key_value(r["figure"], r["new"], lang, extra=extra))
        if before == after and money:  # in yuan
            before, after = (labels.number(r["old"], lang) + t("yuan_unit", lang),
                             labels.number(r["new"], lang) + t("yuan_unit", lang))
        lines.append(f"{key_name(r['figure'], lang)}{'：' if lang == 'zh' else ': '}{before} → {after}")
    return lines
