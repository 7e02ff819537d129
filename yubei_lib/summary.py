"""The figures of the summary page: key figures against targets, ranks, key messages.

Pure functions over the frames :func:`yubei_lib.figures.district_figures` returns (one
row per district): the page module (:mod:`yubei_lib.pages`) computes those frames from
the ledger and shows what these functions word. Nothing here reads files or displays.

A status is one of ``"met"``, ``"not_met"``, ``"on_track"``, ``"behind"`` (the signed
value before the year is over), ``"undefined"`` (the figure cannot be computed) and
``"no_target"``; :data:`STATE` maps it to the colour of its tile.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from yubei_lib import labels
from yubei_lib.labels import t
from yubei_lib.periods import (
    cohort_key,
    cohort_label,
    parse_as_of,
    parse_cohorts,
    previous_quarter_end,
)
from yubei_lib.reference import resolve_district

STATE = {"met": "good", "on_track": "good", "not_met": "bad", "behind": "bad",
         "undefined": "neutral", "no_target": "neutral"}
"""The tile state (colour) of each status."""


def _nan(value: object) -> bool:
    return labels._undefined(value)


def _float(value: object) -> float:
    return math.nan if _nan(value) else float(value)  # type: ignore[arg-type]


def rate_figures(cohorts: object) -> list[str]:
    """Return the figures of the target tiles: signed value, conversion rate, two operation rates.

    Examples
    --------
    >>> rate_figures("2015-2017,2018-2020")
    ['signed_value', 'conversion_rate', 'operation_rate_2015_2017', 'operation_rate_2018_2020']
    """
    return (["signed_value", "conversion_rate"]
            + [f"operation_rate_{cohort_key(c)}" for c in parse_cohorts(cohorts)[:2]])


def district_targets(targets: pd.DataFrame, district: str, year: int, cohorts: object) -> dict[str, float]:
    """Return a district's targets of a year, keyed by figure name (NaN where none is set).

    Parameters
    ----------
    targets : pandas.DataFrame
        As :func:`yubei_lib.reference.load_targets` returns.
    district : str
        Any accepted name.
    year : int
    cohorts : str or sequence

    Returns
    -------
    dict
        ``signed_value`` (yuan), ``conversion_rate``, and ``operation_rate_<A>_<B>`` and
        ``commencement_rate_<A>_<B>`` for each cohort (fractions).

    Examples
    --------
    >>> t = pd.DataFrame({"district": ["Yubei", "Yubei", "Yubei"], "year": [2020] * 3,
    ...     "figure": ["contract_value", "conversion_rate", "operation_rate"],
    ...     "cohort": ["", "", "2015-2017"], "value": [80e9, 0.2, 0.9]})
    >>> district_targets(t, "渝北", 2020, "2015-2017")
    {'signed_value': 80000000000.0, 'conversion_rate': 0.2, 'commencement_rate_2015_2017': nan, 'operation_rate_2015_2017': 0.9}
    >>> district_targets(t, "Dazu", 2020, "2015-2017")["signed_value"]
    nan
    """
    own = resolve_district(district)
    rows = targets[(targets["district"].map(resolve_district) == own)
                   & (targets["year"].astype(int) == int(year))] if len(targets) else targets
    cohort = rows["cohort"].fillna("") if "cohort" in rows.columns else pd.Series("", index=rows.index)

    def pick(figure: str, span: str = "") -> float:
        hit = rows.loc[(rows["figure"] == figure) & (cohort == span), "value"]
        return float(hit.iloc[0]) if len(hit) else math.nan

    out = {"signed_value": pick("contract_value"), "conversion_rate": pick("conversion_rate")}
    for c in parse_cohorts(cohorts):
        out[f"commencement_rate_{cohort_key(c)}"] = pick("commencement_rate", cohort_label(c))
        out[f"operation_rate_{cohort_key(c)}"] = pick("operation_rate", cohort_label(c))
    return out


def target_status(value: object, target: object, pace: object = None, year_over: bool = False) -> str:
    """Return the status of a figure against its target.

    A rate meets its target when it is at or above it. The signed value (give its
    ``pace``) is ``"met"`` once the year's target is reached, else ``"on_track"`` when
    the pace is 1 or more and ``"behind"`` below; when the year is over (``year_over``)
    an unreached target is ``"not_met"``. Without a (positive, for the signed value)
    target the status is ``"no_target"``; with an undefined figure ``"undefined"``.

    Examples
    --------
    >>> target_status(0.93, 0.9), target_status(0.58, 0.6), target_status(None, 0.6)
    ('met', 'not_met', 'undefined')
    >>> target_status(40e9, 80e9, pace=1.01), target_status(40e9, 80e9, pace=0.8)
    ('on_track', 'behind')
    >>> target_status(82e9, 80e9, pace=1.03), target_status(78e9, 80e9, pace=0.98, year_over=True)
    ('met', 'not_met')
    >>> target_status(1e9, float("nan"), pace=float("nan")), target_status(1e9, 0.0, pace=float("nan"))
    ('no_target', 'no_target')
    """
    signed = pace is not None
    if _nan(target) or (signed and float(target) <= 0):  # type: ignore[arg-type]
        return "no_target"
    if _nan(value):
        return "undefined"
    if float(value) >= float(target):  # type: ignore[arg-type]
        return "met"
    if not signed or year_over:
        return "not_met"
    if _nan(pace):
        return "undefined"
    return "on_track" if float(pace) >= 1 else "behind"  # type: ignore[arg-type]


def _row(frame: pd.DataFrame, district: str) -> pd.Series:
    own = resolve_district(district)
    hit = frame.loc[frame["district"].map(resolve_district) == own]
    if len(hit) != 1:
        raise ValueError(f"the figures hold {len(hit)} row(s) of {own}, expected 1")
    return hit.iloc[0]


def key_figures(now: pd.DataFrame, previous: pd.DataFrame, district: str, as_of: object,
                cohorts: object, targets: dict[str, float],
                projected: float = math.nan) -> pd.DataFrame:
    """Compare a district's four target figures with their targets and with last quarter end.

    Parameters
    ----------
    now, previous : pandas.DataFrame
        :func:`yubei_lib.figures.district_figures` at ``as_of`` and at the end of the
        previous quarter (columns ``district``, ``signed_value_ytd``,
        ``signed_count_ytd``, ``realized_capital_ytd``, ``conversion_rate_ytd``,
        ``operation_rate_<A>_<B>``; ``target_attainment`` and ``pace`` for the signed value).
    district : str
    as_of : date-like or quarter label
    cohorts : str or sequence
        The operation rates of the first two are shown.
    targets : dict
        As :func:`district_targets` returns.
    projected : float, optional
        The projected year-end signed value.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``figure`` (:func:`rate_figures`): ``value``, ``target``,
        ``previous`` (the same figure at the end of the previous quarter; for the
        year-to-date signed value 0 when that was in an earlier year, since the year
        to date starts again on 1 January), ``change`` (value - previous), ``status``,
        and for the signed value ``count``, ``attainment``, ``pace``, ``projected``;
        ``realized`` for the conversion rate.

    Examples
    --------
    >>> now = pd.DataFrame({"district": ["Yubei"], "signed_value_ytd": [82e9], "signed_count_ytd": [120],
    ...     "realized_capital_ytd": [18e9], "conversion_rate_ytd": [0.22], "operation_rate_2015_2017": [0.93],
    ...     "target_attainment": [1.025], "pace": [1.025]})
    >>> before = now.assign(signed_value_ytd=[60e9], conversion_rate_ytd=[0.2], operation_rate_2015_2017=[0.9])
    >>> f = key_figures(now, before, "Yubei", "2020Q4", "2015-2017",
    ...                 {"signed_value": 80e9, "conversion_rate": 0.2, "operation_rate_2015_2017": 0.9})
    >>> f[["value", "target", "change", "status"]].round(3)
                                     value        target         change status
    figure
    signed_value              8.200000e+10  8.000000e+10  2.200000e+10    met
    conversion_rate           2.200000e-01  2.000000e-01  2.000000e-02    met
    operation_rate_2015_2017  9.300000e-01  9.000000e-01  3.000000e-02    met
    """
    end = parse_as_of(as_of)
    same_year = previous_quarter_end(end).year == end.year
    cur, prev = _row(now, district), _row(previous, district)
    year_over = end.month == 12 and end.day == 31
    rows = []
    signed_target = _float(targets.get("signed_value"))
    pace = _float(cur.get("pace")) if not _nan(signed_target) else math.nan
    rows.append({"figure": "signed_value", "value": _float(cur["signed_value_ytd"]),
                 "target": signed_target,
                 "previous": _float(prev["signed_value_ytd"]) if same_year else 0.0,
                 "count": _float(cur.get("signed_count_ytd")),
                 "attainment": _float(cur.get("target_attainment")) if not _nan(signed_target) else math.nan,
                 "pace": pace, "projected": _float(projected),
                 "status": target_status(cur["signed_value_ytd"], signed_target, pace=pace,
                                         year_over=year_over)})
    rows.append({"figure": "conversion_rate", "value": _float(cur["conversion_rate_ytd"]),
                 "target": _float(targets.get("conversion_rate")),
                 "previous": _float(prev["conversion_rate_ytd"]),
                 "realized": _float(cur.get("realized_capital_ytd"))})
    for figure in rate_figures(cohorts)[2:]:
        rows.append({"figure": figure, "value": _float(cur.get(figure)),
                     "target": _float(targets.get(figure)), "previous": _float(prev.get(figure))})
    out = pd.DataFrame(rows).set_index("figure")
    for column in ("count", "attainment", "pace", "projected", "realized"):
        if column not in out.columns:
            out[column] = math.nan
    out["change"] = out["value"] - out["previous"]
    rates = out.index != "signed_value"
    out.loc[rates, "status"] = [target_status(v, g) for v, g in zip(out.loc[rates, "value"],
                                                                    out.loc[rates, "target"])]
    return out[["value", "target", "previous", "change", "status", "count", "attainment",
                "pace", "projected", "realized"]]


def rank_figures(now: pd.DataFrame, previous: pd.DataFrame, district: str, cohorts: object) -> pd.DataFrame:
    """Return a district's rank on each of the three rates and on the composite, with the change.

    Parameters
    ----------
    now, previous : pandas.DataFrame
        :func:`yubei_lib.figures.district_figures` at ``as_of`` and at the end of the
        previous quarter (all districts: ``conversion_rate_ytd``, ``rank_conversion_rate``,
        ``operation_rate_<A>_<B>``, ``rank_operation_rate_<A>_<B>``, ``composite_score``,
        ``composite_rank``).
    district : str
    cohorts : str or sequence

    Returns
    -------
    pandas.DataFrame
        Indexed by ``figure`` (``conversion_rate``, the operation rates,
        ``composite_score``): ``value``, ``rank``, ``previous_rank``, ``change``
        (previous rank - rank: positive = moved up), ``of`` (districts ranked),
        ``undefined``.

    Examples
    --------
    >>> now = pd.DataFrame({"district": ["Yubei", "Dazu"], "conversion_rate_ytd": [0.2, None],
    ...     "rank_conversion_rate": [1, 2], "composite_score": [1.0, 2.0], "composite_rank": [1, 2]})
    >>> before = now.assign(rank_conversion_rate=[2, 1], composite_rank=[2, 1])
    >>> rank_figures(now, before, "Dazu", [])[["rank", "change", "undefined"]]
                     rank  change  undefined
    figure
    conversion_rate     2      -1       True
    composite_score     2      -1      False
    """
    cur, prev = _row(now, district), _row(previous, district)
    figures = ["conversion_rate"] + [f"operation_rate_{cohort_key(c)}"
                                     for c in (parse_cohorts(cohorts)[:2] if cohorts else [])]
    rows = []
    for figure in figures + ["composite_score"]:
        value_col = "conversion_rate_ytd" if figure == "conversion_rate" else figure
        rank_col = "composite_rank" if figure == "composite_score" else f"rank_{figure}"
        value = _float(cur[value_col])
        rank, before = int(cur[rank_col]), int(prev[rank_col])
        rows.append({"figure": figure, "value": value, "rank": rank, "previous_rank": before,
                     "change": before - rank, "of": len(now), "undefined": _nan(value)})
    return pd.DataFrame(rows).set_index("figure").astype(
        {"rank": np.int64, "previous_rank": np.int64, "change": np.int64, "of": np.int64})


# -- wording ---------------------------------------------------------------------------


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
    ('+CNY 20.1 bn since last quarter end', '较上季末 −1.2个百分点')
    >>> change_text("operation_rate_2018_2020", None, "en")
    'vs last quarter end: n/a'
    """
    if _nan(change):
        return t("change_na", lang)
    v = float(change)  # type: ignore[arg-type]
    if figure == "signed_value":
        return t("change_money", lang, change=sign(v) + labels.money(abs(v), lang))
    return t("change_points", lang, change=sign(round(v * 100, 1)) + f"{abs(v) * 100:.1f}")


