"""The headline figures of a district: its target figures and its ranks, against last quarter end.

Pure functions over the frames :func:`yubei_lib.figures.machine.district_figures`
returns (one row per district), at ``as_of`` and at the end of the previous quarter.
The summary page (:mod:`yubei_lib.pages.summary`) shows them, worded by
:mod:`yubei_lib.present.wording`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from yubei_lib.figures import frames as f
from yubei_lib.figures.rankings import three_rate_figures
from yubei_lib.figures.targets import target_status
from yubei_lib.ledger.periods import parse_as_of, previous_quarter_end
from yubei_lib.ledger.reference import resolve_district


def _float(value: object) -> float:
    return math.nan if f.is_undefined(value) else float(value)  # type: ignore[arg-type]  # a number once is_undefined() is False


def target_figures(cohorts: object) -> list[str]:
    """Return the figures of the target tiles: the signed value and the three rates.

    Examples
    --------
    >>> target_figures("2015-2017,2018-2020")
    ['signed_value', 'conversion_rate', 'operation_rate_2015_2017', 'operation_rate_2018_2020']
    """
    return ["signed_value"] + three_rate_figures(cohorts)


def _row(frame: pd.DataFrame, district: str) -> pd.Series:
    own = resolve_district(district)
    hit = frame.loc[frame["district"].map(resolve_district) == own]
    if len(hit) != 1:
        raise ValueError(f"the figures hold {len(hit)} row(s) of {own}, expected 1")
    return hit.iloc[0]


def year_over(as_of: object) -> bool:
    """Tell whether the year of ``as_of`` is over: ``as_of`` is its last day (Q4 at its end).

    Examples
    --------
    >>> year_over("2020Q4"), year_over("2020-12-30"), year_over("2019Q3")
    (True, False, False)
    """
    end = parse_as_of(as_of)
    return bool(end.month == 12 and end.day == 31)


def key_figures(now: pd.DataFrame, previous: pd.DataFrame, district: str, as_of: object,
                cohorts: object, targets: dict[str, float],
                projected: float = math.nan) -> pd.DataFrame:
    """Compare a district's four target figures with their targets and with last quarter end.

    Parameters
    ----------
    now, previous : pandas.DataFrame
        :func:`yubei_lib.figures.machine.district_figures` at ``as_of`` and at the end of the
        previous quarter (columns ``district``, ``signed_value_ytd``,
        ``signed_count_ytd``, ``realized_capital_ytd``, ``conversion_rate_ytd``,
        ``operation_rate_<A>_<B>``; ``target_attainment`` and ``pace`` for the signed value).
    district : str
    as_of : date-like or quarter label
    cohorts : str or sequence
        The operation rates of the first two are shown.
    targets : dict
        As :func:`yubei_lib.figures.targets.district_targets` returns.
    projected : float, optional
        The projected year-end signed value.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``figure`` (:func:`target_figures`): ``value``, ``target``,
        ``previous`` (the same figure at the end of the previous quarter; for the
        year-to-date signed value 0 when that was in an earlier year, since the year
        to date starts again on 1 January), ``change`` (value - previous), ``status``,
        and for the signed value ``count``, ``attainment``, ``pace`` and ``projected`` (both
        undefined once the year is over, :func:`year_over`: the status then says met or not) and
        ``prev_year`` (as of the same day last year, figure 20; undefined where the figures
        lack ``signed_value_ytd_prev_year``); ``realized`` for the conversion rate.

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
    over = year_over(end)
    rows = []
    signed_target = _float(targets.get("signed_value"))
    pace = _float(cur.get("pace")) if not f.is_undefined(signed_target) else math.nan
    rows.append({"figure": "signed_value", "value": _float(cur["signed_value_ytd"]),
                 "target": signed_target,
                 "previous": _float(prev["signed_value_ytd"]) if same_year else 0.0,
                 "count": _float(cur.get("signed_count_ytd")),
                 "attainment": _float(cur.get("target_attainment")) if not f.is_undefined(signed_target) else math.nan,
                 "pace": math.nan if over else pace, "projected": math.nan if over else _float(projected),
                 "prev_year": _float(cur.get("signed_value_ytd_prev_year")),
                 "status": target_status(cur["signed_value_ytd"], signed_target, pace=pace, year_over=over)})
    rows.append({"figure": "conversion_rate", "value": _float(cur["conversion_rate_ytd"]),
                 "target": _float(targets.get("conversion_rate")),
                 "previous": _float(prev["conversion_rate_ytd"]),
                 "realized": _float(cur.get("realized_capital_ytd"))})
    for figure in target_figures(cohorts)[2:]:
        rows.append({"figure": figure, "value": _float(cur.get(figure)),
                     "target": _float(targets.get(figure)), "previous": _float(prev.get(figure))})
    out = pd.DataFrame(rows).set_index("figure")
    for column in ("count", "attainment", "pace", "projected", "realized", "prev_year"):
        if column not in out.columns:
            out[column] = math.nan
    out["change"] = out["value"] - out["previous"]
    rates = out.index != "signed_value"
    out.loc[rates, "status"] = [target_status(v, g) for v, g in zip(out.loc[rates, "value"],
                                                                    out.loc[rates, "target"])]
    return out[["value", "target", "previous", "change", "status", "count", "attainment",
                "pace", "projected", "realized", "prev_year"]]


