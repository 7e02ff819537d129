"""Targets of a district and year, and the status of a figure against its target.

One home for the target lookup (``docs/definitions.md#targets``): the targets table
(:func:`yubei_lib.ledger.reference.load_targets`) holds, per district and year, the
contract value to sign and the rates to reach. A status is one of ``"met"``,
``"not_met"``, ``"on_track"``, ``"behind"`` (the signed value before the year is over),
``"undefined"`` (the figure cannot be computed) and ``"no_target"``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from yubei_lib.figures import frames as f
from yubei_lib.ledger.periods import cohort_key, cohort_label, parse_cohorts
from yubei_lib.ledger.reference import reference_targets, resolve_district


def target_table(targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the targets table given, or the kit's own for None (:func:`~yubei_lib.ledger.reference.reference_targets`).

    A targets file of the user's is read in the ledger stage
    (:func:`yubei_lib.ledger.reference.load_targets`) and handed in as its table.

    Examples
    --------
    >>> target_table(pd.DataFrame()).empty, len(target_table()) > 0
    (True, True)
    """
    if targets is None:
        return reference_targets()
    if not isinstance(targets, pd.DataFrame):
        raise TypeError(f"targets must be a DataFrame (read a file with yubei_lib.ledger.reference.load_targets), "
                        f"not {type(targets).__name__}")
    return targets


def _rows(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """Return the table's rows of ``year``, with ``cohort`` filled in ("" for none)."""
    f.require(table, ("district", "year", "figure", "value"), "targets")
    rows = table[table["year"].astype(int) == int(year)]
    cohort = rows["cohort"].fillna("") if "cohort" in rows.columns else pd.Series("", index=rows.index)
    return rows.assign(cohort=cohort)


def contract_value_targets(targets: pd.DataFrame | None, year: int) -> pd.Series:
    """Return the contract-value target of ``year`` per district (NaN without one).

    Parameters
    ----------
    targets : pandas.DataFrame or None
        As :func:`yubei_lib.ledger.reference.load_targets` returns; None for the reference
        ``targets.csv``; an empty frame for none.
    year : int

    Returns
    -------
    pandas.Series
        Yuan, indexed by ``district`` (all 22).

    Examples
    --------
    >>> contract_value_targets(None, 2020)[["Yubei", "Dazu"]].tolist()
    [80000000000.0, nan]
    """
    table = target_table(targets)
    if len(table) == 0:
        return pd.Series(np.nan, index=f.district_index())
    rows = _rows(table, year)
    rows = rows[(rows["figure"] == "contract_value") & rows["cohort"].eq("")]
    names = rows["district"].map(resolve_district)
    if names.duplicated().any():
        raise ValueError(f"targets: more than one contract_value target for "
                         f"{', '.join(sorted(set(names[names.duplicated()])))} in {year}")
    return pd.Series(rows["value"].astype(float).to_numpy(), index=names.to_numpy()).reindex(f.district_index())


def district_targets(targets: pd.DataFrame, district: str, year: int, cohorts: object) -> dict[str, float]:
    """Return a district's targets of a year, keyed by figure name (NaN where none is set).

    Parameters
    ----------
    targets : pandas.DataFrame
        As :func:`yubei_lib.ledger.reference.load_targets` returns.
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
    rows = _rows(targets, year) if len(targets) else targets.assign(cohort="")
    rows = rows[rows["district"].map(resolve_district) == own]

    def pick(figure: str, span: str = "") -> float:
        hit = rows.loc[(rows["figure"] == figure) & (rows["cohort"] == span), "value"]
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
    if f.is_undefined(target) or (signed and float(target) <= 0):  # type: ignore[arg-type]  # a number once is_undefined() is False
        return "no_target"
    if f.is_undefined(value):
        return "undefined"
    if float(value) >= float(target):  # type: ignore[arg-type]  # a number once is_undefined() is False
        return "met"
    if not signed or year_over:
        return "not_met"
    if f.is_undefined(pace):
        return "undefined"
    return "on_track" if float(pace) >= 1 else "behind"  # type: ignore[arg-type]  # a number once is_undefined() is False