def rank_change_text(change: int, lang: str) -> str:
    """Return a rank change since last quarter, worded.

    Examples
    --------
    >>> rank_change_text(2, "en"), rank_change_text(-4, "zh"), rank_change_text(0, "en")
    ('up 2 vs last quarter', '较上季度下降4位', 'unchanged vs last quarter')
    """
    if change > 0:
        return t("rank_up", lang, n=change)
    if change < 0:
        return t("rank_down", lang, n=-change)
    return t("rank_same", lang)


def _fmt(figure: str, value: object, lang: str) -> str:
    return labels.money(value, lang) if figure == "signed_value" else labels.percent(value, lang)


def _title(figure: str, lang: str) -> str:
    return t("signed_value_ytd", lang) if figure == "signed_value" else labels.figure_name(figure, lang)


def target_tiles(figures: pd.DataFrame, lang: str, year: int) -> list[dict[str, str]]:
    """Return the tiles of the target figures: value, target, status, change.

    Parameters
    ----------
    figures : pandas.DataFrame
        As :func:`key_figures` returns.
    lang : {"en", "zh"}
    year : int
        The year of the targets.

    Returns
    -------
    list of dict
        The items of :func:`yubei_lib.display.tiles`.

    Examples
    --------
    >>> f = pd.DataFrame({"value": [0.58], "target": [0.6], "change": [0.01], "status": ["not_met"],
    ...     "attainment": [np.nan], "pace": [np.nan]}, index=pd.Index(["operation_rate_2018_2020"], name="figure"))
    >>> target_tiles(f, "en", 2020)  # doctest: +NORMALIZE_WHITESPACE
    [{'title': 'Operation rate, 2018-2020', 'value': '58.0%', 'target': 'Target 60.0%',
      'status': 'Not met', 'state': 'bad', 'change': '+1.0 pts vs last quarter end'}]
    """
    items = []
    for figure, row in figures.iterrows():
        status = row["status"]
        if status == "no_target":
            target = t("no_target", lang, year=year)
        elif figure == "signed_value":
            target = t("tile_target_signed", lang, target=labels.money(row["target"], lang),
                       attainment=labels.percent(row["attainment"], lang),
                       pace=labels.number(row["pace"], lang, digits=2))
        else:
            target = t("target_line", lang, value=labels.percent(row["target"], lang))
        items.append({"title": _title(str(figure), lang), "value": _fmt(str(figure), row["value"], lang),
                      "target": target, "status": "" if status == "no_target" else t(status, lang),
                      "state": STATE[status], "change": change_text(str(figure), row["change"], lang)})
    return items