def rank_figures(rankings: pd.DataFrame, district: str, cohorts: str | Sequence[object]) -> pd.DataFrame:
    """Return a district's rank on each of the three rates and on the composite, with the change.

    Parameters
    ----------
    rankings : pandas.DataFrame
        :func:`yubei_lib.figures.rankings.district_rankings` with ``previous`` (all 22
        districts: the rates, ``shown_rank_<figure>``, ``shown_composite_rank``,
        ``change_…``, ``composite_score``).
    district : str
    cohorts : str or sequence

    Returns
    -------
    pandas.DataFrame
        Indexed by ``figure`` (``conversion_rate``, the operation rates,
        ``composite_score``): ``value``, ``rank`` (the published rank where the city's
        table gives one, else the computed one; ``<NA>`` when no rank can be had),
        ``change`` (last quarter's rank - this one: positive = moved up; ``<NA>`` when
        either is missing), ``of`` (districts ranked), ``undefined`` (the figure is undefined).

    Examples
    --------
    >>> r = pd.DataFrame({"district": ["Yubei", "Dazu"], "conversion_rate": [0.2, None],
    ...     "shown_rank_conversion_rate": pd.array([1, 2], dtype="Int64"), "composite_score": [1.0, 2.0],
    ...     "shown_composite_rank": pd.array([1, 2], dtype="Int64"),
    ...     "change_rank_conversion_rate": pd.array([-1, 1], dtype="Int64"),
    ...     "change_composite_rank": pd.array([pd.NA, pd.NA], dtype="Int64")})
    >>> rank_figures(r, "Dazu", [])[["rank", "change", "undefined"]]
                     rank  change  undefined
    figure
    conversion_rate     2       1       True
    composite_score     2    <NA>      False
    """
    row = _row(rankings, district)
    figures = three_rate_figures(cohorts) if len(cohorts) else ["conversion_rate"]
    rows = []
    for figure in figures + ["composite_score"]:
        column = "composite_rank" if figure == "composite_score" else f"rank_{figure}"
        value = _float(row[figure])
        rows.append({"figure": figure, "value": value, "rank": row.get(f"shown_{column}", pd.NA),
                     "change": row.get(f"change_{column}", pd.NA), "of": len(rankings),
                     "undefined": f.is_undefined(value) and figure != "composite_score"})
    return pd.DataFrame(rows).set_index("figure").astype({"rank": "Int64", "change": "Int64", "of": np.int64})


GROUPS = ("missed", "worse", "watch", "good", "other")
"""The groups of the news, in the order a leader reads them: missed targets, figures that moved
the wrong way since last quarter end, lagging projects and warnings, what went well, the rest."""

_MISSED = ("not_met", "behind")
_WELL = ("met", "on_track")
_WARNINGS = ("red", "yellow", "newly_red", "cleared", "still_red")


