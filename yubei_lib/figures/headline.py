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
    pace = _float(cur.get("pace")) if not f.is_undefined(signed_target) else math.nan
    rows.append({"figure": "signed_value", "value": _float(cur["signed_value_ytd"]),
                 "target": signed_target,
                 "previous": _float(prev["signed_value_ytd"]) if same_year else 0.0,
                 "count": _float(cur.get("signed_count_ytd")),
                 "attainment": _float(cur.get("target_attainment")) if not f.is_undefined(signed_target) else math.nan,
                 "pace": pace, "projected": _float(projected),
                 "prev_year": _float(cur.get("signed_value_ytd_prev_year")),
                 "status": target_status(cur["signed_value_ytd"], signed_target, pace=pace,
                                         year_over=year_over)})
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