def rank_tiles(ranks: pd.DataFrame, lagging: int, lagging_before: int, lang: str,
               months_to_commence: int = 12, months_to_operate: int = 36) -> list[dict[str, str]]:
    """Return the tiles of the district's ranks and of its lagging projects.

    Examples
    --------
    >>> r = pd.DataFrame({"value": [2.5], "rank": [1], "change": [0], "of": [22], "undefined": [False]},
    ...                  index=pd.Index(["composite_score"], name="figure"))
    >>> [tile["value"] for tile in rank_tiles(r, 7, 9, "zh")]
    ['第1名（共22个）', '7']
    """
    items = []
    for figure, row in ranks.iterrows():
        figure = str(figure)
        shown = (labels.number(row["value"], lang, digits=2) if figure == "composite_score"
                 else labels.percent(row["value"], lang))
        items.append({"title": t("rank_on", lang, figure=labels.figure_name(figure, lang)),
                      "value": (labels.undefined(lang) if row["undefined"]
                                else t("rank_of", lang, rank=int(row["rank"]), n=int(row["of"]))),
                      "target": t("value_is", lang, value=shown),
                      "status": t("ranked_last_undefined", lang) if row["undefined"] else "",
                      "state": "good" if row["change"] > 0 else ("bad" if row["change"] < 0 else "neutral"),
                      "change": rank_change_text(int(row["change"]), lang)})
    more = lagging - lagging_before
    items.append({"title": t("lagging_projects", lang), "value": labels.number(lagging, lang),
                  "target": t("lagging_rule", lang, c=months_to_commence, o=months_to_operate),
                  "status": "",
                  "state": "bad" if more > 0 else ("good" if more < 0 else "neutral"),
                  "change": t("change_count", lang, change=sign(more) + str(abs(more)))})
    return items