def projects_short(value: object, target: object, cohort_count: object, operating_count: object) -> object:
    """Return how many more projects in operation a cohort needs to reach its target, ``<NA>`` if unknown.

    Only when the rate is the count's (``operating_count / cohort_count``) and below its target.

    Examples
    --------
    >>> projects_short(155 / 259, 0.6, 259, 155), projects_short(0.5, 0.5, 10, 5)
    (1, 0)
    >>> projects_short(0.59, 0.6, float("nan"), 5)
    <NA>
    """
    if any(f.is_undefined(x) for x in (value, target, cohort_count, operating_count)):
        return pd.NA
    n, done = int(cohort_count), int(operating_count)  # type: ignore[call-overload]  # numbers once is_undefined() is False
    if n <= 0 or abs(done / n - float(value)) > 1e-9:  # type: ignore[arg-type]  # a number once is_undefined() is False
        return pd.NA
    needed = math.ceil(round(float(target) * n, 9))  # type: ignore[arg-type]  # a number once is_undefined() is False
    return max(needed - done, 0)


def _group(status: object, fell: bool, down: bool) -> str:
    if status in _MISSED:
        return "missed"
    if fell or down:
        return "worse"
    return "good" if status in _WELL else "other"


def _rank_part(ranks: pd.DataFrame, figure: str) -> dict:
    if figure not in ranks.index:
        return {"rank": pd.NA, "rank_before": pd.NA, "rank_change": pd.NA, "of": pd.NA}
    r = ranks.loc[figure]
    rank = pd.NA if f.is_undefined(r["rank"]) or bool(r.get("undefined", False)) else int(r["rank"])
    change = pd.NA if f.is_undefined(rank) or f.is_undefined(r["change"]) else int(r["change"])
    before = pd.NA if f.is_undefined(change) else rank + change
    return {"rank": rank, "rank_before": before, "rank_change": change, "of": int(r["of"])}


def _counts(cohorts: pd.DataFrame | None, figure: str) -> tuple[object, object]:
    if cohorts is None or not figure.startswith("operation_rate_"):
        return math.nan, math.nan
    span = figure.removeprefix("operation_rate_").replace("_", "-")
    hit = cohorts.loc[cohorts["cohort"].astype(str) == span]
    if len(hit) != 1:
        return math.nan, math.nan
    return int(hit["cohort_count"].iloc[0]), int(hit["operating_count"].iloc[0])


