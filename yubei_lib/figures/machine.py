"""The figures of every district for machines: ``yubei metrics --format json|csv|xlsx``.

``docs/definitions.md#machine-keys``: one row (or object) per district, all 22 in the
order of ``districts.csv``, money in yuan, rates as fractions, undefined as null. The keys
of figures 1-12 come first, then the second set's (figures 13-17), the warning counts
(figure 21), the same period last year (figure 20), then the ranks a ranking scheme adds (figure 18); their order is
:func:`yubei_lib.figures.keys.figure_columns`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from yubei_lib.config import COHORTS
from yubei_lib.figures import frames as f
from yubei_lib.figures.capital import conversion_rate
from yubei_lib.figures.cohorts import cohort_rates
from yubei_lib.figures.investment import new_projects_investment
from yubei_lib.figures.keys import figure_columns
from yubei_lib.figures.lagging import lagging_count
from yubei_lib.figures.leading import leading_projects
from yubei_lib.figures.outreach import visit_to_signing, visits_out_main
from yubei_lib.figures.performance import performance_rates
from yubei_lib.figures.rankings import has_data, rank_districts, three_rate_figures, with_published
from yubei_lib.figures.schemes import Scheme, get_scheme, rank_by_scheme
from yubei_lib.figures.signed import signed_value, target_attainment
from yubei_lib.figures.warnings import warning_counts
from yubei_lib.figures.yoy import prev_year, yoy_figures
from yubei_lib.ledger.periods import cohort_key, cohort_label, parse_as_of, parse_cohorts
from yubei_lib.ledger.published import PublishedRankings

__all__ = ["district_figures", "figure_columns", "figures_dict", "figures_json", "second_set"]


def second_set(projects: pd.DataFrame, capital: pd.DataFrame, as_of: object, cohorts: object = COHORTS,
               investment: pd.DataFrame | None = None, activities: pd.DataFrame | None = None,
               own: str | None = None) -> pd.DataFrame:
    """Compute the second set's figures (13-17) of all 22 districts, under their machine keys.

    Parameters
    ----------
    projects, capital : pandas.DataFrame
        The canonical frames.
    as_of : date-like or quarter label
    cohorts : str or sequence
        The cohorts of ``contract_performance_rate_A_B`` and ``capital_in_place_rate_A_B``.
    investment : pandas.DataFrame, optional
        Completed investment; without it ``new_projects_investment_ytd`` is NaN everywhere.
    activities : pandas.DataFrame, optional
        The outreach log of the district ``own``; without it the outreach keys are
        undefined everywhere, with it they are for every district but ``own``.
    own : str, optional
        The district the outreach log belongs to (required with ``activities``).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``district``, columns :func:`yubei_lib.figures.keys.second_set_columns`.

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A"], "district": ["Yubei"], "contract_value": [2e9],
    ...     "signed_on": pd.to_datetime(["2020-02-01"]), "investor_type": ["foreign"]})
    >>> c = pd.DataFrame({"project_id": ["A"], "received_on": pd.to_datetime(["2020-05-01"]), "amount": [5e8]})
    >>> s = second_set(p, c, "2020Q4", "2018-2020")
    >>> s.loc["Yubei", ["capital_in_place_rate_2018_2020", "major_projects_ytd", "foreign_signed_value_ytd"]].tolist()
    [0.25, 1.0, 2000000000.0]
    >>> s.loc["Yubei", ["new_projects_investment_ytd", "visits_out_main_ytd"]].isna().all()
    np.True_
    """
    end = parse_as_of(as_of)
    out = pd.DataFrame(index=f.district_index())
    for cohort in parse_cohorts(cohorts):
        rates = performance_rates(projects, capital, end, cohort)
        out[f"contract_performance_rate_{cohort_key(cohort)}"] = rates["contract_performance_rate"]
        out[f"capital_in_place_rate_{cohort_key(cohort)}"] = rates["capital_in_place_rate"]
    out["new_projects_investment_ytd"] = new_projects_investment(projects, investment, end)
    if activities is not None and own is None:
        raise ValueError("an outreach log needs its district (own=...): the office's own district")
    out["visits_out_main_ytd"] = visits_out_main(activities, end, own or "Yubei")
    out["visit_to_signing_share"] = visit_to_signing(projects, activities, end, own or "Yubei")["visit_to_signing_share"]
    leading = leading_projects(projects, end)
    out["major_projects_ytd"] = leading["major_projects"]
    out["leading_investor_projects_ytd"] = leading["leading_investor_projects"]
    out["foreign_signed_value_ytd"] = leading["foreign_signed_value"]
    return out


def _scheme_ranks(out: pd.DataFrame, scheme: Scheme, rated: pd.DataFrame, given: list[str],
                  rankable: list[str]) -> pd.DataFrame:
    """Rank by a scheme; an indicator ranks when every district has data for it (the table's rates count)."""
    from_table = {("conversion_rate_ytd" if n == "conversion_rate" else n) for n in given}
    ranked = {("conversion_rate_ytd" if n == "conversion_rate" else n) for n in rankable}
    all_ledger = bool(rated["source"].eq("ledger").all())
    ok = [n for n in scheme.names if n in ranked or (n not in from_table and all_ledger)]
    return rank_by_scheme(out, scheme, rankable=ok)


def district_figures(projects: pd.DataFrame, capital: pd.DataFrame, as_of: object,
                     cohorts: object = COHORTS, targets: pd.DataFrame | None = None,
                     published: PublishedRankings | None = None, investment: pd.DataFrame | None = None,
                     activities: pd.DataFrame | None = None, own: str | None = None,
                     scheme: str | Scheme | None = None) -> pd.DataFrame:
    """Compute the machine-readable figures of all 22 districts as of a date.

    Parameters
    ----------
    projects, capital : pandas.DataFrame
        The canonical frames.
    as_of : date-like or quarter label
    cohorts : str or sequence, default ("2015-2017", "2018-2020")
        Signing-year cohorts of the commencement and operation rates; the conversion
        rate and the operation rates of the first two are "the three rates" ranked
        into the composite.
    targets : pandas.DataFrame, optional
        As :func:`yubei_lib.ledger.reference.load_targets` returns; default the reference
        ``targets.csv``. A district without a contract-value target for ``as_of``'s year
        has NaN ``target_attainment`` and ``pace``.
    published : PublishedRankings, optional
        The city's published table: the districts the ledger has no data for take their
        rates from it (:func:`yubei_lib.figures.rankings.with_published`). Without it, or
        while any district has data in neither, every rank key is undefined.
    investment, activities, own
        The optional tables and the district the outreach log belongs to (:func:`second_set`).
        The flows of figure 20 are computed again as of the same day last year, from the
        same frames (:func:`yubei_lib.figures.yoy.prev_year`).
    scheme : str or Scheme, optional
        A ranking scheme (figure 18, :mod:`yubei_lib.figures.schemes`) or its name:
        adds ``rank_<indicator>`` for each indicator and computes ``composite_score`` and
        ``composite_rank`` by it. Without it the composite is figure 8's.

    Returns
    -------
    pandas.DataFrame
        One row per district, columns :func:`figure_columns` (counts int64, ranks Int64,
        outreach counts Int64, the rest float64 but ``district``).

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A", "B", "C"], "district": ["Yubei", "Yubei", "Dazu"],
    ...     "signed_on": pd.to_datetime(["2016-01-01", "2020-01-10", "2016-03-01"]),
    ...     "contract_value": [1e9, 4e10, 1e8],
    ...     "operating_on": pd.to_datetime(["2017-05-01", None, None])})
    >>> c = pd.DataFrame({"project_id": ["A"], "received_on": pd.to_datetime(["2020-02-01"]),
    ...     "amount": [8e9]})
    >>> f = district_figures(p, c, "2020Q2", cohorts="2015-2017")  # 20 districts without data: no rank
    >>> f.loc[[7, 16], ["district", "conversion_rate_ytd", "composite_rank", "target_attainment"]]
       district  conversion_rate_ytd  composite_rank  target_attainment
    7     Yubei                  0.2            <NA>                0.5
    16     Dazu                  NaN            <NA>                NaN
    """
    end = parse_as_of(as_of)
    cohorts = parse_cohorts(cohorts)
    keys = [cohort_key(c) for c in cohorts]
    if len(set(keys)) < len(keys):
        raise ValueError(f"a cohort is given twice: {', '.join(map(cohort_label, cohorts))}")
    # District codes once, so that every figure below reads them for free.
    projects = f.with_codes(projects)
    signed = signed_value(projects, end)
    conversion = conversion_rate(projects, capital, end)
    out = pd.DataFrame({"signed_value_ytd": signed["signed_value"],
                        "signed_count_ytd": signed["signed_count"],
                        "realized_capital_ytd": conversion["realized_capital"],
                        "conversion_rate_ytd": conversion["conversion_rate"]})
    for cohort, key in zip(cohorts, keys):
        rates = cohort_rates(projects, end, cohort)
        out[f"commencement_rate_{key}"] = rates["commencement_rate"]
        out[f"operation_rate_{key}"] = rates["operation_rate"]
    rated = out.rename(columns={"conversion_rate_ytd": "conversion_rate"})
    given = ["conversion_rate"] + [f"{rate}_rate_{k}" for k in keys for rate in ("commencement", "operation")]
    rated, rankable = with_published(rated[given], has_data(projects, end), published, end)
    for name in given:  # the districts without data in the ledger take their rates from the table
        out[name if name != "conversion_rate" else "conversion_rate_ytd"] = rated[name]
    figures = ["conversion_rate"] + [f"operation_rate_{k}" for k in keys]
    ranks = rank_districts(rated[figures], figures, composite_of=three_rate_figures(cohorts),
                           rankable=rankable).set_index("district")
    for column in ["rank_" + name for name in figures] + ["composite_score", "composite_rank"]:
        out[column] = ranks[column]
    out["lagging_count"] = lagging_count(projects, end)
    attainment = target_attainment(projects, end, targets)
    out["target_attainment"] = attainment["target_attainment"]
    out["pace"] = attainment["pace"]
    out = out.join(second_set(projects, capital, end, cohorts, investment, activities, own))
    out = out.join(warning_counts(projects, end))
    out = out.join(yoy_figures(out, prev_year(projects, capital, end, investment, activities, own)))
    ranks = []
    if scheme is not None:
        scheme = get_scheme(scheme)
        by_scheme = _scheme_ranks(out, scheme, rated, given, rankable)
        ranks = scheme.rank_columns
        for column in by_scheme.columns:
            out[column] = by_scheme[column]
    return out.reset_index()[figure_columns(cohorts, ranks)]


def _plain(value: object) -> object:
    """Return a JSON-ready value: Python numbers, None for NaN and NA."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) or math.isinf(value) else float(value)
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    return str(value)


def figures_dict(figures: pd.DataFrame, as_of: object, cohorts: object = COHORTS) -> dict:
    """Return the figures of :func:`district_figures` as the JSON object of ``yubei metrics``.

    Floats keep full precision (``json.dumps`` prints the shortest text that reads
    back to the same number); NaN becomes ``None`` (``null``).

    Examples
    --------
    >>> f = pd.DataFrame({"district": ["Yubei"], "conversion_rate_ytd": [np.nan],
    ...                   "signed_count_ytd": np.array([3]), "pace": [0.1 + 0.2]})
    >>> figures_dict(f, "2020Q4")
    {'as_of': '2020-12-31', 'cohorts': ['2015-2017', '2018-2020'], 'districts': [{'district': 'Yubei', 'conversion_rate_ytd': None, 'signed_count_ytd': 3, 'pace': 0.30000000000000004}]}
    """
    rows = [{k: _plain(v) for k, v in row.items()} for row in figures.to_dict("records")]
    return {"as_of": parse_as_of(as_of).strftime("%Y-%m-%d"),
            "cohorts": [cohort_label(c) for c in parse_cohorts(cohorts)],
            "districts": rows}


def figures_json(projects: pd.DataFrame | None, capital: pd.DataFrame | None, as_of: object,
                 cohorts: object = COHORTS, targets: pd.DataFrame | None = None,
                 figures: pd.DataFrame | None = None, published: PublishedRankings | None = None) -> dict:
    """Compute the figures of all 22 districts as the JSON object of ``yubei metrics``.

    Parameters are those of :func:`district_figures`, and:

    figures : pandas.DataFrame, optional
        What :func:`district_figures` already returned for the same arguments, so as not
        to compute it twice (``projects``, ``capital`` and ``targets`` are then unused).

    Returns
    -------
    dict
        ``{"as_of": "YYYY-MM-DD", "cohorts": [...], "districts": [{...}, ...]}``, ready
        for :func:`json.dumps`.

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A"], "district": ["Yubei"], "contract_value": [1e9],
    ...     "signed_on": pd.to_datetime(["2020-03-01"])})
    >>> c = pd.DataFrame({"project_id": ["A"], "received_on": pd.to_datetime(["2020-05-01"]),
    ...     "amount": [1e8]})
    >>> out = figures_json(p, c, "2020Q2")
    >>> out["as_of"], len(out["districts"]), out["districts"][7]["conversion_rate_ytd"]
    ('2020-06-30', 22, 0.1)
    >>> out["districts"][0]["conversion_rate_ytd"], out["districts"][0]["rank_conversion_rate"]  # one district: no rank
    (None, None)
    """
    frame = district_figures(projects, capital, as_of, cohorts, targets, published) if figures is None else figures
    return figures_dict(frame, as_of, cohorts)