def _signed_phrase(status: str, lang: str, pace: object) -> str:
    key = {"met": "say_target_met", "not_met": "say_target_not_met"}.get(status, f"say_{status}")
    return t(key, lang, pace=labels.number(pace, lang, digits=2))


def key_messages(figures: pd.DataFrame, ranks: pd.DataFrame, lagging: int, district: str,
                 year: int, lang: str) -> list[str]:
    """Write the key messages of the summary page from its figures.

    Parameters
    ----------
    figures : pandas.DataFrame
        As :func:`key_figures` returns.
    ranks : pandas.DataFrame
        As :func:`rank_figures` returns.
    lagging : int
        The district's lagging projects.
    district : str
    year : int
    lang : {"en", "zh"}

    Returns
    -------
    list of str
        Four sentences: signed value against target, conversion rate, operation rates,
        composite rank and lagging projects.

    Examples
    --------
    >>> f = pd.DataFrame({"value": [82.6e9, 0.23], "target": [80e9, 0.2], "status": ["met", "met"],
    ...     "count": [130, np.nan], "attainment": [1.033, np.nan], "pace": [1.033, np.nan],
    ...     "projected": [82.6e9, np.nan], "realized": [np.nan, 19e9]},
    ...     index=pd.Index(["signed_value", "conversion_rate"], name="figure"))
    >>> r = pd.DataFrame({"rank": [1], "change": [0], "of": [22]}, index=pd.Index(["composite_score"]))
    >>> for line in key_messages(f, r, 12, "Yubei", 2020, "en"):
    ...     print(line)
    Signed CNY 82.6 bn year to date (130 projects), 103.3% of the CNY 80.0 bn target for 2020: target met.
    Conversion rate of realized capital 23.0% (CNY 19.0 bn realized year to date) against the 20.0% target: met.
    Yubei ranks 1 of 22 on the composite of the three rates, unchanged vs last quarter; 12 projects are lagging.
    """
    lines = []
    s = figures.loc["signed_value"]
    count = labels.number(s["count"], lang)
    if s["status"] == "no_target":
        lines.append(t("msg_signed_no_target", lang, value=labels.money(s["value"], lang), count=count,
                       year=year, projected=labels.money(s["projected"], lang)))
    else:
        projection = ""
        if s["status"] in ("on_track", "behind") and not _nan(s["projected"]):
            projection = t("msg_projected", lang, projected=labels.money(s["projected"], lang))
        lines.append(t("msg_signed", lang, value=labels.money(s["value"], lang), count=count,
                       attainment=labels.percent(s["attainment"], lang),
                       target=labels.money(s["target"], lang), year=year,
                       status=_signed_phrase(s["status"], lang, s["pace"]), projection=projection))
    c = figures.loc["conversion_rate"]
    realized = labels.money(c["realized"], lang)
    if _nan(c["value"]):
        lines.append(t("msg_conversion_undefined", lang, capital=realized))
    elif c["status"] == "no_target":
        lines.append(t("msg_conversion_no_target", lang, value=labels.percent(c["value"], lang),
                       capital=realized))
    else:
        lines.append(t("msg_conversion", lang, value=labels.percent(c["value"], lang), capital=realized,
                       target=labels.percent(c["target"], lang), status=t(f"say_{c['status']}", lang)))
    clauses = []
    for figure, row in figures.iloc[2:].iterrows():
        span = str(figure).removeprefix("operation_rate_").replace("_", "-")
        if _nan(row["value"]):
            clauses.append(t("clause_operation_undefined", lang, cohort=span))
        elif row["status"] == "no_target":
            clauses.append(t("clause_operation_no_target", lang, cohort=span,
                             value=labels.percent(row["value"], lang)))
        else:
            clauses.append(t("clause_operation", lang, cohort=span, value=labels.percent(row["value"], lang),
                             target=labels.percent(row["target"], lang),
                             status=t(f"say_{row['status']}", lang)))
    if clauses:
        lines.append(t("msg_operation", lang, clauses=("; " if lang == "en" else "；").join(clauses)))
    r = ranks.loc["composite_score"]
    lines.append(t("msg_rank", lang, district=labels.name("district", district, lang), rank=int(r["rank"]),
                   n=int(r["of"]), change=rank_change_text(int(r["change"]), lang),
                   lagging=labels.number(lagging, lang)))
    return lines