def news(key: pd.DataFrame, ranks: pd.DataFrame, as_of: object, lagging: int = 0, lagging_before: int = 0,
         warnings: dict[str, int] | None = None, cohorts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rank the news of a district's headline figures: what a leader must act on first.

    Every target missed (the signed value behind the pace of the year, or short of the
    target once the year is over; a rate below its target) comes first, then every figure
    or rank that moved the wrong way since last quarter end, then the lagging projects and
    the warnings, then what went well, then the rest (figures without a target, a rank
    that cannot be had). Each item carries the numbers that say how far. Once the year is
    over (:func:`year_over`) there is no pace and no projection.

    Parameters
    ----------
    key : pandas.DataFrame
        :func:`key_figures`.
    ranks : pandas.DataFrame
        :func:`rank_figures`.
    as_of : date-like or quarter label
    lagging, lagging_before : int
        The district's lagging projects at ``as_of`` and at the end of the previous quarter.
    warnings : dict, optional
        The warnings' totals (``red``, ``yellow``, ``newly_red``, ``cleared``, ``still_red``:
        :class:`yubei_lib.figures.supervision.Supervision` ``.totals``); none: no item.
    cohorts : pandas.DataFrame, optional
        :func:`yubei_lib.figures.cohorts.cohort_figures` of the district (``cohort``,
        ``cohort_count``, ``operating_count``): a missed operation rate is then also said
        in projects.

    Returns
    -------
    pandas.DataFrame
        One row an item, in the order to say them: ``figure`` (a figure of ``key``,
        ``composite_score``, ``lagging`` or ``warnings``), ``group`` (:data:`GROUPS`), the
        columns of ``key`` (``pace`` and ``projected`` undefined once the year is over; ``prev_year``, the
        signed value of the same period last year, for the 同比 of the message),
        ``short`` (target - value where a target is missed, else ``value - target`` is
        ``-short``), ``fell`` (the figure fell since last quarter end), ``rank``,
        ``rank_before``, ``rank_change`` (before - now: negative = down), ``of``,
        ``cohort_count``, ``operating_count``, ``projects_short``, ``lagging``,
        ``lagging_before``, ``year_over``, and the warnings' totals.

    Examples
    --------
    >>> key = pd.DataFrame({"value": [82.6e9, 0.23, 155 / 259], "target": [80e9, 0.2, 0.6],
    ...     "change": [29.7e9, -0.064, 0.004], "status": ["met", "met", "not_met"], "pace": [1.03, None, None],
    ...     "projected": [82.6e9, None, None]},
    ...     index=pd.Index(["signed_value", "conversion_rate", "operation_rate_2018_2020"], name="figure"))
    >>> ranks = pd.DataFrame({"value": [0.23, 155 / 259, 1.33], "rank": [8, 1, 1], "change": [-4, 0, 0], "of": [22] * 3,
    ...     "undefined": [False] * 3}, index=pd.Index(["conversion_rate", "operation_rate_2018_2020",
    ...     "composite_score"], name="figure"))
    >>> cohorts = pd.DataFrame({"cohort": ["2018-2020"], "cohort_count": [259], "operating_count": [155]})
    >>> n = news(key, ranks, "2020Q4", 13, 13, {"red": 18, "yellow": 5}, cohorts)
    >>> n[["figure", "group", "projects_short", "rank", "rank_before"]]
                         figure   group  projects_short  rank  rank_before
    0  operation_rate_2018_2020  missed               1     1            1
    1           conversion_rate   worse            <NA>     8            4
    2                  warnings   watch            <NA>  <NA>         <NA>
    3                   lagging   watch            <NA>  <NA>         <NA>
    4              signed_value    good            <NA>  <NA>         <NA>
    5           composite_score    good            <NA>     1            1
    >>> bool(n["pace"].isna().all())  # the year is over: no pace
    True
    """
    over = year_over(as_of)
    rows = []
    for figure, row in key.iterrows():
        figure = str(figure)
        item = {"figure": figure, **{c: row[c] for c in key.columns}, **_rank_part(ranks, figure)}
        item["fell"] = not f.is_undefined(row.get("change")) and float(row["change"]) < 0
        item["short"] = (math.nan if f.is_undefined(row["value"]) or f.is_undefined(row["target"])
                         else float(row["target"]) - float(row["value"]))
        item["cohort_count"], item["operating_count"] = _counts(cohorts, figure)
        item["projects_short"] = (projects_short(row["value"], row["target"], *_counts(cohorts, figure))
                                  if row["status"] == "not_met" else pd.NA)
        down = not f.is_undefined(item["rank_change"]) and int(item["rank_change"]) < 0
        item["group"] = _group(row["status"], bool(item["fell"]), down)
        rows.append(item)
    if "composite_score" in ranks.index:
        item = {"figure": "composite_score", "value": _float(ranks.loc["composite_score", "value"]),
                **_rank_part(ranks, "composite_score")}
        down = not f.is_undefined(item["rank_change"]) and int(item["rank_change"]) < 0
        item["group"] = "other" if f.is_undefined(item["rank"]) else ("worse" if down else "good")
        rows.append(item)
    watch: list[dict[str, object]] = [{"figure": "lagging", "lagging": int(lagging), "lagging_before": int(lagging_before),
              "group": "watch" if lagging else "good"}]
    if warnings is not None:
        counts = {k: int(warnings.get(k, 0)) for k in _WARNINGS}
        red: dict[str, object] = {"figure": "warnings", **counts, "group": "watch" if counts["red"] or counts["yellow"] else "good"}
        watch = [red, *watch] if counts["red"] else [*watch, red]
    rows += watch
    out = pd.DataFrame(rows)
    for column in ("value", "target", "previous", "change", "count", "attainment", "pace", "projected", "realized",
                   "prev_year", "short", "cohort_count", "operating_count"):
        out[column] = pd.to_numeric(out[column], errors="coerce") if column in out else math.nan
    if over:
        out[["pace", "projected"]] = math.nan
    for column in ("rank", "rank_before", "rank_change", "of", "projects_short", "lagging", "lagging_before",
                   *_WARNINGS):
        out[column] = (out[column] if column in out else pd.NA)
        out[column] = pd.array([pd.NA if f.is_undefined(v) else int(v) for v in out[column]], dtype="Int64")
    out["fell"] = out["fell"].fillna(False).astype(bool) if "fell" in out else False
    out["status"] = out["status"].where(out["status"].notna(), "") if "status" in out else ""
    out["year_over"] = over
    out["order"] = out["group"].map(GROUPS.index)
    return out.sort_values("order", kind="stable").drop(columns="order").reset_index(drop=True)
